// One connection to one server, shared by every request to it: discovery, login, the ConnLib
// socket, its calls and subscriptions, and reconnecting. Lives on the event-loop thread.
#pragma once

#include "core/types.h"
#include "net/connlib.h"
#include "net/ws_loop.h"
#include "providers/nucleus/auth.h"
#include "providers/nucleus/discovery.h"
#include "providers/nucleus/ping_socket.h"
#include "providers/nucleus/server_clock.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace omniclient::nucleus {

// What authorize_token and the feature calls told us.
struct ConnectionInfo {
    std::string version;
    std::string username;
    std::string access_token;  // from the auth service (ServerInfo.auth_token, LFT "Authorization: Bearer")
    std::string session_token;  // authorize_token's `token` (LFT "Authorization-Token")
    std::string connection_id;
    std::string connection_id_signature;
    std::string lft_address;
    uint64_t lft_threshold = 0;
    uint64_t multipart_chunk_size = 8u << 20;
    uint64_t max_chunk_size = 16u << 20;
    bool checkpoints_enabled = false;
    bool omniobjects_enabled = false;
    std::set<std::string> server_capabilities;
};

struct SessionConfig {
    std::string user_agent;
    int64_t connect_timeout_ms = 10000;
    // No message for this long while calls wait: ping; no answer to that either: drop the socket.
    int64_t stall_ms = 20000;
    Offload offload;  // where authentication callbacks are asked
};

class Session : public std::enable_shared_from_this<Session> {
public:
    // Each answer message of a call; return true once the call is complete.
    using OnAnswer = std::function<bool(net::connlib::Answer&&)>;
    // The call could not be answered: `final` says a retry cannot help (bad login, signed out).
    using OnFail = std::function<void(Result, bool final)>;

    struct Call {
        std::string command;
        nlohmann::json params;  // null for none (an empty object is a heap allocation per call)
        // Instead of `params` when not empty: the members after "command" and "id", already written
        // (connlib::encode_request_written), for a request made thousands of times a second.
        std::string written_params;
        std::optional<Content> tail;  // a bytes parameter (sent after 0x00), shared, not copied
        OnAnswer on_answer;
        OnFail on_fail;
        bool subscription = false;  // long-lived: many answers, no stall watchdog
        bool resubscribe = true;    // a subscription re-sent on a new socket after a reconnect
        // Runs (loop thread) just after such a re-send: events sent meanwhile were missed.
        std::function<void()> on_resent;
        // Runs (loop thread) just before such a re-send, to bring its parameters up to date.
        std::function<void(nlohmann::json& params)> before_resend;
    };

    Session(net::EventLoop& loop, SessionConfig config, std::string server, std::string host, int port, bool tls_only);

    // Loop thread. Sends now or once connected; returns a handle for cancel().
    uint64_t call(Call call);
    // Stops a call: it is forgotten and the server is told to stop it.
    void cancel(uint64_t handle);
    // Runs `ready` once connected (at once if connected), with the failure otherwise.
    void when_connected(std::function<void(Result, bool final)> ready);

    const ConnectionInfo& info() const { return info_; }
    const std::string& server() const { return server_; }
    bool connected() const { return state_ == State::Connected; }
    // Folders this connection created or saw (parents of writes need no create_directory).
    std::set<std::string>& known_folders() { return known_folders_; }
    // The server's clock, estimated once keep_clock() was called.
    const std::shared_ptr<ServerClock>& clock() const { return clock_; }
    // Live objects are used: keep a ping socket open beside this connection's (as the original).
    void keep_clock();
    // Set around the work of a request made from inside this server's authentication callback:
    // its calls fail at once unless connected, since the login they would wait for waits for them.
    void set_caller_in_login(bool in_login) { caller_in_login_ = in_login; }

    void sign_out();
    void reconnect();
    void refresh_token(std::function<void(Result, std::string)> done);
    void shutdown();

private:
    class Link;  // the ConnLib socket's handler; tells the session only about its current socket
    void on_open();
    void on_message(std::string&& data);
    void on_closed(const std::string& reason);

    enum class State { Idle, Connecting, Connected, Failed, SignedOut };
    struct Pending {
        Call call;
        uint64_t wire_id = 0;
        bool sent = false;  // on an earlier socket, if not on this one
    };

    void start_connect(bool report);
    void discovered(bool ok, Services services, std::string error);
    void authenticated(AuthOutcome outcome, Tokens tokens, std::string error);
    void authorized(net::connlib::Answer&& answer);
    void ready();
    void connect_failed(OmniConnectionStatus status, const std::string& why, bool final);
    void send(uint64_t handle);
    uint64_t send_internal(const std::string& command, nlohmann::json params, std::function<void(net::connlib::Answer&&)> answer);
    void lost(const std::string& why);
    void fail_calls(bool keep_subscriptions, bool final);
    void close_for_good();
    void schedule_resubscribe();
    void report(OmniConnectionStatus status);
    bool refuses_waiting() const;  // a call now would fail at once
    void arm_watchdog();
    void open_ping_socket();
    void close_ping_socket();

    net::EventLoop& loop_;
    SessionConfig config_;
    std::string server_;
    std::string host_;
    int port_;
    bool tls_only_;
    State state_ = State::Idle;
    bool ever_connected_ = false;
    std::string last_failure_;  // what the log last said of a failed connection (cleared once connected)
    bool report_connect_ = false;  // tell status callbacks about this connect
    bool caller_in_login_ = false;
    uint64_t attempt_ = 0;  // bumps on every connect, so late answers from old sockets are ignored
    Services services_;
    Tokens tokens_;
    ConnectionInfo info_;
    net::WsConnectionPtr conn_;
    uint64_t next_wire_id_ = 1;
    uint64_t next_handle_ = 1;
    std::map<uint64_t, Pending> calls_;          // handle -> call
    std::map<uint64_t, uint64_t> by_wire_;       // wire id -> handle
    std::map<uint64_t, std::function<void(net::connlib::Answer&&)>> internal_;  // handshake calls
    std::vector<std::function<void(Result, bool)>> waiting_;
    std::set<std::string> known_folders_;
    int features_left_ = 0;
    int resubscribe_tries_ = 0;
    uint64_t resubscribe_timer_ = 0;
    uint64_t watchdog_timer_ = 0;
    uint64_t connect_timer_ = 0;
    bool pinged_ = false;
    std::shared_ptr<ServerClock> clock_ = std::make_shared<ServerClock>();
    bool clock_wanted_ = false;
    std::shared_ptr<PingSocket> ping_socket_;
    uint64_t ping_reopen_timer_ = 0;
    int64_t last_rx_us_ = 0;
};

}  // namespace omniclient::nucleus
