#include "core/transfer.h"

#include "core/pages.h"
#include "core/runtime.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace omniclient {
namespace {

// The size of the parts read and appended. 16 MiB parts (three held) moved 1 GiB from our server
// into tmpfs only a few percent faster, and made the parts S3 and Azure receive larger too.
constexpr uint64_t kPartSize = 8ull << 20;
// How many parts one file copy holds at most (being read, waiting for their turn, being
// appended): reads run ahead of the appends, since one read at a time leaves a fast destination
// waiting on each part's round trip; this bounds the memory a copy of any size takes. A remote
// source's reads each wait a round trip before their bytes come: with 6 held, 1 GiB came down
// from our server into tmpfs 12% faster than with 4, with 8 another 5-7% (32 MiB more at the
// peak than 4); a local source is read at once, and more held would only cost memory.
constexpr size_t kPartsHeldLocal = 4;
constexpr size_t kPartsHeldRemote = 8;
// How many items of a folder are copied at once.
constexpr size_t kItemsInFlight = 4;
// A move's deletions at its source, each a check and a delete, are short requests: more at once.
constexpr size_t kRemovalsInFlight = 32;
// A file whose parts come with different versions changed while it was read: its copy is
// dropped and made again from the start, up to this many times in all; then it fails with
// ERROR_BAD_VERSION (no provider gives that result otherwise). Sources that tell no version
// (a web server without ETags) cannot be checked.
constexpr int kCopyAttempts = 3;

// One end of a transfer: the provider serving a URL, and the URL.
struct End {
    Provider* provider;
    Target target;
};

bool offers(Provider* p, OpKind kind) { return p && p->capabilities().test(static_cast<size_t>(kind)); }

// Calls a provider where it wants to be called: local providers block, so they run on the pool.
void call(Runtime& rt, const End& end, Task task) {
    if (end.provider->is_local()) rt.pool().post(std::move(task));
    else task();
}

// The URL of the item `name` in the folder `folder` names.
Target child(const Target& folder, const std::string& name) {
    if (!folder.parts.scheme) {  // a raw path is taken literally, so is the name
        std::string path = folder.url;
        if (path.empty() || path.back() != '/') path.push_back('/');
        return Runtime::make_target(path + name);
    }
    return Runtime::make_target(url::join(folder.url, name).value_or(folder.url));
}

// The buffers of one file copy's full parts, each taken again once its part is appended: mapping,
// populating and unmapping a new one per part took a fifth of the client's CPU in a download.
class PartBuffers : public std::enable_shared_from_this<PartBuffers> {
public:
    std::shared_ptr<uint8_t> take(size_t size) {
        if (size != kPartSize) return map_pages(size);
        std::shared_ptr<uint8_t> mapping;
        {
            std::lock_guard lock(mu_);
            if (!free_.empty()) {
                mapping = std::move(free_.back());
                free_.pop_back();
            }
        }
        if (!mapping) mapping = map_pages(size);
        if (!mapping) return nullptr;
        std::weak_ptr<PartBuffers> weak = weak_from_this();
        // Handed back when the part's last owner lets go, on whichever thread that is.
        return std::shared_ptr<uint8_t>(mapping.get(), [weak, mapping](uint8_t*) mutable {
            if (auto pool = weak.lock()) pool->give_back(std::move(mapping));
        });
    }

private:
    void give_back(std::shared_ptr<uint8_t> mapping) {
        std::lock_guard lock(mu_);
        if (free_.size() < kPartsHeldRemote) free_.push_back(std::move(mapping));
    }

    std::mutex mu_;
    std::vector<std::shared_ptr<uint8_t>> free_;
};

// An item a folder's copy wrote, for a move to delete at the source: a file with the version
// read ("" when the source tells none), or a folder (after the items in it).
struct CopiedEntry {
    Target source;
    std::string version;
    bool folder = false;
};

// How the copy of one item ended: for a file, the version of the source it copied ("" when the
// source tells none); for a folder, everything it copied, itself last.
struct CopiedItem {
    Result result = OMNI_RESULT_ERROR;
    std::string version;
    std::vector<CopiedEntry> copied;
};

// One file: reads parts from the source, several ahead, and appends them to the destination in
// order, one at a time. Reads go ahead only within the size the source stated; past it (a file
// that grew, a source that states none) one part at a time until a short part marks the end.
class FileCopy : public std::enable_shared_from_this<FileCopy> {
public:
    FileCopy(Runtime& rt, OpContext ctx, End src, End dst, UploadArgs args, Done<CopiedItem> done)
        : rt_(rt),
          ctx_(std::move(ctx)),
          read_ctx_(ctx_.with_buffers(std::make_shared<const BufferSource>(
              [buffers = std::make_shared<PartBuffers>()](size_t size) { return buffers->take(size); }))),
          src_(std::move(src)),
          dst_(std::move(dst)),
          args_(std::move(args)),
          done_(std::move(done)),
          parts_held_(src_.provider->is_local() ? kPartsHeldLocal : kPartsHeldRemote) {}

