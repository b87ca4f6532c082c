#include "providers/http_transport/list_cache.h"

#include "core/registries.h"

namespace omniclient::http {

Listing ListCache::find(const std::string& server, const std::string& folder) const {
    if (list_cache_bypassed()) return nullptr;
    std::lock_guard lock(mu_);
    auto s = servers_.find(server);
    if (s == servers_.end()) return nullptr;
    auto f = s->second.find(folder);
    if (f == s->second.end()) return nullptr;
    return f->second;
}

void ListCache::store(const std::string& server, const std::string& folder, Listing entries) {
    std::lock_guard lock(mu_);
    servers_[server][folder] = std::move(entries);
}

void ListCache::invalidate(const std::string& server, const std::string& folder) {
    std::lock_guard lock(mu_);
    auto s = servers_.find(server);
    if (s == servers_.end()) return;
    auto& folders = s->second;
    for (auto it = folders.begin(); it != folders.end();) {
        const std::string& key = it->first;
        bool inside = folder.empty() || key == folder || (key.starts_with(folder) && key[folder.size()] == '/');
        it = inside ? folders.erase(it) : std::next(it);
    }
}

void ListCache::forget(const std::string& server, const std::string& folder) {
    std::lock_guard lock(mu_);
    if (auto s = servers_.find(server); s != servers_.end()) s->second.erase(folder);
}

void ListCache::clear(const std::string& server) {
    std::lock_guard lock(mu_);
    servers_.erase(server);
}

std::string parent_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace omniclient::http
