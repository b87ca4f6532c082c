#include "providers/nucleus/lft.h"

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <utility>

namespace omniclient::nucleus {
namespace {

Result result_of_http(const net::HttpResponse& r) {
    if (!r.transport_ok) return r.cancelled ? OMNI_RESULT_ERROR : OMNI_RESULT_ERROR_CONNECTION;
    if (r.status == 401 || r.status == 403) return OMNI_RESULT_ERROR_ACCESS_DENIED;
    if (r.status == 404) return OMNI_RESULT_ERROR_NOT_FOUND;
    if (r.status >= 500) return OMNI_RESULT_ERROR_CONNECTION;
    return OMNI_RESULT_ERROR;
}

// How many appends' sends an LftStream has in flight before the next append waits: two keep the
// link busy across each part's round trip. A copy holds its parts in the meantime (its read-ahead
// bounds the rest), so more would only add to the copy's memory.
constexpr size_t kStreamSendsAhead = 2;

// Runs `count` parts with at most kLftParallel at a time; `done` once with the first failure or OK.
struct Parts : std::enable_shared_from_this<Parts> {
    uint64_t count = 0;
    uint64_t next = 0;
    uint64_t finished = 0;
    bool failed = false;
    std::mutex mu;
    std::function<void(uint64_t index, std::function<void(Result)> part_done)> start_part;
    std::function<void(Result)> done;

    void pump() {
        for (;;) {
            uint64_t index;
            {
                std::lock_guard lock(mu);
                if (failed || next >= count || next - finished >= static_cast<uint64_t>(kLftParallel)) return;
                index = next++;
            }
            auto self = shared_from_this();
            start_part(index, [self](Result r) { self->part_done(r); });
        }
    }

