// An HTTP client on one thread: a libcurl multi handle driven by curl_multi_poll. Requests are
// started and cancelled from any thread; their callbacks run on the client's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace omniclient::net {

struct HttpRequest {
    std::string method = "GET";  // "HEAD" asks for no body
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    // The body is not copied: `body_owner` keeps it alive until the request ends.
    std::shared_ptr<const void> body_owner;
    const char* body = nullptr;
    size_t body_size = 0;
    // Receives the response body as it arrives; return false to abort. Without it the body is
    // collected into HttpResponse::body.
    std::function<bool(const char* data, size_t size)> on_data;
    int64_t timeout_ms = 0;          // whole transfer; 0: none
    int64_t connect_timeout_ms = 5000;
    int64_t low_speed_s = 30;        // abort when slower than 1 byte/s for this long (a stalled server)
    bool follow_redirects = false;
    std::string proxy;               // "": OMNICLIENT_HTTP_PROXY, else libcurl's own choice (net/proxy.h)
    bool verbose = false;            // libcurl's trace on stderr
    // Not sent before this time (a retry's back-off), without holding a thread.
    std::chrono::steady_clock::time_point not_before{};
};

struct HttpResponse {
    bool transport_ok = false;  // false: connection/timeout/cancel; see `error`
    bool cancelled = false;
    long status = 0;
    std::string body;
    std::string error;
    // The final response's headers (after redirects), names in lower case.
    std::vector<std::pair<std::string, std::string>> headers;
    // The value of header `lower_name`, or "" when absent.
    std::string header(std::string_view lower_name) const;
};

class HttpClient {
public:
    // At most `max_in_flight` transfers run at once (0: no limit); the others wait their turn.
    explicit HttpClient(size_t max_in_flight = 0);
    ~HttpClient();  // stop()
    // Cancels every transfer (their callbacks run) and joins the thread; later starts are
    // answered as cancelled at once. Idempotent.
    void stop();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    using Done = std::function<void(HttpResponse&&)>;
    // Returns an id for cancel(). `done` runs exactly once on the client's thread.
    uint64_t start(HttpRequest request, Done done);
    void cancel(uint64_t id);

private:
    struct Transfer;
    void run();
    void wake();
    void finish(Transfer& t, int code);
    void begin(std::unique_ptr<Transfer> t);
    // Starts waiting transfers that are due while slots are free; returns how long until the next is due.
    std::chrono::milliseconds start_due();

    void* multi_ = nullptr;
    const size_t max_in_flight_;
    std::mutex mu_;
    bool stopping_ = false;
    std::vector<std::unique_ptr<Transfer>> incoming_;
    std::vector<uint64_t> cancels_;
    std::deque<std::unique_ptr<Transfer>> waiting_;  // client thread only
    std::unordered_map<uint64_t, std::unique_ptr<Transfer>> active_;
    uint64_t next_id_ = 1;
    std::thread thread_;
};

}  // namespace omniclient::net
