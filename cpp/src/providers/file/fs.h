// POSIX building blocks of the file provider: descriptors, errno → Result, entries, and the
// whole-file and whole-tree operations. Every function returns a Result; none throws.
#pragma once

#include "core/ops.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

namespace omniclient::file {

// An owned file descriptor, closed once.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = o.release();
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    void reset();

private:
    int fd_ = -1;
};

class ReleaseQueue;

// The one place errno becomes a Result.
Result from_errno(int err);

// Names the provider gives its temporary files; list() and subscriptions never show them.
bool is_temp_name(std::string_view name);

// The last component of a path ("" for "dir/" and "/").
std::string_view base_name(std::string_view path);

// Fills an entry from a stat buffer (access 7, flags 3 for files and 4 for folders, as the original).
void fill_entry(ListEntry& entry, std::string_view name, const struct stat& st);

// stat(2) that follows links; a dangling link is an entry with no type, as in the original.
Result stat_entry(int dirfd, const char* path, std::string_view name, ListEntry& entry);

// Runs a task on another thread (a large listing shares its work with such tasks).
using Offload = std::function<void(std::function<void()>)>;

// Lists a folder. Temporary files that writers which died left behind (untouched for an hour)
// are removed on the way.
Result list_folder(const std::string& path, std::vector<ListEntry>& entries, const Offload& offload);

Result read_whole_file(const std::string& path, Content& content);

// Replaces (or creates) `path` with `data` atomically: a temporary file in the same folder is
// written, then renamed over the target. Missing parent folders are created (and removed again
// if the write fails). Writes through a symbolic link go to the file it points to. The file
// replaced is closed through `replaced`.
Result write_whole_file(const std::string& path, const uint8_t* data, size_t size, ReleaseQueue& replaced);

// Reads up to `length` bytes of `path` from `offset` (fewer at its end, none past it). `version`
// tells this content of the file from any other (its inode, change time and size): a copy reading
// a file in parts sees whether it was replaced or written to in between (a write in place within
// one tick of the file system's clock that keeps the size is the one change it cannot see).
Result read_range(const std::string& path, uint64_t offset, uint64_t length, Content& content, std::string& version);

// Writes `path` part by part (copies from other providers): the parts go to a temporary file
// beside it, which replaces it on commit() as write_whole_file does; dropped before its commit, it
// leaves `path` as it was.
class PartWriter {
public:
    PartWriter();
    ~PartWriter();
    // Checks the destination (ALREADY_EXISTS unless `overwrite`) and makes the temporary file;
    // `size_hint` reserves the space when known.
    Result open(const std::string& path, bool overwrite, uint64_t size_hint);
    Result append(const uint8_t* data, size_t size);
    Result commit(ReleaseQueue& replaced);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Creates a folder and any missing parents; ALREADY_EXISTS if the last one exists.
Result make_folder(const std::string& path);

// Deletes a file, a link (never what it points to) or, if `recursive`, a folder and its contents.
Result remove_path(const std::string& path, bool recursive);

Result copy_path(const std::string& src, const std::string& dst, const CopyArgs& args);

// `copied` tells whether the move had to copy and delete (across filesystems).
Result move_path(const std::string& src, const std::string& dst, const CopyArgs& args, bool& copied);

}  // namespace omniclient::file
