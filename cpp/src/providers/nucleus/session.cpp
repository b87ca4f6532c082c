#include "providers/nucleus/session.h"

#include "core/log.h"
#include "core/registries.h"
#include "core/runtime.h"

#include <chrono>
#include <utility>

namespace omniclient::nucleus {
namespace {

using nlohmann::json;

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The ConnLib methods this client uses, with the versions NVIDIA's client announces for them.
json client_capabilities() {
    return {{"add_user_to_group", 0}, {"authorize_token", 4}, {"change_acl", 0}, {"checkpoint_version", 2},
            {"copy2", 2}, {"create", 2}, {"create_asset", 2}, {"create_asset_with_hash", 2},
            {"create_directory", 1}, {"create_group", 0}, {"delete", 0}, {"delete2", 1}, {"get_acl", 0},
            {"get_checkpoints", 1}, {"get_group_users", 0}, {"get_groups", 0}, {"get_user_groups", 0},
            {"get_users", 0}, {"list2", 5}, {"lock", 3}, {"ping", 0}, {"read_asset_version", 0},
            {"remove_group", 0}, {"remove_user_from_group", 0}, {"rename2", 1}, {"rename_group", 0},
            {"stat2", 2}, {"subscribe_list", 4}, {"unlock", 2}};
}

}  // namespace

class Session::Link final : public net::WsHandler {
public:
    Link(std::weak_ptr<Session> session, uint64_t attempt) : session_(std::move(session)), attempt_(attempt) {}
    void on_open() override {
        if (auto s = current()) s->on_open();
    }
    void on_message(std::string&& data, bool) override {
        if (auto s = current()) s->on_message(std::move(data));
    }
    void on_closed(const std::string& reason) override {
        if (auto s = current()) s->on_closed(reason);
    }

private:
    std::shared_ptr<Session> current() {
        auto s = session_.lock();
        return s && s->attempt_ == attempt_ ? s : nullptr;
    }
    std::weak_ptr<Session> session_;
    uint64_t attempt_;
};

Session::Session(net::EventLoop& loop, SessionConfig config, std::string server, std::string host, int port, bool tls_only)
    : loop_(loop), config_(std::move(config)), server_(std::move(server)), host_(std::move(host)), port_(port), tls_only_(tls_only) {}

// On the callback thread, as every other callback: one may make blocking calls to this server.
void Session::report(OmniConnectionStatus status) {
    post_to_callback_thread([server = server_, status] { connection_status_callbacks().call(server, status); });
}

bool Session::refuses_waiting() const {
    if (state_ == State::Failed || state_ == State::SignedOut) return true;
    if (!caller_in_login_ || state_ == State::Connected) return false;
    log(OMNI_LOG_WARNING, "nucleus", "a request to " + server_ + " from its authentication callback cannot wait for the login");
    return true;
}

uint64_t Session::call(Call c) {
    uint64_t handle = next_handle_++;
    if (refuses_waiting()) {
        c.on_fail(OMNI_RESULT_ERROR_CONNECTION, true);
        return handle;
    }
    calls_[handle] = Pending{std::move(c), 0};
    if (state_ == State::Connected) send(handle);
    else if (state_ == State::Idle) start_connect(!ever_connected_);
    // Connecting: sent once connected
    return handle;
}

void Session::cancel(uint64_t handle) {
    auto it = calls_.find(handle);
    if (it == calls_.end()) return;
    uint64_t wire = it->second.wire_id;
    calls_.erase(it);
    if (!wire) return;
    by_wire_.erase(wire);
    if (state_ == State::Connected && conn_) conn_->send(net::connlib::encode_stop(next_wire_id_++, wire));
}

void Session::when_connected(std::function<void(Result, bool)> ready) {
    if (refuses_waiting()) return ready(OMNI_RESULT_ERROR_CONNECTION, true);
    if (state_ == State::Connected) return ready(OMNI_RESULT_OK, false);
    waiting_.push_back(std::move(ready));
    if (state_ == State::Idle) start_connect(!ever_connected_);
}

void Session::send(uint64_t handle) {
    auto& p = calls_.at(handle);
    if (p.sent && p.call.before_resend) p.call.before_resend(p.call.params);
    p.wire_id = next_wire_id_++;
    by_wire_[p.wire_id] = handle;
    std::string_view tail = p.call.tail ? std::string_view(reinterpret_cast<const char*>(p.call.tail->data()), p.call.tail->size())
                                        : std::string_view();
    const std::string_view* with_tail = p.call.tail ? &tail : nullptr;
    conn_->send(p.call.written_params.empty()
                    ? net::connlib::encode_request_in_place(p.call.command, p.wire_id, p.call.params, with_tail)
                    : net::connlib::encode_request_written(p.call.command, p.wire_id, p.call.written_params, with_tail));
    if (!p.call.subscription) arm_watchdog();
    bool again = std::exchange(p.sent, true);
    if (again && p.call.on_resent) {
        auto resent = p.call.on_resent;  // a copy: it may add calls
        resent();
    }
}

uint64_t Session::send_internal(const std::string& command, json params, std::function<void(net::connlib::Answer&&)> answer) {
    uint64_t wire = next_wire_id_++;
    internal_[wire] = std::move(answer);
    conn_->send(net::connlib::encode_request(command, wire, std::move(params)));
    return wire;
}

// --- connecting ---

void Session::start_connect(bool report_it) {
    state_ = State::Connecting;
    report_connect_ = report_it;
    uint64_t attempt = ++attempt_;
    if (report_it) report(OMNI_CONNECTION_CONNECTING);
    std::weak_ptr<Session> weak = weak_from_this();
    discover(loop_, discovery_candidates(host_, port_, tls_only_), config_.user_agent, config_.connect_timeout_ms,
             [weak, attempt](bool ok, Services services, std::string error) {
        auto s = weak.lock();
        if (s && s->attempt_ == attempt && s->state_ == State::Connecting) s->discovered(ok, std::move(services), std::move(error));
    });
}

void Session::discovered(bool ok, Services services, std::string error) {
    if (!ok) return connect_failed(OMNI_CONNECTION_CONNECT_ERROR, error, !ever_connected_);
    services_ = std::move(services);
    std::weak_ptr<Session> weak = weak_from_this();
    uint64_t attempt = attempt_;
    authenticate(loop_, config_.offload, services_, server_, config_.user_agent, [weak, attempt](AuthOutcome outcome, Tokens tokens, std::string error) {
        auto s = weak.lock();
        if (s && s->attempt_ == attempt && s->state_ == State::Connecting) s->authenticated(outcome, std::move(tokens), std::move(error));
    });
}

void Session::authenticated(AuthOutcome outcome, Tokens tokens, std::string error) {
    switch (outcome) {
        case AuthOutcome::Ok: break;
        case AuthOutcome::Denied: return connect_failed(OMNI_CONNECTION_AUTH_FAILED, error, true);
        case AuthOutcome::Aborted: return connect_failed(OMNI_CONNECTION_AUTH_ABORT, error, true);
        case AuthOutcome::Cancelled: return connect_failed(OMNI_CONNECTION_AUTH_CANCELLED, error, true);
        case AuthOutcome::NoMethod: return connect_failed(OMNI_CONNECTION_NO_USERNAME, error, true);
        case AuthOutcome::Error: return connect_failed(OMNI_CONNECTION_AUTH_ERROR, error, !ever_connected_);
    }
    tokens_ = std::move(tokens);
    net::WsUrl url;
    if (!net::parse_ws_url(services_.connection_url, url))
        return connect_failed(OMNI_CONNECTION_SERVER_INCOMPATIBLE, "unusable Connection URL " + services_.connection_url, true);
    conn_ = loop_.connect(url, {{"User-Agent", config_.user_agent}}, std::make_shared<Link>(weak_from_this(), attempt_));
    std::weak_ptr<Session> weak = weak_from_this();
    uint64_t attempt = attempt_;
    connect_timer_ = loop_.add_timer(config_.connect_timeout_ms, [weak, attempt] {
        auto s = weak.lock();
        if (s && s->attempt_ == attempt && s->state_ == State::Connecting) {
            s->connect_timer_ = 0;
            s->connect_failed(OMNI_CONNECTION_CONNECT_ERROR, "timed out connecting", !s->ever_connected_);
        }
    });
}

void Session::on_open() {
    if (state_ != State::Connecting) return;
    json params = {{"client_capabilities", client_capabilities()}, {"token", tokens_.access_token}, {"version", "1.19"}};
    send_internal("authorize_token", std::move(params), [this](net::connlib::Answer&& a) { authorized(std::move(a)); });
}

void Session::authorized(net::connlib::Answer&& a) {
    const json& j = a.json();
    std::string status = j.value("status", std::string());
    if (status != "OK") return connect_failed(OMNI_CONNECTION_AUTH_FAILED, "authorize_token: " + status, true);
    auto caps = j.find("server_capabilities");
    if (caps == j.end() || !caps->is_object())
        return connect_failed(OMNI_CONNECTION_SERVER_INCOMPATIBLE, "the server did not report its capabilities", true);
    auto text = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end()) return std::string();
        return it->is_string() ? it->get<std::string>() : it->is_null() ? std::string() : it->dump();
    };
    auto number = [&](const char* key, uint64_t fallback) {
        auto it = j.find(key);
        return it != j.end() && it->is_number_unsigned() ? it->get<uint64_t>() : fallback;
    };
    info_ = ConnectionInfo{};
    info_.version = text("version");
    info_.username = text("username");
    info_.access_token = tokens_.access_token;
    info_.session_token = text("token");
    info_.connection_id = text("connection_id");
    info_.connection_id_signature = text("connection_id_signature");
    info_.lft_address = text("lft_address");
    info_.lft_threshold = number("lft_threshold", 0);
    info_.multipart_chunk_size = std::clamp<uint64_t>(number("multipart_chunk_size", 8u << 20), 64 * 1024, 1u << 30);
    info_.max_chunk_size = number("max_chunk_size", 16u << 20);
    for (auto& [name, version] : caps->items()) info_.server_capabilities.insert(name);
    features_left_ = 2;
    send_internal("omni_objects2", json::object(), [this](net::connlib::Answer&& f) {
        info_.omniobjects_enabled = f.json().value("status", std::string()) == "OK";
        if (--features_left_ == 0) ready();
    });
    send_internal("versioning", json::object(), [this](net::connlib::Answer&& f) {
        info_.checkpoints_enabled = f.json().value("status", std::string()) == "OK" && f.json().value("enabled", false);
        if (--features_left_ == 0) ready();
    });
}

