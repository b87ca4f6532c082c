#include "core/registries.h"

#include "core/bookmark_file.h"
#include "core/log.h"
#include "core/runtime.h"
#include "url/url.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace omniclient {

CallbackList<const std::string&, AuthAnswer&>& authentication_callbacks() {
    static CallbackList<const std::string&, AuthAnswer&> list;
    return list;
}

CallbackList<const std::string&, AuthAnswer&>& authorize_callbacks() {
    static CallbackList<const std::string&, AuthAnswer&> list;
    return list;
}

CallbackList<const std::string&, OmniConnectionStatus>& connection_status_callbacks() {
    static CallbackList<const std::string&, OmniConnectionStatus> list;
    return list;
}

CallbackList<uint64_t, const DeviceFlowParams*>& device_flow_callbacks() {
    static CallbackList<uint64_t, const DeviceFlowParams*> list;
    return list;
}

CallbackList<const ErrorInfo&>& error_callbacks() {
    static CallbackList<const ErrorInfo&> list;
    return list;
}

}  // namespace omniclient

namespace omniclient {
namespace {

std::mutex g_mu;
std::vector<std::string> g_search_paths;
std::vector<std::pair<std::string, std::string>> g_bookmark_overrides;  // name -> url ("": removed)
std::vector<std::pair<std::string, std::string>> g_headers;
std::atomic<bool> g_list_cache_bypass{false};

// Sets `key` to `value` in an ordered list of pairs; an empty value removes it.
void upsert(std::vector<std::pair<std::string, std::string>>& pairs, const std::string& key, const std::string& value) {
    auto it = std::find_if(pairs.begin(), pairs.end(), [&](auto& p) { return p.first == key; });
    if (value.empty()) {
        if (it != pairs.end()) pairs.erase(it);
    } else if (it != pairs.end()) {
        it->second = value;
    } else {
        pairs.emplace_back(key, value);
    }
}

void notify_bookmark_listeners() {
    if (!bookmark_listeners().empty()) Runtime::get()->callbacks().post([] { bookmark_listeners().call(); });
}

}  // namespace

CallbackList<uint64_t, const std::string&>& storage_auth_callbacks() {
    static CallbackList<uint64_t, const std::string&> list;
    return list;
}

void add_default_search_path(const std::string& url) {
    std::lock_guard lock(g_mu);
    // Newest first, no duplicates: a path added again moves to the front.
    g_search_paths.erase(std::remove(g_search_paths.begin(), g_search_paths.end(), url), g_search_paths.end());
    g_search_paths.insert(g_search_paths.begin(), url);
}

void remove_default_search_path(const std::string& url) {
    std::lock_guard lock(g_mu);
    g_search_paths.erase(std::remove(g_search_paths.begin(), g_search_paths.end(), url), g_search_paths.end());
}

std::vector<std::string> default_search_paths() {
    std::lock_guard lock(g_mu);
    return g_search_paths;
}

// Bookmarks live in the user's Omniverse configuration file, shared with other processes. A
// change that cannot be written there (no home folder, read-only file) still holds for this
// process: it is kept in g_bookmark_overrides, applied over what the file says.
void set_bookmark(const std::string& name, const std::string& url) {
    std::string file = bookmark_file::path();
    std::string error = "there is no home folder";
    bool saved = !file.empty() && bookmark_file::update(file, name, url, error);
    if (!saved) log(OMNI_LOG_WARNING, "core", "bookmark '" + url::make_printable(name) + "' holds for this process only: it could not be saved in " + (file.empty() ? "the home folder" : file) + ": " + error);
    {
        std::lock_guard lock(g_mu);
        auto it = std::find_if(g_bookmark_overrides.begin(), g_bookmark_overrides.end(), [&](auto& p) { return p.first == name; });
        if (it != g_bookmark_overrides.end()) g_bookmark_overrides.erase(it);
        if (!saved) g_bookmark_overrides.emplace_back(name, url);
    }
    notify_bookmark_listeners();
}

void add_bookmark(const std::string& name, const std::string& url) { set_bookmark(name, url); }

void remove_bookmark(const std::string& name) { set_bookmark(name, ""); }

std::vector<std::pair<std::string, std::string>> bookmarks() {
    std::string file = bookmark_file::path();
    auto marks = file.empty() ? bookmark_file::Bookmarks{} : bookmark_file::load(file);
    std::lock_guard lock(g_mu);
    for (const auto& [name, url] : g_bookmark_overrides) upsert(marks, name, url);
    return marks;
}

void set_list_cache_bypass(bool bypass) { g_list_cache_bypass = bypass; }

bool list_cache_bypassed() { return g_list_cache_bypass; }

CallbackList<>& bookmark_listeners() {
    static CallbackList<> list;
    return list;
}

void set_http_header(const std::string& key, const std::string& value) {
    std::lock_guard lock(g_mu);
    upsert(g_headers, key, value);
}

std::vector<std::pair<std::string, std::string>> http_headers() {
    std::lock_guard lock(g_mu);
    return g_headers;
}

}  // namespace omniclient
