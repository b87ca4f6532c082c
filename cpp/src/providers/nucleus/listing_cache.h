// The listing cache: folders kept fresh by subscribe_list, serving stat and list at once (NVIDIA's
// client does the same). Our own changes drop the folders they touch.
#pragma once

#include "providers/nucleus/server_link.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace omniclient::nucleus {

class ListingCache {
public:
    explicit ListingCache(ServerLink& link) : link_(link) {}

    // Answers from the cache: Found/Missing for `name` in a ready `folder` (a path ending in '/')
    // of the server of `t`; Miss otherwise.
    enum class Lookup { Miss, Found, Missing };
    Lookup entry(const Target& t, const std::string& folder, const std::string& name, ListEntry& out);
    // The entries of a ready `folder`; false when it is not.
    bool list(const Target& t, const std::string& folder, std::vector<ListEntry>& out);
    // Starts caching `folder` (subscribe_list, then list2); `ready` (may be null) hears the outcome.
    void warm(const Target& t, const std::string& folder, std::function<void(Result)> ready);
    // A stat2 answer for `entry` in `folder`: kept if the folder is cached (or being filled) and the
    // entry is not older than what the cache holds, so a stat never goes back to an older state.
    void saw(const Target& t, const std::string& folder, const ListEntry& entry);
    // Stops caching `folder`; its waiters hear ERROR.
    void drop(const Target& t, const std::string& folder);
    // Forgets every folder of the server of `t`.
    void clear(const Target& t);

    // Wraps an answer so the folders `paths` touch are dropped before the caller hears of it
    // (and once now, as the change starts).
    template <class R>
    Done<R> changing(const Target& t, std::vector<std::string> paths, Done<R> done) {
        for (auto& p : paths) invalidate(t, p);
        return [this, t, paths, done = std::move(done)](R&& r) {
            for (auto& p : paths) invalidate(t, p);
            done(std::move(r));
        };
    }

private:
    struct Folder {
        uint64_t id = 0;
        bool ready = false;
        std::map<std::string, ListEntry> entries;
        std::vector<ListEventResult> early;  // events before the listing arrived
        std::vector<std::function<void(Result)>> waiters;
        uint64_t subscription = 0;  // session call handle (loop thread)
        std::weak_ptr<Session> session;
        uint64_t used = 0;
    };
    static constexpr size_t kCachedFolders = 32;

    // Drops a folder (the subscription is stopped) unless `id` names an older one; its waiters get `why`.
    void drop_folder(const std::string& key, uint64_t id, Result why);
    // Drops the cached parent of `path` and every cached folder at or below it.
    void invalidate(const Target& t, const std::string& path);
    // Loop thread: subscribe_list and list2 for a new folder.
    void fill(const std::shared_ptr<Session>& s, const std::string& key, uint64_t id, const std::string& folder);

    ServerLink& link_;
    std::mutex mu_;
    std::map<std::string, Folder> folders_;  // by server key, then folder path
    uint64_t ids_ = 0;
    uint64_t clock_ = 0;
};

}  // namespace omniclient::nucleus
