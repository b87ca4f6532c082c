#include "providers/http_transport/parts.h"

#include "core/local_copy.h"
#include "providers/http_transport/web.h"

#include <cstring>
#include <mutex>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::http {

namespace {

struct PartRunner : std::enable_shared_from_this<PartRunner> {
    uint64_t count = 0;
    int parallel = 1;
    uint64_t next = 0;
    uint64_t finished = 0;
    bool failed = false;
    std::mutex mu;
    std::function<void(uint64_t, PartDone)> start;
    PartDone done;

    void pump() {
        for (;;) {
            uint64_t index;
            {
                std::lock_guard lock(mu);
                if (failed || next >= count || next - finished >= static_cast<uint64_t>(parallel)) return;
                index = next++;
            }
            start(index, [self = shared_from_this()](Result r) { self->part_done(r); });
        }
    }

    void part_done(Result r) {
        bool report = false;
        {
            std::lock_guard lock(mu);
            ++finished;
            if (failed) return;
            if (r != OMNI_RESULT_OK) failed = report = true;
            else report = finished == count;
        }
        if (report) return done(r);
        pump();
    }
};

// "bytes 0-4194303/123456789" → 123456789; 0 when absent or unknown ("*").
uint64_t total_of_content_range(const std::string& range) {
    size_t slash = range.rfind('/');
    if (slash == std::string::npos) return 0;
    try {
        return std::stoull(range.substr(slash + 1));
    } catch (...) {
        return 0;
    }
}

std::string range_header(uint64_t first, uint64_t last) {
    return "Range: bytes=" + std::to_string(first) + "-" + std::to_string(last);
}

}  // namespace

void run_parts(uint64_t count, int parallel, std::function<void(uint64_t, PartDone)> start, PartDone done) {
    if (count == 0) return done(OMNI_RESULT_OK);
    auto runner = std::make_shared<PartRunner>();
    runner->count = count;
    runner->parallel = std::max(parallel, 1);
    runner->start = std::move(start);
    runner->done = std::move(done);
    runner->pump();
}

void ranged_read(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make,
                 std::function<void(RangedRead&&)> done) {
    auto first_request = [make] {
        net::HttpRequest rq = make();
        rq.headers.push_back(range_header(0, kFirstRange - 1));
        return rq;
    };
    transport.send(transfers, first_request, [&transport, transfers, make, done](net::HttpResponse&& r) {
        RangedRead read;
        if (r.transport_ok && r.status == 416) {  // an empty object has no byte 0
            read.result = OMNI_RESULT_OK;
            read.head = std::move(r);
            return done(std::move(read));
        }
        read.result = result_of(r);
        uint64_t total = r.status == 206 ? total_of_content_range(r.header("content-range")) : r.body.size();
        if (read.result != OMNI_RESULT_OK || total <= r.body.size()) {
            if (read.result == OMNI_RESULT_OK) {
                auto body = std::make_shared<const std::string>(std::move(r.body));
                read.content = Content(body, reinterpret_cast<const uint8_t*>(body->data()), body->size());
            }
            read.head = std::move(r);
            return done(std::move(read));
        }
        std::shared_ptr<uint8_t[]> buffer(new (std::nothrow) uint8_t[total]);
        if (!buffer) {
            read.result = OMNI_RESULT_ERROR;
            return done(std::move(read));
        }
        const uint64_t first_size = r.body.size();
        std::memcpy(buffer.get(), r.body.data(), first_size);
        r.body.clear();
        r.body.shrink_to_fit();
        std::string etag = r.header("etag");
        auto head = std::make_shared<net::HttpResponse>(std::move(r));
        uint64_t count = (total - first_size + kNextRanges - 1) / kNextRanges;
        auto start_range = [&transport, transfers, make, buffer, first_size, total, etag](uint64_t index, PartDone part_done) {
            uint64_t first = first_size + index * kNextRanges;
            uint64_t last = std::min(total, first + kNextRanges) - 1;
            auto received = std::make_shared<uint64_t>(0);
            auto request = [make, buffer, first, last, etag, received] {
                net::HttpRequest rq = make();
                rq.headers.push_back(range_header(first, last));
                if (!etag.empty()) rq.headers.push_back("If-Match: " + etag);
                *received = 0;  // a retry starts the range again
                rq.on_data = [buffer, first, last, received](const char* data, size_t n) {
                    if (first + *received + n > last + 1) return false;  // more than asked for
                    std::memcpy(buffer.get() + first + *received, data, n);
                    *received += n;
                    return true;
                };
                return rq;
            };
            transport.send(transfers, request, [part_done, received, first, last](net::HttpResponse&& r) {
                if (r.transport_ok && r.status == 206 && *received == last - first + 1) return part_done(OMNI_RESULT_OK);
                part_done(r.transport_ok && r.status < 300 ? OMNI_RESULT_ERROR : result_of(r));
            });
        };
        run_parts(count, kParallelRanges, start_range, [transfers, buffer, total, head, done](Result result) {
            if (result != OMNI_RESULT_OK) transfers->cancel();
            RangedRead read;
            read.result = result;
            if (result == OMNI_RESULT_OK) read.content = Content(buffer, buffer.get(), total);
            read.head = std::move(*head);
            done(std::move(read));
        });
    });
}

