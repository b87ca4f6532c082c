// LFT: large file transfer over HTTP beside the ConnLib socket. Uploads and downloads are split
// into multipart_chunk_size parts sent in parallel; content is never copied whole (a download
// fills one buffer or goes straight to a file, an upload sends slices of the caller's content).
#pragma once

#include "core/types.h"
#include "net/http_client.h"
#include "providers/nucleus/session.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace omniclient::nucleus {

// Cancels a transfer's HTTP requests from any thread.
class TransferControl {
public:
    explicit TransferControl(net::HttpClient& http) : http_(http) {}
    void cancel();
    bool cancelled() const { return cancelled_.load(); }
    // Registers a started request; false (and cancels it) when already cancelled.
    bool track(uint64_t id);
    void untrack(uint64_t id);

private:
    net::HttpClient& http_;
    std::atomic<bool> cancelled_{false};
    std::mutex mu_;
    std::vector<uint64_t> ids_;
};

// The HTTP headers LFT requests carry, from the connection's tokens.
std::vector<std::string> lft_headers(const ConnectionInfo& info, const std::string& path);

constexpr int kLftParallel = 4;

// Where downloaded bytes go, as they arrive (parts in parallel, so offsets come in any order);
// called on the HTTP thread; false aborts the transfer.
using LftSink = std::function<bool(uint64_t offset, const char* data, size_t size)>;

// GETs bytes [from, from + size) of `url` in parts into `sink` (offsets from `from`); `done` runs
// once on the HTTP thread.
void lft_download_to(net::HttpClient& http, std::vector<std::string> headers, const std::string& url, uint64_t from, uint64_t size,
                     uint64_t part_size, std::shared_ptr<TransferControl> control, LftSink sink,
                     std::function<void(Result)> done);

// The same into `buffer`, of `size` bytes; `done` gets it as the content.
void lft_download(net::HttpClient& http, std::vector<std::string> headers, const std::string& url, std::shared_ptr<uint8_t> buffer,
                  uint64_t size, uint64_t part_size, std::shared_ptr<TransferControl> control,
                  std::function<void(Result, Content)> done);

// What an upload's content becomes, which decides how it asks for its content id, as the
// original does: a file (`POST /content/ {path}`), a new live object (`POST /object/ {path}`), or
// a new version of a live object (`PATCH /content/ {etag:"", path}`).
enum class LftTarget { File, NewObject, ObjectVersion };

// Asks for a content id as `target` needs, then PUTs the parts; `done` gets the content id (HTTP
// thread).
void lft_upload(net::HttpClient& http, std::vector<std::string> headers, const std::string& base, const std::string& path,
                Content content, uint64_t part_size, std::shared_ptr<TransferControl> control,
                std::function<void(Result, std::string content_id)> done, LftTarget target = LftTarget::File);

// An upload fed in pieces of any size (copies from other providers): bytes go out in
// `part_size` parts at their offsets as soon as a part is whole; finish() sends the last one and
// gives the content id that create_asset names. append() and finish() are called one at a time.
class LftStream : public std::enable_shared_from_this<LftStream> {
public:
    LftStream(net::HttpClient& http, std::vector<std::string> headers, std::string base, std::string path, uint64_t part_size,
              std::shared_ptr<TransferControl> control);
    // POSTs for the content id.
    void open(std::function<void(Result)> done);
    // `done` once the whole parts these bytes complete are on their way and few enough sends are
    // in flight (a part sent earlier that failed fails it): a copy's next part then moves while
    // earlier ones are still being stored, as lft_upload's parts do.
    void append(Content bytes, std::function<void(Result)> done);
    // `done` once every part is stored, with the first failure if any.
    void finish(std::function<void(Result, std::string content_id)> done);

private:
    void send(std::vector<std::pair<uint64_t, Content>> parts, std::function<void(Result)> done);
    // Sends `parts` (if any), then answers `done` now or once there is room (or all are stored,
    // with `drain`).
    void send_then(std::vector<std::pair<uint64_t, Content>> parts, bool drain, std::function<void(Result)> done);
    void sent(Result r);

    net::HttpClient& http_;
    std::vector<std::string> headers_;
    std::string base_, path_;
    uint64_t part_size_;
    std::shared_ptr<TransferControl> control_;
    std::string content_id_;
    std::vector<uint8_t> waiting_;  // the start of a part not yet whole
    uint64_t sent_ = 0;             // where the next part begins
    std::mutex mu_;                 // guards what follows (sends end on the HTTP thread)
    size_t sending_ = 0;            // sends (of one append's parts each) in flight
    Result failure_ = OMNI_RESULT_OK;
    std::function<void(Result)> waiter_;  // the append or finish waiting for room or for the last send
    bool waiter_drains_ = false;          // the waiter is finish: it waits for every send
};

}  // namespace omniclient::nucleus