    // The first reads start with the upload's opening: a small file is read by the time it is open.
    void start() {
        auto self = shared_from_this();
        ctx_.on_stop([self] { self->finish(OMNI_RESULT_ERROR); });
        call(rt_, dst_, [self] {
            if (self->finished()) return;  // stopped already: no upload to open and drop
            self->dst_.provider->facet<Streams>().open_upload(self->ctx_, self->dst_.target, self->args_, [self](UploadResult&& a) {
                if (a.result != OMNI_RESULT_OK) return self->finish(a.result);
                std::shared_ptr<Upload> upload = std::move(a.upload);
                {
                    std::lock_guard lock(self->mu_);
                    if (!self->finished_) self->upload_ = std::move(upload);
                }
                if (upload) return upload->abort();  // opened after the copy ended
                self->pump();
            });
        });
        pump();
    }

private:
    bool finished() {
        std::lock_guard lock(mu_);
        return finished_;
    }

    // Starts whatever can run now: reads, the next append, or the commit.
    void pump() {
        std::vector<uint64_t> reads;
        Content part;
        std::shared_ptr<Upload> upload;
        bool append = false, commit = false;
        {
            std::lock_guard lock(mu_);
            if (finished_) return;
            while (!end_ && reads_in_flight_ + arrived_.size() + (appending_ ? 1 : 0) < parts_held_ &&
                   (read_offset_ < args_.size || reads_in_flight_ == 0)) {
                reads.push_back(read_offset_);
                read_offset_ += kPartSize;
                ++reads_in_flight_;
            }
            upload = upload_;
            auto next = arrived_.find(append_offset_);
            if (upload && !appending_ && next != arrived_.end()) {
                appending_ = append = true;
                part = std::move(next->second);
                arrived_.erase(next);
            } else if (upload && end_ && *end_ == append_offset_ && !appending_ && !committing_) {
                committing_ = commit = true;
            }
        }
        auto self = shared_from_this();
        for (uint64_t offset : reads) {
            call(rt_, src_, [self, offset] {
                self->src_.provider->facet<Streams>().read_range(self->read_ctx_, self->src_.target, offset, kPartSize,
                                                                 [self, offset](ReadResult&& a) { self->read(offset, std::move(a)); });
            });
        }
        if (append) {
            uint64_t bytes = part.size();
            upload->append(std::move(part), [self, bytes](ResultOnly&& a) { self->appended(a.result, bytes); });
        } else if (commit) {
            upload->commit([self](WriteResult&& a) { self->finish(a.result, a.result == OMNI_RESULT_OK); });
        }
    }

    void read(uint64_t offset, ReadResult&& a) {
        if (a.result != OMNI_RESULT_OK) return finish(a.result);
        {
            std::lock_guard lock(mu_);
            --reads_in_flight_;
            if (finished_ || (end_ && offset >= *end_)) return;  // past an end a shorter part found
            if (!a.version.empty() && version_.empty()) version_ = a.version;
            // A part with no version (an object store's answer past the end carries none) can
            // still show a change: an end short of the size the source stated.
            bool changed = a.version.empty() ? !version_.empty() && a.content.size() < kPartSize &&
                                                   offset + a.content.size() < args_.size
                                             : a.version != version_;
            if (changed) {
                a.result = OMNI_RESULT_ERROR_BAD_VERSION;  // the source changed since the first part read
            } else {
                if (a.content.size() < kPartSize) {
                    end_ = offset + a.content.size();
                    arrived_.erase(arrived_.lower_bound(*end_), arrived_.end());
                }
                if (a.content.size() > 0) arrived_.emplace(offset, std::move(a.content));
            }
        }
        if (a.result != OMNI_RESULT_OK) return finish(a.result);
        pump();
    }