    void part_done(Result r) {
        bool finish = false, report_failure = false;
        {
            std::lock_guard lock(mu);
            ++finished;
            if (r != OMNI_RESULT_OK && !failed) {
                failed = true;
                report_failure = true;
            }
            finish = !failed && finished == count;
        }
        if (report_failure) return done(r);
        if (finish) return done(OMNI_RESULT_OK);
        pump();
    }
};

std::string lft_root(std::string base) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

}  // namespace

void TransferControl::cancel() {
    std::vector<uint64_t> ids;
    {
        std::lock_guard lock(mu_);
        cancelled_ = true;
        ids = ids_;
    }
    for (uint64_t id : ids) http_.cancel(id);
}

bool TransferControl::track(uint64_t id) {
    {
        std::lock_guard lock(mu_);
        if (!cancelled_) {
            ids_.push_back(id);
            return true;
        }
    }
    http_.cancel(id);
    return false;
}

void TransferControl::untrack(uint64_t id) {
    std::lock_guard lock(mu_);
    ids_.erase(std::remove(ids_.begin(), ids_.end(), id), ids_.end());
}

std::vector<std::string> lft_headers(const ConnectionInfo& info, const std::string& path) {
    return {"Authorization-Token: " + info.session_token,
            "Authorization: Bearer " + info.access_token,
            "Connection-Token: " + info.connection_id,
            "Connection-Signature: " + info.connection_id_signature,
            "X-OV-Connection-ID: " + info.connection_id,
            "X-OV-URI: " + path,
            "Accept: */*",
            "Expect:"};  // no 100-continue round trip before each part
}

namespace {

// Our extension (docs/protocol.md): this client follows a 307 of its LFT GET to a presigned URL of
// the object store, sending it none of the session's headers. NVIDIA's client sends them on, so
// the server redirects only requests that carry this.
constexpr const char* kAcceptPresigned = "X-Omni-Accept-Presigned-Redirect: 1";

// How one part's GET ended: its response and the bytes the sink took.
using PartFinished = std::function<void(net::HttpResponse&&, uint64_t received)>;

// GETs bytes [begin, end) of `url` into `sink` (offsets from `from`).
void get_part(net::HttpClient& http, const std::string& url, std::vector<std::string> headers, uint64_t from, uint64_t begin,
              uint64_t end, const LftSink& sink, const std::shared_ptr<TransferControl>& control, PartFinished finished) {
    net::HttpRequest rq;
    rq.url = url;
    rq.headers = std::move(headers);
    rq.headers.push_back("Range: bytes=" + std::to_string(begin) + "-" + std::to_string(end - 1));
    auto received = std::make_shared<uint64_t>(0);
    rq.on_data = [sink, from, begin, end, received](const char* data, size_t n) {
        if (begin + *received + n > end) return false;  // more than asked for
        if (!sink(begin - from + *received, data, n)) return false;
        *received += n;
        return true;
    };
    auto id_holder = std::make_shared<std::atomic<uint64_t>>(0);
    uint64_t id = http.start(std::move(rq), [control, finished = std::move(finished), received, id_holder](net::HttpResponse&& r) {
        control->untrack(*id_holder);
        finished(std::move(r), *received);
    });
    *id_holder = id;
    control->track(id);
}

bool part_complete(const net::HttpResponse& r, uint64_t received, uint64_t begin, uint64_t end) {
    return r.transport_ok && (r.status == 206 || (r.status == 200 && begin == 0)) && received == end - begin;
}

std::string presigned_location(const net::HttpResponse& r) {
    if (!r.transport_ok || r.status != 307) return {};
    std::string location = r.header("location");
    return location.starts_with("https://") || location.starts_with("http://") ? location : std::string();
}

}  // namespace

void lft_download_to(net::HttpClient& http, std::vector<std::string> headers, const std::string& url, uint64_t from, uint64_t size,
                     uint64_t part_size, std::shared_ptr<TransferControl> control, LftSink sink,
                     std::function<void(Result)> done) {
    if (size == 0) return done(OMNI_RESULT_OK);
    auto parts = std::make_shared<Parts>();
    parts->count = (size + part_size - 1) / part_size;
    parts->done = std::move(done);
    // Once a redirected GET has failed, the download's other parts are streamed by the server.
    auto redirect_failed = std::make_shared<std::atomic<bool>>(false);
    parts->start_part = [&http, headers, url, from, size, part_size, sink, control, redirect_failed](uint64_t index,
                                                                                                   std::function<void(Result)> part_done) {
        if (control->cancelled()) return part_done(OMNI_RESULT_ERROR);
        uint64_t begin = from + index * part_size;
        uint64_t end = std::min(from + size, begin + part_size);  // exclusive
        auto streamed = [control, part_done, begin, end](net::HttpResponse&& r, uint64_t received) {
            if (part_complete(r, received, begin, end)) return part_done(OMNI_RESULT_OK);
            if (r.transport_ok && (r.status == 206 || r.status == 200)) {
                log(OMNI_LOG_WARNING, "nucleus", "LFT download part at " + std::to_string(begin) + " was short");
                return part_done(OMNI_RESULT_ERROR);
            }
            // A transfer stopped on purpose is no news.
            if (!control->cancelled())
                log(OMNI_LOG_WARNING, "nucleus", "Downloading a file failed: HTTP " + std::to_string(r.status) + " " + r.error);
            part_done(result_of_http(r));
        };
        if (redirect_failed->load()) return get_part(http, url, headers, from, begin, end, sink, control, streamed);
        auto offer = headers;
        offer.push_back(kAcceptPresigned);
        get_part(http, url, std::move(offer), from, begin, end, sink, control,
                 [&http, headers, url, from, begin, end, sink, control, redirect_failed, streamed](net::HttpResponse&& r, uint64_t received) {
                     std::string location = presigned_location(r);
                     if (location.empty()) return streamed(std::move(r), received);
                     // The object store's URL carries its own signature: no session header goes there.
                     get_part(http, location, {"Accept: */*"}, from, begin, end, sink, control,
                              [&http, headers, url, from, begin, end, sink, control, redirect_failed, streamed](net::HttpResponse&& r,
                                                                                                             uint64_t received) {
                                  if (part_complete(r, received, begin, end)) return streamed(std::move(r), received);
                                  if (control->cancelled()) return streamed(std::move(r), received);
                                  log(OMNI_LOG_WARNING, "nucleus", "Presigned download failed (HTTP " + std::to_string(r.status) + " " + r.error +
                                                                       "): the server streams it");
                                  redirect_failed->store(true);
                                  get_part(http, url, headers, from, begin, end, sink, control, streamed);
                              });
                 });
    };
    parts->pump();
}

void lft_download(net::HttpClient& http, std::vector<std::string> headers, const std::string& url, std::shared_ptr<uint8_t> buffer,
                  uint64_t size, uint64_t part_size, std::shared_ptr<TransferControl> control,
                  std::function<void(Result, Content)> done) {
    if (size == 0) return done(OMNI_RESULT_OK, Content());
    if (!buffer) return done(OMNI_RESULT_ERROR, Content());
    lft_download_to(http, std::move(headers), url, 0, size, part_size, std::move(control),
                    [buffer](uint64_t offset, const char* data, size_t n) {
                        std::memcpy(buffer.get() + offset, data, n);
                        return true;
                    },
                    [buffer, size, done](Result r) {
                        if (r != OMNI_RESULT_OK) return done(r, Content());
                        done(OMNI_RESULT_OK, Content(buffer, buffer.get(), size));
                    });
}

void lft_open_upload(net::HttpClient& http, const std::vector<std::string>& headers, const std::string& base, const std::string& path,
                     LftTarget target, std::shared_ptr<TransferControl> control, std::function<void(Result, std::string)> done) {
    bool version = target == LftTarget::ObjectVersion;
    nlohmann::json fields = {{"path", path}};
    if (version) fields["etag"] = "";
    auto body = std::make_shared<std::string>(fields.dump());
    net::HttpRequest open;
    open.method = version ? "PATCH" : "POST";
    open.url = lft_root(base) + (target == LftTarget::NewObject ? "/object/" : "/content/");
    open.headers = headers;
    open.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    open.body_owner = body;
    open.body = body->data();
    open.body_size = body->size();
    open.timeout_ms = 60000;
    uint64_t id = http.start(std::move(open), [done](net::HttpResponse&& r) {
        if (!r.transport_ok || r.status != 200) return done(result_of_http(r), {});
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        std::string content_id;
        if (j.is_object() && j.contains("content_id_numeric") && j["content_id_numeric"].is_number_unsigned())
            content_id = std::to_string(j["content_id_numeric"].get<uint64_t>());
        else if (j.is_object() && j.contains("content_id") && j["content_id"].is_string())
            content_id = j["content_id"].get<std::string>();
        else if (j.is_object() && j.contains("content_id") && j["content_id"].is_number_unsigned())
            content_id = std::to_string(j["content_id"].get<uint64_t>());
        done(content_id.empty() ? OMNI_RESULT_ERROR : OMNI_RESULT_OK, content_id);
    });
    control->track(id);
}

void lft_put_part(net::HttpClient& http, const std::vector<std::string>& headers, const std::string& base, const std::string& content_id,
                  uint64_t begin, uint64_t part_size, Content body, std::shared_ptr<TransferControl> control,
                  std::function<void(Result)> done) {
    if (control->cancelled()) return done(OMNI_RESULT_ERROR);
    auto keep = std::make_shared<Content>(std::move(body));
    net::HttpRequest put;
    put.method = "PUT";
    put.url = lft_root(base) + "/content/";
    put.headers = headers;
    put.headers.push_back("Content-ID: " + content_id);
    put.headers.push_back("Content-ID-Numeric: " + content_id);
    put.headers.push_back("Content-Start: " + std::to_string(begin));
    put.headers.push_back("Multipart-Chunk-Size: " + std::to_string(part_size));
    put.headers.push_back("Content-Type: application/octet-stream");
    put.body_owner = keep;
    put.body = reinterpret_cast<const char*>(keep->data());
    put.body_size = keep->size();
    auto id_holder = std::make_shared<std::atomic<uint64_t>>(0);
    uint64_t id = http.start(std::move(put), [control, done, id_holder](net::HttpResponse&& r) {
        control->untrack(*id_holder);
        if (r.transport_ok && r.status >= 200 && r.status < 300) return done(OMNI_RESULT_OK);
        if (!control->cancelled())
            log(OMNI_LOG_WARNING, "nucleus", "Uploading a file failed: HTTP " + std::to_string(r.status) + " " + r.error);
        done(result_of_http(r));
    });
    *id_holder = id;
    control->track(id);
}

void lft_upload(net::HttpClient& http, std::vector<std::string> headers, const std::string& base, const std::string& path,
                Content content, uint64_t part_size, std::shared_ptr<TransferControl> control,
                std::function<void(Result, std::string)> done, LftTarget target) {
    lft_open_upload(http, headers, base, path, target, control, [&http, headers, base, content, part_size, control, done](Result r, std::string content_id) {
        if (r != OMNI_RESULT_OK) return done(r, {});
        auto parts = std::make_shared<Parts>();
        parts->count = std::max<uint64_t>(1, (content.size() + part_size - 1) / part_size);
        parts->done = [done, content_id](Result result) { done(result, result == OMNI_RESULT_OK ? content_id : std::string()); };
        parts->start_part = [&http, headers, base, content, part_size, control, content_id](uint64_t index, std::function<void(Result)> part_done) {
            uint64_t begin = index * part_size;
            uint64_t end = std::min<uint64_t>(content.size(), begin + part_size);
            lft_put_part(http, headers, base, content_id, begin, part_size, content.slice(begin, end - begin), control, std::move(part_done));
        };
        parts->pump();
    });
}

LftStream::LftStream(net::HttpClient& http, std::vector<std::string> headers, std::string base, std::string path, uint64_t part_size,
                     std::shared_ptr<TransferControl> control)
    : http_(http), headers_(std::move(headers)), base_(std::move(base)), path_(std::move(path)), part_size_(std::max<uint64_t>(part_size, 1)),
      control_(std::move(control)) {}

void LftStream::open(std::function<void(Result)> done) {
    auto self = shared_from_this();
    lft_open_upload(http_, headers_, base_, path_, LftTarget::File, control_, [self, done](Result r, std::string content_id) {
        self->content_id_ = std::move(content_id);
        done(r);
    });
}

void LftStream::append(Content bytes, std::function<void(Result)> done) {
    // Whole parts go now (a part begun by earlier bytes first); the rest waits for more.
    std::vector<std::pair<uint64_t, Content>> parts;
    size_t used = 0;
    if (!waiting_.empty()) {
        used = std::min<size_t>(bytes.size(), part_size_ - waiting_.size());
        waiting_.insert(waiting_.end(), bytes.data(), bytes.data() + used);
        if (waiting_.size() == part_size_) {
            parts.emplace_back(sent_, Content::from_vector(std::move(waiting_)));
            waiting_.clear();
            sent_ += part_size_;
        }
    }
    while (bytes.size() - used >= part_size_) {
        parts.emplace_back(sent_, bytes.slice(used, part_size_));
        used += part_size_;
        sent_ += part_size_;
    }
    waiting_.insert(waiting_.end(), bytes.data() + used, bytes.data() + bytes.size());
    send_then(std::move(parts), false, std::move(done));
}

void LftStream::finish(std::function<void(Result, std::string)> done) {
    std::vector<std::pair<uint64_t, Content>> parts;
    // An empty upload still sends one (empty) part, as lft_upload does.
    if (!waiting_.empty() || sent_ == 0) parts.emplace_back(sent_, Content::from_vector(std::move(waiting_)));
    waiting_.clear();
    auto self = shared_from_this();
    send_then(std::move(parts), true, [self, done](Result r) { done(r, r == OMNI_RESULT_OK ? self->content_id_ : std::string()); });
}

void LftStream::send_then(std::vector<std::pair<uint64_t, Content>> parts, bool drain, std::function<void(Result)> done) {
    {
        std::lock_guard lock(mu_);
        if (failure_ == OMNI_RESULT_OK && !parts.empty()) ++sending_;
        else parts.clear();  // after a failure nothing more is sent
    }
    auto self = shared_from_this();
    if (!parts.empty()) send(std::move(parts), [self](Result r) { self->sent(r); });
    Result answer;
    {
        std::lock_guard lock(mu_);
        bool wait = drain ? sending_ > 0 : sending_ >= kStreamSendsAhead;
        if (failure_ == OMNI_RESULT_OK && wait) {
            waiter_ = std::move(done);
            waiter_drains_ = drain;
            return;
        }
        answer = failure_;
    }
    done(answer);
}

void LftStream::sent(Result r) {
    std::function<void(Result)> wake;
    Result answer;
    {
        std::lock_guard lock(mu_);
        --sending_;
        if (r != OMNI_RESULT_OK && failure_ == OMNI_RESULT_OK) failure_ = r;
        answer = failure_;
        bool room = waiter_drains_ ? sending_ == 0 : sending_ < kStreamSendsAhead;
        if (!waiter_ || !(room || failure_ != OMNI_RESULT_OK)) return;
        wake = std::exchange(waiter_, nullptr);
    }
    wake(answer);
}

void LftStream::send(std::vector<std::pair<uint64_t, Content>> parts, std::function<void(Result)> done) {
    if (parts.empty()) return done(OMNI_RESULT_OK);
    auto list = std::make_shared<std::vector<std::pair<uint64_t, Content>>>(std::move(parts));
    auto run = std::make_shared<Parts>();
    run->count = list->size();
    run->done = std::move(done);
    auto self = shared_from_this();
    run->start_part = [self, list](uint64_t index, std::function<void(Result)> part_done) {
        auto& [begin, body] = (*list)[index];
        lft_put_part(self->http_, self->headers_, self->base_, self->content_id_, begin, self->part_size_, std::move(body), self->control_,
                     std::move(part_done));
    };
    run->pump();
}

}  // namespace omniclient::nucleus
