// The C API's lifetime, requests, logging, settings and content functions.
#include "capi/support.h"

#include "core/log.h"
#include "core/registries.h"
#include "core/version.h"

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>

using namespace omniclient;
using namespace omniclient::capi;

namespace {

std::atomic<bool> shutting_down{false};

// The handshake of the original: the same major version, and a caller no newer than this library.
bool caller_version_supported(uint64_t version) {
    auto major = [](uint64_t v) { return v >> 48; };
    auto minor = [](uint64_t v) { return (v >> 32) & 0xFFFF; };
    auto patch = [](uint64_t v) { return v & 0xFFFFFFFF; };
    const uint64_t ours = kOmniClientVersion;
    if (major(version) != major(ours) || minor(version) > minor(ours)) return false;
    return minor(version) < minor(ours) || patch(version) <= patch(ours);
}

// Texts the original gives for each value, and for values out of range.
template <size_t N>
const char* name_of(const char* const (&names)[N], int value, const char* unknown) {
    return value >= 0 && static_cast<size_t>(value) < N ? names[value] : unknown;
}

const char* const kResultNames[] = {
    "Ok", "Latest", "Not Yet Found", "Error", "Error: Connection", "Error: Not Supported", "Error: Access Denied",
    "Error: Not Found", "Error: Bad Version", "Error: Already Exists", "Error: Source is Destination", "Error: Access Lost",
    "Error: Resource Locked", "Error: Bad Request", "Error: Folder not Empty", "Error: Wrong Type", "Error: Unsupported Version"};
const char* const kConnectionStatusNames[] = {
    "Attempting to connect", "Successfully connected", "Connection error", "Disconnected", "SignOut called",
    "No username was provided (This status is no longer used)", "Application requested auth abort",
    "User or application request auth cancel", "Internal error while trying to authenticate", "Authentication failed",
    "The server is not compatible with this version of the client library", "Host name is invalid"};
const char* const kFileStatusNames[] = {"Reading", "Writing", "Copying", "Moving", "Deleting", "Obliterating",
                                        "Sending Live Update", "Received Live Update", "Listing", "Stating"};
const char* const kLogLevelNames[] = {"Debug", "Verbose", "Info", "Warning", "Error"};
const char* const kCacheBypassNames[] = {"Enabled", "Disabled"};

bool valid_log_level(int level) { return level >= eOmniClientLogLevel_Debug && level <= eOmniClientLogLevel_Error; }

}  // namespace

