// Live objects as the application sees them: reads whose later versions wait in the live queue
// (process_immediately false) until live_process, the queued callbacks that say something waits,
// updates whose answers live_wait_for_pending_updates waits for, and the server's time.
#pragma once

#include "core/callback_list.h"
#include "core/operations.h"

#include <functional>
#include <string>

namespace omniclient::ops {

// live_read_with_callback: `callback` gets the current state (each version), OK_LATEST, then every
// later version; with `immediately` false those later versions wait in the live queue (their
// queued callbacks fire on the callback thread) until live_process.
RequestPtr live_read_with(std::string_view url, uint64_t have_object_id, uint64_t have_sequence, bool immediately,
                          std::function<void(LiveReadResult&&)> callback);
// live_update, counted for live_wait_for_pending_updates.
RequestPtr live_update_counted(std::string_view url, uint64_t object_id, Content content, Delivery delivery,
                               Done<LiveObjectResult> done);
void live_process();
void live_process_up_to(std::string_view url, uint64_t server_time);
void live_wait_for_pending_updates();
// The newest server time (µs since the epoch) of a version of `url` received; 0 if none.
uint64_t live_latest_server_time(std::string_view url);

// Called when a version is queued (REMOTE, its result, URL, object id, sequence, server time), and
// after live_process_up_to left versions behind (MORE, OK, "", 0, 0, the next one's server time).
// Always on the callback thread: never re-entered, never from inside live_process.
CallbackList<OmniLiveUpdateType, Result, const std::string&, uint64_t, uint64_t, uint64_t>& live_queued_callbacks();
// The deprecated form: one function, called once per batch of versions queued (when the queue
// had none of them waiting).
void set_live_queued_callback(std::function<void()> fn);

}  // namespace omniclient::ops
