// Channels and live sessions (core/operations.h join/send_to_channel, core/live_session.h): a
// join is a subscription whose callback gets every event; omniClientWait on it returns at its
// first event. Content handed in is taken over, content handed out is the caller's to move.
#include "capi/support.h"

#include "core/live_session.h"

using namespace omniclient;
using namespace omniclient::capi;

// The core's event kinds carry the C API's values, so converting is a cast.
static_assert(static_cast<int>(OMNI_CHANNEL_DELETED) == static_cast<int>(eOmniClientChannelEvent_Deleted));
static_assert(static_cast<int>(OMNI_LIVE_SESSION_MESSAGE) == static_cast<int>(eOmniClientLiveSessionEvent_Message));

extern "C" {

OmniClientRequestId omniClientJoinChannel(const char* url, void* userData, OmniClientJoinChannelCallback callback) noexcept {
    Events<ChannelEventResult> report = [userData, callback](ChannelEventResult&& e) {
        if (!callback) return;
        with_content(e.content, [&](OmniClientContent* content) {
            callback(userData, to_c(e.result), static_cast<OmniClientChannelEvent>(e.event), e.from.c_str(), content);
        });
    };
    return subscribe<ChannelEventResult, ChannelEventResult>(report, report, [&](Done<ChannelEventResult> first, Events<ChannelEventResult> events) {
        return ops::join(sv(url), std::move(first), std::move(events));
    });
}

OmniClientRequestId omniClientSendMessage(OmniClientRequestId joinRequestId, struct OmniClientContent* content, void* userData,
                                          OmniClientSendMessageCallback callback) noexcept {
    return id_of(ops::send_to_channel(joinRequestId, take_content(content), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientLiveCreateSession(const char* baseLayerUrl, const char* sessionName, void* userData,
                                                OmniClientLiveCreateSessionCallback callback) noexcept {
    return id_of(ops::live_create_session(sv(baseLayerUrl), str(sessionName), kDelivery, [userData, callback](StringResult&& a) {
        if (callback) callback(userData, to_c(a.result), a.value.c_str());
    }));
}

OmniClientRequestId omniClientLiveListSessions(const char* baseLayerUrl, void* userData, OmniClientLiveListSessionsCallback callback) noexcept {
    return id_of(ops::live_list_sessions(sv(baseLayerUrl), kDelivery, [userData, callback](LiveSessionListResult&& a) {
        if (!callback) return;
        std::vector<OmniClientLiveSessionInfo> infos;
        for (auto& s : a.sessions)
            infos.push_back({s.url.c_str(), s.name.c_str(), s.owner.c_str(), static_cast<uint64_t>(s.modified_ns)});
        callback(userData, to_c(a.result), static_cast<uint32_t>(infos.size()), infos.empty() ? nullptr : infos.data());
    }));
}

OmniClientRequestId omniClientLiveJoinSession(const char* sessionUrl, const char* appName, void* userData,
                                              OmniClientLiveSessionEventCallback callback) noexcept {
    Events<LiveSessionEventResult> report = [userData, callback](LiveSessionEventResult&& e) {
        if (!callback) return;
        OmniClientLiveSessionEvent event{static_cast<OmniClientLiveSessionEventType>(e.event), e.connection_id.c_str(), e.user_name.c_str(),
                                         e.app_name.c_str(), e.message.data(), e.message.size()};
        callback(userData, to_c(e.result), &event);
    };
    std::string app = str(appName);
    return subscribe<LiveSessionEventResult, LiveSessionEventResult>(
        report, report, [&](Done<LiveSessionEventResult> first, Events<LiveSessionEventResult> events) {
            return ops::live_join_session(sv(sessionUrl), app, std::move(first), std::move(events));
        });
}

OmniClientRequestId omniClientLiveSendMessage(OmniClientRequestId sessionId, struct OmniClientContent* content, void* userData,
                                              OmniClientLiveSendMessageCallback callback) noexcept {
    return id_of(ops::live_send_message(sessionId, take_content(content), kDelivery, deliver(userData, callback)));
}

}  // extern "C"
