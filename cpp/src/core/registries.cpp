#include "core/registries.h"

#include "core/runtime.h"

#include <algorithm>
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

CallbackList<uint64_t, const DeviceFlowParams&>& device_flow_callbacks() {
    static CallbackList<uint64_t, const DeviceFlowParams&> list;
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
std::vector<std::pair<std::string, std::string>> g_bookmarks;
std::vector<std::pair<std::string, std::string>> g_headers;

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

void add_bookmark(const std::string& name, const std::string& url) {
    {
        std::lock_guard lock(g_mu);
        upsert(g_bookmarks, name, url);
    }
    notify_bookmark_listeners();
}

void remove_bookmark(const std::string& name) {
    {
        std::lock_guard lock(g_mu);
        upsert(g_bookmarks, name, "");
    }
    notify_bookmark_listeners();
}

std::vector<std::pair<std::string, std::string>> bookmarks() {
    std::lock_guard lock(g_mu);
    return g_bookmarks;
}

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
