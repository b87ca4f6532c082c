// The operations the core routes to providers: their kinds and their answers. Every answer starts
// with `result`, so the core can build an error answer of any operation generically. The
// operations themselves are declared once, in core/ops.def.
#pragma once

#include "core/request.h"
#include "core/types.h"
#include "url/url.h"

#include <bitset>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace omniclient {

// Every operation of the table (core/ops.def), then the ones no provider offers yet.
enum class OpKind {
#define OMNI_OP(Facet, Kind, ...) Kind,
#define OMNI_SUBSCRIPTION_OF(Facet, Kind, ...) Kind,
#include "core/ops.def"
    Unimplemented,  // operations no provider offers yet (live layers, hub...)
    Count
};

const char* op_name(OpKind kind);

using Capabilities = std::bitset<static_cast<size_t>(OpKind::Count)>;

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
// A version of a live object as a reader gets it: `server_time` (µs since the epoch) is the
// server's time of the version, by which the live queue holds and orders it.
struct LiveReadResult { Result result = OMNI_RESULT_ERROR; uint64_t object_id = 0; uint64_t sequence_num = 0; Content content; uint64_t server_time = 0; };
// One change reported by a subscription.
// A channel's event: who it is from and, for a MESSAGE, what they sent.
struct ChannelEventResult { Result result = OMNI_RESULT_ERROR; OmniChannelEvent event = OMNI_CHANNEL_ERROR; std::string from; Content content; };
struct ListEventResult { Result result = OMNI_RESULT_ERROR; OmniListEvent event = OMNI_LIST_EVENT_UNKNOWN; ListEntry entry; };
struct ResolveEventResult { Result result = OMNI_RESULT_ERROR; OmniListEvent event = OMNI_LIST_EVENT_UNKNOWN; ListEntry entry; std::string url; };

// Helpers for generating code from core/ops.def's rows.
// OMNI_LIST((a, b)) is "a, b," and OMNI_LIST(()) nothing: a row's parameters or arguments, ready
// to be followed by more.
#define OMNI_LIST(...) __VA_OPT__(__VA_ARGS__, )
// A row's URLs, as a provider receives them (OMNI_TARGET_PARAMS_<urls>), as the entry points take
// them (OMNI_URL_PARAMS_<urls>), and passed on (OMNI_URL_ARGS_<urls>, OMNI_TARGET_ARGS_<urls>).
#define OMNI_TARGET_PARAMS_1 const Target &target,
#define OMNI_TARGET_PARAMS_2 const Target &src, const Target &dst,
#define OMNI_URL_PARAMS_1 std::string_view url,
#define OMNI_URL_PARAMS_2 std::string_view src_url, std::string_view dst_url,
#define OMNI_URL_ARGS_1 url
#define OMNI_URL_ARGS_2 src_url, dst_url
#define OMNI_TARGET_ARGS_1(t) t[0],
#define OMNI_TARGET_ARGS_2(t) t[0], t[1],

template <class R>
R error_answer(Result result) {
    R answer{};
    answer.result = result;
    return answer;
}

enum class CopyKind { Any, FileOnly, FolderOnly };

// copy_file / move_file take a file and copy_folder / move_folder a folder: another kind of
// source is ERROR_WRONG_TYPE, as the original answers.
inline bool wrong_kind(CopyKind kind, bool folder) {
    return (kind == CopyKind::FileOnly && folder) || (kind == CopyKind::FolderOnly && !folder);
}

struct CopyArgs {
    OmniCopyBehavior behavior = OMNI_COPY_ERROR_IF_EXISTS;
    std::string message;
    CopyKind kind = CopyKind::Any;
};

struct UploadArgs {
    bool overwrite = false;  // else an existing destination is ERROR_ALREADY_EXISTS
    std::string message;     // the checkpoint comment, where the destination keeps versions
    uint64_t size = 0;       // the total the parts will add up to (a hint: uploads may size parts by it)
};

// One destination written part by part (Streams::open_upload). Parts come in order, one at a
// time; the destination shows the new content only after commit() answered OK. An upload dropped
// without commit (or aborted) leaves the destination as it was.
class Upload {
public:
    virtual ~Upload() = default;
    virtual void append(Content part, Done<ResultOnly> done) = 0;
    virtual void commit(Done<WriteResult> done) = 0;
    // Stops what is in flight and drops what was appended; may be called from any thread.
    virtual void abort() = 0;
};

struct UploadResult { Result result = OMNI_RESULT_ERROR; std::shared_ptr<Upload> upload; };

struct WriteArgs {
    Content content;
    std::string message;
    bool skip_checkpoint = false;
};

}  // namespace omniclient
