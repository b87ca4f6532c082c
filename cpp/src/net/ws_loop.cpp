#include "net/ws_loop.h"

#include <libwebsockets.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

namespace omniclient::net {
namespace {

constexpr size_t kFragment = 64 * 1024;

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
    loop_.post([handler, reason] { handler->on_closed(reason); });
}

int WsConnection::writable() {
    if (out_.empty() || done_) return 0;
    Out& msg = out_.front();
    size_t chunk = std::min(kFragment, msg.data.size() - msg.sent);
    scratch_.resize(LWS_PRE + chunk);
    if (chunk) std::memcpy(scratch_.data() + LWS_PRE, msg.data.data() + msg.sent, chunk);
    bool first = msg.sent == 0;
    bool last = msg.sent + chunk == msg.data.size();
    int flags = lws_write_ws_flags(msg.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT, first, last);
    int n = lws_write(wsi_, scratch_.data() + LWS_PRE, chunk, static_cast<enum lws_write_protocol>(flags));
    if (n < static_cast<int>(chunk)) return -1;
    msg.sent += chunk;
    if (last) out_.pop_front();
    if (!out_.empty()) lws_callback_on_writable(wsi_);
    return 0;
}

// --- EventLoop ---

EventLoop::EventLoop() : sul_(std::make_unique<Sul>()) {
    sul_->loop = this;
    lws_set_log_level(0, nullptr);
    lws_context_creation_info info;
    std::memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.gid = -1;
    info.uid = -1;
    info.user = this;
    info.timeout_secs = 10;  // TCP/TLS/upgrade stalls give up after this
    info.connect_timeout_secs = 5;
    ctx_ = lws_create_context(&info);
    if (!ctx_) throw std::runtime_error("libwebsockets: cannot create a context");
    thread_ = std::thread([this] { run(); });
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
    drain_posted();
    live_.clear();
    timers_.clear();
}

void EventLoop::drain_posted() {
    for (int round = 0; round < 8; ++round) {
        std::vector<std::function<void()>> batch;
        {
            std::lock_guard lock(mu_);
            batch.swap(posted_);
            wake_pending_ = false;
        }
        if (batch.empty()) return;
        for (auto& fn : batch) fn();
    }
    if (ctx_) lws_cancel_service(ctx_);  // more work queued by the work: come back at once
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
    live_.insert(conn);
    std::string host_header = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    host_header += ":" + std::to_string(url.port);
    lws_client_connect_info ci;
    std::memset(&ci, 0, sizeof ci);
    ci.context = ctx_;
    ci.address = url.host.c_str();
    ci.port = url.port;
    ci.path = url.path.c_str();
    ci.host = host_header.c_str();
    ci.origin = host_header.c_str();
    ci.ssl_connection = url.tls ? LCCSCF_USE_SSL : 0;
    ci.local_protocol_name = kProtocols[0].name;
    ci.userdata = conn.get();
    ci.pwsi = &conn->wsi_;
    if (!lws_client_connect_via_info(&ci)) {
        conn->wsi_ = nullptr;
        conn->closed("cannot start connection");
        post([this, conn] { live_.erase(conn); });
    }
    return conn;
}

int EventLoop::callback(struct lws* wsi, int reason, void* user, void* in, size_t len) {
    auto* conn = static_cast<WsConnection*>(user);
    switch (reason) {
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
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
        case LWS_CALLBACK_CLIENT_RECEIVE: {
            if (!conn || conn->done_) return -1;
            if (lws_is_first_fragment(wsi)) {
                conn->rx_.clear();
                conn->rx_binary_ = lws_frame_is_binary(wsi);
            }
            if (conn->rx_.size() + len > kMaxMessage) return -1;
            conn->rx_.append(static_cast<const char*>(in), len);
            if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
                std::string message;
                message.swap(conn->rx_);
                conn->handler_->on_message(std::move(message), conn->rx_binary_);
            }
            return 0;
        }
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            return conn ? conn->writable() : 0;
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            if (conn) conn->closed(in && len ? std::string(static_cast<const char*>(in), strnlen(static_cast<const char*>(in), len)) : "connection failed");
            return 0;
        case LWS_CALLBACK_CLIENT_CLOSED:
            if (conn) conn->closed("closed");
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