    void appended(Result r, uint64_t bytes) {
        if (r != OMNI_RESULT_OK) return finish(r);
        int percent;
        {
            std::lock_guard lock(mu_);
            appending_ = false;
            append_offset_ += bytes;
            percent = static_cast<int>(append_offset_ * 100 / std::max<uint64_t>(args_.size, 1));
        }
        // How far the copy is, for progress displays: 0 and 100 come from the operation itself.
        if (percent > 0 && percent < 100) rt_.report_file_status(src_.target.url, OMNI_FILE_STATUS_COPYING, percent);
        pump();
    }

    // The first end wins: an unfinished upload is dropped, so the destination keeps what it had,
    // and so are the parts read (reads still under way are dropped as they answer).
    void finish(Result r, bool committed = false) {
        std::shared_ptr<Upload> upload;
        std::map<uint64_t, Content> parts;
        CopiedItem copied{r, {}, {}};
        {
            std::lock_guard lock(mu_);
            if (finished_) return;
            finished_ = true;
            upload = std::move(upload_);
            parts.swap(arrived_);
            if (committed) copied.version = version_;
        }
        if (upload && !committed) upload->abort();
        done_(std::move(copied));
    }

    Runtime& rt_;
    OpContext ctx_;
    OpContext read_ctx_;  // ctx_, with the parts' buffers reused
    End src_, dst_;
    UploadArgs args_;
    Done<CopiedItem> done_;
    std::mutex mu_;
    std::shared_ptr<Upload> upload_;
    std::map<uint64_t, Content> arrived_;  // parts read, by offset, waiting for their turn
    std::optional<uint64_t> end_;           // the source's size, once a short part showed it
    std::string version_;                   // the source's version, as the first part read told it
    uint64_t read_offset_ = 0, append_offset_ = 0;
    const size_t parts_held_;
    size_t reads_in_flight_ = 0;
    bool appending_ = false, committing_ = false, finished_ = false;
};

void copy_item(Runtime& rt, OpContext ctx, End src, End dst, const CopyArgs& args, Done<CopiedItem> done, int attempt = 1);

// One folder: made at the destination (or merged into one there, when overwriting), then its
// items copied a few at a time. The first failure ends it.
class FolderCopy : public std::enable_shared_from_this<FolderCopy> {
public:
    FolderCopy(Runtime& rt, OpContext ctx, End src, End dst, CopyArgs args, Done<CopiedItem> done)
        : rt_(rt), ctx_(std::move(ctx)), src_(std::move(src)), dst_(std::move(dst)), args_(std::move(args)), done_(std::move(done)) {
        args_.kind = CopyKind::Any;  // the items of a folder are files and folders alike
    }

    void start() {
        auto self = shared_from_this();
        call(rt_, dst_, [self] {
            self->dst_.provider->stat(self->ctx_, self->dst_.target, OMNI_LIST_NO_DELETED_FILES, [self](StatResult&& a) {
                if (a.result == OMNI_RESULT_OK) {
                    if (self->args_.behavior != OMNI_COPY_OVERWRITE) return self->finish(OMNI_RESULT_ERROR_ALREADY_EXISTS);
                    if (!(a.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN)) return self->finish(OMNI_RESULT_ERROR_WRONG_TYPE);
                    return self->list();
                }
                if (a.result != OMNI_RESULT_ERROR_NOT_FOUND) return self->finish(a.result);
                call(self->rt_, self->dst_, [self] {
                    self->dst_.provider->create_folder(self->ctx_, self->dst_.target, [self](ResultOnly&& made) {
                        if (made.result != OMNI_RESULT_OK && made.result != OMNI_RESULT_ERROR_ALREADY_EXISTS) return self->finish(made.result);
                        self->list();
                    });
                });
            });
        });
    }

private:
    void list() {
        auto self = shared_from_this();
        call(rt_, src_, [self] {
            self->src_.provider->list(self->ctx_, self->src_.target, OMNI_LIST_NO_DELETED_FILES, [self](ListResult&& a) {
                if (a.result != OMNI_RESULT_OK) return self->finish(a.result);
                {
                    std::lock_guard lock(self->mu_);
                    for (auto& e : a.entries) self->todo_.push_back(std::move(e.relative_path));
                }
                self->next();
            });
        });
    }