void read_range(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make, uint64_t offset, uint64_t length,
                Done<ReadResult> done) {
    if (length == 0) return done(ReadResult{OMNI_RESULT_OK, "", Content()});
    auto request = [make, offset, length] {
        net::HttpRequest rq = make();
        rq.headers.push_back(range_header(offset, offset + length - 1));
        return rq;
    };
    transport.send(std::move(transfers), request, [offset, length, done](net::HttpResponse&& r) {
        if (r.transport_ok && r.status == 416) return done(ReadResult{OMNI_RESULT_OK, unquote_etag(r.header("etag")), Content()});
        Result result = result_of(r);
        if (result != OMNI_RESULT_OK) return done(error_answer<ReadResult>(result));
        auto body = std::make_shared<const std::string>(std::move(r.body));
        Content content(body, reinterpret_cast<const uint8_t*>(body->data()), body->size());
        if (r.status != 206)  // the whole object
            content = offset >= content.size() ? Content() : content.slice(offset, std::min<uint64_t>(length, content.size() - offset));
        done(ReadResult{OMNI_RESULT_OK, unquote_etag(r.header("etag")), std::move(content)});
    });
}

void local_copy(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make_get, const std::string& key,
                const ListEntry& entry, bool download, Done<StringResult> done) {
    std::string dir = local_cache_dir();
    if (dir.empty()) return done(error_answer<StringResult>(OMNI_RESULT_ERROR));
    // (a web server may give no ETag: the time and size tell versions apart too)
    std::string version = entry.version + "_" + std::to_string(entry.modified_time) + "_" + std::to_string(entry.size);
    std::string file = local_copy_name(dir, key, entry.relative_path, version);
    if (!download || ::access(file.c_str(), F_OK) == 0) return done(StringResult{OMNI_RESULT_OK, file});
    auto out = PartFile::create(file);
    if (!out) return done(error_answer<StringResult>(OMNI_RESULT_ERROR));
    auto written = std::make_shared<uint64_t>(0);
    auto request = [make_get, out, written] {
        net::HttpRequest rq = make_get();
        *written = 0;  // a retry writes it again from the start
        rq.on_data = [out, written](const char* data, size_t n) {
            if (!out->write(*written, data, n)) return false;
            *written += n;
            return true;
        };
        return rq;
    };
    transport.send(std::move(transfers), request, [out, written, file, modified = entry.modified_time, done](net::HttpResponse&& r) {
        Result result = result_of(r);
        if (result == OMNI_RESULT_OK && !(out->resize(*written) && out->commit())) result = OMNI_RESULT_ERROR;
        if (result != OMNI_RESULT_OK) return done(error_answer<StringResult>(result));
        const timespec times[2] = {{0, UTIME_NOW}, {static_cast<time_t>(modified / 1000000000), static_cast<long>(modified % 1000000000)}};
        ::utimensat(AT_FDCWD, file.c_str(), times, 0);
        done(StringResult{OMNI_RESULT_OK, file});
    });
}

}  // namespace omniclient::http
