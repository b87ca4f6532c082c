#include "providers/file/watcher.h"

#include "core/log.h"
#include "providers/file/fs.h"

#include <array>
#include <chrono>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::file {
namespace {

// Creations, removals, renames, finished writes and attribute changes of a folder's items, and
// the folder's own disappearance. Plain IN_MODIFY is left out: a large write would report every
// chunk; IN_CLOSE_WRITE reports it once.
constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF |
                           IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

std::string parent_dir(const std::string& path) {
    std::string p = path;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    size_t slash = p.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : p.substr(0, slash);
}

std::string child(const std::string& dir, const std::string& name) { return dir == "/" ? "/" + name : dir + "/" + name; }

ListEventResult event(OmniListEvent kind, ListEntry entry) {
    ListEventResult e;
    e.result = OMNI_RESULT_OK;
    e.event = kind;
    e.entry = std::move(entry);
    return e;
}

}  // namespace

Watcher::~Watcher() { stop(); }

int Watcher::watch(const std::string& dir) {
    if (inotify_ < 0) {
        inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (inotify_ < 0) return -errno;
        wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (wake_ < 0) return -errno;
        thread_ = std::thread([this] { run(); });
    }
    int wd = ::inotify_add_watch(inotify_, dir.c_str(), kMask);
    return wd >= 0 ? wd : -errno;
}

uint64_t Watcher::add(Sub sub) {
    uint64_t id = next_id_++;
    subs_.emplace(id, std::move(sub));
    return id;
}

void Watcher::remove(uint64_t id) {
    std::lock_guard lock(mu_);
    auto it = subs_.find(id);
    if (it == subs_.end()) return;
    int wd = it->second.wd;
    subs_.erase(it);
    drop_watch_if_unused(wd);
}

void Watcher::drop_watch_if_unused(int wd) {
    if (wd < 0 || inotify_ < 0) return;
    for (auto& [_, s] : subs_) {
        if (s.wd == wd) return;
    }
    ::inotify_rm_watch(inotify_, wd);
}

// A stat subscription watches its item's folder; while that folder is missing, the nearest
// ancestor that exists, moving down (or up) as folders on the way appear (or go).
void Watcher::arm(Sub& sub) {
    int old = sub.wd;
    for (;;) {
        std::string d = sub.dir;
        int wd = watch(d);
        while (wd < 0 && (wd == -ENOENT || wd == -ENOTDIR) && d != "/" && d != ".") {
            d = parent_dir(d);
            wd = watch(d);
        }
        sub.wd = wd;
        sub.watched = d;
        if (wd < 0 || d == sub.dir) break;
        // The watch is in place: a folder on the way created from now on is seen. One created
        // just before is found by trying again (a file there blocks the way until it changes).
        size_t from = d == "." ? 0 : d == "/" ? 1 : d.size() + 1;
        std::string next = sub.dir.substr(0, sub.dir.find('/', from));
        struct stat st;
        if (::stat(next.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) break;
    }
    if (old != sub.wd) drop_watch_if_unused(old);
}

void Watcher::subscribe_stat(OpContext ctx, const std::string& path, Done<StatResult> first, Events<ListEventResult> events) {
    uint64_t id = 0;
    {
        std::lock_guard lock(mu_);
        if (stopping_) return first(error_answer<StatResult>(OMNI_RESULT_ERROR));
        Sub sub;
        sub.dir = parent_dir(path);
        sub.name = std::string(base_name(path));
        sub.events = std::move(events);
        // Watch first, then stat: a change in between shows up as an event, never as nothing.
        arm(sub);
        StatResult answer;
        answer.result = stat_entry(AT_FDCWD, path.c_str(), sub.name, answer.entry);
        if (answer.result == OMNI_RESULT_OK) {
            sub.known[sub.name] = Known{answer.entry.flags, answer.entry.size, answer.entry.modified_time, answer.entry.created_time};
        } else if (answer.result == OMNI_RESULT_ERROR_NOT_FOUND) {
            answer = StatResult{};
            answer.result = OMNI_RESULT_OK_NOT_YET_FOUND;
        } else {
            drop_watch_if_unused(sub.wd);
            return first(std::move(answer));
        }
        if (sub.wd < 0) log(OMNI_LOG_WARNING, "file", "cannot watch " + sub.watched + ": " + std::strerror(-sub.wd));
        first(std::move(answer));
        id = add(std::move(sub));
    }
    ctx.on_stop([weak = weak_from_this(), id] {
        if (auto self = weak.lock()) self->remove(id);
    });
}

void Watcher::subscribe_list(OpContext ctx, const std::string& path, Done<ListResult> first, Events<ListEventResult> events) {
    uint64_t id = 0;
    {
        std::lock_guard lock(mu_);
        if (stopping_) return first(error_answer<ListResult>(OMNI_RESULT_ERROR));
        Sub sub;
        sub.dir = path;
        sub.list = true;
        sub.events = std::move(events);
        sub.wd = watch(path);
        if (sub.wd < 0) {
            // As the original: a missing folder, or a file, is not found.
            int err = -sub.wd;
            return first(error_answer<ListResult>(err == ENOENT || err == ENOTDIR ? OMNI_RESULT_ERROR_NOT_FOUND : from_errno(err)));
        }
        ListResult answer;
        answer.result = list_folder(path, answer.entries, {});
        if (answer.result != OMNI_RESULT_OK) {
            drop_watch_if_unused(sub.wd);
            return first(std::move(answer));
        }
        for (auto& e : answer.entries) sub.known[e.relative_path] = Known{e.flags, e.size, e.modified_time, e.created_time};
        first(std::move(answer));
        id = add(std::move(sub));
    }
    ctx.on_stop([weak = weak_from_this(), id] {
        if (auto self = weak.lock()) self->remove(id);
    });
}

void Watcher::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        stopping_ = true;
        subs_.clear();
    }
    if (wake_ >= 0) {
        uint64_t one = 1;
        [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
    }
    if (thread_.joinable()) thread_.join();
    if (inotify_ >= 0) ::close(inotify_);
    if (wake_ >= 0) ::close(wake_);
    inotify_ = wake_ = -1;
}

