// Change notifications for local files: one inotify descriptor and one thread serve every
// subscription. A subscription remembers what it last reported of each name and reports only
// differences (CREATED, UPDATED, DELETED), so bursts of kernel events for one change collapse.
#pragma once

#include "core/provider.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace omniclient::file {

class Watcher : public std::enable_shared_from_this<Watcher> {
public:
    Watcher() = default;
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Reports `path` itself: `first` gets its stat (OK_NOT_YET_FOUND if missing), then every change.
    void subscribe_stat(OpContext ctx, const std::string& path, Done<StatResult> first, Events<ListEventResult> events);
    // Reports the items of the folder `path`: `first` gets the listing, then every change.
    void subscribe_list(OpContext ctx, const std::string& path, Done<ListResult> first, Events<ListEventResult> events);
    // Ends every subscription and joins the thread.
    void stop();

private:
    struct Known {
        uint32_t flags;
        uint64_t size;
        TimeNs modified;
        TimeNs changed;
        bool operator==(const Known&) const = default;
    };
    struct Sub {
        int wd = -1;
        std::string dir;
        std::string watched;  // stat subscriptions: `dir`, or while it is missing, its nearest ancestor
        std::string name;  // stat subscriptions: the one name reported
        bool list = false;
        bool dead = false;
        std::map<std::string, Known> known;
        Events<ListEventResult> events;
    };

    // Starts the thread and the inotify descriptor if needed; returns the watch of `dir` or -errno.
    int watch(const std::string& dir);
    uint64_t add(Sub sub);
    void remove(uint64_t id);
    void drop_watch_if_unused(int wd);  // with mu_ held
    void arm(Sub& sub);                 // with mu_ held
    void run();
    void handle(int wd, uint32_t mask, const std::string& name);
    void refresh(Sub& sub, const std::string& name);
    void rescan(Sub& sub);

    std::mutex mu_;
    int inotify_ = -1;
    int wake_ = -1;
    bool stopping_ = false;
    std::thread thread_;
    uint64_t next_id_ = 1;
    std::unordered_map<uint64_t, Sub> subs_;
};

}  // namespace omniclient::file