    void next() {
        std::vector<std::string> starting;
        bool done = false;
        {
            std::lock_guard lock(mu_);
            if (finished_) return;
            while (in_flight_ < kItemsInFlight && !todo_.empty()) {
                starting.push_back(std::move(todo_.front()));
                todo_.pop_front();
                ++in_flight_;
            }
            done = in_flight_ == 0 && todo_.empty();
        }
        if (done) return finish(OMNI_RESULT_OK);
        auto self = shared_from_this();
        for (auto& name : starting) {
            End from{src_.provider, child(src_.target, name)};
            End to{dst_.provider, child(dst_.target, name)};
            Target source = from.target;
            copy_item(rt_, ctx_, std::move(from), std::move(to), args_, [self, source = std::move(source)](CopiedItem&& a) {
                if (a.result != OMNI_RESULT_OK) return self->finish(a.result);
                {
                    std::lock_guard lock(self->mu_);
                    --self->in_flight_;
                    if (a.copied.empty()) self->copied_.push_back(CopiedEntry{source, std::move(a.version), false});
                    else std::move(a.copied.begin(), a.copied.end(), std::back_inserter(self->copied_));
                }
                self->next();
            });
        }
    }

    void finish(Result r) {
        std::vector<CopiedEntry> copied;
        {
            std::lock_guard lock(mu_);
            if (finished_) return;
            finished_ = true;
            if (r == OMNI_RESULT_OK) {
                copied = std::move(copied_);
                copied.push_back(CopiedEntry{src_.target, {}, true});
            }
        }
        done_(CopiedItem{r, {}, std::move(copied)});
    }

    Runtime& rt_;
    OpContext ctx_;
    End src_, dst_;
    CopyArgs args_;
    Done<CopiedItem> done_;
    std::mutex mu_;
    std::deque<std::string> todo_;
    std::vector<CopiedEntry> copied_;
    size_t in_flight_ = 0;
    bool finished_ = false;
};

// A file or a folder, as the source says.
void copy_item(Runtime& rt, OpContext ctx, End src, End dst, const CopyArgs& args, Done<CopiedItem> done, int attempt) {
    if (ctx.stopped()) return done(CopiedItem{OMNI_RESULT_ERROR, {}, {}});
    call(rt, src, [&rt, ctx, src, dst, args, done = std::move(done), attempt]() mutable {
        src.provider->stat(ctx, src.target, OMNI_LIST_NO_DELETED_FILES, [&rt, ctx, src, dst, args, done, attempt](StatResult&& a) mutable {
            if (a.result != OMNI_RESULT_OK) return done(CopiedItem{a.result, {}, {}});
            bool folder = a.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN;
            if (wrong_kind(args.kind, folder))
                return done(CopiedItem{OMNI_RESULT_ERROR_WRONG_TYPE, {}, {}});
            if (folder) return std::make_shared<FolderCopy>(rt, ctx, std::move(src), std::move(dst), args, std::move(done))->start();
            UploadArgs upload{args.behavior == OMNI_COPY_OVERWRITE, args.message, a.entry.size};
            if (attempt < kCopyAttempts) {  // a source that changed while read is copied again
                done = [&rt, ctx, src, dst, args, done = std::move(done), attempt](CopiedItem&& r) mutable {
                    if (r.result != OMNI_RESULT_ERROR_BAD_VERSION || ctx.stopped()) return done(std::move(r));
                    copy_item(rt, ctx, std::move(src), std::move(dst), args, std::move(done), attempt + 1);
                };
            }
            std::make_shared<FileCopy>(rt, ctx, src, dst, std::move(upload), std::move(done))->start();
        });
    });
}

// Whether the core can copy between these stores. (Listing is needed for folders only: a web
// server's files are copied, without it.)
bool copies_between(const End& from, const End& to) {
    return offers(from.provider, OpKind::ReadRange) && offers(to.provider, OpKind::OpenUpload) && offers(to.provider, OpKind::Stat) &&
           offers(to.provider, OpKind::CreateFolder);
}

// Deletes a copied file at the source of a move, if it still is the version copied ("": not
// known, not checked); or a copied folder, if nothing is left in it. A source rewritten since it
// was read is kept (ERROR_BAD_VERSION): the destination has the version read. (A rewrite between
// this check and the delete is not seen.)
void remove_copied(Runtime& rt, OpContext ctx, End from, std::string version, bool folder, std::function<void(Result)> done) {
    call(rt, from, [ctx, from, version = std::move(version), folder, done = std::move(done)] {
        auto remove = [ctx, from, done] {
            from.provider->remove(ctx, from.target, false, [done](ResultOnly&& removed) { done(removed.result); });
        };
        if (folder || version.empty()) return remove();
        from.provider->facet<Streams>().read_range(ctx, from.target, 0, 1, [version, done, remove](ReadResult&& a) {
            if (a.result == OMNI_RESULT_OK && !a.version.empty() && a.version != version) return done(OMNI_RESULT_ERROR_BAD_VERSION);
            remove();
        });
    });
}

// The source of a folder's move goes as it was copied: each file if unchanged, then each folder
// once emptied of them. What was made or rewritten there since the copy read it stays, with
// the folders holding it, and the move fails (the first failure is its answer).
class FolderRemoval : public std::enable_shared_from_this<FolderRemoval> {
public:
    FolderRemoval(Runtime& rt, OpContext ctx, Provider* provider, std::vector<CopiedEntry> items, Done<MoveResult> done)
        : rt_(rt), ctx_(std::move(ctx)), provider_(provider), items_(std::move(items)), done_(std::move(done)) {}