void Watcher::run() {
    alignas(struct inotify_event) std::array<char, 65536> buf;
    for (;;) {
        std::array<pollfd, 2> fds{pollfd{inotify_, POLLIN, 0}, pollfd{wake_, POLLIN, 0}};
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
        // Let a burst (create, write, close) land, so that it is reported as one change.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ssize_t n = ::read(inotify_, buf.data(), buf.size());
        if (n <= 0) continue;
        std::lock_guard lock(mu_);
        for (ssize_t off = 0; off < n;) {
            auto* ev = reinterpret_cast<struct inotify_event*>(buf.data() + off);
            off += static_cast<ssize_t>(sizeof(struct inotify_event) + ev->len);
            if (ev->mask & IN_Q_OVERFLOW) {
                for (auto& [_, s] : subs_) rescan(s);
                continue;
            }
            handle(ev->wd, ev->mask, ev->len ? std::string(ev->name) : std::string());
        }
    }
}

void Watcher::handle(int wd, uint32_t mask, const std::string& name) {
    for (auto& [_, sub] : subs_) {
        if (sub.wd != wd || sub.dead) continue;
        bool gone = mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT);
        if (sub.list) {
            if (gone) {
                // The watched folder is gone: a listing loses access.
                sub.dead = true;
                ListEventResult lost;
                lost.result = OMNI_RESULT_ERROR_ACCESS_LOST;
                sub.events(std::move(lost));
                continue;
            }
        } else if (gone || sub.watched != sub.dir) {
            // The folder went (and the item with it), or one on the way to it came: watch again,
            // then look at the item.
            if (gone && sub.known.erase(sub.name)) {
                ListEntry went;
                went.relative_path = sub.name;
                sub.events(event(OMNI_LIST_EVENT_DELETED, std::move(went)));
            }
            arm(sub);
            if (sub.wd < 0) sub.dead = true;
            refresh(sub, sub.name);
            continue;
        }
        if (name.empty() || is_temp_name(name)) continue;
        if (!sub.list && name != sub.name) continue;
        refresh(sub, name);
    }
}

void Watcher::refresh(Sub& sub, const std::string& name) {
    ListEntry entry;
    bool exists = stat_entry(AT_FDCWD, child(sub.dir, name).c_str(), name, entry) == OMNI_RESULT_OK;
    auto it = sub.known.find(name);
    if (!exists) {
        if (it == sub.known.end()) return;
        sub.known.erase(it);
        ListEntry gone;
        gone.relative_path = name;
        sub.events(event(OMNI_LIST_EVENT_DELETED, std::move(gone)));
        return;
    }
    Known now{entry.flags, entry.size, entry.modified_time, entry.created_time};
    if (it == sub.known.end()) {
        sub.known.emplace(name, now);
        sub.events(event(OMNI_LIST_EVENT_CREATED, std::move(entry)));
    } else if (!(it->second == now)) {
        it->second = now;
        sub.events(event(OMNI_LIST_EVENT_UPDATED, std::move(entry)));
    }
}

void Watcher::rescan(Sub& sub) {
    if (sub.dead) return;
    if (!sub.list) return refresh(sub, sub.name);
    std::vector<ListEntry> entries;
    if (list_folder(sub.dir, entries, {}) != OMNI_RESULT_OK) return;
    std::vector<std::string> names;
    for (auto& [name, _] : sub.known) names.push_back(name);
    for (auto& e : entries) names.push_back(e.relative_path);
    for (auto& name : names) refresh(sub, name);
}

}  // namespace omniclient::file