void Session::ready() {
    loop_.cancel_timer(connect_timer_);
    connect_timer_ = 0;
    state_ = State::Connected;
    ever_connected_ = true;
    resubscribe_tries_ = 0;
    last_rx_us_ = now_us();
    known_folders_.clear();
    last_failure_.clear();
    log(OMNI_LOG_INFO, "nucleus", "Connected to " + server_ + " as " + info_.username);
    if (report_connect_) report(OMNI_CONNECTION_CONNECTED);
    report_connect_ = false;
    if (clock_wanted_) open_ping_socket();
    std::vector<uint64_t> unsent;
    for (auto& [handle, p] : calls_)
        if (!p.wire_id) unsent.push_back(handle);
    for (uint64_t h : unsent)
        if (calls_.count(h) && state_ == State::Connected) send(h);
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& w : waiting) w(OMNI_RESULT_OK, false);
}

void Session::fail_calls(bool keep_subscriptions, bool final) {
    by_wire_.clear();
    internal_.clear();
    std::vector<OnFail> fails;
    for (auto it = calls_.begin(); it != calls_.end();) {
        if (keep_subscriptions && it->second.call.subscription && it->second.call.resubscribe) {
            it->second.wire_id = 0;
            ++it;
            continue;
        }
        fails.push_back(std::move(it->second.call.on_fail));
        it = calls_.erase(it);
    }
    for (auto& f : fails) f(OMNI_RESULT_ERROR_CONNECTION, final);
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& w : waiting) w(OMNI_RESULT_ERROR_CONNECTION, final);
}

