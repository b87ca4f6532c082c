// The operations the core routes to providers: their kinds and their answers. Every answer starts
// with `result`, so the core can build an error answer of any operation generically.
#pragma once

#include "core/types.h"
#include "url/url.h"

#include <bitset>
#include <functional>
#include <string>
#include <vector>

namespace omniclient {

enum class OpKind {
    Stat, List, ReadFile, WriteFile, CreateFolder, Delete, Copy, Move,
    CreateCheckpoint, ListCheckpoints, GetAcls, SetAcls, Lock, Unlock, Undelete, Obliterate,
    GetLocalFile, CreateWithHash, GetServerInfo, GetUsers, GetGroups, GetGroupUsers,
    GetUserGroups, CreateGroup, RenameGroup, RemoveGroup, AddUserToGroup, RemoveUserFromGroup,
    GetMetadata, RefreshAuthToken, StatSubscribe, ListSubscribe,
    Unimplemented,  // operations no provider offers yet (live layers, channels, hub...)
    Count
};

const char* op_name(OpKind kind);

using Capabilities = std::bitset<static_cast<size_t>(OpKind::Count)>;

inline Capabilities capabilities_of(std::initializer_list<OpKind> kinds) {
    Capabilities caps;
    for (OpKind k : kinds) caps.set(static_cast<size_t>(k));
    return caps;
}

// A URL after aliases and the base URL were applied, with its parsed parts.
struct Target {
    std::string url;
    url::Url parts;
};

struct ResultOnly { Result result = OMNI_RESULT_ERROR; };
struct StatResult { Result result = OMNI_RESULT_ERROR; ListEntry entry; };
struct ListResult { Result result = OMNI_RESULT_ERROR; std::vector<ListEntry> entries; };
struct ReadResult { Result result = OMNI_RESULT_ERROR; std::string version; Content content; };
struct WriteResult { Result result = OMNI_RESULT_ERROR; WriteFileExInfo info; };
struct MoveResult { Result result = OMNI_RESULT_ERROR; bool copied = false; };
struct StringResult { Result result = OMNI_RESULT_ERROR; std::string value; };
struct StringListResult { Result result = OMNI_RESULT_ERROR; std::vector<std::string> values; };
struct IntResult { Result result = OMNI_RESULT_ERROR; int64_t value = 0; };
struct AclsResult { Result result = OMNI_RESULT_ERROR; std::vector<AclEntry> acls; };
struct ServerInfoResult { Result result = OMNI_RESULT_ERROR; ServerInfo info; };
struct MetadataResult { Result result = OMNI_RESULT_ERROR; std::vector<MetadataEntry> entries; };
struct CreateWithHashResult { Result result = OMNI_RESULT_ERROR; std::string version; std::string hash; };
struct ResolveResult { Result result = OMNI_RESULT_ERROR; ListEntry entry; std::string url; };
struct LiveObjectResult { Result result = OMNI_RESULT_ERROR; uint64_t object_id = 0; uint64_t sequence_num = 0; };
struct LiveSessionsResult { Result result = OMNI_RESULT_ERROR; std::vector<std::string> session_urls; };
// One change reported by a subscription.
struct ListEventResult { Result result = OMNI_RESULT_ERROR; OmniListEvent event = OMNI_LIST_EVENT_UNKNOWN; ListEntry entry; };
struct ResolveEventResult { Result result = OMNI_RESULT_ERROR; OmniListEvent event = OMNI_LIST_EVENT_UNKNOWN; ListEntry entry; std::string url; };

template <class R>
R error_answer(Result result) {
    R answer{};
    answer.result = result;
    return answer;
}

// A provider hands its answer to Done exactly once; Events any number of times.
template <class R> using Done = std::function<void(R&&)>;
template <class E> using Events = std::function<void(E&&)>;

enum class CopyKind { Any, FileOnly, FolderOnly };

struct CopyArgs {
    OmniCopyBehavior behavior = OMNI_COPY_ERROR_IF_EXISTS;
    std::string message;
    CopyKind kind = CopyKind::Any;
};

struct WriteArgs {
    Content content;
    std::string message;
    bool skip_checkpoint = false;
};

}  // namespace omniclient
