// Functions of subsystems this build does not have: live-object jitter reduction, Hub, and the
// original's internal hooks. Requests answer ERROR_NOT_SUPPORTED (Hub requests ERROR_CONNECTION,
// as the original's without a Hub) through the normal request path (callback on the callback
// thread; wait and stop work); content handed in is taken over and released as the original's
// contract says.
#include "capi/support.h"

#include "core/operations.h"
#include "core/runtime.h"

#include <cstdlib>
#include <cstring>

using namespace omniclient;
using namespace omniclient::capi;

extern "C" {

void omniClientLiveConfigureJitterReduction(uint32_t, uint32_t, uint32_t) noexcept {}

OmniClientRequestId omniClientRegisterStorageFromDiscovery(const char*, void* userData, OmniClientRegisterStorageCallback callback) noexcept {
    return not_supported([userData, callback](OmniClientResult r) {
        if (callback) callback(userData, r, 0, nullptr);
    });
}

OmniClientRequestId omniClientRegisterStorageDirect(const struct OmniClientStorageRegistrationInfo*, void* userData,
                                                    OmniClientRegisterStorageCallback callback) noexcept {
    return omniClientRegisterStorageFromDiscovery(nullptr, userData, callback);
}

OmniClientRequestId omniClientGetOmniHubVersion(void* userData, OmniClientGetOmniHubVersionCallback callback) noexcept {
    return id_of(ops::ask_hub<StringResult>(Delivery::CallbackThread, [userData, callback](StringResult&& a) {
        if (callback) callback(userData, to_c(a.result), "");
    }));
}

OmniClientRequestId omniClientGetOmniHubHttpUri(void* userData, OmniClientGetOmniHubHttpUriCallback callback) noexcept {
    return omniClientGetOmniHubVersion(userData, callback);
}

uint64_t omniClientBlockCacheStat(const char*, const char*, void*, void*, void*, void*) noexcept { return 0; }
uint64_t omniClientBlockCacheGetOpen(const char*, const char*, void*, void*, void*, void*) noexcept { return 0; }
uint64_t omniClientBlockCacheGetClose(void*, void*, void*, void*) noexcept { return 0; }
uint64_t omniClientBlockCachePutOpen(void*, void*, void*, void*) noexcept { return 0; }
uint64_t omniClientBlockCachePutCommit(void*, void*, void*, void*) noexcept { return 0; }
uint64_t omniClientBlockCachePutAbort(void*, void*, void*, void*) noexcept { return 0; }
void omniClientTestDisconnect(int) noexcept {}
void omniClientTestFailAuthentication(const char*, int) noexcept {}
void omniClientTestFailConnection(int) noexcept {}
void omniClientTestFailDiscovery(const char*, int) noexcept {}

bool omniClientTestEnvironmentVariableEquals(const char* name, const char* value) noexcept {
    const char* actual = name ? std::getenv(name) : nullptr;
    return actual && value && std::strcmp(actual, value) == 0;
}

}  // extern "C"
