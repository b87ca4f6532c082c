#include "net/http_client.h"

#include "net/proxy.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace omniclient::net {

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

std::string HttpResponse::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_name) return value;
    return {};
}

struct HttpClient::Transfer {
    uint64_t id = 0;
    HttpRequest request;
    Done done;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpResponse response;
    size_t sent = 0;
    bool aborted_by_sink = false;

    ~Transfer() {
        if (easy) curl_easy_cleanup(easy);
        if (headers) curl_slist_free_all(headers);
    }

    static size_t on_write(char* data, size_t size, size_t n, void* self) {
        auto* t = static_cast<Transfer*>(self);
        size_t len = size * n;
        if (t->request.on_data) {
            if (!t->request.on_data(data, len)) {
                t->aborted_by_sink = true;
                return 0;
            }
        } else {
            t->response.body.append(data, len);
        }
        return len;
    }

    static size_t on_read(char* buffer, size_t size, size_t n, void* self) {
        auto* t = static_cast<Transfer*>(self);
        size_t len = std::min(size * n, t->request.body_size - t->sent);
        if (len) std::memcpy(buffer, t->request.body + t->sent, len);
        t->sent += len;
        return len;
    }

    // Keeps the headers of the last response only: a redirect's or a 100 Continue's are dropped.
    static size_t on_header(char* data, size_t size, size_t n, void* self) {
        auto* t = static_cast<Transfer*>(self);
        std::string_view line(data, size * n);
        if (line.starts_with("HTTP/")) {
            t->response.headers.clear();
        } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            t->response.headers.emplace_back(std::move(name), trimmed(line.substr(colon + 1)));
        }
        return size * n;
    }
};

HttpClient::HttpClient(size_t max_in_flight) : max_in_flight_(max_in_flight) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi_ = curl_multi_init();
    if (!multi_) throw std::runtime_error("libcurl: cannot create a multi handle");
    curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
    thread_ = std::thread([this] { run(); });
}

HttpClient::~HttpClient() {
    stop();
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void HttpClient::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void HttpClient::wake() { curl_multi_wakeup(static_cast<CURLM*>(multi_)); }

uint64_t HttpClient::start(HttpRequest request, Done done) {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->done = std::move(done);
    uint64_t id;
    {
        std::lock_guard lock(mu_);
        id = t->id = next_id_++;
        if (stopping_) {
            HttpResponse r;
            r.cancelled = true;
            r.error = "client stopped";
            t->done(std::move(r));
            return id;
        }
        incoming_.push_back(std::move(t));
    }
    wake();
    return id;
}

void HttpClient::cancel(uint64_t id) {
    {
        std::lock_guard lock(mu_);
        cancels_.push_back(id);
    }
    wake();
}

void HttpClient::finish(Transfer& t, int code) {
    t.response.transport_ok = code == CURLE_OK;
    if (code != CURLE_OK && t.response.error.empty()) t.response.error = curl_easy_strerror(static_cast<CURLcode>(code));
    if (t.aborted_by_sink) t.response.cancelled = true;
    if (t.easy) {
        curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &t.response.status);
        curl_multi_remove_handle(static_cast<CURLM*>(multi_), t.easy);
    }
    t.done(std::move(t.response));
}

