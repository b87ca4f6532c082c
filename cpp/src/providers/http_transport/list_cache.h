// What the cloud providers remember of listings and stats, per server, until clear_list_cache()
// or their own writes change it. bypass_list_cache(true) makes lookups miss (answers are still
// stored, so turning the bypass off again serves the newest).
#pragma once

#include "core/types.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace omniclient::http {

// A folder's entries, shared with the cache: a stat served from the cache copies one entry, not
// the folder's thousands.
using Listing = std::shared_ptr<const std::vector<ListEntry>>;

class ListCache {
public:
    // Keys are a server ("https://host:port") and a folder path within it, "" for its root,
    // without a trailing slash. nullptr when not cached.
    Listing find(const std::string& server, const std::string& folder) const;
    void store(const std::string& server, const std::string& folder, Listing entries);
    // Drops the listing of `folder` only.
    void forget(const std::string& server, const std::string& folder);
    // Drops the listing of `folder` and of every folder inside it.
    void invalidate(const std::string& server, const std::string& folder);
    // Forgets everything of `server`.
    void clear(const std::string& server);

private:
    mutable std::mutex mu_;
    std::map<std::string, std::map<std::string, Listing>> servers_;
};

// The folder part of `path` ("a/b/c" → "a/b", "c" → ""), and its last segment.
std::string parent_of(const std::string& path);
std::string name_of(const std::string& path);

}  // namespace omniclient::http
