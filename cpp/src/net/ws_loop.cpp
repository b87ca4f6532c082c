#include "net/ws_loop.h"

#include "net/proxy.h"

#include <libwebsockets.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace omniclient::net {
namespace {

constexpr size_t kFragment = 64 * 1024;
constexpr int kTimeoutSecs = 10;  // TCP/TLS/upgrade stalls give up after this
// Bytes read from a socket at a time (libwebsockets' default is 4 KiB: a 1 MiB answer would take 256
// reads and as many trips round the loop).
constexpr unsigned kReadBuffer = 256 * 1024;

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int trampoline(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len);

const struct lws_protocols kProtocols[] = {
    {"omni", trampoline, 0, 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

struct EventLoop::Sul {
    lws_sorted_usec_list_t sul{};  // first member: the callback gets its address
    EventLoop* loop = nullptr;
};

bool parse_ws_url(const std::string& url, WsUrl& out) {
    std::string rest;
    if (url.rfind("wss://", 0) == 0) { out.tls = true; rest = url.substr(6); }
    else if (url.rfind("ws://", 0) == 0) { out.tls = false; rest = url.substr(5); }
    else return false;
    size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    out.path = slash == std::string::npos ? "/" : rest.substr(slash);
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {  // [v6]:port
        size_t close = authority.find(']');
        if (close == std::string::npos) return false;
        out.host = authority.substr(1, close - 1);
        std::string tail = authority.substr(close + 1);
        if (!tail.empty() && tail.front() != ':') return false;
        if (!tail.empty()) port_text = tail.substr(1);
        if (tail == ":") return false;
    } else {
        size_t colon = authority.rfind(':');
        out.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return false;
        }
    }
    if (out.host.empty()) return false;
    if (port_text.empty()) {
        out.port = out.tls ? 443 : 80;
        return true;
    }
    if (port_text.size() > 5) return false;
    int port = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9') return false;
        port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return false;
    out.port = port;
    return true;
}

// --- WsConnection ---

WsConnection::~WsConnection() = default;

void WsConnection::send(std::string message, bool binary) {
    if (done_) return;
    out_.push_back(Out{std::move(message), binary, 0});
    if (open_ && wsi_) lws_callback_on_writable(wsi_);
}

void WsConnection::close() {
    if (done_ || !wsi_) return;
    lws_set_timeout(wsi_, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

void WsConnection::closed(const std::string& reason) {
    if (done_) return;
    done_ = true;
    open_ = false;
    out_.clear();
    auto handler = handler_;
    std::string told = proxy_.empty() || tunnel_ == Tunnel::Open ? reason : "through the proxy " + proxy_ + ": " + reason;
    loop_.post([handler, told] { handler->on_closed(told); });
}

// The TCP connection is up: the upgrade request goes out when the socket can take it.
void WsConnection::connected() {
    if (done_ || !key_.empty()) return;
    uint8_t nonce[16];
    lws_get_random(lws_get_context(wsi_), nonce, sizeof nonce);
    key_ = ws::make_key(nonce);
    lws_callback_on_writable(wsi_);
}

uint32_t WsConnection::next_mask() {
    if (random_used_ + 4 > sizeof random_) {
        lws_get_random(lws_get_context(wsi_), random_, sizeof random_);
        random_used_ = 0;
    }
    uint32_t mask;
    std::memcpy(&mask, random_ + random_used_, 4);
    random_used_ += 4;
    return mask;
}

WsConnection::Fragment WsConnection::next_fragment() {
    Out& msg = out_.front();
    size_t chunk = std::min(kFragment, msg.data.size() - msg.sent);
    Fragment f{std::string_view(msg.data).substr(msg.sent, chunk), msg.binary, msg.sent == 0, msg.sent + chunk == msg.data.size()};
    msg.sent += chunk;
    return f;
}

// Sends what is queued: the upgrade request, or control frames and then data frames, several small
// messages in one write; a large message goes out one fragment per call, as others wait.
int WsConnection::writable() {
    if (done_) return 0;
    if (!raw_) return write_lws_frame();
    if (key_.empty()) return 0;
    scratch_.assign(LWS_PRE, '\0');
    if (tunnel_ == Tunnel::Asking) {
        scratch_ += connect_request_;
        tunnel_ = Tunnel::Awaiting;
        lws_set_timeout(wsi_, PENDING_TIMEOUT_AWAITING_PROXY_RESPONSE, kTimeoutSecs);
    } else if (tunnel_ == Tunnel::Awaiting) {
        return 0;  // the upgrade waits for the tunnel
    } else if (tls_ && !tls_->ready()) {
        // the upgrade waits for the handshake, whose records go out below
    } else if (!upgrade_sent_) {
        scratch_ += ws::upgrade_request(path_, host_, key_, headers_);
        upgrade_sent_ = true;
        // Cleared by the answer; a server that never answers is given up like a stalled connect.
        lws_set_timeout(wsi_, PENDING_TIMEOUT_AWAITING_SERVER_RESPONSE, kTimeoutSecs);
    } else if (open_ || closing_) {
        scratch_ += control_out_;
        control_out_.clear();
        while (!closing_ && !out_.empty() && scratch_.size() < LWS_PRE + kFragment) {
            Fragment f = next_fragment();
            ws::Opcode opcode = !f.first ? ws::Opcode::Continuation : f.binary ? ws::Opcode::Binary : ws::Opcode::Text;
            ws::append_frame(scratch_, opcode, f.last, f.data, next_mask());
            if (f.last) out_.pop_front();
        }
    }
    if (tls_ && tunnel_ == Tunnel::Open) {
        if (std::string error = tls_->send(std::string_view(scratch_).substr(LWS_PRE)); !error.empty()) {
            closed(error);
            return -1;
        }
        scratch_.resize(LWS_PRE);
        scratch_ += tls_->take_output();
    }
    size_t size = scratch_.size() - LWS_PRE;
    if (size) {
        auto* data = reinterpret_cast<unsigned char*>(scratch_.data()) + LWS_PRE;
        if (lws_write(wsi_, data, size, LWS_WRITE_RAW) < static_cast<int>(size)) return -1;
    }
    if (closing_) return -1;
    if (!out_.empty() || !control_out_.empty()) lws_callback_on_writable(wsi_);
    return 0;
}

// libwebsockets frames it: one fragment per call.
int WsConnection::write_lws_frame() {
    if (out_.empty()) return 0;
    Fragment f = next_fragment();
    scratch_.resize(LWS_PRE + f.data.size());
    std::memcpy(scratch_.data() + LWS_PRE, f.data.data(), f.data.size());
    int flags = lws_write_ws_flags(f.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT, f.first, f.last);
    if (f.last) out_.pop_front();
    auto* data = reinterpret_cast<unsigned char*>(scratch_.data()) + LWS_PRE;
    size_t size = scratch_.size() - LWS_PRE;
    if (lws_write(wsi_, data, size, static_cast<enum lws_write_protocol>(flags)) < static_cast<int>(size)) return -1;
    if (!out_.empty()) lws_callback_on_writable(wsi_);
    return 0;
}

// A piece of a message libwebsockets has parsed.
int WsConnection::received_lws_frame(const char* data, size_t size) {
    if (done_) return -1;
    if (lws_is_first_fragment(wsi_)) {
        rx_.clear();
        rx_binary_ = lws_frame_is_binary(wsi_);
    }
    if (rx_.size() + size > kMaxMessage) return -1;
    rx_.append(data, size);
    if (lws_is_final_fragment(wsi_) && lws_remaining_packet_payload(wsi_) == 0) {
        std::string message;
        message.swap(rx_);
        handler_->on_message(std::move(message), rx_binary_);
    }
    return 0;
}

// Bytes from the socket: a proxy's answer to CONNECT, TLS records in a tunnel, or what they carry.
int WsConnection::received(const char* data, size_t size) {
    if (done_) return -1;
    if (tunnel_ == Tunnel::Awaiting) return received_proxy_answer(std::string_view(data, size));
    if (!tls_) return received_plain(data, size);
    std::string plain;
    if (std::string error = tls_->receive(std::string_view(data, size), plain); !error.empty()) {
        closed(error);
        return -1;
    }
    // Handshake records to answer, or the upgrade to send now that the handshake is done.
    if (tls_->has_output() || (tls_->ready() && !upgrade_sent_)) lws_callback_on_writable(wsi_);
    return plain.empty() ? 0 : received_plain(plain.data(), plain.size());
}

// Plain bytes: first the answer to the upgrade, then frames.
int WsConnection::received_plain(const char* data, size_t size) {
    if (done_) return -1;
    std::string_view bytes(data, size);
    if (!open_) {
        if (!upgrade_sent_) {
            closed("the server spoke before the WebSocket upgrade");
            return -1;
        }
        answer_.append(bytes);
        ws::UpgradeAnswer answer = ws::read_upgrade_answer(answer_, key_);
        if (answer.state == ws::UpgradeAnswer::State::Incomplete) return 0;
        if (answer.state == ws::UpgradeAnswer::State::Refused) {
            closed(answer.error);
            return -1;
        }
        lws_set_timeout(wsi_, NO_PENDING_TIMEOUT, 0);
        open_ = true;
        std::string rest = answer_.substr(answer.head_size);
        answer_.clear();
        answer_.shrink_to_fit();
        handler_->on_open();
        if (!out_.empty()) lws_callback_on_writable(wsi_);
        if (rest.empty()) return 0;
        return received_plain(rest.data(), rest.size());
    }
    std::string error = reader_.feed(bytes, *this);
    if (!error.empty()) {
        closed(error);
        return -1;
    }
    return 0;
}

// The proxy's answer to CONNECT, as it arrives: on a 2xx the upgrade goes through the tunnel.
int WsConnection::received_proxy_answer(std::string_view bytes) {
    answer_.append(bytes);
    ConnectAnswer answer = read_connect_answer(answer_);
    if (answer.state == ConnectAnswer::State::Incomplete) return 0;
    if (answer.state == ConnectAnswer::State::Refused || answer_.size() > answer.head_size) {
        // Bytes after the 2xx would be the server's before it was asked anything.
        closed(answer.state == ConnectAnswer::State::Refused ? answer.error : "the proxy sent data after its answer to CONNECT");
        return -1;
    }
    answer_.clear();
    tunnel_ = Tunnel::Open;
    if (!tls_host_.empty()) {
        tls_ = std::make_unique<TlsPipe>();
        if (std::string error = tls_->start(tls_host_); !error.empty()) {
            closed(error);
            return -1;
        }
    }
    // The server's answer (TLS, then the upgrade) is given up like the proxy's if it stalls.
    lws_set_timeout(wsi_, PENDING_TIMEOUT_AWAITING_SERVER_RESPONSE, kTimeoutSecs);
    lws_callback_on_writable(wsi_);
    return 0;
}

void WsConnection::on_message(std::string&& data, bool binary) {
    if (!done_ && !closing_) handler_->on_message(std::move(data), binary);
}

void WsConnection::on_control(ws::Opcode opcode, std::string&& payload) {
    if (done_ || closing_) return;
    if (opcode == ws::Opcode::Ping) {
        ws::append_frame(control_out_, ws::Opcode::Pong, true, payload, next_mask());
    } else if (opcode == ws::Opcode::Close) {
        // Answered with its status code, as RFC 6455 asks; the socket closes once that is sent.
        ws::append_frame(control_out_, ws::Opcode::Close, true, std::string_view(payload).substr(0, 2), next_mask());
        closing_ = true;
        open_ = false;
    } else {
        return;  // a Pong
    }
    lws_callback_on_writable(wsi_);
}

// --- EventLoop ---

namespace {

lws_context_creation_info vhost_info(EventLoop* loop, uint64_t options) {
    lws_context_creation_info info;
    std::memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.options = options;
    info.gid = -1;
    info.uid = -1;
    info.user = loop;
    // Not NULL: libwebsockets would read http_proxy itself and route every socket to it. Proxies
    // are chosen per connection in connect(); "" leaves the vhost without one.
    info.http_proxy_address = "";
    info.timeout_secs = kTimeoutSecs;
    info.pt_serv_buf_size = kReadBuffer + LWS_PRE;
    info.connect_timeout_secs = 5;
    return info;
}

}  // namespace

EventLoop::EventLoop() : sul_(std::make_unique<Sul>()) {
    sul_->loop = this;
    lws_set_log_level(0, nullptr);
    // (its default vhost, without TLS: see tls_vhost())
    lws_context_creation_info info = vhost_info(this, 0);
    ctx_ = lws_create_context(&info);
    if (!ctx_) throw std::runtime_error("libwebsockets: cannot create a context");
    thread_ = std::thread([this] { run(); });
}

struct lws_vhost* EventLoop::tls_vhost() {
    if (!tls_vhost_) {
        lws_context_creation_info info = vhost_info(this, LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT);
        info.vhost_name = "tls";
        tls_vhost_ = lws_create_vhost(ctx_, &info);
    }
    return tls_vhost_;
}

// Other threads wake the loop only while holding mu_ and before stopping_ is set: the loop thread
// destroys the context once it has seen stopping_, so a wake-up after that would use a closed
// descriptor.
EventLoop::~EventLoop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        lws_cancel_service(ctx_);
    }
    if (thread_.joinable()) thread_.join();
}

void EventLoop::post(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    if (stopping_ && !in_loop_thread()) return;
    posted_.push_back(std::move(fn));
    // One wake-up per batch: requests sent together (an event loop resolving a batch of answers
    // sends the next ones at once) cost one system call and one wake-up of this thread, not one each.
    if (!in_loop_thread() && !wake_pending_) {
        wake_pending_ = true;
        lws_cancel_service(ctx_);
    }
}

void EventLoop::run() {
    for (;;) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) break;
        }
        lws_service(ctx_, 0);
        drain_posted();
        run_timers();
    }
    lws_context_destroy(ctx_);  // closes every socket; their handlers are told below
    ctx_ = nullptr;
    while (drain_posted()) {
    }
    live_.clear();
    timers_.clear();
}

