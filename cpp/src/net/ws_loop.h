// One libwebsockets client context served by one thread. Other threads hand it work with post();
// everything else (connect, send, close, timers, the handlers' callbacks) happens on that thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "net/tls_pipe.h"
#include "net/ws_protocol.h"

struct lws;
struct lws_context;
struct lws_vhost;

namespace omniclient::net {

// What a WebSocket connection reports; called on the loop thread.
class WsHandler {
public:
    virtual ~WsHandler() = default;
    virtual void on_open() = 0;
    virtual void on_message(std::string&& data, bool binary) = 0;
    // Called once when the socket is gone (failed to connect, closed by either side, loop stopped).
    virtual void on_closed(const std::string& reason) = 0;
};

struct WsUrl {
    bool tls = false;
    std::string host;
    int port = 0;
    std::string path = "/";
};

// Parses ws://host:port/path and wss://...; false when malformed.
bool parse_ws_url(const std::string& url, WsUrl& out);

class EventLoop;

// A client WebSocket. Use on the loop thread only. Over plain TCP, libwebsockets carries its bytes
// as a raw socket and the upgrade and frames are ws_protocol's (parsed a buffer at a time); through a
// proxy (net/proxy.h) that socket goes to the proxy, and a CONNECT tunnel comes first. Over TLS
// directly, libwebsockets 4.1 does it all (its raw client fails to start TLS); over TLS in a tunnel,
// TlsPipe encrypts on our side of the raw socket.
class WsConnection : private ws::FrameReader::Sink {
public:
    ~WsConnection() override;
    WsConnection(const WsConnection&) = delete;
    WsConnection& operator=(const WsConnection&) = delete;

    // Queues one message; large ones go out as several fragments.
    void send(std::string message, bool binary = true);
    // Closes the socket; on_closed follows. Safe to call more than once.
    void close();
    bool open() const { return open_; }

private:
    friend class EventLoop;
    WsConnection(EventLoop& loop, std::shared_ptr<WsHandler> handler)
        : loop_(loop), handler_(std::move(handler)), reader_(kMaxMessage) {}
    static constexpr size_t kMaxMessage = 256u << 20;  // a bigger message from a server closes the socket

    struct Fragment {
        std::string_view data;
        bool binary, first, last;
    };
    Fragment next_fragment();  // the next one of the message at the head of out_ (pop it when last)
    void closed(const std::string& reason);
    void connected();
    int writable();
    int write_lws_frame();
    int received(const char* data, size_t size);
    int received_plain(const char* data, size_t size);
    int received_proxy_answer(std::string_view bytes);
    int received_lws_frame(const char* data, size_t size);
    void on_message(std::string&& data, bool binary) override;
    void on_control(ws::Opcode opcode, std::string&& payload) override;
    uint32_t next_mask();

    EventLoop& loop_;
    std::shared_ptr<WsHandler> handler_;
    struct lws* wsi_ = nullptr;
    bool open_ = false;
    bool done_ = false;
    bool raw_ = false;  // ours to frame (else libwebsockets')
    // Through a proxy: its name for messages, the CONNECT to send, and where the tunnel stands.
    std::string proxy_;
    std::string connect_request_;
    enum class Tunnel { None, Asking, Awaiting, Open } tunnel_ = Tunnel::None;
    std::string tls_host_;            // wss:// in a tunnel: the name the certificate must carry
    std::unique_ptr<TlsPipe> tls_;    // and its TLS, from the proxy's 2xx on
    // libwebsockets' framing: the message being reassembled.
    std::string rx_;
    bool rx_binary_ = false;
    // Our framing. The upgrade: what to ask for, the key sent, whether the request went out, the answer so far.
    std::string path_, host_;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::string key_;
    bool upgrade_sent_ = false;
    std::string answer_;
    ws::FrameReader reader_;
    bool closing_ = false;  // the server closed: our Close answer is queued, then the socket goes
    struct Out {
        std::string data;
        bool binary;
        size_t sent = 0;
    };
    std::deque<Out> out_;
    std::string control_out_;  // Pong and Close frames, sent before the next data frame
    std::string scratch_;
    uint8_t random_[256] = {};  // masking keys, drawn four bytes at a time
    size_t random_used_ = sizeof random_;
};

using WsConnectionPtr = std::shared_ptr<WsConnection>;

class EventLoop {
public:
    EventLoop();
    ~EventLoop();  // closes every connection (their on_closed runs) and joins the thread
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Thread-safe: runs `fn` on the loop thread soon. Dropped once the loop is stopping.
    void post(std::function<void()> fn);
    bool in_loop_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

    // Loop thread only. Starts a connection; the handler hears on_open or on_closed.
    WsConnectionPtr connect(const WsUrl& url, std::vector<std::pair<std::string, std::string>> headers,
                            std::shared_ptr<WsHandler> handler);
    // Loop thread only. Runs `fn` after `ms`; returns an id for cancel_timer.
    uint64_t add_timer(int64_t ms, std::function<void()> fn);
    void cancel_timer(uint64_t id);

    // The libwebsockets protocol callback (internal; public only for the C trampoline).
    static int callback(struct lws* wsi, int reason, void* user, void* in, size_t len);

private:
    friend class WsConnection;
    void run();
    // Runs posted work, a budget of it; true if more is left.
    bool drain_posted();
    void run_timers();
    void arm_timer();
    struct lws_vhost* tls_vhost();

    struct lws_context* ctx_ = nullptr;
    // Where wss:// connections made by libwebsockets live: made at the first one, since setting up
    // TLS reads the system's trusted certificates (~30 ms), which ws:// has no use for.
    struct lws_vhost* tls_vhost_ = nullptr;
    std::mutex mu_;
    std::vector<std::function<void()>> posted_;
    // The batch being run (loop thread); swapped with posted_ so that both keep their capacity: a
    // burst of posts would otherwise regrow the vector from nothing on every batch.
    std::vector<std::function<void()>> running_;
    size_t next_running_ = 0;  // the next of running_ to run
    bool wake_pending_ = false;  // another thread has woken the loop for what is in posted_
    bool stopping_ = false;
    std::set<WsConnectionPtr> live_;  // keeps connections alive until lws lets go of them
    std::multimap<int64_t, std::pair<uint64_t, std::function<void()>>> timers_;  // due (µs) -> (id, fn)
    uint64_t next_timer_ = 1;
    struct Sul;
    std::unique_ptr<Sul> sul_;
    std::thread thread_;
};

}  // namespace omniclient::net