void HttpClient::begin(std::unique_ptr<Transfer> t) {
    CURL* easy = curl_easy_init();
    t->easy = easy;
    const HttpRequest& rq = t->request;
    curl_easy_setopt(easy, CURLOPT_URL, rq.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(rq.connect_timeout_ms));
    if (rq.timeout_ms > 0) curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(rq.timeout_ms));
    if (rq.low_speed_s > 0) {
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(rq.low_speed_s));
    }
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (rq.follow_redirects) {
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
    }
    // Else libcurl's own choice, by the rules the WebSocket connections follow too (net/proxy.h).
    if (std::string proxy = rq.proxy.empty() ? configured_proxy() : rq.proxy; !proxy.empty())
        curl_easy_setopt(easy, CURLOPT_PROXY, proxy.c_str());
    if (rq.verbose) curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
    // OpenSSL's variables: libwebsockets trusts them through OpenSSL, libcurl does not read them.
    // One trust store for both transports (e.g. a server's self-signed certificate). Read per
    // transfer, so a process that sets them after the first request is heard.
    if (const char* f = std::getenv("SSL_CERT_FILE"); f && *f) curl_easy_setopt(easy, CURLOPT_CAINFO, f);
    if (const char* d = std::getenv("SSL_CERT_DIR"); d && *d) curl_easy_setopt(easy, CURLOPT_CAPATH, d);
    // Large buffers: transfers are megabytes; fewer, bigger callbacks and writes.
    curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 512L * 1024);
    curl_easy_setopt(easy, CURLOPT_UPLOAD_BUFFERSIZE, 2L * 1024 * 1024);
    if (rq.method == "PUT" || rq.method == "POST") {
        curl_easy_setopt(easy, CURLOPT_UPLOAD, rq.method == "PUT" ? 1L : 0L);
        if (rq.method == "POST") {
            curl_easy_setopt(easy, CURLOPT_POST, 1L);
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body_size));
        } else {
            curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rq.body_size));
        }
        curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Transfer::on_read);
        curl_easy_setopt(easy, CURLOPT_READDATA, t.get());
    } else if (rq.method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (rq.method != "GET") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, rq.method.c_str());
    }
    for (auto& h : rq.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
    curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
    active_.emplace(t->id, std::move(t));
}

std::chrono::milliseconds HttpClient::start_due() {
    using namespace std::chrono;
    auto now = steady_clock::now();
    milliseconds next_due{1000};
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        if (max_in_flight_ && active_.size() >= max_in_flight_) break;
        if ((*it)->request.not_before > now) {
            next_due = std::min(next_due, duration_cast<milliseconds>((*it)->request.not_before - now) + milliseconds(1));
            ++it;
            continue;
        }
        begin(std::move(*it));
        it = waiting_.erase(it);
    }
    return next_due;
}

void HttpClient::run() {
    auto* multi = static_cast<CURLM*>(multi_);
    for (;;) {
        std::vector<std::unique_ptr<Transfer>> incoming;
        std::vector<uint64_t> cancels;
        bool stopping;
        {
            std::lock_guard lock(mu_);
            incoming.swap(incoming_);
            cancels.swap(cancels_);
            stopping = stopping_;
        }
        for (auto& t : incoming) waiting_.push_back(std::move(t));
        for (uint64_t id : cancels) {
            std::unique_ptr<Transfer> t;
            if (auto it = active_.find(id); it != active_.end()) {
                t = std::move(it->second);
                active_.erase(it);
            } else if (auto w = std::find_if(waiting_.begin(), waiting_.end(), [id](auto& x) { return x->id == id; });
                       w != waiting_.end()) {
                t = std::move(*w);
                waiting_.erase(w);
            }
            if (!t) continue;
            t->response.cancelled = true;
            t->response.error = "cancelled";
            finish(*t, CURLE_ABORTED_BY_CALLBACK);
        }
        if (stopping) {
            for (auto& [id, t] : active_) {
                t->response.cancelled = true;
                t->response.error = "client stopped";
                finish(*t, CURLE_ABORTED_BY_CALLBACK);
            }
            for (auto& t : waiting_) {
                t->response.cancelled = true;
                t->response.error = "client stopped";
                finish(*t, CURLE_ABORTED_BY_CALLBACK);
            }
            active_.clear();
            waiting_.clear();
            return;
        }
        auto next_due = start_due();
        int running = 0;
        curl_multi_perform(multi, &running);
        int left = 0;
        bool finished_any = false;
        while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURLcode code = msg->data.result;
            for (auto it = active_.begin(); it != active_.end(); ++it) {
                if (it->second->easy == msg->easy_handle) {
                    auto t = std::move(it->second);
                    active_.erase(it);
                    finish(*t, code);
                    finished_any = true;
                    break;
                }
            }
        }
        // A finished transfer frees a slot for a waiting one: go round again without sleeping.
        if (finished_any && !waiting_.empty()) continue;
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(next_due.count()), nullptr);
    }
}

}  // namespace omniclient::net
