#include "providers/http_transport/multipart.h"

#include "providers/http_transport/web.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

namespace omniclient::http {

uint64_t part_size_for(uint64_t total, uint64_t min_part, uint64_t max_parts) {
    return std::max(min_part, (total + max_parts - 1) / max_parts);
}

PartUpload::PartUpload(MultipartOps ops, std::shared_ptr<Transfers> transfers, uint64_t part_size, int parallel)
    : ops_(std::move(ops)), transfers_(std::move(transfers)), part_size_(part_size), parallel_(static_cast<size_t>(std::max(parallel, 1))) {}

Content PartUpload::take_buffer() {
    std::vector<Content> pieces;
    pieces.swap(buffer_);
    uint64_t size = std::exchange(buffered_, 0);
    if (pieces.size() == 1) return pieces.front();
    std::shared_ptr<uint8_t[]> joined(new (std::nothrow) uint8_t[size]);
    if (!joined) return Content();  // (reported by the caller: a part shorter than what was appended)
    uint64_t at = 0;
    for (const auto& piece : pieces) {
        if (piece.size()) std::memcpy(joined.get() + at, piece.data(), piece.size());
        at += piece.size();
    }
    return Content(joined, joined.get(), size);
}

void PartUpload::append(Content part, Done<ResultOnly> done) {
    bool start = false;
    {
        std::lock_guard lock(mu_);
        append_done_ = std::move(done);
        if (failure_ == OMNI_RESULT_OK) {
            buffered_ += part.size();
            buffer_.push_back(std::move(part));
            if (buffered_ >= part_size_) {
                uint64_t expected = buffered_;
                waiting_part_ = take_buffer();
                if (waiting_part_->size() != expected) failure_ = OMNI_RESULT_ERROR;  // out of memory
                start = started_ == Started::No && failure_ == OMNI_RESULT_OK;
                if (start) started_ = Started::Starting;
            }
        }
    }
    if (start) {
        ops_.start([self = shared_from_this()](Result r, std::string id) {
            {
                std::lock_guard lock(self->mu_);
                self->started_ = r == OMNI_RESULT_OK ? Started::Yes : Started::No;
                self->id_ = std::move(id);
            }
            if (r != OMNI_RESULT_OK) return self->fail(r);
            self->advance();
        });
    }
    advance();
}

void PartUpload::commit(Done<WriteResult> done) {
    std::optional<Content> whole;
    {
        std::lock_guard lock(mu_);
        commit_done_ = std::move(done);
        if (failure_ == OMNI_RESULT_OK && started_ == Started::No) {
            committing_ = true;
            whole = take_buffer();
        } else if (failure_ == OMNI_RESULT_OK && buffered_ > 0) {
            waiting_part_ = take_buffer();  // the last part, which may be short
        }
    }
    if (whole) {
        return ops_.put_whole(std::move(*whole), [self = shared_from_this()](Result r, std::string etag) {
            Done<WriteResult> answer;
            {
                std::lock_guard lock(self->mu_);
                self->committing_ = false;
                if (r == OMNI_RESULT_OK) self->committed_ = true;
                answer = std::move(self->commit_done_);
            }
            answer(WriteResult{r, {unquote_etag(etag), ""}});
        });
    }
    advance();
}

void PartUpload::abort() { fail(OMNI_RESULT_ERROR); }

void PartUpload::fail(Result failure) {
    {
        std::lock_guard lock(mu_);
        if (committed_) return;
        if (failure_ == OMNI_RESULT_OK) failure_ = failure;
    }
    transfers_->cancel();
    advance();  // (also for a later failure: it may be the last part in flight)
}

void PartUpload::advance() {
    std::vector<std::function<void()>> actions;
    {
        std::lock_guard lock(mu_);
        auto self = shared_from_this();
        bool idle = in_flight_ == 0 && started_ != Started::Starting && !committing_;
        if (failure_ != OMNI_RESULT_OK) {
            waiting_part_.reset();
            buffer_.clear();
            buffered_ = 0;
            if (idle && started_ == Started::Yes && !dropped_) {
                dropped_ = dropping_ = true;
                actions.push_back([self, id = id_] {
                    self->ops_.drop(id, [self] {
                        {
                            std::lock_guard lock(self->mu_);
                            self->dropping_ = false;
                        }
                        self->advance();
                    });
                });
            }
            if (idle && !dropping_) {  // what was sent is gone: the failure may be told
                Result failure = failure_;
                if (append_done_) actions.push_back([done = std::move(append_done_), failure] { done(ResultOnly{failure}); });
                if (commit_done_) actions.push_back([done = std::move(commit_done_), failure] { done(error_answer<WriteResult>(failure)); });
                append_done_ = nullptr;
                commit_done_ = nullptr;
            }
        } else {
            if (waiting_part_ && started_ == Started::Yes && in_flight_ < parallel_) {
                uint64_t index = tags_.size();
                tags_.emplace_back();
                ++in_flight_;
                actions.push_back([self, id = id_, index, part = std::move(*waiting_part_)] {
                    self->ops_.put_part(id, index, part, [self, index](Result r, std::string tag) {
                        {
                            std::lock_guard lock(self->mu_);
                            --self->in_flight_;
                            self->tags_[index] = std::move(tag);
                        }
                        if (r != OMNI_RESULT_OK) return self->fail(r);
                        self->advance();
                    });
                });
                waiting_part_.reset();
            }
            if (append_done_ && !waiting_part_ && in_flight_ < parallel_) {
                actions.push_back([done = std::move(append_done_)] { done(ResultOnly{OMNI_RESULT_OK}); });
                append_done_ = nullptr;
            }
            if (commit_done_ && !waiting_part_ && in_flight_ == 0 && !committing_ && started_ == Started::Yes) {
                committing_ = true;
                actions.push_back([self, id = id_, tags = tags_] {
                    self->ops_.commit(id, tags, [self](Result r, std::string etag) {
                        Done<WriteResult> answer;
                        {
                            std::lock_guard lock(self->mu_);
                            self->committing_ = false;
                            if (r == OMNI_RESULT_OK) {
                                self->committed_ = true;
                                answer = std::move(self->commit_done_);
                            }
                        }
                        if (r != OMNI_RESULT_OK) return self->fail(r);  // drops the parts, then tells
                        answer(WriteResult{OMNI_RESULT_OK, {unquote_etag(etag), ""}});
                    });
                });
            }
        }
    }
    for (auto& action : actions) action();
}

namespace {

struct ContentFeed : std::enable_shared_from_this<ContentFeed> {
    std::shared_ptr<Upload> upload;
    Content content;
    uint64_t slice = 0;
    uint64_t offset = 0;
    Done<WriteResult> done;

    void next() {
        if (offset >= content.size()) return upload->commit(std::move(done));
        uint64_t size = std::min<uint64_t>(slice, content.size() - offset);
        Content part = content.slice(offset, size);
        offset += size;
        upload->append(std::move(part), [self = shared_from_this()](ResultOnly&& a) {
            if (a.result != OMNI_RESULT_OK) return self->done(error_answer<WriteResult>(a.result));
            self->next();
        });
    }
};

}  // namespace

void upload_content(std::shared_ptr<Upload> upload, Content content, uint64_t slice, Done<WriteResult> done) {
    auto feed = std::make_shared<ContentFeed>();
    feed->upload = std::move(upload);
    feed->content = std::move(content);
    feed->slice = std::max<uint64_t>(slice, 1);
    feed->done = std::move(done);
    feed->next();
}

}  // namespace omniclient::http