namespace {

// A failed connection in the words of the person reading the log, and how loud to say it: what
// they must act on (refused credentials) as a warning, the rest as connection events (info); the
// protocol's own detail goes to the verbose level.
std::pair<OmniLogLevel, std::string> describe_failure(OmniConnectionStatus status, const std::string& server, const std::string& why) {
    switch (status) {
        case OMNI_CONNECTION_AUTH_FAILED: return {OMNI_LOG_WARNING, "Signing in to " + server + " failed: the server refused the credentials"};
        case OMNI_CONNECTION_AUTH_ABORT: return {OMNI_LOG_INFO, "Signing in to " + server + " was aborted by the application"};
        case OMNI_CONNECTION_AUTH_CANCELLED: return {OMNI_LOG_INFO, "Signing in to " + server + " was cancelled or its sign-in page expired"};
        case OMNI_CONNECTION_NO_USERNAME:
            return {OMNI_LOG_WARNING, "No way to sign in to " + server +
                                          ": give a user name and password (an authentication callback, or OMNI_USER and OMNI_PASS)"};
        case OMNI_CONNECTION_AUTH_ERROR: return {OMNI_LOG_WARNING, "Signing in to " + server + " failed: its sign-in service did not answer as expected"};
        case OMNI_CONNECTION_SERVER_INCOMPATIBLE: return {OMNI_LOG_WARNING, server + " is not a server this client can use: " + why};
        default: return {OMNI_LOG_INFO, "Cannot connect to " + server + " (" + why + ")"};
    }
}

}  // namespace