bool EventLoop::drain_posted() {
    // Work runs in posting order, a budget at a time: a thread posting as fast as this one runs the
    // work (a burst of live updates) would otherwise keep it here, the sockets unwritten, until the
    // burst ends; past the budget the sockets go first, and the rest follows.
    constexpr size_t kBudget = 64;
    for (size_t ran = 0; ran < kBudget; ++ran) {
        if (next_running_ == running_.size()) {
            running_.clear();
            next_running_ = 0;
            std::lock_guard lock(mu_);
            running_.swap(posted_);
            wake_pending_ = false;
            if (running_.empty()) return false;
        }
        auto fn = std::move(running_[next_running_++]);
        fn();
    }
    if (ctx_) lws_cancel_service(ctx_);  // more to run: come back at once
    return true;
}

uint64_t EventLoop::add_timer(int64_t ms, std::function<void()> fn) {
    uint64_t id = next_timer_++;
    timers_.emplace(now_us() + ms * 1000, std::make_pair(id, std::move(fn)));
    arm_timer();
    return id;
}

void EventLoop::cancel_timer(uint64_t id) {
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->second.first == id) {
            timers_.erase(it);
            return;
        }
    }
}

void EventLoop::run_timers() {
    int64_t now = now_us();
    while (!timers_.empty() && timers_.begin()->first <= now) {
        auto fn = std::move(timers_.begin()->second.second);
        timers_.erase(timers_.begin());
        fn();
    }
    arm_timer();
}

