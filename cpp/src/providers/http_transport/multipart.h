// Writing one object in parts, as S3's multipart upload and Azure's blocks do: parts are sent as
// they fill (a few in flight), and the object appears only when the last step commits them. What
// was sent of an upload that fails or is aborted is dropped before anyone hears of the failure.
// Used for large write_file content and for copies from other providers (Streams::open_upload).
#pragma once

#include "providers/http_transport/transport.h"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace omniclient::http {

// The backend's requests for one object, bound to its address, credentials and Transfers.
struct MultipartOps {
    using Tagged = std::function<void(Result, std::string)>;
    // Begins an upload; answers its id (S3's UploadId; "" where the service needs none).
    std::function<void(Tagged)> start;
    // Sends part `index` (0-based) of the upload `id`; answers what the commit must name it by.
    std::function<void(const std::string& id, uint64_t index, Content part, Tagged)> put_part;
    // Commits the parts, named by their tags in order; answers the object's ETag.
    std::function<void(const std::string& id, std::vector<std::string> tags, Tagged)> commit;
    // Drops the upload's parts; runs even after a stop. `then` once it went through (or failed).
    std::function<void(const std::string& id, std::function<void()> then)> drop;
    // The whole object in one request, for content smaller than one part; answers its ETag.
    std::function<void(Content, Tagged)> put_whole;
};

// The part size for an object of about `total` bytes: at least `min_part`, and large enough that
// it needs no more than `max_parts` parts.
uint64_t part_size_for(uint64_t total, uint64_t min_part, uint64_t max_parts);

class PartUpload final : public Upload, public std::enable_shared_from_this<PartUpload> {
public:
    // Parts of at least `part_size` bytes (appended content is gathered until it reaches that),
    // at most `parallel` in flight; `transfers` is cancelled when the upload fails or is aborted.
    PartUpload(MultipartOps ops, std::shared_ptr<Transfers> transfers, uint64_t part_size, int parallel);

    // Answers once the content is buffered or on its way (later, while `parallel` parts are in flight).
    void append(Content part, Done<ResultOnly> done) override;
    void commit(Done<WriteResult> done) override;
    void abort() override;

private:
    enum class Started { No, Starting, Yes };

    // Does what the state allows: send the waiting part, commit, drop, answer the caller.
    void advance();
    void fail(Result failure);
    // The buffered content as one part (copied together only when it came in several pieces).
    Content take_buffer();

    const MultipartOps ops_;
    const std::shared_ptr<Transfers> transfers_;
    const uint64_t part_size_;
    const size_t parallel_;

    std::mutex mu_;
    std::vector<Content> buffer_;
    uint64_t buffered_ = 0;
    std::optional<Content> waiting_part_;  // full, to be sent once the upload has started
    Started started_ = Started::No;
    std::string id_;
    std::vector<std::string> tags_;
    size_t in_flight_ = 0;
    Result failure_ = OMNI_RESULT_OK;
    bool committing_ = false, committed_ = false, dropping_ = false, dropped_ = false;
    Done<ResultOnly> append_done_;
    Done<WriteResult> commit_done_;
};

// Writes `content` through `upload` in slices of `slice` bytes, then commits it.
void upload_content(std::shared_ptr<Upload> upload, Content content, uint64_t slice, Done<WriteResult> done);

}  // namespace omniclient::http
