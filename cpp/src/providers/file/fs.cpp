#include "providers/file/fs.h"

#include "core/pages.h"
#include "core/posix_io.h"
#include "providers/file/release_queue.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

namespace omniclient::file {
namespace {

constexpr std::string_view kTempPrefix = ".omni-tmp-";
constexpr size_t kMaxIo = 1u << 30;  // read/write/copy at most this much per call
constexpr int kMaxLinks = 40;        // as the kernel's ELOOP limit
constexpr size_t kPreallocateFrom = 1u << 20;

Result errno_result() { return from_errno(errno); }

// Large content gets its blocks now, not delayed: ext4 then has nothing to flush when the rename
// replaces the old file (it would, synchronously, for a delayed allocation). For small files the
// extra allocation costs more than the flush it saves; in memory (tmpfs) there is nothing to
// flush, and it zeroes every page the content then overwrites (0.44 s for 1 GiB, before the first
// byte). Best effort.
void preallocate(int fd, uint64_t size) {
    if (size < kPreallocateFrom) return;
    struct statfs fs {};
    if (::fstatfs(fd, &fs) == 0 && (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC)) return;
    ::fallocate(fd, 0, 0, static_cast<off_t>(size));
}

TimeNs ns_of(const struct timespec& ts) { return static_cast<TimeNs>(ts.tv_sec) * 1000000000 + ts.tv_nsec; }

std::string strip_slashes(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return std::string(path);
}

bool has_trailing_slash(std::string_view path) { return path.size() > 1 && path.back() == '/'; }

// The folder holding `path`: "" for a name relative to the working folder.
std::string parent_of(std::string_view path) {
    std::string p = strip_slashes(path);
    size_t slash = p.rfind('/');
    if (slash == std::string::npos) return {};
    if (slash == 0) return "/";
    return p.substr(0, slash);
}

std::string join(const std::string& dir, std::string_view name) {
    if (dir.empty()) return std::string(name);
    if (dir.back() == '/') return dir + std::string(name);
    return dir + "/" + std::string(name);
}

std::string temp_name() {
    thread_local std::mt19937_64 rng{std::random_device{}() ^ static_cast<uint64_t>(gettid())};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return std::string(kTempPrefix) + buf;
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Folders created on the way to a target, removed again (newest first) unless kept.
class CreatedFolders {
public:
    ~CreatedFolders() {
        for (auto it = paths_.rbegin(); it != paths_.rend(); ++it) ::rmdir(it->c_str());
    }
    void add(std::string path) { paths_.push_back(std::move(path)); }
    void keep() { paths_.clear(); }

private:
    std::vector<std::string> paths_;
};

// Creates `dir` and its missing parents.
Result make_parents(const std::string& dir, CreatedFolders& created) {
    if (dir.empty() || dir == "/") return OMNI_RESULT_OK;
    if (::mkdir(dir.c_str(), 0777) == 0) {
        created.add(dir);
        return OMNI_RESULT_OK;
    }
    int err = errno;
    if (err == EEXIST) {
        struct stat st;
        if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return OMNI_RESULT_OK;
        return OMNI_RESULT_ERROR_WRONG_TYPE;
    }
    if (err != ENOENT) return from_errno(err);
    Result r = make_parents(parent_of(dir), created);
    if (r != OMNI_RESULT_OK) return r;
    if (::mkdir(dir.c_str(), 0777) == 0) {
        created.add(dir);
        return OMNI_RESULT_OK;
    }
    return errno == EEXIST ? OMNI_RESULT_OK : errno_result();
}

// Follows links from `path` to the file a write should replace. `exists` tells whether it does.
Result write_target(const std::string& path, std::string& target, struct stat& st, bool& exists) {
    target = path;
    for (int i = 0; i < kMaxLinks; ++i) {
        if (::lstat(target.c_str(), &st) != 0) {
            if (errno != ENOENT) return errno_result();
            exists = false;
            return OMNI_RESULT_OK;
        }
        if (S_ISDIR(st.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
        if (!S_ISLNK(st.st_mode)) {
            exists = true;
            return OMNI_RESULT_OK;
        }
        std::array<char, PATH_MAX> buf;
        ssize_t n = ::readlink(target.c_str(), buf.data(), buf.size());
        if (n < 0) return errno_result();
        std::string link(buf.data(), static_cast<size_t>(n));
        target = link.front() == '/' ? link : join(parent_of(target), link);
    }
    return OMNI_RESULT_ERROR;
}

// A temporary file beside a target; renamed over it by commit(), removed otherwise.
class TempFile {
public:
    ~TempFile() {
        if (!name_.empty()) ::unlinkat(dirfd_, name_.c_str(), 0);
    }
    // Creates the file in the folder `dirfd` (AT_FDCWD with `dir` for a path).
    Result open(int dirfd, const std::string& dir) {
        dirfd_ = dirfd;
        for (int attempt = 0; attempt < 8; ++attempt) {
            std::string name = dirfd == AT_FDCWD ? join(dir, temp_name()) : temp_name();
            int fd = ::openat(dirfd, name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd >= 0) {
                fd_ = Fd(fd);
                name_ = std::move(name);
                return OMNI_RESULT_OK;
            }
            if (errno != EEXIST) return errno_result();
        }
        return OMNI_RESULT_ERROR;
    }
    int fd() const { return fd_.get(); }
    // Gives the new file the mode (and, when allowed, the owner) of the one it replaces. Each
    // change is a journaled metadata update, so only differences are applied.
    void take_attributes(const struct stat& st) {
        struct stat now;
        if (::fstat(fd_.get(), &now) != 0) return;
        if ((now.st_mode & 07777) != (st.st_mode & 07777)) ::fchmod(fd_.get(), st.st_mode & 07777);
        if ((now.st_uid != st.st_uid || now.st_gid != st.st_gid) && geteuid() == 0)
            [[maybe_unused]] int ignored = ::fchown(fd_.get(), st.st_uid, st.st_gid);
    }
    // With `replaced`, the file the rename replaces is released through that queue.
    Result commit(int dirfd, const char* target, ReleaseQueue* replaced = nullptr) {
        if (::close(fd_.release()) != 0) return errno_result();
        Fd old = replaced ? ReleaseQueue::hold(dirfd, target) : Fd();
        if (::renameat(dirfd_, name_.c_str(), dirfd, target) != 0) return errno_result();
        name_.clear();
        if (replaced) replaced->release(std::move(old));
        return OMNI_RESULT_OK;
    }

private:
    Fd fd_;
    int dirfd_ = AT_FDCWD;
    std::string name_;
};

Result write_all(int fd, const uint8_t* data, size_t size) {
    return posix::write_fully(fd, data, size) ? OMNI_RESULT_OK : errno_result();
}

// Copies bytes [from, to) of `in` to the same offsets of `out`, in the kernel when it can.
Result copy_range(int in, int out, off_t from, off_t to) {
    off_t in_off = from, out_off = from;
    bool kernel = true;
    std::vector<uint8_t> buf;
    while (in_off < to) {
        size_t len = std::min(static_cast<size_t>(to - in_off), kMaxIo);
        if (kernel) {
            ssize_t n = ::copy_file_range(in, &in_off, out, &out_off, len, 0);
            if (n > 0) continue;
            if (n == 0) return OMNI_RESULT_OK;  // the source shrank
            if (errno == EINTR) continue;
            if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) return errno_result();
            kernel = false;
            buf.resize(1 << 20);
        }
        ssize_t n = ::pread(in, buf.data(), std::min(len, buf.size()), in_off);
        if (n == 0) return OMNI_RESULT_OK;
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_result();
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = ::pwrite(out, buf.data() + done, static_cast<size_t>(n - done), out_off);
            if (w < 0) {
                if (errno == EINTR) continue;
                return errno_result();
            }
            done += w;
            out_off += w;
        }
        in_off += n;
    }
    return OMNI_RESULT_OK;
}

// Copies all of `in` (a regular file) to `out`, skipping holes so that sparse files stay sparse.
Result copy_data(int in, int out) {
    struct stat st;
    if (::fstat(in, &st) != 0) return errno_result();
    off_t size = st.st_size;
    for (off_t pos = 0; pos < size;) {
        off_t data = ::lseek(in, pos, SEEK_DATA);
        if (data < 0) {
            if (errno == ENXIO) break;  // only a hole is left
            return copy_range(in, out, pos, size);  // no hole support: copy it all
        }
        off_t hole = ::lseek(in, data, SEEK_HOLE);
        if (hole < 0 || hole > size) hole = size;
        Result r = copy_range(in, out, data, hole);
        if (r != OMNI_RESULT_OK) return r;
        pos = hole;
    }
    return ::ftruncate(out, size) == 0 ? OMNI_RESULT_OK : errno_result();
}

struct DirEntryName {
    std::string name;
    unsigned char type;
};

// Every name in a folder but "." and ".." and the provider's own temporary files (whose names go
// to `temps` if given).
Result read_names(int dirfd, std::vector<DirEntryName>& out, std::vector<std::string>* temps = nullptr) {
    alignas(8) std::array<char, 32768> buf;
    ::lseek(dirfd, 0, SEEK_SET);
    for (;;) {
        ssize_t n = ::getdents64(dirfd, buf.data(), buf.size());
        if (n == 0) return OMNI_RESULT_OK;
        if (n < 0) return errno_result();
        for (ssize_t off = 0; off < n;) {
            auto* d = reinterpret_cast<struct dirent64*>(buf.data() + off);
            off += d->d_reclen;
            std::string_view name(d->d_name);
            if (name == "." || name == "..") continue;
            if (is_temp_name(name)) {
                if (temps) temps->emplace_back(name);
                continue;
            }
            out.push_back({std::string(name), d->d_type});
        }
    }
}

Fd open_dir_at(int dirfd, const char* name, bool follow) {
    return Fd(::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW)));
}

// Removes everything inside the folder `dirfd`, never following links.
Result remove_contents(int dirfd) {
    std::vector<DirEntryName> names;
    Result r = read_names(dirfd, names);
    if (r != OMNI_RESULT_OK) return r;
    for (auto& e : names) {
        bool is_dir = e.type == DT_DIR;
        if (e.type == DT_UNKNOWN) {
            struct stat st;
            if (::fstatat(dirfd, e.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT) continue;
                return errno_result();
            }
            is_dir = S_ISDIR(st.st_mode);
        }
        if (is_dir) {
            Fd sub = open_dir_at(dirfd, e.name.c_str(), false);
            if (!sub) {
                if (errno == ENOENT) continue;
                return errno_result();
            }
            r = remove_contents(sub.get());
            if (r != OMNI_RESULT_OK) return r;
        }
        if (::unlinkat(dirfd, e.name.c_str(), is_dir ? AT_REMOVEDIR : 0) != 0 && errno != ENOENT) return errno_result();
    }
    return OMNI_RESULT_OK;
}

// Items a copy or merge made, undone (newest first) if it fails.
class Undo {
public:
    ~Undo() {
        for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
            if (it->second) ::rmdir(it->first.c_str());
            else ::unlink(it->first.c_str());
        }
    }
    void file(std::string path) { items_.emplace_back(std::move(path), false); }
    void folder(std::string path) { items_.emplace_back(std::move(path), true); }
    void keep() { items_.clear(); }

private:
    std::vector<std::pair<std::string, bool>> items_;
};

