#include "providers/nucleus/listing_cache.h"

#include "providers/nucleus/entries.h"
#include "providers/nucleus/paths.h"

#include <charconv>

namespace omniclient::nucleus {
namespace {

std::string folder_key(const Target& t, const std::string& folder) { return server_key(t) + folder; }

// Whether `incoming` describes an older state of the item than `cached`: a smaller version
// (the server's transaction id, which only grows), or the same version before it was checkpointed
// (a version, once checkpointed, stays so). Answers and events can cross (a listing read before a
// checkpoint was committed, a stat after it); the cache must not go back. Versions that are not
// numbers are not ordered.
bool older(const ListEntry& incoming, const ListEntry& cached) {
    auto number = [](const std::string& v, uint64_t& out) {
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
        return ec == std::errc() && end == v.data() + v.size() && !v.empty();
    };
    uint64_t in = 0, have = 0;
    if (!number(incoming.version, in) || !number(cached.version, have)) return false;
    if (in != have) return in < have;
    return (cached.flags & OMNI_ITEM_IS_CHECKPOINTED) && !(incoming.flags & OMNI_ITEM_IS_CHECKPOINTED);
}

void apply(std::map<std::string, ListEntry>& entries, ListEventResult&& ev) {
    if (ev.event == OMNI_LIST_EVENT_DELETED) return void(entries.erase(ev.entry.relative_path));
    if (ev.entry.relative_path.empty()) return;
    auto [it, added] = entries.try_emplace(ev.entry.relative_path, ev.entry);
    if (!added && !older(ev.entry, it->second)) it->second = std::move(ev.entry);
}

}  // namespace

ListingCache::Lookup ListingCache::entry(const Target& t, const std::string& folder, const std::string& name, ListEntry& out) {
    std::lock_guard lock(mu_);
    auto it = folders_.find(folder_key(t, folder));
    if (it == folders_.end() || !it->second.ready) return Lookup::Miss;
    it->second.used = ++clock_;
    auto e = it->second.entries.find(name);
    if (e == it->second.entries.end()) return Lookup::Missing;
    out = e->second;
    return Lookup::Found;
}

bool ListingCache::list(const Target& t, const std::string& folder, std::vector<ListEntry>& out) {
    std::lock_guard lock(mu_);
    auto it = folders_.find(folder_key(t, folder));
    if (it == folders_.end() || !it->second.ready) return false;
    it->second.used = ++clock_;
    out.reserve(it->second.entries.size());
    for (auto& [name, e] : it->second.entries) out.push_back(e);
    return true;
}

void ListingCache::saw(const Target& t, const std::string& folder, const ListEntry& entry) {
    ListEventResult ev;
    ev.result = OMNI_RESULT_OK;
    ev.event = OMNI_LIST_EVENT_UPDATED;
    ev.entry = entry;
    std::lock_guard lock(mu_);
    auto it = folders_.find(folder_key(t, folder));
    if (it == folders_.end()) return;
    if (it->second.ready) apply(it->second.entries, std::move(ev));
    else it->second.early.push_back(std::move(ev));  // applied over the listing when it arrives
}

void ListingCache::drop(const Target& t, const std::string& folder) { drop_folder(folder_key(t, folder), 0, OMNI_RESULT_ERROR); }

void ListingCache::clear(const Target& t) {
    std::string server = server_key(t) + "/";  // folder keys: the server, then the folder's path
    std::vector<std::string> keys;
    {
        std::lock_guard lock(mu_);
        for (auto it = folders_.lower_bound(server); it != folders_.end() && it->first.compare(0, server.size(), server) == 0; ++it)
            keys.push_back(it->first);
    }
    for (auto& k : keys) drop_folder(k, 0, OMNI_RESULT_ERROR);
}

void ListingCache::drop_folder(const std::string& key, uint64_t id, Result why) {
    std::vector<std::function<void(Result)>> waiters;
    std::weak_ptr<Session> session;
    uint64_t subscription = 0;
    {
        std::lock_guard lock(mu_);
        auto it = folders_.find(key);
        if (it == folders_.end() || (id && it->second.id != id)) return;
        waiters = std::move(it->second.waiters);
        session = it->second.session;
        subscription = it->second.subscription;
        folders_.erase(it);
    }
    if (subscription) link_.post([session, subscription] {
        if (auto s = session.lock()) s->cancel(subscription);
    });
    for (auto& w : waiters) w(why);
}

void ListingCache::invalidate(const Target& t, const std::string& path) {
    std::string p = without_slash(path);
    std::string below = folder_key(t, folder_form(p));
    std::vector<std::string> keys{folder_key(t, parent_of(p))};
    {
        std::lock_guard lock(mu_);
        for (auto it = folders_.lower_bound(below); it != folders_.end() && it->first.compare(0, below.size(), below) == 0; ++it)
            keys.push_back(it->first);
    }
    for (auto& k : keys) drop_folder(k, 0, OMNI_RESULT_ERROR);
}

void ListingCache::warm(const Target& t, const std::string& folder, std::function<void(Result)> ready) {
    std::string key = folder_key(t, folder);
    uint64_t id = 0;
    std::vector<std::string> evict;
    bool answer_now = false, created = false;
    {
        std::lock_guard lock(mu_);
        auto it = folders_.find(key);
        if (it != folders_.end()) {
            if (ready && it->second.ready) answer_now = true;
            else if (ready) it->second.waiters.push_back(std::move(ready));
        } else {
            Folder& f = folders_[key];
            created = true;
            f.id = id = ++ids_;
            f.used = ++clock_;
            if (ready) f.waiters.push_back(std::move(ready));
            if (folders_.size() > kCachedFolders) {
                auto lru = folders_.end();
                for (auto i = folders_.begin(); i != folders_.end(); ++i)
                    if (i->second.ready && (lru == folders_.end() || i->second.used < lru->second.used)) lru = i;
                if (lru != folders_.end()) evict.push_back(lru->first);
            }
        }
    }
    if (answer_now) return ready(OMNI_RESULT_OK);
    if (!created) return;
    for (auto& k : evict) drop_folder(k, 0, OMNI_RESULT_ERROR);
    link_.with_session(t, [this, key, id, folder](const std::shared_ptr<Session>& s) { fill(s, key, id, folder); });
}

void ListingCache::fill(const std::shared_ptr<Session>& s, const std::string& key, uint64_t id, const std::string& folder) {
    Session::Call sub;
    sub.command = "subscribe_list";
    sub.params = {{"path", {{"branch", ""}, {"path", folder}}}};
    sub.subscription = true;
    sub.resubscribe = false;  // events missed while disconnected: drop the folder instead
    sub.on_answer = [this, key, id, folder](net::connlib::Answer&& a) {
        std::string status = status_of(a);
        if (status != "OK") {
            drop_folder(key, id, result_of_item_status(status));
            return true;
        }
        auto events = list_events_of(a.json(), folder);
        if (events.empty()) return false;
        std::lock_guard lock(mu_);
        auto it = folders_.find(key);
        if (it == folders_.end() || it->second.id != id) return false;
        for (auto& ev : events) {
            if (it->second.ready) apply(it->second.entries, std::move(ev));
            else it->second.early.push_back(std::move(ev));
        }
        return false;
    };
    sub.on_fail = [this, key, id](Result r, bool) { drop_folder(key, id, r); };
    uint64_t handle = s->call(std::move(sub));
    {
        std::lock_guard lock(mu_);
        auto it = folders_.find(key);
        if (it == folders_.end() || it->second.id != id) {
            s->cancel(handle);
            return;
        }
        it->second.subscription = handle;
        it->second.session = s;
    }
    auto acc = std::make_shared<std::map<std::string, ListEntry>>();
    Session::Call listing;
    listing.command = "list2";
    listing.params = {{"path", folder}};
    listing.on_answer = [this, key, id, acc](net::connlib::Answer&& a) {
        std::string status = status_of(a);
        if (status == "OK") {
            auto entries = a.json().find("entries");
            if (entries != a.json().end() && entries->is_array())
                for (auto& e : *entries) {
                    ListEntry entry = entry_of_list2(e);
                    (*acc)[entry.relative_path] = std::move(entry);
                }
            return false;
        }
        if (status != "DONE") {
            Result r = result_of_item_status(status);
            drop_folder(key, id, r == OMNI_RESULT_ERROR ? OMNI_RESULT_ERROR_NOT_FOUND : r);
            return true;
        }
        std::vector<std::function<void(Result)>> waiters;
        {
            std::lock_guard lock(mu_);
            auto it = folders_.find(key);
            if (it == folders_.end() || it->second.id != id) return true;
            Folder& f = it->second;
            f.entries = std::move(*acc);
            for (auto& ev : f.early) apply(f.entries, std::move(ev));
            f.early.clear();
            f.ready = true;
            waiters = std::move(f.waiters);
        }
        for (auto& w : waiters) w(OMNI_RESULT_OK);
        return true;
    };
    listing.on_fail = [this, key, id](Result r, bool) { drop_folder(key, id, r); };
    s->call(std::move(listing));
}

}  // namespace omniclient::nucleus