extern "C" {

bool omniClientInitialize(uint64_t version) noexcept {
    if (!caller_version_supported(version)) {
        log(OMNI_LOG_ERROR, "client", "Initialization failed: the application was built for client library version " +
                                          std::to_string(version >> 48) + "." + std::to_string((version >> 32) & 0xFFFF) + "." +
                                          std::to_string(version & 0xFFFFFFFF) + ", this is " + kVersionString);
        return false;
    }
    return Runtime::initialize(kVersion);
}

void omniClientShutdown() noexcept {
    shutting_down = true;
    Runtime::shutdown();
    shutting_down = false;
}

bool omniClientIsShuttingDown() noexcept { return shutting_down; }

const char* omniClientGetVersionString() noexcept { return kVersionString; }

void omniClientSetProductInfo(const char* name, const char* version, const char* extra) noexcept {
    set_product_info(ProductInfo{str(name), str(version), str(extra)});
}

const char* omniClientGetResultString(OmniClientResult result) noexcept { return name_of(kResultNames, result, "Error: ???"); }

void omniClientStop(OmniClientRequestId requestId) noexcept {
    auto runtime = Runtime::get();
    RequestPtr request = runtime->find(requestId);
    forget_gate(requestId);
    if (!request) return;
    request->stop();
    // The stop's answer is delivered on the callback thread: wait for it, so that no callback runs
    // once this returns (unless called from a callback, which that thread is running).
    if (!runtime->owns_current_thread()) request->wait();
}

void omniClientWait(OmniClientRequestId requestId) noexcept { omniClientWaitFor(requestId, -1); }

bool omniClientWaitFor(OmniClientRequestId requestId, uint64_t milliseconds) noexcept {
    RequestPtr request = Runtime::get()->find(requestId);
    auto ms = static_cast<int64_t>(milliseconds);  // UINT64_MAX (-1) waits without limit
    if (!request) {
        forget_gate(requestId);
        return true;
    }
    if (auto gate = gate_of(requestId)) return gate->wait(request, ms);
    if (ms < 0) {
        request->wait();
        return true;
    }
    return request->wait_for_ms(ms);
}

struct OmniIDLCPPInitializerReactor* omniClientGetReactor() noexcept { return nullptr; }

void omniClientWriteChromeTrace() noexcept {
    const char* configured = std::getenv("OMNI_TRACE_FILE");
    std::error_code ignored;
    std::string path = configured && *configured
                           ? std::string(configured)
                           : (std::filesystem::temp_directory_path(ignored) / ("omniclient-trace-" + std::to_string(::getpid()) + ".json")).string();
    write_chrome_trace(path);
}

bool omniClientTraceStart() noexcept { return trace_start(); }

void omniClientTraceStop() noexcept { trace_stop(); }

void omniClientSetLogCallback(OmniClientLogCallback callback) noexcept {
    if (!callback) return set_log_callback(nullptr);
    set_log_callback([callback](const std::string& thread, const std::string& component, OmniLogLevel level, const std::string& message) {
        callback(thread.c_str(), component.c_str(), static_cast<OmniClientLogLevel>(level), message.c_str());
    });
}

void omniClientSetLogLevel(OmniClientLogLevel level) noexcept {
    if (valid_log_level(level)) set_log_level(static_cast<OmniLogLevel>(level));
}

const char* omniClientGetLogLevelString(OmniClientLogLevel level) noexcept { return name_of(kLogLevelNames, level, "???"); }

char omniClientGetLogLevelChar(OmniClientLogLevel level) noexcept { return valid_log_level(level) ? kLogLevelNames[level][0] : '?'; }

void omniClientLog(const char* component, OmniClientLogLevel level, const char* message) noexcept {
    if (valid_log_level(level)) log(static_cast<OmniLogLevel>(level), sv(component), str(message));
}

struct OmniClientRetryBehavior omniClientSetRetries(struct OmniClientRetryBehavior behavior) noexcept {
    RetrySettings old = set_retry_settings(RetrySettings{behavior.maxMs, behavior.baseMs, behavior.jitterMs});
    return OmniClientRetryBehavior{static_cast<uint32_t>(old.max_ms), static_cast<uint32_t>(old.base_ms), static_cast<uint32_t>(old.jitter_ms)};
}

void omniClientBypassListCache(bool bypass) noexcept { set_list_cache_bypass(bypass); }

bool omniClientClearListCache(const char* url) noexcept { return url && ops::clear_list_cache(url); }

void omniClientSetHttpHeader(const char* key, const char* value) noexcept {
    if (key) set_http_header(key, str(value));
}

// Without a cache service there is nothing to bypass: the status stays Disabled, as the original's
// without Hub reports it.
OmniClientCacheBypassStatus omniClientSetCacheBypassStatus(OmniClientCacheBypassStatus) noexcept {
    return eOmniClientCacheBypassStatus_Disabled;
}

const char* omniClientGetCacheBypassStatusString(OmniClientCacheBypassStatus status) noexcept {
    return name_of(kCacheBypassNames, status, "???");
}

// This library reads no configuration file: nothing to reload, no values to give.
void omniClientConfigReload() noexcept {}

const char* omniClientConfigGetString(const char*) noexcept { return nullptr; }

void omniClientConfigFreeString(const char* value) noexcept { std::free(const_cast<char*>(value)); }

void omniClientConfigSetInt(const char*, int64_t) noexcept {}

const char* omniClientGetConnectionStatusString(OmniClientConnectionStatus status) noexcept {
    return name_of(kConnectionStatusNames, status, "???");
}

const char* omniClientGetFileStatusString(OmniClientFileStatus status) noexcept { return name_of(kFileStatusNames, status, "???"); }

struct OmniClientContent omniClientAllocContent(size_t size) noexcept {
    // No allocator can give more than PTRDIFF_MAX bytes; refusing here keeps sanitizers from aborting.
    if (size > static_cast<size_t>(PTRDIFF_MAX)) return OmniClientContent{nullptr, 0, nullptr};
    // Empty content has no buffer but a release function, as the original's.
    if (size == 0) return OmniClientContent{nullptr, 0, std::free};
    void* buffer = std::malloc(size);
    if (!buffer) return OmniClientContent{nullptr, 0, nullptr};
    return OmniClientContent{buffer, size, std::free};
}

struct OmniClientContent omniClientReferenceContent(void* buffer, size_t size) noexcept { return OmniClientContent{buffer, size, nullptr}; }

struct OmniClientContent omniClientMoveContent(struct OmniClientContent* content) noexcept {
    if (!content) return OmniClientContent{nullptr, 0, nullptr};
    if (!content->free) return omniClientCopyContent(content);
    OmniClientContent moved = *content;
    *content = OmniClientContent{nullptr, 0, nullptr};
    return moved;
}

struct OmniClientContent omniClientCopyContent(const struct OmniClientContent* content) noexcept {
    if (!content || (!content->buffer && content->size)) return OmniClientContent{nullptr, 0, nullptr};
    OmniClientContent copy = omniClientAllocContent(content->size);
    if (copy.buffer && content->size) std::memcpy(copy.buffer, content->buffer, content->size);
    return copy;
}

void omniClientFreeContent(struct OmniClientContent* content) noexcept {
    // Content without a buffer is left as it is, as the original does.
    if (!content || !content->buffer) return;
    if (content->free) content->free(content->buffer);
    *content = OmniClientContent{nullptr, 0, nullptr};
}

}  // extern "C"