void Session::connect_failed(OmniConnectionStatus status, const std::string& why, bool final) {
    if (state_ != State::Connecting) return;
    auto [level, message] = describe_failure(status, server_, why);
    // Said once until the connection's state changes: a server that stays down is tried again
    // and again, and each try would say the same.
    if (message == last_failure_) level = OMNI_LOG_VERBOSE;
    else last_failure_ = message;
    log(level, "nucleus", message);
    if (message.find(why) == std::string::npos && log_enabled(OMNI_LOG_VERBOSE))
        log(OMNI_LOG_VERBOSE, "nucleus", "Connecting to " + server_ + " failed: " + why);
    ++attempt_;
    loop_.cancel_timer(connect_timer_);
    connect_timer_ = 0;
    if (conn_) conn_->close();
    conn_.reset();
    close_ping_socket();
    bool sticky = status == OMNI_CONNECTION_AUTH_FAILED || status == OMNI_CONNECTION_AUTH_ABORT;
    state_ = sticky ? State::Failed : State::Idle;
    if (report_connect_ || sticky) report(status);
    bool resubscribing = !final && ever_connected_;
    for (auto& [h, p] : calls_)
        if (p.call.subscription && !resubscribing) p.call.subscription = false;  // nothing to come back to
    fail_calls(true, final);
    if (!calls_.empty()) schedule_resubscribe();
}

// --- the ConnLib socket ---

void Session::on_message(std::string&& data) {
    net::connlib::Answer answer;
    if (!net::connlib::decode_answer(std::move(data), answer)) {
        log(OMNI_LOG_WARNING, "nucleus", "ignoring a malformed message from " + server_);
        return;
    }
    last_rx_us_ = now_us();
    pinged_ = false;
    auto internal = internal_.find(answer.id);
    if (internal != internal_.end()) {
        auto fn = std::move(internal->second);
        internal_.erase(internal);
        fn(std::move(answer));
        return;
    }
    auto wire = by_wire_.find(answer.id);
    if (wire == by_wire_.end()) return;  // a stopped call, or an answer after completion
    uint64_t handle = wire->second;
    auto it = calls_.find(handle);
    if (it == calls_.end()) {
        by_wire_.erase(wire);
        return;
    }
    // Taken out while it runs (the handler may cancel or add calls), put back if more answers are
    // to come: a copy per answer would clone everything the handler holds.
    OnAnswer on_answer = std::move(it->second.call.on_answer);
    uint64_t wire_id = answer.id;
    bool complete = on_answer(std::move(answer));
    it = calls_.find(handle);
    if (it == calls_.end()) return;
    if (!complete || it->second.wire_id != wire_id) {
        it->second.call.on_answer = std::move(on_answer);
        return;
    }
    by_wire_.erase(it->second.wire_id);
    calls_.erase(it);
}

void Session::on_closed(const std::string& reason) { lost("Disconnected: " + reason); }

void Session::lost(const std::string& why) {
    if (state_ == State::Connecting) return connect_failed(OMNI_CONNECTION_CONNECT_ERROR, why, !ever_connected_);
    if (state_ != State::Connected) return;
    log(OMNI_LOG_INFO, "nucleus", "Lost the connection to " + server_ + " (" + why + ")");
    ++attempt_;
    if (conn_) conn_->close();
    conn_.reset();
    close_ping_socket();
    state_ = State::Idle;
    fail_calls(true, false);
    if (!calls_.empty()) schedule_resubscribe();
}

void Session::schedule_resubscribe() {
    RetrySettings s = retry_settings();
    int64_t delay = std::min<int64_t>(retry_delay_ms(s, ++resubscribe_tries_), 5000);
    if (s.max_ms <= 0 || static_cast<int64_t>(resubscribe_tries_) * 100 > s.max_ms) {
        report(OMNI_CONNECTION_DISCONNECTED);
        for (auto& [h, p] : calls_) p.call.subscription = false;
        fail_calls(false, true);
        return;
    }
    loop_.cancel_timer(resubscribe_timer_);
    std::weak_ptr<Session> weak = weak_from_this();
    resubscribe_timer_ = loop_.add_timer(delay, [weak] {
        auto s = weak.lock();
        if (!s) return;
        s->resubscribe_timer_ = 0;
        if (s->state_ == State::Idle && !s->calls_.empty()) s->start_connect(false);
    });
}

