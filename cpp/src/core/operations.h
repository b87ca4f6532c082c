// The core's operations, one function each: what the Python binding and the C API call.
// Each returns at once; `done` gets the single answer as `delivery` says.
#pragma once

#include "core/dispatch.h"

#include <string_view>

namespace omniclient::ops {

// One entry point per row of core/ops.def, e.g.
//   RequestPtr stat(std::string_view url, OmniListIncludeOption include, Delivery delivery, Done<StatResult> done);
//   RequestPtr copy(std::string_view src_url, std::string_view dst_url, const CopyArgs& args, Delivery delivery, Done<ResultOnly> done);
// and per subscription, whose `first` gets the initial answer and `events` each later change,
// on the callback thread, until stopped:
//   RequestPtr stat_subscribe(std::string_view url, OmniListIncludeOption include, Done<StatResult> first, Events<ListEventResult> events);
#define OMNI_OP(Facet, Kind, name, method, Answer, urls, retry, params, args) \
    RequestPtr method(OMNI_URL_PARAMS_##urls OMNI_LIST params Delivery delivery, Done<Answer> done);
#define OMNI_SUBSCRIPTION_OF(Facet, Kind, name, method, Answer, Event, params, args) \
    RequestPtr method(std::string_view url, OMNI_LIST params Done<Answer> first, Events<Event> events);
#include "core/ops.def"

// join_channel, remembered so that send_to_channel finds the channel of the join.
RequestPtr join(std::string_view url, Done<ChannelEventResult> first, Events<ChannelEventResult> events);
// send_message to the channel that the request `join` (from join()) joined; ERROR_NOT_FOUND when
// no such join is open (never made, stopped, or its channel ended), as the original answers.
RequestPtr send_to_channel(RequestId join, Content content, Delivery delivery, Done<ResultOnly> done);

// Connection management, passed to the provider serving the URL (sign_out returns once done).
void sign_out(std::string_view url);
void reconnect(std::string_view url);
// Empties the listing cache of the provider serving `url` for that server; false if it has none
// (or the URL is empty).
bool clear_list_cache(std::string_view url);
// Cancels a pending interactive authentication, whichever provider started it.
void cancel_authentication(uint64_t handle);

// Calls `report` with the bookmarks now and after every change, on the callback thread, until stopped.
RequestPtr bookmarks_subscribe(std::function<void(const std::vector<std::pair<std::string, std::string>>&)> report);

// An operation that nothing in this build implements: it answers ERROR_NOT_SUPPORTED through the
// normal request path (callback, wait, stop all behave as for any other operation).
template <class R>
RequestPtr unimplemented(Delivery delivery, Done<R> done) {
    return run_op<R>({OpKind::Unimplemented, {}, delivery, false}, nullptr, std::move(done));
}

// A question to the local Hub cache service. This build never finds a Hub: ERROR_CONNECTION, as
// the original answers when none is running (or OMNICLIENT_HUB_MODE=disabled).
template <class R>
RequestPtr ask_hub(Delivery delivery, Done<R> done) {
    return answer_op<R>(OpKind::Unimplemented, delivery, OMNI_RESULT_ERROR_CONNECTION, std::move(done));
}

}  // namespace omniclient::ops
