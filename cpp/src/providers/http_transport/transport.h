// What the http(s), S3 and Azure providers share: one libcurl multi event loop (net::HttpClient)
// for the process, the OMNICLIENT_HTTP_* settings, retries with back-off of 5xx/429 answers and
// lost connections, the status-to-Result mapping, cancellation tied to a request's stop(), and
// the headers every request carries (User-Agent, set_http_header's).
#pragma once

#include "core/provider.h"
#include "net/http_client.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace omniclient::http {

struct Settings {
    int retries = 8;               // OMNICLIENT_HTTP_RETRIES: attempts after the first
    int64_t stall_timeout_s = 60;  // OMNICLIENT_HTTP_TIMEOUT: an attempt without progress this long fails
    size_t concurrent_ops = 16;    // OMNICLIENT_HTTP_CONCURRENT_OPS: requests in flight in the process
    std::string proxy;             // OMNICLIENT_HTTP_PROXY; else libcurl's http(s)_proxy / no_proxy
    bool verbose = false;          // OMNICLIENT_HTTP_VERBOSE
};
// Read from the environment (a bad value is logged and the default kept), at each request so a
// process may change them as it goes; the concurrency cap is taken when the transport starts.
Settings settings_from_environment();

// The Result of a finished exchange (see docs/providers.md for the table).
Result result_of(const net::HttpResponse& response);
// Whether another attempt may succeed: 5xx, 429, or no answer at all (not a cancellation).
bool is_transient(const net::HttpResponse& response);

// The HTTP requests of one operation, cancelled together when the operation is stopped or fails.
class Transfers {
public:
    // `cleanup`: requests that undo what an operation left (an upload's abort) are retried at least
    // kCleanupRetries times whatever OMNICLIENT_HTTP_RETRIES says: S3 may refuse an abort while a
    // part is still arriving, and a refused abort leaves parts behind for good.
    explicit Transfers(net::HttpClient& client, bool cleanup = false) : client_(client), cleanup_(cleanup) {}
    static constexpr int kCleanupRetries = 3;
    bool cleanup() const { return cleanup_; }
    // Cancels the tracked requests now and every later one at once.
    void cancel();
    bool cancelled() const { return cancelled_.load(); }
    // Registers a started request; false (and cancels it) when already cancelled.
    bool track(uint64_t id);
    void untrack(uint64_t id);

private:
    net::HttpClient& client_;
    const bool cleanup_;
    std::atomic<bool> cancelled_{false};
    std::mutex mu_;
    std::vector<uint64_t> ids_;
};

using MakeRequest = std::function<net::HttpRequest()>;
using ResponseDone = std::function<void(net::HttpResponse&&)>;

// Created by providers/builtin.cpp and shared by the providers it serves; its thread ends with
// the last of them.
class Transport {
public:
    Transport();

    // A Transfers for the operation `ctx`, cancelled when it is stopped.
    std::shared_ptr<Transfers> transfers(const OpContext& ctx);
    // Ends every transfer (their callbacks run now, while the providers are alive) and the
    // thread; called by each provider's shutdown(). Idempotent.
    void shutdown() { client_.stop(); }
    // A Transfers of no operation: for clean-up that must run even after a stop.
    std::shared_ptr<Transfers> detached() { return std::make_shared<Transfers>(client_); }
    // The same for undoing what an operation left behind: retried at least kCleanupRetries times.
    std::shared_ptr<Transfers> cleanup() { return std::make_shared<Transfers>(client_, true); }
    // Sends make()'s request, again with a fresh make() (new signature, new body sink) after a
    // transient failure, up to the configured retries with back-off; `done` gets the last
    // response, once, on the transport's thread.
    void send(std::shared_ptr<Transfers> transfers, MakeRequest make, ResponseDone done);

private:
    void attempt(std::shared_ptr<Transfers> transfers, MakeRequest make, ResponseDone done, int number,
                 const Settings& settings);

    net::HttpClient client_;
};

}  // namespace omniclient::http
