#include "providers/file/file_provider.h"

#include "providers/file/fs.h"
#include "providers/file/release_queue.h"
#include "providers/file/watcher.h"

#include <fcntl.h>

#include <mutex>

namespace omniclient::file {
namespace {

// The local path a target names. A `file:` URL's path arrives percent-decoded and without its
// query and fragment; anything without a scheme is a raw path, taken literally.
Result local_path(const Target& t, std::string& path) {
    if (!t.parts.scheme) {
        path = t.url;
    } else {
        path = t.parts.path.value_or("");
        if (path.empty()) return OMNI_RESULT_ERROR_NOT_FOUND;  // "file:" names nothing
        // file://host/path is not this machine's /path (the original does not find it either).
        if (t.parts.host && !t.parts.host->empty()) path = "//" + *t.parts.host + path;
    }
    return path.empty() ? OMNI_RESULT_ERROR_BAD_REQUEST : OMNI_RESULT_OK;
}

// A file written part by part: each part and the commit run on the worker pool (parts may come
// from a network provider's thread, which must not block on the disk).
class FileUpload final : public Upload, public std::enable_shared_from_this<FileUpload> {
public:
    FileUpload(WorkerPool& pool, ReleaseQueue& replaced) : pool_(pool), replaced_(replaced) {}
    Result open(const std::string& path, const UploadArgs& args) { return writer_->open(path, args.overwrite, args.size); }

    void append(Content part, Done<ResultOnly> done) override {
        pool_.post([self = shared_from_this(), part = std::move(part), done = std::move(done)] {
            std::lock_guard lock(self->mu_);
            done(ResultOnly{self->writer_ ? self->writer_->append(part.data(), part.size()) : OMNI_RESULT_ERROR});
        });
    }
    void commit(Done<WriteResult> done) override {
        pool_.post([self = shared_from_this(), done = std::move(done)] {
            std::lock_guard lock(self->mu_);
            WriteResult a;
            a.result = self->writer_ ? self->writer_->commit(self->replaced_) : OMNI_RESULT_ERROR;
            self->writer_.reset();
            done(std::move(a));
        });
    }
    void abort() override {
        std::lock_guard lock(mu_);
        writer_.reset();  // removes the temporary file
    }

private:
    WorkerPool& pool_;
    ReleaseQueue& replaced_;
    std::mutex mu_;
    std::unique_ptr<PartWriter> writer_ = std::make_unique<PartWriter>();
};

class FileProvider final : public ProviderImpl<FileProvider, Streams> {
public:
    explicit FileProvider(WorkerPool& pool) : pool_(pool) {}
    const char* name() const override { return "file"; }
    // file: URLs and raw paths.
    bool match(const Target& target) const override { return !target.parts.scheme || *target.parts.scheme == "file"; }
    bool is_local() const override { return true; }
    void shutdown() override {
        watcher_->stop();
        replaced_.stop();
    }

    void stat(OpContext, const Target& target, OmniListIncludeOption, Done<StatResult> done) override {
        StatResult a;
        std::string path;
        a.result = local_path(target, path);
        if (a.result == OMNI_RESULT_OK) a.result = stat_entry(AT_FDCWD, path.c_str(), base_name(path), a.entry);
        if (a.result != OMNI_RESULT_OK) a.entry = ListEntry{};
        done(std::move(a));
    }

    void list(OpContext, const Target& target, OmniListIncludeOption, Done<ListResult> done) override {
        ListResult a;
        std::string path;
        a.result = local_path(target, path);
        if (a.result == OMNI_RESULT_OK) a.result = list_folder(path, a.entries, [this](std::function<void()> task) { pool_.post(std::move(task)); });
        if (a.result != OMNI_RESULT_OK) a.entries.clear();
        done(std::move(a));
    }

    void read_file(OpContext, const Target& target, Done<ReadResult> done) override {
        ReadResult a;
        std::string path;
        a.result = local_path(target, path);
        if (a.result == OMNI_RESULT_OK) a.result = read_whole_file(path, a.content);
        done(std::move(a));
    }

