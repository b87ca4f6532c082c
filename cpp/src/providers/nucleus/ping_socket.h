// The second ConnLib socket the original client opens once live objects are used: signed in with
// `auth` and the connection's token (the `token` authorize_token answered), it carries only
// `ping`s, whose timestamps feed the ServerClock. Pings on a socket of their own do not queue
// behind object traffic, so their round trips measure the network, not our uploads.
#pragma once

#include "net/ws_loop.h"
#include "providers/nucleus/server_clock.h"

#include <functional>
#include <memory>
#include <string>

namespace omniclient::nucleus {

class PingSocket : public std::enable_shared_from_this<PingSocket> {
public:
    // The first pings come this far apart (the clock settles on the best of them), later ones
    // this far apart (to follow drift and keep the window's best sample recent).
    static constexpr int64_t kFirstIntervalMs = 100;
    static constexpr int kFirstPings = 8;
    static constexpr int64_t kIntervalMs = 2000;

    // Loop thread. `closed` runs (loop thread) when the socket ends other than by stop().
    PingSocket(net::EventLoop& loop, std::shared_ptr<ServerClock> clock, std::function<void()> closed);
    // Loop thread. Opens the socket to `connection_url` and signs in with `session_token`.
    void start(const std::string& connection_url, const std::string& user_agent, const std::string& session_token);
    // Loop thread. Closes the socket; `closed` is not called.
    void stop();

private:
    class Handler;
    void on_open();
    void on_message(std::string&& data);
    void on_closed();
    void send_ping();
    void schedule_ping();

    net::EventLoop& loop_;
    std::shared_ptr<ServerClock> clock_;
    std::function<void()> closed_;
    std::string session_token_;
    net::WsConnectionPtr conn_;
    bool stopped_ = false;
    uint64_t next_id_ = 1;
    uint64_t auth_id_ = 0;
    uint64_t ping_id_ = 0;  // the ping waiting for its answer (0: none)
    int64_t ping_sent_us_ = 0;
    int pings_ = 0;
    uint64_t timer_ = 0;
};

}  // namespace omniclient::nucleus
