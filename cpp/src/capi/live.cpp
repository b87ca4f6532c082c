// Live objects (core/live.h): create, update, read with the live queue, and the queue's controls.
#include "capi/support.h"

#include "core/live.h"

#include <memory>

using namespace omniclient;
using namespace omniclient::capi;

extern "C" {

void omniClientLiveSetQueuedCallback(OmniClientLiveQueuedCallback callback) noexcept {
    if (!callback) return ops::set_live_queued_callback(nullptr);
    ops::set_live_queued_callback([callback] { callback(); });
}

void omniClientLiveProcess() noexcept { ops::live_process(); }

void omniClientLiveProcessUpTo(const char* url, uint64_t serverTime) noexcept { ops::live_process_up_to(sv(url), serverTime); }

uint64_t omniClientLiveGetLatestServerTime(const char* url) noexcept { return ops::live_latest_server_time(sv(url)); }

void omniClientLiveWaitForPendingUpdates() noexcept { ops::live_wait_for_pending_updates(); }

OmniClientRequestId omniClientLiveRead(const char* url, uint64_t haveObjectId, uint64_t haveSequenceNum, void* userData,
                                       OmniClientLiveReadCallback callback) noexcept {
    // As the original's C API: later versions wait in the live queue for omniClientLiveProcess.
    // omniClientWait returns after the first callback (the first version, or why there is none).
    return subscribe_gated([&](std::function<void()> first_done) {
        auto first = std::make_shared<bool>(true);  // callbacks come one at a time
        return ops::live_read_with(sv(url), haveObjectId, haveSequenceNum, false,
                                   [userData, callback, first_done, first](LiveReadResult&& v) {
            if (callback)
                with_content(v.content, [&](OmniClientContent* c) { callback(userData, to_c(v.result), v.object_id, v.sequence_num, c); });
            if (*first) {
                *first = false;
                first_done();
            }
        });
    });
}

OmniClientRequestId omniClientLiveRead2(const char* url, uint64_t haveObjectId, uint64_t haveSequenceNum, void* userData,
                                        OmniClientLiveReadCallback callback) noexcept {
    return omniClientLiveRead(url, haveObjectId, haveSequenceNum, userData, callback);
}

OmniClientRequestId omniClientLiveCreate(const char* url, struct OmniClientContent* content, void* userData,
                                         OmniClientLiveCreateCallback callback) noexcept {
    return id_of(ops::live_create(sv(url), take_content(content), Delivery::CallbackThread, [userData, callback](LiveObjectResult&& a) {
        if (callback) callback(userData, to_c(a.result), a.object_id, a.sequence_num);
    }));
}

OmniClientRequestId omniClientLiveUpdate(const char* url, uint64_t objectId, struct OmniClientContent* content, void* userData,
                                         OmniClientLiveUpdateCallback callback) noexcept {
    return id_of(ops::live_update_counted(sv(url), objectId, take_content(content), Delivery::CallbackThread,
                                          [userData, callback](LiveObjectResult&& a) {
                                              if (callback) callback(userData, to_c(a.result), a.sequence_num, 0);
                                          }));
}

OmniClientRequestId omniClientLiveUpdate2(const char* url, uint64_t objectId, struct OmniClientContent* content, void* userData,
                                          OmniClientLiveUpdateCallback callback) noexcept {
    return omniClientLiveUpdate(url, objectId, content, userData, callback);
}

}  // extern "C"
