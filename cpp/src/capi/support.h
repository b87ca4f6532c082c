// What every file of the C API shares: conversions between the core's types and the C structs,
// request ids, content ownership and the one handle space of registrations.
#pragma once

#include <OmniClient.h>

#include "core/operations.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace omniclient::capi {

// The core's enumerations carry the C API's values, so converting is a cast.
#define OMNI_SAME_VALUE(core, c) static_assert(static_cast<int>(core) == static_cast<int>(c), #core " differs from " #c)
OMNI_SAME_VALUE(OMNI_RESULT_ERROR_UNSUPPORTED_VERSION, eOmniClientResult_ErrorUnsupportedVersion);
OMNI_SAME_VALUE(OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY, eOmniClientResult_FolderNotEmpty);
OMNI_SAME_VALUE(OMNI_RESULT_OK_NOT_YET_FOUND, eOmniClientResult_OkNotYetFound);
OMNI_SAME_VALUE(OMNI_LOG_ERROR, eOmniClientLogLevel_Error);
OMNI_SAME_VALUE(OMNI_CONNECTION_INVALID_HOST, eOmniClientConnectionStatus_InvalidHost);
OMNI_SAME_VALUE(OMNI_FILE_STATUS_STATING, eOmniClientFileStatus_Stating);
OMNI_SAME_VALUE(OMNI_LIST_EVENT_OBLITERATED, eOmniClientListEvent_Obliterated);
OMNI_SAME_VALUE(OMNI_LIST_ONLY_DELETED_FILES, eOmniClientListIncludeOption_OnlyDeleted);
OMNI_SAME_VALUE(OMNI_COPY_OVERWRITE, eOmniClientCopy_Overwrite);
OMNI_SAME_VALUE(OMNI_METADATA_JSON, eOmniClientMetadataValue_Json);
OMNI_SAME_VALUE(OMNI_ITEM_IS_DELETED, fOmniClientItem_IsDeleted);
OMNI_SAME_VALUE(OMNI_ACCESS_ADMIN, fOmniClientAccess_Admin);
#undef OMNI_SAME_VALUE

inline OmniClientResult to_c(Result r) { return static_cast<OmniClientResult>(r); }
inline std::string_view sv(const char* s) { return s ? std::string_view(s) : std::string_view(); }
inline std::string str(const char* s) { return s ? std::string(s) : std::string(); }

// C API callbacks run on the callback thread.
constexpr Delivery kDelivery = Delivery::CallbackThread;

// deliver(userData, callback): an answer converted for a C callback, the conversion chosen by the
// callback's type (files.cpp has the others). This one: (userData, result), any answer by its result.
inline auto deliver(void* user, void (*cb)(void*, OmniClientResult)) {
    return [user, cb](auto&& a) { if (cb) cb(user, to_c(a.result)); };
}

OmniClientListEntry to_c(const ListEntry& e);
std::vector<OmniClientListEntry> to_c(const std::vector<ListEntry>& entries);
std::vector<const char*> c_strings(const std::vector<std::string>& values);

// A request's id for the caller.
OmniClientRequestId id_of(const RequestPtr& request);

// omniClientWait on a subscription returns at its first answer, not at its end: each subscription
// keeps a gate, opened once its first callback has returned.
class FirstAnswerGate {
public:
    void open();
    // Waits until the gate opens or `request` ends; false when `ms` (negative: no limit) passed first.
    bool wait(const RequestPtr& request, int64_t ms);

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool open_ = false;
};
std::shared_ptr<FirstAnswerGate> gate_of(OmniClientRequestId id);
void forget_gate(OmniClientRequestId id);

// Starts a subscription with `start(first, events)`: omniClientWait on its id returns once `first`
// has run (or the subscription ended without it).
OmniClientRequestId subscribe_gated(const std::function<RequestPtr(std::function<void()> first_done)>& start);

template <class R, class E>
OmniClientRequestId subscribe(Done<R> first, Events<E> events, const std::function<RequestPtr(Done<R>, Events<E>)>& start) {
    return subscribe_gated([&](std::function<void()> first_done) {
        return start([first = std::move(first), first_done](R&& answer) {
            first(std::move(answer));
            first_done();
        }, std::move(events));
    });
}

// The content a caller hands over, as the core's bytes: owned memory is adopted (released with its
// own free function when the core is done), referenced memory is copied, as moving it would.
// The caller's struct is emptied.
Content take_content(OmniClientContent* content);

// Calls `deliver` with an owned copy of `bytes` that the library frees after the call unless the
// callback moved it away with omniClientMoveContent.
void with_content(const Content& bytes, const std::function<void(OmniClientContent*)>& deliver);

// Registrations: `remove` undoes one; the returned handle is what omniClientUnregisterCallback takes.
uint32_t add_registration(std::function<void()> remove);
void remove_registration(uint32_t handle);

// An operation this build cannot do, answered ERROR_NOT_SUPPORTED through the normal request
// path; `answer` calls the C callback with that result.
OmniClientRequestId not_supported(std::function<void(OmniClientResult)> answer);

}  // namespace omniclient::capi