void Session::arm_watchdog() {
    if (watchdog_timer_ || config_.stall_ms <= 0) return;
    std::weak_ptr<Session> weak = weak_from_this();
    watchdog_timer_ = loop_.add_timer(config_.stall_ms, [weak] {
        auto s = weak.lock();
        if (!s) return;
        s->watchdog_timer_ = 0;
        if (s->state_ != State::Connected) return;
        bool waiting = false;
        for (auto& [h, p] : s->calls_) waiting |= p.wire_id && !p.call.subscription;
        if (!waiting) return;
        if (now_us() - s->last_rx_us_ < s->config_.stall_ms * 1000) return s->arm_watchdog();
        if (!s->pinged_) {
            s->pinged_ = true;
            s->send_internal("ping", json::object(), [](net::connlib::Answer&&) {});
            s->last_rx_us_ = now_us();
            return s->arm_watchdog();
        }
        s->lost("the server stopped answering");
    });
}

// --- the ping socket ---

void Session::keep_clock() {
    clock_wanted_ = true;
    if (state_ == State::Connected && !ping_socket_) open_ping_socket();
}

void Session::open_ping_socket() {
    close_ping_socket();
    std::weak_ptr<Session> weak = weak_from_this();
    ping_socket_ = std::make_shared<PingSocket>(loop_, clock_, [weak] {
        auto s = weak.lock();
        if (!s) return;
        s->ping_socket_.reset();
        // Dropped while the connection lives on: open it again in a while.
        s->ping_reopen_timer_ = s->loop_.add_timer(PingSocket::kIntervalMs, [weak] {
            auto s2 = weak.lock();
            if (!s2) return;
            s2->ping_reopen_timer_ = 0;
            if (s2->state_ == State::Connected && !s2->ping_socket_) s2->open_ping_socket();
        });
    });
    ping_socket_->start(services_.connection_url, config_.user_agent, info_.session_token);
}

void Session::close_ping_socket() {
    loop_.cancel_timer(ping_reopen_timer_);
    ping_reopen_timer_ = 0;
    if (ping_socket_) ping_socket_->stop();
    ping_socket_.reset();
}

// --- user actions ---

void Session::sign_out() {
    close_for_good();
    forget_cached_token(server_);
    report(OMNI_CONNECTION_SIGNED_OUT);
}

void Session::reconnect() {
    ++attempt_;
    if (conn_) conn_->close();
    conn_.reset();
    close_ping_socket();
    state_ = State::Idle;
    fail_calls(true, false);
    start_connect(true);
}

void Session::refresh_token(std::function<void(Result, std::string)> done) {
    std::weak_ptr<Session> weak = weak_from_this();
    when_connected([weak, done](Result r, bool) {
        auto s = weak.lock();
        if (!s || r != OMNI_RESULT_OK) return done(OMNI_RESULT_ERROR_CONNECTION, {});
        refresh_tokens(s->loop_, s->services_, s->tokens_.refresh_token, [weak, done](AuthOutcome outcome, Tokens t, std::string error) {
            auto s2 = weak.lock();
            if (!s2 || outcome != AuthOutcome::Ok) {
                if (s2) log(OMNI_LOG_WARNING, "nucleus", "refreshing the token for " + s2->server_ + " failed: " + error);
                return done(OMNI_RESULT_ERROR, {});
            }
            s2->tokens_.access_token = t.access_token;
            if (!t.refresh_token.empty()) s2->tokens_.refresh_token = t.refresh_token;
            s2->info_.access_token = t.access_token;
            done(OMNI_RESULT_OK, t.access_token);
        });
    });
}

void Session::shutdown() { close_for_good(); }

// Closes the socket and fails every call, subscriptions too, as final: no reconnect follows.
void Session::close_for_good() {
    ++attempt_;
    if (conn_) conn_->close();
    conn_.reset();
    close_ping_socket();
    state_ = State::SignedOut;
    for (auto& [h, p] : calls_) p.call.subscription = false;
    fail_calls(false, true);
}

}  // namespace omniclient::nucleus
