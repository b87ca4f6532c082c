// The C API's registrations (status, error, authentication and live queue callbacks), search paths and bookmarks.
#include "capi/support.h"

#include "core/live.h"
#include "core/log.h"
#include "core/registries.h"

#include <cstdlib>
#include <cstring>

using namespace omniclient;
using namespace omniclient::capi;

namespace {

template <class... Args, class Fn>
uint32_t register_in(CallbackList<Args...>& list, Fn fn) {
    uint64_t handle = list.add(std::move(fn));
    return add_registration([&list, handle] { list.remove(handle); });
}

// For notices this library never sends: a handle that unregisters like any other.
uint32_t register_silent() {
    return add_registration([] {});
}

// Credentials are text: up to the first NUL within `size`, so that a size counting the terminator
// (the original reads them as C strings) gives the same name.
std::string content_text(const OmniClientContent& c) {
    if (!c.buffer) return std::string();
    const char* text = static_cast<const char*>(c.buffer);
    return std::string(text, strnlen(text, c.size));
}

AuthAnswer to_answer(const OmniClientCredentials& credentials) {
    AuthAnswer answer;
    if (credentials.abort) {
        answer.kind = AuthAnswer::Kind::Abort;
    } else if (credentials.token.buffer && credentials.token.size) {
        answer.kind = AuthAnswer::Kind::Token;
        answer.password_or_token = content_text(credentials.token);
    } else {
        answer.kind = AuthAnswer::Kind::Credentials;
        answer.username = content_text(credentials.username);
        answer.password_or_token = content_text(credentials.password);
    }
    return answer;
}

}  // namespace