// Copies the regular file `src` (open) into the folder `dirfd` as `name`, atomically.
Result copy_file_into(int src, const struct stat& src_st, int dirfd, const std::string& dir, const char* name) {
    TempFile tmp;
    Result r = tmp.open(dirfd, dir);
    if (r != OMNI_RESULT_OK) return r;
    r = copy_data(src, tmp.fd());
    if (r != OMNI_RESULT_OK) return r;
    tmp.take_attributes(src_st);
    return tmp.commit(dirfd, name);
}

struct TreeCopy {
    struct stat dst_root;                                 // never copied into itself
    std::vector<std::pair<dev_t, ino_t>> ancestors;      // link loops
    Undo undo;
};

Result copy_tree(int sfd, int dfd, const std::string& dst_path, TreeCopy& tc) {
    std::vector<DirEntryName> names;
    Result r = read_names(sfd, names);
    if (r != OMNI_RESULT_OK) return r;
    for (auto& e : names) {
        struct stat st;
        if (::fstatat(sfd, e.name.c_str(), &st, 0) != 0) {
            if (errno == ENOENT) continue;  // vanished, or a dangling link: nothing to copy
            return errno_result();
        }
        std::string child = join(dst_path, e.name);
        if (S_ISDIR(st.st_mode)) {
            if (same_file(st, tc.dst_root)) continue;  // the copy itself, inside its source
            auto id = std::make_pair(st.st_dev, st.st_ino);
            if (std::find(tc.ancestors.begin(), tc.ancestors.end(), id) != tc.ancestors.end()) return OMNI_RESULT_ERROR;
            if (::mkdirat(dfd, e.name.c_str(), 0777) == 0) {
                tc.undo.folder(child);
            } else if (errno == EEXIST) {
                struct stat dst;
                if (::fstatat(dfd, e.name.c_str(), &dst, 0) != 0 || !S_ISDIR(dst.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
            } else {
                return errno_result();
            }
            Fd s = open_dir_at(sfd, e.name.c_str(), true);
            Fd d = open_dir_at(dfd, e.name.c_str(), true);
            if (!s || !d) return errno_result();
            tc.ancestors.push_back(id);
            r = copy_tree(s.get(), d.get(), child, tc);
            tc.ancestors.pop_back();
            if (r != OMNI_RESULT_OK) return r;
        } else if (S_ISREG(st.st_mode)) {
            struct stat dst;
            bool existed = ::fstatat(dfd, e.name.c_str(), &dst, 0) == 0;
            if (existed && S_ISDIR(dst.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
            Fd in(::openat(sfd, e.name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
            if (!in) return errno_result();
            r = copy_file_into(in.get(), st, dfd, {}, e.name.c_str());
            if (r != OMNI_RESULT_OK) return r;
            if (!existed) tc.undo.file(child);
        }
        // Other kinds (pipes, sockets, devices) have no content to copy.
    }
    return OMNI_RESULT_OK;
}

// The absolute, link-free spelling of `path` (its last component is not followed).
std::string canonical(const std::string& path) {
    std::string stripped = strip_slashes(path);
    std::string base(base_name(stripped));
    std::string parent = parent_of(stripped);
    std::vector<std::string> missing;
    if (base == "." || base == "..") {
        parent = stripped;
        base.clear();
    }
    for (;;) {
        char* real = ::realpath(parent.empty() ? "." : parent.c_str(), nullptr);
        if (real) {
            std::string out(real);
            std::free(real);
            for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
                if (*it == "..") out = parent_of(out);
                else if (*it != "." && !it->empty()) out = join(out, *it);
            }
            return base.empty() ? out : join(out, base);
        }
        if (parent.empty() || parent == "/") return stripped;
        missing.emplace_back(base_name(parent));
        parent = parent_of(parent);
    }
}

// Moves everything in `src` into the existing folder `dst`, replacing what is there.
Result merge_into(int sfd, int dfd) {
    std::vector<DirEntryName> names;
    Result r = read_names(sfd, names);
    if (r != OMNI_RESULT_OK) return r;
    for (auto& e : names) {
        struct stat s, d;
        if (::fstatat(sfd, e.name.c_str(), &s, AT_SYMLINK_NOFOLLOW) != 0) continue;
        bool exists = ::fstatat(dfd, e.name.c_str(), &d, AT_SYMLINK_NOFOLLOW) == 0;
        if (exists && S_ISDIR(s.st_mode) != S_ISDIR(d.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
        if (exists && S_ISDIR(s.st_mode)) {
            Fd sub_s = open_dir_at(sfd, e.name.c_str(), false);
            Fd sub_d = open_dir_at(dfd, e.name.c_str(), false);
            if (!sub_s || !sub_d) return errno_result();
            r = merge_into(sub_s.get(), sub_d.get());
            if (r != OMNI_RESULT_OK) return r;
            if (::unlinkat(sfd, e.name.c_str(), AT_REMOVEDIR) != 0) return errno_result();
        } else if (::renameat(sfd, e.name.c_str(), dfd, e.name.c_str()) != 0) {
            return errno_result();
        }
    }
    return OMNI_RESULT_OK;
}

// Memory a read fills, never zeroed first (a vector would zero it: one more pass over it).
// Measured: malloc'd memory reads as fast as plain Python; a populated mapping was slower.
// A buffer being filled by reads: from malloc when small, mapped pages from kMapPagesFrom up.
class ReadBuffer {
public:
    ReadBuffer() = default;
    ReadBuffer(const ReadBuffer&) = delete;
    ReadBuffer& operator=(const ReadBuffer&) = delete;
    ~ReadBuffer() { std::free(heap_); }

    // Makes room for `size` bytes, keeping those held so far.
    bool reserve(size_t size) {
        if (size < kMapPagesFrom && !pages_) {
            auto* p = static_cast<uint8_t*>(std::realloc(heap_, size));
            if (!p) return false;
            heap_ = p;
            capacity_ = size;
            return true;
        }
        auto pages = map_pages(size);
        if (!pages) return false;
        if (capacity_) std::memcpy(pages.get(), data(), std::min(capacity_, size));
        std::free(std::exchange(heap_, nullptr));
        pages_ = std::move(pages);
        capacity_ = size;
        return true;
    }
    uint8_t* data() const { return pages_ ? pages_.get() : heap_; }
    // Hands the memory to its new owner.
    std::shared_ptr<const void> release() {
        capacity_ = 0;
        if (pages_) return std::exchange(pages_, nullptr);
        return std::shared_ptr<const void>(std::exchange(heap_, nullptr), [](const void* p) { std::free(const_cast<void*>(p)); });
    }

private:
    uint8_t* heap_ = nullptr;
    std::shared_ptr<uint8_t> pages_;
    size_t capacity_ = 0;
};

}  // namespace

void Fd::reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

Result from_errno(int err) {
    switch (err) {
        case 0: return OMNI_RESULT_OK;
        case ENOENT: return OMNI_RESULT_ERROR_NOT_FOUND;
        case ENOTDIR: case EISDIR: return OMNI_RESULT_ERROR_WRONG_TYPE;
        case EACCES: case EPERM: case EROFS: return OMNI_RESULT_ERROR_ACCESS_DENIED;
        case EEXIST: return OMNI_RESULT_ERROR_ALREADY_EXISTS;
        case ENOTEMPTY: return OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY;
        default: return OMNI_RESULT_ERROR;  // ENAMETOOLONG, ELOOP, EIO, ENOSPC, ...
    }
}

bool is_temp_name(std::string_view name) { return name.substr(0, kTempPrefix.size()) == kTempPrefix; }

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void fill_entry(ListEntry& e, std::string_view name, const struct stat& st) {
    e.relative_path.assign(name);
    e.access = OMNI_ACCESS_READ | OMNI_ACCESS_WRITE | OMNI_ACCESS_ADMIN;
    e.flags = S_ISDIR(st.st_mode) ? OMNI_ITEM_CAN_HAVE_CHILDREN : (OMNI_ITEM_READABLE_FILE | OMNI_ITEM_WRITEABLE_FILE);
    e.size = static_cast<uint64_t>(st.st_size);
    e.modified_time = ns_of(st.st_mtim);
    e.created_time = ns_of(st.st_ctim);  // the original reports the status-change time
}

Result stat_entry(int dirfd, const char* path, std::string_view name, ListEntry& entry) {
    struct stat st;
    if (::fstatat(dirfd, path, &st, 0) == 0) {
        fill_entry(entry, name, st);
        return OMNI_RESULT_OK;
    }
    int err = errno;
    if (err == ENOENT && ::fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        entry.relative_path.assign(name);  // a dangling link: there, but neither file nor folder
        entry.access = OMNI_ACCESS_READ | OMNI_ACCESS_WRITE | OMNI_ACCESS_ADMIN;
        return OMNI_RESULT_OK;
    }
    return from_errno(err);
}

namespace {

// The entries of a folder's names, stat-ed in chunks that any number of threads claim in turn.
// Threads that come late find nothing left, so the caller never waits for a thread to start.
class StatChunks {
public:
    StatChunks(int dirfd, std::vector<DirEntryName> names)
        : dirfd_(dirfd), names_(std::move(names)), entries_(names_.size()), found_(names_.size()),
          chunks_((names_.size() + kChunk - 1) / kChunk) {}

    size_t chunks() const { return chunks_; }

    void work() {
        for (size_t c; (c = next_.fetch_add(1)) < chunks_;) {
            for (size_t i = c * kChunk; i < std::min(names_.size(), (c + 1) * kChunk); ++i)
                found_[i] = stat_entry(dirfd_, names_[i].name.c_str(), names_[i].name, entries_[i]) == OMNI_RESULT_OK;
            std::lock_guard lock(mu_);
            if (++finished_ == chunks_) all_finished_.notify_all();
        }
    }

    // Waits for every chunk, then hands over the entries found, in folder order.
    void take(std::vector<ListEntry>& out) {
        std::unique_lock lock(mu_);
        all_finished_.wait(lock, [this] { return finished_ == chunks_; });
        out.reserve(entries_.size());
        for (size_t i = 0; i < entries_.size(); ++i)
            if (found_[i]) out.push_back(std::move(entries_[i]));
    }

    static constexpr size_t kChunk = 128;

private:
    int dirfd_;
    std::vector<DirEntryName> names_;
    std::vector<ListEntry> entries_;
    std::vector<char> found_;
    size_t chunks_;
    std::atomic<size_t> next_{0};
    std::mutex mu_;
    std::condition_variable all_finished_;
    size_t finished_ = 0;
};

}  // namespace

// Removes the temporary files of writers that died before finishing: a writer modifies its file
// until it renames it, so one left untouched for this long has nobody behind it.
void remove_abandoned(int dirfd, const std::vector<std::string>& temps) {
    constexpr TimeNs kAbandonedAfter = 3600LL * 1000000000;
    struct timespec now;
    ::clock_gettime(CLOCK_REALTIME, &now);
    for (const auto& name : temps) {
        struct stat st;
        if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            ns_of(now) - ns_of(st.st_mtim) > kAbandonedAfter)
            ::unlinkat(dirfd, name.c_str(), 0);
    }
}

Result list_folder(const std::string& path, std::vector<ListEntry>& entries, const Offload& offload) {
    Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir) return errno_result();
    std::vector<DirEntryName> names;
    std::vector<std::string> temps;
    Result r = read_names(dir.get(), names, &temps);
    if (r != OMNI_RESULT_OK) return r;
    remove_abandoned(dir.get(), temps);
    // Most of a large listing's time is the kernel's stat of each entry: spread it over cores.
    auto job = std::make_shared<StatChunks>(dir.get(), std::move(names));
    size_t helpers = std::min<size_t>({job->chunks() - (job->chunks() > 0), std::thread::hardware_concurrency(), 3});
    for (size_t i = 0; offload && i < helpers; ++i) offload([job] { job->work(); });
    job->work();
    job->take(entries);
    return OMNI_RESULT_OK;
}

namespace {

// Reads `fd` from `offset` until `limit` bytes are read or the file ends, into a buffer of
// `capacity` bytes that grows when the file turns out longer than its size said (/proc reports
// none); the bytes become `content`.
Result read_into(int fd, uint64_t offset, size_t limit, size_t capacity, Content& content) {
    ReadBuffer buf;
    if (!buf.reserve(capacity)) return OMNI_RESULT_ERROR;
    size_t size = 0;
    while (size < limit) {
        if (size == capacity) {
            capacity = capacity < 65536 ? 65536 : capacity * 2;
            if (!buf.reserve(capacity)) return OMNI_RESULT_ERROR;
        }
        ssize_t n = ::pread(fd, buf.data() + size, std::min({capacity - size, limit - size, kMaxIo}), static_cast<off_t>(offset + size));
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_result();
        }
        size += static_cast<size_t>(n);
    }
    const uint8_t* data = buf.data();
    content = Content(buf.release(), data, size);
    return OMNI_RESULT_OK;
}

// Opens a regular file for reading (folders, as the original, pipes and devices are refused).
Result open_regular(const std::string& path, Fd& fd, struct stat& st) {
    fd = Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) return errno_result();
    if (::fstat(fd.get(), &st) != 0) return errno_result();
    return S_ISREG(st.st_mode) ? OMNI_RESULT_OK : OMNI_RESULT_ERROR;
}

}  // namespace

Result read_whole_file(const std::string& path, Content& content) {
    Fd fd;
    struct stat st;
    Result r = open_regular(path, fd, st);
    if (r != OMNI_RESULT_OK) return r;
    // Room to see the end without growing.
    return read_into(fd.get(), 0, SIZE_MAX, static_cast<size_t>(st.st_size) + 1, content);
}

Result read_range(const std::string& path, uint64_t offset, uint64_t length, Content& content, std::string& version) {
    Fd fd;
    struct stat st;
    Result r = open_regular(path, fd, st);
    if (r != OMNI_RESULT_OK) return r;
    version = std::to_string(st.st_ino) + "-" + std::to_string(ns_of(st.st_ctim)) + "-" + std::to_string(st.st_size);
    uint64_t end = static_cast<uint64_t>(st.st_size);
    size_t want = offset >= end ? 0 : static_cast<size_t>(std::min(length, end - offset));
    return read_into(fd.get(), offset, want, want + 1, content);
}

// Writes `data` into the existing file `target`: not atomic (a reader may see part of it), for
// where a new file cannot or must not replace it.
Result write_in_place(const std::string& target, const uint8_t* data, size_t size) {
    Fd fd(::open(target.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return errno_result();
    Result r = write_all(fd.get(), data, size);
    if (r != OMNI_RESULT_OK) return r;
    return ::ftruncate(fd.get(), static_cast<off_t>(size)) == 0 ? OMNI_RESULT_OK : errno_result();
}

Result write_whole_file(const std::string& path, const uint8_t* data, size_t size, ReleaseQueue& replaced) {
    if (has_trailing_slash(path)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    std::string target;
    struct stat st;
    bool exists = false;
    Result r = write_target(path, target, st, exists);
    if (r != OMNI_RESULT_OK) return r;
    // Renaming would replace a read-only file: refuse what writing into it would refuse.
    if (exists && ::faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0) return errno_result();
    // A file with other names (hard links) keeps them: its content is written in place, as the
    // original always does (a new file would leave the other names with the old content).
    if (exists && st.st_nlink > 1) return write_in_place(target, data, size);
    std::string dir = parent_of(target);
    CreatedFolders created;
    TempFile tmp;
    r = tmp.open(AT_FDCWD, dir);
    // A read-only folder: no new file can replace this one, but it may be written into.
    if (r == OMNI_RESULT_ERROR_ACCESS_DENIED && exists) return write_in_place(target, data, size);
    if (r == OMNI_RESULT_ERROR_NOT_FOUND) {
        r = make_parents(dir, created);
        if (r != OMNI_RESULT_OK) return r;
        r = tmp.open(AT_FDCWD, dir);
    }
    if (r != OMNI_RESULT_OK) return r;
    preallocate(tmp.fd(), size);
    r = write_all(tmp.fd(), data, size);
    if (r != OMNI_RESULT_OK) return r;
    if (exists) tmp.take_attributes(st);
    r = tmp.commit(AT_FDCWD, target.c_str(), exists ? &replaced : nullptr);
    if (r == OMNI_RESULT_OK) created.keep();
    return r;
}

Result make_folder(const std::string& path) {
    std::string p = strip_slashes(path);
    if (::mkdir(p.c_str(), 0777) == 0) return OMNI_RESULT_OK;
    if (errno != ENOENT) return errno_result();
    CreatedFolders created;
    Result r = make_parents(parent_of(p), created);
    if (r != OMNI_RESULT_OK) return r;
    if (::mkdir(p.c_str(), 0777) != 0) return errno_result();
    created.keep();
    return OMNI_RESULT_OK;
}

Result remove_path(const std::string& path, bool recursive) {
    std::string p = strip_slashes(path);
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) return errno_result();
    // "name/" names a folder: a file or a link to a folder there is the wrong type.
    if (has_trailing_slash(path) && !S_ISDIR(st.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    if (!S_ISDIR(st.st_mode)) return ::unlink(p.c_str()) == 0 ? OMNI_RESULT_OK : errno_result();
    if (recursive) {
        if (canonical(p) == "/") return OMNI_RESULT_ERROR_ACCESS_DENIED;
        Fd dir = open_dir_at(AT_FDCWD, p.c_str(), false);
        if (!dir) return errno_result();
        Result r = remove_contents(dir.get());
        if (r != OMNI_RESULT_OK) return r;
    }
    if (::rmdir(p.c_str()) == 0) return OMNI_RESULT_OK;
    return errno == EEXIST ? OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY : errno_result();
}

Result copy_path(const std::string& src_path, const std::string& dst_path, const CopyArgs& args) {
    std::string src = strip_slashes(src_path);
    struct stat s;
    if (::stat(src.c_str(), &s) != 0) return errno_result();
    bool folder = S_ISDIR(s.st_mode);
    if (wrong_kind(args.kind, folder)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    if (!folder && !S_ISREG(s.st_mode)) return OMNI_RESULT_ERROR;
    bool overwrite = args.behavior == OMNI_COPY_OVERWRITE;

    if (!folder) {
        if (has_trailing_slash(dst_path)) return OMNI_RESULT_ERROR_WRONG_TYPE;
        std::string target;
        struct stat d;
        bool exists = false;
        Result r = write_target(dst_path, target, d, exists);
        if (r == OMNI_RESULT_ERROR_WRONG_TYPE && ::stat(dst_path.c_str(), &d) == 0 && S_ISDIR(d.st_mode))
            return overwrite ? OMNI_RESULT_ERROR_WRONG_TYPE : OMNI_RESULT_ERROR_ALREADY_EXISTS;
        if (r != OMNI_RESULT_OK) return r;
        if (exists && same_file(s, d)) return overwrite ? OMNI_RESULT_ERROR_SOURCE_IS_DEST : OMNI_RESULT_ERROR_ALREADY_EXISTS;
        if (exists && !overwrite) return OMNI_RESULT_ERROR_ALREADY_EXISTS;
        Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
        if (!in) return errno_result();
        std::string dir = parent_of(target);
        CreatedFolders created;
        r = make_parents(dir, created);
        if (r != OMNI_RESULT_OK) return r;
        Fd dirfd = open_dir_at(AT_FDCWD, dir.empty() ? "." : dir.c_str(), true);
        if (!dirfd) return errno_result();
        r = copy_file_into(in.get(), s, dirfd.get(), {}, std::string(base_name(target)).c_str());
        if (r == OMNI_RESULT_OK) created.keep();
        return r;
    }

    std::string dst = strip_slashes(dst_path);
    struct stat d;
    bool exists = ::stat(dst.c_str(), &d) == 0;
    if (!exists && errno != ENOENT) return errno_result();
    if (exists && same_file(s, d)) return overwrite ? OMNI_RESULT_ERROR_SOURCE_IS_DEST : OMNI_RESULT_ERROR_ALREADY_EXISTS;
    if (exists && !overwrite) return OMNI_RESULT_ERROR_ALREADY_EXISTS;
    if (exists && !S_ISDIR(d.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    CreatedFolders created;
    TreeCopy tc;
    if (!exists) {
        Result r = make_parents(parent_of(dst), created);
        if (r != OMNI_RESULT_OK) return r;
        if (::mkdir(dst.c_str(), 0777) != 0) return errno_result();
        tc.undo.folder(dst);
    }
    Fd sfd = open_dir_at(AT_FDCWD, src.c_str(), true);
    Fd dfd = open_dir_at(AT_FDCWD, dst.c_str(), true);
    if (!sfd || !dfd || ::fstat(dfd.get(), &tc.dst_root) != 0) return errno_result();
    tc.ancestors.emplace_back(s.st_dev, s.st_ino);
    Result r = copy_tree(sfd.get(), dfd.get(), dst, tc);
    if (r != OMNI_RESULT_OK) return r;
    tc.undo.keep();
    created.keep();
    return OMNI_RESULT_OK;
}

Result move_path(const std::string& src_path, const std::string& dst_path, const CopyArgs& args, bool& copied) {
    copied = false;
    std::string src = strip_slashes(src_path);
    struct stat s;
    if (::lstat(src.c_str(), &s) != 0) return errno_result();
    struct stat followed = s;
    if (S_ISLNK(s.st_mode)) ::stat(src.c_str(), &followed);
    bool folder = S_ISDIR(followed.st_mode);
    if (wrong_kind(args.kind, folder)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    if (!S_ISDIR(s.st_mode) && has_trailing_slash(dst_path)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    std::string dst = strip_slashes(dst_path);
    std::string src_c = canonical(src), dst_c = canonical(dst);
    if (src_c == dst_c) return OMNI_RESULT_ERROR_SOURCE_IS_DEST;
    if (S_ISDIR(s.st_mode) && dst_c.compare(0, src_c.size() + 1, src_c + "/") == 0) return OMNI_RESULT_ERROR_SOURCE_IS_DEST;

    struct stat d;
    if (::lstat(dst.c_str(), &d) == 0) {
        if (same_file(s, d)) return OMNI_RESULT_ERROR_SOURCE_IS_DEST;
        if (args.behavior != OMNI_COPY_OVERWRITE) return OMNI_RESULT_ERROR_ALREADY_EXISTS;
        struct stat dfollowed = d;
        if (S_ISLNK(d.st_mode)) ::stat(dst.c_str(), &dfollowed);
        if (folder != S_ISDIR(dfollowed.st_mode)) return OMNI_RESULT_ERROR_WRONG_TYPE;
        if (!S_ISDIR(s.st_mode) || S_ISLNK(d.st_mode)) {
            if (::rename(src.c_str(), dst.c_str()) == 0) return OMNI_RESULT_OK;
            if (errno != EXDEV) return errno_result();
        } else if (s.st_dev == d.st_dev) {
            Fd sfd = open_dir_at(AT_FDCWD, src.c_str(), false);
            Fd dfd = open_dir_at(AT_FDCWD, dst.c_str(), false);
            if (!sfd || !dfd) return errno_result();
            Result r = merge_into(sfd.get(), dfd.get());
            if (r != OMNI_RESULT_OK) return r;
            return ::rmdir(src.c_str()) == 0 ? OMNI_RESULT_OK : errno_result();
        }
    } else {
        if (errno != ENOENT) return errno_result();
        CreatedFolders created;
        Result r = make_parents(parent_of(dst), created);
        if (r != OMNI_RESULT_OK) return r;
        if (::renameat2(AT_FDCWD, src.c_str(), AT_FDCWD, dst.c_str(), RENAME_NOREPLACE) == 0) {
            created.keep();
            return OMNI_RESULT_OK;
        }
        if (errno != EXDEV) return errno_result();
        created.keep();
    }
    // Another filesystem: copy, then delete the source.
    Result r = copy_path(src, dst, CopyArgs{OMNI_COPY_OVERWRITE, {}, CopyKind::Any});
    if (r != OMNI_RESULT_OK) return r;
    copied = true;
    return remove_path(src, true);
}

struct PartWriter::State {
    std::string target;
    struct stat st {};
    bool exists = false;
    // A file with other names, or in a folder where no new file can be made, is written in place
    // at commit (as write_whole_file does); its parts wait in the temporary folder meanwhile.
    bool in_place = false;
    uint64_t size = 0;
    CreatedFolders created;
    TempFile tmp;
};

PartWriter::PartWriter() = default;
PartWriter::~PartWriter() = default;

Result PartWriter::open(const std::string& path, bool overwrite, uint64_t size_hint) {
    if (has_trailing_slash(path)) return OMNI_RESULT_ERROR_WRONG_TYPE;
    auto s = std::make_unique<State>();
    Result r = write_target(path, s->target, s->st, s->exists);
    if (r == OMNI_RESULT_ERROR_WRONG_TYPE && !overwrite) return OMNI_RESULT_ERROR_ALREADY_EXISTS;
    if (r != OMNI_RESULT_OK) return r;
    if (s->exists && !overwrite) return OMNI_RESULT_ERROR_ALREADY_EXISTS;
    if (s->exists && ::faccessat(AT_FDCWD, s->target.c_str(), W_OK, AT_EACCESS) != 0) return errno_result();
    std::string dir = parent_of(s->target);
    s->in_place = s->exists && s->st.st_nlink > 1;
    r = s->in_place ? OMNI_RESULT_ERROR_ACCESS_DENIED : s->tmp.open(AT_FDCWD, dir);
    if (r == OMNI_RESULT_ERROR_NOT_FOUND) {
        r = make_parents(dir, s->created);
        if (r != OMNI_RESULT_OK) return r;
        r = s->tmp.open(AT_FDCWD, dir);
    }
    if (r == OMNI_RESULT_ERROR_ACCESS_DENIED && s->exists) {
        s->in_place = true;
        const char* tmpdir = std::getenv("TMPDIR");
        r = s->tmp.open(AT_FDCWD, tmpdir && *tmpdir ? tmpdir : "/tmp");
    }
    if (r != OMNI_RESULT_OK) return r;
    preallocate(s->tmp.fd(), size_hint);
    state_ = std::move(s);
    return OMNI_RESULT_OK;
}

Result PartWriter::append(const uint8_t* data, size_t size) {
    if (!state_) return OMNI_RESULT_ERROR;
    Result r = write_all(state_->tmp.fd(), data, size);
    if (r == OMNI_RESULT_OK) state_->size += size;
    return r;
}

Result PartWriter::commit(ReleaseQueue& replaced) {
    if (!state_) return OMNI_RESULT_ERROR;
    auto s = std::move(state_);
    // A preallocation beyond what arrived (the source shrank) is cut off.
    if (::ftruncate(s->tmp.fd(), static_cast<off_t>(s->size)) != 0) return errno_result();
    if (s->in_place) {
        Fd out(::open(s->target.c_str(), O_WRONLY | O_CLOEXEC));
        if (!out) return errno_result();
        Result r = copy_range(s->tmp.fd(), out.get(), 0, static_cast<off_t>(s->size));
        if (r != OMNI_RESULT_OK) return r;
        return ::ftruncate(out.get(), static_cast<off_t>(s->size)) == 0 ? OMNI_RESULT_OK : errno_result();
    }
    if (s->exists) s->tmp.take_attributes(s->st);
    Result r = s->tmp.commit(AT_FDCWD, s->target.c_str(), s->exists ? &replaced : nullptr);
    if (r == OMNI_RESULT_OK) s->created.keep();
    return r;
}

}  // namespace omniclient::file