void EventLoop::arm_timer() {
    if (!ctx_ || timers_.empty()) return;
    int64_t delay = std::max<int64_t>(timers_.begin()->first - now_us(), 1);
    // lws runs a timer that is already due before it polls, and then sleeps until its next timer
    // or socket event: the callback must wake the loop itself so that run() fires due timers.
    lws_sul_schedule(ctx_, 0, &sul_->sul, [](lws_sorted_usec_list_t* sul) {
        lws_cancel_service(reinterpret_cast<Sul*>(sul)->loop->ctx_);
    }, delay);
}

WsConnectionPtr EventLoop::connect(const WsUrl& url, std::vector<std::pair<std::string, std::string>> headers,
                                   std::shared_ptr<WsHandler> handler) {
    WsConnectionPtr conn(new WsConnection(*this, std::move(handler)));
    conn->headers_ = std::move(headers);
    conn->path_ = url.path;
    conn->host_ = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    conn->host_ += ":" + std::to_string(url.port);
    live_.insert(conn);
    // A connection that cannot start: its handler hears why, as of any other that closes.
    auto fail = [this, &conn](const std::string& why) {
        conn->closed(why);
        post([this, conn] { live_.erase(conn); });
        return conn;
    };
    // The loop is stopping: a handler told of a closed socket asked for another.
    if (!ctx_) return fail("the network thread has stopped");
    conn->raw_ = !url.tls;
    std::optional<Proxy> proxy = proxy_for(url.host, url.tls);
    if (proxy) {
        conn->proxy_ = proxy->name();
        if (!proxy->error.empty()) return fail(proxy->error);
        conn->connect_request_ = connect_request(conn->host_, proxy->authorization);
        conn->tunnel_ = WsConnection::Tunnel::Asking;
        conn->raw_ = true;
        if (url.tls) conn->tls_host_ = url.host;
    }
    lws_client_connect_info ci;
    std::memset(&ci, 0, sizeof ci);
    ci.context = ctx_;
    ci.address = proxy ? proxy->host.c_str() : url.host.c_str();
    ci.port = proxy ? proxy->port : url.port;
    ci.path = url.path.c_str();
    ci.host = conn->host_.c_str();
    ci.origin = conn->host_.c_str();
    if (conn->raw_) {
        ci.method = "RAW";  // libwebsockets connects; the upgrade is ours
        ci.alpn = "http/1.1";
    }
    if (url.tls && !proxy) {
        ci.ssl_connection = LCCSCF_USE_SSL;
        ci.vhost = tls_vhost();
        if (!ci.vhost) return fail("TLS: cannot set up libwebsockets' client context");
    }
    ci.local_protocol_name = kProtocols[0].name;
    ci.userdata = conn.get();
    ci.pwsi = &conn->wsi_;
    if (!lws_client_connect_via_info(&ci)) {
        conn->wsi_ = nullptr;
        return fail("cannot start connection");
    }
    return conn;
}

