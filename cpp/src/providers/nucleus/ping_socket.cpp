#include "providers/nucleus/ping_socket.h"

#include "core/log.h"
#include "net/connlib.h"

#include <nlohmann/json.hpp>

namespace omniclient::nucleus {

using nlohmann::json;

namespace {

int64_t i64_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

// Hands the socket's events to the PingSocket while it lives and was not stopped.
class PingSocket::Handler final : public net::WsHandler {
public:
    explicit Handler(std::weak_ptr<PingSocket> owner) : owner_(std::move(owner)) {}
    void on_open() override {
        if (auto p = current()) p->on_open();
    }
    void on_message(std::string&& data, bool) override {
        if (auto p = current()) p->on_message(std::move(data));
    }
    void on_closed(const std::string&) override {
        if (auto p = current()) p->on_closed();
    }

private:
    std::shared_ptr<PingSocket> current() {
        auto p = owner_.lock();
        return p && !p->stopped_ ? p : nullptr;
    }
    std::weak_ptr<PingSocket> owner_;
};

PingSocket::PingSocket(net::EventLoop& loop, std::shared_ptr<ServerClock> clock, std::function<void()> closed)
    : loop_(loop), clock_(std::move(clock)), closed_(std::move(closed)) {}

void PingSocket::start(const std::string& connection_url, const std::string& user_agent, const std::string& session_token) {
    net::WsUrl url;
    if (!net::parse_ws_url(connection_url, url)) return;
    session_token_ = session_token;
    conn_ = loop_.connect(url, {{"User-Agent", user_agent}}, std::make_shared<Handler>(weak_from_this()));
}

void PingSocket::stop() {
    if (stopped_) return;
    stopped_ = true;
    loop_.cancel_timer(timer_);
    timer_ = 0;
    if (conn_) conn_->close();
    conn_.reset();
}

void PingSocket::on_open() {
    auth_id_ = next_id_++;
    json params = {{"client_capabilities", {{"auth", 2}, {"ping", 0}}}, {"token", session_token_}, {"version", "1.19"}};
    conn_->send(net::connlib::encode_request("auth", auth_id_, std::move(params)));
}

void PingSocket::on_message(std::string&& data) {
    int64_t received = wall_clock_us();
    net::connlib::Answer answer;
    if (!net::connlib::decode_answer(std::move(data), answer)) return;
    bool ok = answer.json().value("status", std::string()) == "OK";
    if (answer.id == auth_id_) {
        if (!ok) {
            log(OMNI_LOG_VERBOSE, "nucleus", "the ping socket was not signed in: " + answer.json().value("status", std::string()));
            return stop();
        }
        return send_ping();
    }
    if (answer.id != ping_id_ || !ping_id_) return;
    ping_id_ = 0;
    auto ts = answer.json().find("ts");
    if (ok && ts != answer.json().end() && ts->is_object() && i64_of(*ts, "omni_client_out_ts") == ping_sent_us_)
        clock_->add_sample(ping_sent_us_, i64_of(*ts, "omni_server_in_ts"), i64_of(*ts, "omni_server_out_ts"), received);
    schedule_ping();
}

void PingSocket::on_closed() {
    loop_.cancel_timer(timer_);
    timer_ = 0;
    conn_.reset();
    stopped_ = true;
    if (closed_) closed_();
}

void PingSocket::send_ping() {
    ping_id_ = next_id_++;
    ++pings_;
    ping_sent_us_ = wall_clock_us();
    conn_->send(net::connlib::encode_request("ping", ping_id_, {{"ts", {{"omni_client_out_ts", ping_sent_us_}}}}));
}

void PingSocket::schedule_ping() {
    std::weak_ptr<PingSocket> weak = weak_from_this();
    timer_ = loop_.add_timer(pings_ < kFirstPings ? kFirstIntervalMs : kIntervalMs, [weak] {
        auto p = weak.lock();
        if (!p || p->stopped_) return;
        p->timer_ = 0;
        p->send_ping();
    });
}

}  // namespace omniclient::nucleus