extern "C" {

uint32_t omniClientRegisterConnectionStatusCallback(void* userData, OmniClientConnectionStatusCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(connection_status_callbacks(), [userData, callback](const std::string& url, OmniConnectionStatus status) {
        callback(userData, url.c_str(), static_cast<OmniClientConnectionStatus>(status));
    });
}

uint32_t omniClientRegisterFileStatusCallback(void* userData, OmniClientFileStatusCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(file_status_callbacks(), [userData, callback](const std::string& url, OmniFileStatus status, int percentage) {
        callback(userData, url.c_str(), static_cast<OmniClientFileStatus>(status), percentage);
    });
}

// Without a cache service the status never changes: refused (0), as the original without Hub does.
uint32_t omniClientRegisterCacheBypassStatusCallback(void*, OmniClientCacheBypassStatusCallback) noexcept { return 0; }

void omniClientUnregisterCallback(uint32_t handle) noexcept { remove_registration(handle); }

uint32_t omniClientRegisterErrorCallback(void* userData, OmniClientErrorCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(error_callbacks(), [userData, callback](const ErrorInfo& e) {
        OmniClientErrorInfo info{e.operation.c_str(), e.uri.c_str(), e.message.c_str(), e.http_error_code, e.grpc_error_code};
        callback(userData, &info);
    });
}

uint32_t omniClientRegisterMetricsCallback(void*, OmniClientMetricsCallback callback) noexcept { return callback ? register_silent() : 0; }

void omniClientSetAuthenticationMessageBoxCallback(void*, OmniClientAuthenticationMessageBoxCallback) noexcept {}

uint32_t omniClientRegisterAuthCallback(void* userData, OmniClientAuthCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(authentication_callbacks(), [userData, callback](const std::string& prefix, AuthAnswer& answer) {
        if (answer.kind != AuthAnswer::Kind::None) return;  // a newer registration answered
        OmniClientCredentials credentials{};
        bool answered = callback(userData, prefix.c_str(), &credentials);
        if (answered) answer = to_answer(credentials);
        omniClientFreeContent(&credentials.token);
        omniClientFreeContent(&credentials.username);
        omniClientFreeContent(&credentials.password);
    });
}

void omniClientAuthenticationCancel(uint32_t authHandle) noexcept { ops::cancel_authentication(authHandle); }

void omniClientSignOut(const char* url) noexcept {
    if (url) ops::sign_out(url);
}

void omniClientReconnect(const char* url) noexcept {
    if (url) ops::reconnect(url);
}

uint32_t omniClientRegisterAuthDeviceFlowCallback(void* userData, OmniClientAuthDeviceFlowCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(device_flow_callbacks(), [userData, callback](uint64_t handle, const DeviceFlowParams* p) {
        if (!p) return callback(userData, static_cast<uint32_t>(handle), nullptr);  // the sign-in is over
        OmniClientAuthDeviceFlowParams params{p->server.c_str(), p->url.c_str(), p->code.c_str(), static_cast<uint32_t>(p->expiration)};
        callback(userData, static_cast<uint32_t>(handle), &params);
    });
}

uint32_t omniClientRegisterStorageAuthCallback(void* userData, OmniClientStorageAuthCallback callback) noexcept {
    if (!callback) return 0;
    return register_in(storage_auth_callbacks(), [userData, callback](uint64_t handle, const std::string& server) {
        callback(userData, static_cast<uint32_t>(handle), server.c_str());
    });
}

bool omniClientSetStorageAccessToken(uint32_t, const char*) noexcept { return false; }

void omniClientAddDefaultSearchPath(const char* searchPath) noexcept {
    if (searchPath) add_default_search_path(searchPath);
}

void omniClientRemoveDefaultSearchPath(const char* searchPath) noexcept {
    if (searchPath) remove_default_search_path(searchPath);
}

// Deprecated: the original 2.75 answers 0 and writes nothing (its strings could not outlive the
// call safely), and says so in the log; programs use omniClientGetDefaultSearchPaths2.
uint32_t omniClientGetDefaultSearchPaths(const char**, uint32_t) noexcept {
    log(OMNI_LOG_ERROR, "client", "omniClientGetDefaultSearchPaths is deprecated and gives no paths: use omniClientGetDefaultSearchPaths2");
    return 0;
}

const char* const* omniClientGetDefaultSearchPaths2() noexcept {
    // One allocation holds the pointers and the strings, so omniClientFreeStringList is one free().
    std::vector<std::string> paths = default_search_paths();
    size_t bytes = (paths.size() + 1) * sizeof(char*);
    for (auto& p : paths) bytes += p.size() + 1;
    auto* block = static_cast<char*>(std::malloc(bytes));
    if (!block) return nullptr;
    auto* list = reinterpret_cast<const char**>(block);
    char* cursor = block + (paths.size() + 1) * sizeof(char*);
    for (size_t i = 0; i < paths.size(); ++i) {
        std::memcpy(cursor, paths[i].c_str(), paths[i].size() + 1);
        list[i] = cursor;
        cursor += paths[i].size() + 1;
    }
    list[paths.size()] = nullptr;
    return list;
}

void omniClientFreeStringList(const char* const* list) noexcept { std::free(const_cast<const char**>(list)); }

void omniClientAddBookmark(const char* name, const char* url) noexcept {
    if (name && url) add_bookmark(name, url);
}

void omniClientRemoveBookmark(const char* name) noexcept {
    if (name) remove_bookmark(name);
}

OmniClientRequestId omniClientListBookmarks(void* userData, OmniClientBookmarkCallback callback) noexcept {
    return subscribe_gated([&](std::function<void()> first_done) {
        return ops::bookmarks_subscribe([userData, callback, first_done](const std::vector<std::pair<std::string, std::string>>& marks) {
            std::vector<OmniClientBookmark> bookmarks;
            bookmarks.reserve(marks.size());
            for (auto& [name, url] : marks) bookmarks.push_back(OmniClientBookmark{name.c_str(), url.c_str()});
            if (callback) callback(userData, bookmarks.data(), bookmarks.size());
            first_done();
        });
    });
}

uint32_t omniClientLiveRegisterQueuedCallback2(void* userData, OmniClientLiveQueuedCallback2 callback) noexcept {
    if (!callback) return register_silent();  // a handle all the same, as the original's
    return register_in(ops::live_queued_callbacks(), [userData, callback](OmniLiveUpdateType type, Result result, const std::string& url,
                                                                           uint64_t object_id, uint64_t sequence, uint64_t server_time) {
        OmniClientUrl* parts = url.empty() ? nullptr : omniClientBreakUrl(url.c_str());
        OmniClientLiveUpdateInfo info{static_cast<OmniClientLiveUpdateType>(type), to_c(result), parts, object_id, sequence, server_time};
        callback(userData, &info);
        omniClientFreeUrl(parts);
    });
}

uint32_t omniClientLiveRegisterProcessUpdatesCallback(void*, OmniClientLiveProcessUpdatesCallback) noexcept { return register_silent(); }

}  // extern "C"