int EventLoop::callback(struct lws* wsi, int reason, void* user, void* in, size_t len) {
    auto* conn = static_cast<WsConnection*>(user);
    switch (reason) {
        case LWS_CALLBACK_RAW_CONNECTED:  // our framing: the connection is up
            if (conn) conn->connected();
            return 0;
        case LWS_CALLBACK_RAW_RX:
            return conn ? conn->received(static_cast<const char*>(in), len) : -1;
        case LWS_CALLBACK_RAW_WRITEABLE:
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            return conn ? conn->writable() : 0;
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {  // libwebsockets' framing from here on
            if (!conn) return 0;
            auto** p = static_cast<unsigned char**>(in);
            unsigned char* end = *p + len;
            for (auto& [name, value] : conn->headers_) {
                std::string key = name + ":";
                if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(key.c_str()),
                                                reinterpret_cast<const unsigned char*>(value.data()),
                                                static_cast<int>(value.size()), p, end))
                    return -1;
            }
            return 0;
        }
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            if (!conn || conn->done_) return -1;
            conn->open_ = true;
            conn->handler_->on_open();
            if (!conn->out_.empty()) lws_callback_on_writable(wsi);
            return 0;
        case LWS_CALLBACK_CLIENT_RECEIVE:
            return conn ? conn->received_lws_frame(static_cast<const char*>(in), len) : -1;
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            if (conn) conn->closed(in && len ? std::string(static_cast<const char*>(in), strnlen(static_cast<const char*>(in), len)) : "connection failed");
            return 0;
        case LWS_CALLBACK_RAW_CLOSE:
        case LWS_CALLBACK_CLIENT_CLOSED:
            if (conn)
                conn->closed(conn->tunnel_ != WsConnection::Tunnel::Awaiting ? "closed"
                             : "no answer to CONNECT (the proxy closed the connection or took over " + std::to_string(kTimeoutSecs) + " s)");
            return 0;
        case LWS_CALLBACK_WSI_DESTROY: {
            if (!conn) return 0;
            conn->closed("closed");
            conn->wsi_ = nullptr;
            auto* loop = static_cast<EventLoop*>(lws_context_user(lws_get_context(wsi)));
            for (auto it = loop->live_.begin(); it != loop->live_.end(); ++it) {
                if (it->get() == conn) {
                    // Release after this callback returns: lws still holds the pointer now.
                    WsConnectionPtr keep = *it;
                    loop->live_.erase(it);
                    loop->post([keep] {});
                    break;
                }
            }
            return 0;
        }
        default:
            return 0;
    }
}

namespace {
int trampoline(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len) {
    return EventLoop::callback(wsi, static_cast<int>(reason), user, in, len);
}
}  // namespace

}  // namespace omniclient::net
