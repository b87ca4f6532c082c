// omni1 answers -> ListEntry / events, as NVIDIA's client presents them.
#pragma once

#include "core/ops.h"
#include "core/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace omniclient::nucleus {

// read=1, write=2, admin=4 from an omni1 access list (["read","write","admin"]).
uint32_t access_of(const nlohmann::json& acl);
// "<type>;<bsize>;<value>" from hash_type/hash_bsize/hash_value, or "" without them.
std::string hash_of(const nlohmann::json& answer);
// The last component of an omni1 path ("/a/b/" -> "b"; "/" -> "").
std::string name_of(std::string_view path);

// A List2ResponsePathEntry (list2, subscribe_list events).
ListEntry entry_of_list2(const nlohmann::json& e);
// An entry of our server's list_deleted extension: a list2 entry, deleted (IS_DELETED, by, when).
ListEntry entry_of_deleted(const nlohmann::json& e);
// A Stat2Result.
ListEntry entry_of_stat2(const nlohmann::json& e, std::string_view path);

// The ListEvent a subscribe_list "event" value gives.
OmniListEvent list_event_of(std::string_view kind);
// The changes to the items of `folder` (a path ending in '/') one subscribe_list event answer
// tells: a copy creates its destination (when that is in `folder`), a rename deletes its source
// and creates its destination; kinds we do not know tell none.
std::vector<ListEventResult> list_events_of(const nlohmann::json& answer, const std::string& folder);

}  // namespace omniclient::nucleus
