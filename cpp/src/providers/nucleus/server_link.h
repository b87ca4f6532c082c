// The provider's way to its servers: one Session per server on one event loop, the calls of an
// operation on it (tied to the operation's stop), capability checks, and the HTTP client LFT uses.
#pragma once

#include "core/reply.h"
#include "core/task_thread.h"
#include "net/http_client.h"
#include "net/ws_loop.h"
#include "providers/nucleus/lft.h"
#include "providers/nucleus/session.h"
#include "providers/nucleus/status.h"
#include "core/provider.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace omniclient::nucleus {

// The "status" of an answer; "" without one.
std::string status_of(const net::connlib::Answer& a);

// What read_asset_version answered: a failure, the bytes inline, or where LFT serves them.
struct Asset {
    Result result = OMNI_RESULT_ERROR;
    std::string version;
    Content content;       // inline bytes (when `redirect` is empty)
    std::string redirect;  // LFT URL of the content
    uint64_t size = 0;
};

using LftControl = std::shared_ptr<TransferControl>;

class ServerLink {
public:
    ServerLink();
    ~ServerLink();
    ServerLink(const ServerLink&) = delete;
    ServerLink& operator=(const ServerLink&) = delete;

    // Closes every session; later calls are dropped.
    void shutdown();
    net::HttpClient& http() { return *http_; }
    // Runs `fn` on the loop thread (nothing once shut down).
    void post(std::function<void()> fn);

    // Runs `fn` on the loop thread with the session serving `t`.
    void with_session(const Target& t, std::function<void(const std::shared_ptr<Session>&)> fn);
    // Once the server of `t` is connected: `go` runs on the loop thread with its session;
    // connection failures go to `failed`. Nothing for a stopped request.
    void when_connected(OpContext ctx, const Target& t, std::function<void(Session&)> go, std::function<void(Result)> failed);
    // `go(true)` when the server of `t` lists `capability` (our extensions undelete,
    // list_deleted), `go(false)` when not; connection failures go to `failed`.
    void with_capability(OpContext ctx, const Target& t, const char* capability, std::function<void(bool)> go,
                         std::function<void(Result)> failed);

    // One ConnLib call for a request. `on_answer` returns true when complete; failures of the
    // connection come to `on_fail`. Stopping the request cancels the call.
    void request(OpContext ctx, const Target& t, std::string command, nlohmann::json params, std::optional<Content> tail,
                 Session::OnAnswer on_answer, std::function<void(Result)> on_fail, bool subscription = false,
                 std::function<void()> on_resent = nullptr, std::function<void(nlohmann::json&)> before_resend = nullptr);

    // The same call made on `s` at once (loop thread: inside when_connected's `go`), without the
    // hop to the loop thread `request` takes.
    void request_on(Session& s, OpContext ctx, std::string command, nlohmann::json params, std::optional<Content> tail,
                    Session::OnAnswer on_answer, std::function<void(Result)> on_fail, bool subscription = false,
                    std::function<void()> on_resent = nullptr, std::function<void(nlohmann::json&)> before_resend = nullptr);

    // A call answered by one message whose status decides the Result; `fill(json, r)` (or
    // `fill(answer, r)`, which reads flat answers without their JSON tree) completes an OK answer.
    template <class R, class Fill = std::nullptr_t>
    void simple(OpContext ctx, const Target& t, std::string command, nlohmann::json params, Done<R> done, Fill fill = nullptr,
                std::optional<Content> tail = std::nullopt, Result (*map)(std::string_view) = result_of_status) {
        Reply<R> reply(std::move(done));
        request(ctx, t, std::move(command), std::move(params), std::move(tail), simple_answer(reply, std::move(fill), map),
                [reply](Result r) { reply(error_answer<R>(r)); });
    }
    // `simple` made on `s` at once, as request_on, from parameters already written
    // (Session::Call::written_params): for requests made thousands of times a second.
    template <class R, class Fill>
    void simple_written_on(Session& s, OpContext ctx, std::string command, std::string written_params, Done<R> done, Fill fill,
                           std::optional<Content> tail) {
        Reply<R> reply(std::move(done));
        Session::Call call;
        call.command = std::move(command);
        call.written_params = std::move(written_params);
        call.tail = std::move(tail);
        call.on_answer = simple_answer(reply, std::move(fill), result_of_status);
        call_on(s, ctx, std::move(call), [reply](Result r) { reply(error_answer<R>(r)); });
    }

    // The entries `command` (list2, list_deleted) streams for `folder`, until DONE.
    void stream_entries(OpContext ctx, const Target& t, const char* command, const std::string& folder,
                        ListEntry (*entry_of)(const nlohmann::json&), Done<ListResult> done);
    // read_asset_version of the file `t` names (a folder URL: NOT_FOUND, nothing sent).
    void read_asset(OpContext ctx, const Target& t, Done<Asset> got);
    // Loop thread (inside a read's answer): LFT requests carry the connection's tokens;
    // `start(headers, control, part_size)` begins the transfer, which stopping the request cancels.
    void with_lft(OpContext ctx, const Target& t, std::function<void(std::vector<std::string>, LftControl, uint64_t)> start);
    // The parents of a new file `path` the session has not seen, announced with create_directory
    // as the original does (answers ignored).
    static void create_parents(Session& s, const std::string& path);

    // The time now on the server of `t` (µs since the epoch) as estimated from its ping socket
    // (Session::keep_clock); nothing before the first ping was answered. Any thread.
    std::optional<uint64_t> server_time(const Target& t);

    // Returns once signed out, so a following request already sees it.
    void sign_out(const Target& t);
    void reconnect(const Target& t);

private:
    // Makes `call` on `s` (loop thread); stopping the request cancels it.
    void call_on(Session& s, OpContext ctx, Session::Call call, std::function<void(Result)> on_fail);

    template <class R, class Fill>
    static Session::OnAnswer simple_answer(Reply<R> reply, Fill fill, Result (*map)(std::string_view)) {
        return [reply, fill = std::move(fill), map](net::connlib::Answer&& a) {
            R r{};
            r.result = map(status_of(a));
            if constexpr (!std::is_same_v<Fill, std::nullptr_t>) {
                bool set = true;  // a lambda always is; a std::function may be empty
                if constexpr (std::is_constructible_v<bool, const Fill&>) set = static_cast<bool>(fill);
                if (r.result == OMNI_RESULT_OK && set) {
                    if constexpr (std::is_invocable_v<const Fill&, const net::connlib::Answer&, R&>)
                        fill(a, r);
                    else
                        fill(a.json(), r);
                }
            }
            reply(std::move(r));
            return true;
        };
    }

    std::unique_ptr<net::EventLoop> loop_;
    std::unique_ptr<net::HttpClient> http_;
    std::mutex auth_mu_;
    std::unique_ptr<WorkerPool> auth_pool_;  // asks authentication callbacks (created on first login)
    SessionConfig config_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;  // loop thread only
    std::mutex clocks_mu_;
    std::map<std::string, std::shared_ptr<ServerClock>> clocks_;  // the sessions', by server
};

}  // namespace omniclient::nucleus