    // Files many at a time; a folder once everything before it (its items among them) is done.
    void next() {
        std::vector<size_t> starting;
        bool finished = false;
        {
            std::lock_guard lock(mu_);
            while (at_ < items_.size() && in_flight_ < kRemovalsInFlight && !(items_[at_].folder && in_flight_ > 0)) {
                starting.push_back(at_++);
                ++in_flight_;
            }
            finished = at_ == items_.size() && in_flight_ == 0 && !std::exchange(told_, true);
        }
        if (finished) return done_(MoveResult{failure_, true});
        auto self = shared_from_this();
        for (size_t i : starting) {
            CopiedEntry& item = items_[i];
            remove_copied(rt_, ctx_, End{provider_, item.source}, std::move(item.version), item.folder, [self](Result r) {
                {
                    std::lock_guard lock(self->mu_);
                    --self->in_flight_;
                    // (gone already: a folder of an object store goes with its last object)
                    if (r != OMNI_RESULT_OK && r != OMNI_RESULT_ERROR_NOT_FOUND && self->failure_ == OMNI_RESULT_OK) self->failure_ = r;
                }
                self->next();
            });
        }
    }

private:
    Runtime& rt_;
    OpContext ctx_;
    Provider* provider_;
    std::vector<CopiedEntry> items_;
    Done<MoveResult> done_;
    std::mutex mu_;
    size_t at_ = 0, in_flight_ = 0;
    bool told_ = false;
    Result failure_ = OMNI_RESULT_OK;
};

}  // namespace

void Transfers::copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) {
    End from{runtime_.route(src), src}, to{runtime_.route(dst), dst};
    if (!copies_between(from, to)) return done(ResultOnly{OMNI_RESULT_ERROR_NOT_SUPPORTED});
    copy_item(runtime_, std::move(ctx), std::move(from), std::move(to), args, [done = std::move(done)](CopiedItem&& copied) {
        done(ResultOnly{copied.result});
    });
}

void Transfers::move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) {
    Runtime& rt = runtime_;
    End from{rt.route(src), src}, to{rt.route(dst), dst};
    // A source that cannot be deleted (a web server) would leave a copy, not a move.
    if (!offers(from.provider, OpKind::Delete)) return done(MoveResult{OMNI_RESULT_ERROR_NOT_SUPPORTED, false});
    if (!copies_between(from, to)) return done(MoveResult{OMNI_RESULT_ERROR_NOT_SUPPORTED, false});
    copy_item(rt, ctx, from, std::move(to), args, [&rt, ctx, from, done = std::move(done)](CopiedItem&& copied) {
        if (copied.result != OMNI_RESULT_OK) return done(MoveResult{copied.result, false});
        if (!copied.copied.empty())
            return std::make_shared<FolderRemoval>(rt, ctx, from.provider, std::move(copied.copied), done)->next();
        remove_copied(rt, ctx, from, std::move(copied.version), false, [done](Result r) { done(MoveResult{r, true}); });
    });
}

}  // namespace omniclient