    void write_file(OpContext, const Target& target, const WriteArgs& args, Done<WriteResult> done) override {
        WriteResult a;
        std::string path;
        a.result = local_path(target, path);
        if (a.result == OMNI_RESULT_OK) a.result = write_whole_file(path, args.content.data(), args.content.size(), replaced_);
        done(std::move(a));
    }

    void create_folder(OpContext, const Target& target, Done<ResultOnly> done) override {
        done(ResultOnly{with_path(target, [](const std::string& p) { return make_folder(p); })});
    }

    void remove(OpContext, const Target& target, bool recursive, Done<ResultOnly> done) override {
        done(ResultOnly{with_path(target, [recursive](const std::string& p) { return remove_path(p, recursive); })});
    }

    // Files have no checkpoints: obliterating is deleting one item (a folder must be empty).
    void obliterate(OpContext, const Target& target, bool, Done<ResultOnly> done) override {
        done(ResultOnly{with_path(target, [](const std::string& p) { return remove_path(p, false); })});
    }

    void copy(OpContext, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) override {
        std::string from, to;
        Result r = local_path(src, from);
        if (r == OMNI_RESULT_OK) r = local_path(dst, to);
        if (r == OMNI_RESULT_OK) r = copy_path(from, to, args);
        done(ResultOnly{r});
    }

    void move(OpContext, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) override {
        MoveResult a;
        std::string from, to;
        a.result = local_path(src, from);
        if (a.result == OMNI_RESULT_OK) a.result = local_path(dst, to);
        if (a.result == OMNI_RESULT_OK) a.result = move_path(from, to, args, a.copied);
        done(std::move(a));
    }

    // A local file is its own local copy.
    void get_local_file(OpContext, const Target& target, bool, Done<StringResult> done) override {
        StringResult a;
        std::string path;
        a.result = local_path(target, path);
        ListEntry entry;
        if (a.result == OMNI_RESULT_OK) a.result = stat_entry(AT_FDCWD, path.c_str(), {}, entry);
        if (a.result == OMNI_RESULT_OK) a.value = std::move(path);
        done(std::move(a));
    }

    void read_range(OpContext, const Target& target, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        ReadResult a;
        std::string path;
        a.result = local_path(target, path);
        if (a.result == OMNI_RESULT_OK) a.result = file::read_range(path, offset, length, a.content, a.version);
        done(std::move(a));
    }

    void open_upload(OpContext, const Target& target, const UploadArgs& args, Done<UploadResult> done) override {
        UploadResult a;
        std::string path;
        a.result = local_path(target, path);
        auto upload = std::make_shared<FileUpload>(pool_, replaced_);
        if (a.result == OMNI_RESULT_OK) a.result = upload->open(path, args);
        if (a.result == OMNI_RESULT_OK) a.upload = std::move(upload);
        done(std::move(a));
    }

    void stat_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption, Done<StatResult> first, Events<ListEventResult> events) override {
        std::string path;
        Result r = local_path(target, path);
        if (r != OMNI_RESULT_OK) return first(error_answer<StatResult>(r));
        watcher_->subscribe_stat(std::move(ctx), path, std::move(first), std::move(events));
    }

    void list_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption, Done<ListResult> first, Events<ListEventResult> events) override {
        std::string path;
        Result r = local_path(target, path);
        if (r != OMNI_RESULT_OK) return first(error_answer<ListResult>(r));
        watcher_->subscribe_list(std::move(ctx), path, std::move(first), std::move(events));
    }

private:
    template <class F>
    static Result with_path(const Target& target, F&& op) {
        std::string path;
        Result r = local_path(target, path);
        return r == OMNI_RESULT_OK ? op(path) : r;
    }

    WorkerPool& pool_;
    std::shared_ptr<Watcher> watcher_ = std::make_shared<Watcher>();
    ReleaseQueue replaced_;
};

}  // namespace

std::unique_ptr<Provider> make_file_provider(WorkerPool& pool) { return std::make_unique<FileProvider>(pool); }

}  // namespace omniclient::file
