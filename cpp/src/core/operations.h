// The core's operations, one function each: what the Python binding and the C API call.
// Each returns at once; `done` gets the single answer as `delivery` says.
#pragma once

#include "core/dispatch.h"

#include <string_view>

namespace omniclient::ops {

RequestPtr stat(std::string_view url, OmniListIncludeOption include, Delivery delivery, Done<StatResult> done);
RequestPtr list(std::string_view url, OmniListIncludeOption include, Delivery delivery, Done<ListResult> done);
RequestPtr read_file(std::string_view url, Delivery delivery, Done<ReadResult> done);
RequestPtr write_file(std::string_view url, WriteArgs args, Delivery delivery, Done<WriteResult> done);
RequestPtr create_folder(std::string_view url, Delivery delivery, Done<ResultOnly> done);
RequestPtr remove(std::string_view url, bool recursive, Delivery delivery, Done<ResultOnly> done);
RequestPtr copy(std::string_view src_url, std::string_view dst_url, CopyArgs args, Delivery delivery, Done<ResultOnly> done);
RequestPtr move(std::string_view src_url, std::string_view dst_url, CopyArgs args, Delivery delivery, Done<MoveResult> done);
RequestPtr create_checkpoint(std::string_view url, std::string comment, bool force, Delivery delivery, Done<StringResult> done);
RequestPtr list_checkpoints(std::string_view url, Delivery delivery, Done<ListResult> done);
RequestPtr get_acls(std::string_view url, Delivery delivery, Done<AclsResult> done);
RequestPtr set_acls(std::string_view url, std::vector<AclEntry> acls, Delivery delivery, Done<ResultOnly> done);
RequestPtr lock(std::string_view url, Delivery delivery, Done<ResultOnly> done);
RequestPtr unlock(std::string_view url, Delivery delivery, Done<ResultOnly> done);
RequestPtr undelete(std::string_view url, Delivery delivery, Done<ResultOnly> done);
RequestPtr obliterate(std::string_view url, bool obliterate_checkpoints, Delivery delivery, Done<ResultOnly> done);
RequestPtr get_local_file(std::string_view url, bool download, Delivery delivery, Done<StringResult> done);
RequestPtr create_with_hash(std::string_view url, std::string hash, bool overwrite, std::string message, Delivery delivery, Done<CreateWithHashResult> done);
RequestPtr get_server_info(std::string_view url, Delivery delivery, Done<ServerInfoResult> done);
RequestPtr get_users(std::string_view url, Delivery delivery, Done<StringListResult> done);
RequestPtr get_groups(std::string_view url, Delivery delivery, Done<StringListResult> done);
RequestPtr get_group_users(std::string_view url, std::string group, Delivery delivery, Done<StringListResult> done);
RequestPtr get_user_groups(std::string_view url, std::string user, Delivery delivery, Done<StringListResult> done);
RequestPtr create_group(std::string_view url, std::string group, Delivery delivery, Done<ResultOnly> done);
RequestPtr rename_group(std::string_view url, std::string group, std::string new_group, Delivery delivery, Done<ResultOnly> done);
RequestPtr remove_group(std::string_view url, std::string group, Delivery delivery, Done<IntResult> done);
RequestPtr add_user_to_group(std::string_view url, std::string user, std::string group, Delivery delivery, Done<ResultOnly> done);
RequestPtr remove_user_from_group(std::string_view url, std::string user, std::string group, Delivery delivery, Done<ResultOnly> done);
RequestPtr get_metadata(std::string_view url, Delivery delivery, Done<MetadataResult> done);
RequestPtr refresh_auth_token(std::string_view url, Delivery delivery, Done<StringResult> done);

// Subscriptions: `first` gets the initial answer, `events` each later change, until stopped.
RequestPtr stat_subscribe(std::string_view url, OmniListIncludeOption include, Done<StatResult> first, Events<ListEventResult> events);
RequestPtr list_subscribe(std::string_view url, OmniListIncludeOption include, Done<ListResult> first, Events<ListEventResult> events);

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

}  // namespace omniclient::ops
