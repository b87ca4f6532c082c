// Live sessions of a layer, as NVIDIA's client keeps them (docs/client-protocol.md, "Live
// sessions"): for `<folder>/<stem>.<ext>`, session `s` is the folder
// `<folder>/.live/<stem>.live/s.live/` holding `__session__.toml` (who made it, for which layer)
// and the channel `__session__.channel`, whose members exchange "__OVUM__" + JSON messages.
// Composed from files and channels, so it works over any provider that has both.
#pragma once

#include "core/operations.h"

#include <string>
#include <string_view>
#include <vector>

namespace omniclient {

struct LiveSessionInfo {
    std::string name;
    std::string owner;  // the user_name of its __session__.toml
    std::string url;
    TimeNs modified_ns = 0;
};
struct LiveSessionListResult { Result result = OMNI_RESULT_ERROR; std::vector<LiveSessionInfo> sessions; };

// One session event: our CONNECTION (with our connection id), a member JOINED or LEFT, a MESSAGE.
struct LiveSessionEventResult {
    Result result = OMNI_RESULT_ERROR;
    OmniLiveSessionEventType event = OMNI_LIVE_SESSION_CONNECTION;
    std::string connection_id;
    std::string user_name;
    std::string app_name;
    Content message;
};

namespace ops {

// The URL of session `name` of the layer `base_url`.
std::string live_session_url(std::string_view base_url, std::string_view name);
// Makes the session's folders and __session__.toml; answers the session's URL.
RequestPtr live_create_session(std::string_view base_url, std::string name, Delivery delivery, Done<StringResult> done);
// The sessions of a layer, each with its owner and the time its folder changed.
RequestPtr live_list_sessions(std::string_view base_url, Delivery delivery, Done<LiveSessionListResult> done);
// Joins the session as `app`: `first` gets CONNECTION (or why not), `events` the members' comings,
// goings and messages until stopped, which tells the others we left.
RequestPtr live_join_session(std::string_view session_url, std::string app, Done<LiveSessionEventResult> first,
                             Events<LiveSessionEventResult> events);
// A message to the session that the request `join` (from live_join_session) joined;
// ERROR_NOT_FOUND when that join is not open, ERROR_BAD_REQUEST for bytes that are not UTF-8 text
// (an OVUM message carries its content as a JSON string).
RequestPtr live_send_message(RequestId join, Content content, Delivery delivery, Done<ResultOnly> done);

}  // namespace ops
}  // namespace omniclient
