// Large transfers in parts: ranged parallel downloads into one buffer, and a runner for any
// number of jobs with a bounded number in flight (multipart and block uploads).
#pragma once

#include "providers/http_transport/transport.h"

#include <functional>
#include <memory>

namespace omniclient::http {

// Runs jobs 0..count-1 with at most `parallel` in flight; `done` once: the first failure, or OK.
// After a failure no further job starts.
using PartDone = std::function<void(Result)>;
void run_parts(uint64_t count, int parallel, std::function<void(uint64_t index, PartDone part_done)> start,
               PartDone done);

struct RangedRead {
    Result result = OMNI_RESULT_ERROR;
    Content content;
    // The first response's headers (ETag, Last-Modified...).
    net::HttpResponse head;
};

inline constexpr uint64_t kFirstRange = 4 << 20;
inline constexpr uint64_t kNextRanges = 16 << 20;
inline constexpr int kParallelRanges = 4;

// Reads a whole object with make_get()'s GET (a Range header is added): the first 4 MiB, then (when Content-Range says there is more) the rest in
// 16 MiB ranges, 4 in flight, each retried on its own, into one buffer of the object's size; the
// later ranges carry If-Match so that a concurrent overwrite fails the read instead of mixing
// versions. A server that ignores Range answers the whole object at once, which is taken as is.
// An empty object (416) is an empty content.
void ranged_read(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make_get,
                 std::function<void(RangedRead&&)> done);

// Reads `length` bytes from `offset` with make_get()'s GET and a Range header (copies between
// providers read this way). Past the end: what there is, possibly nothing. A server that ignores
// Range answers the whole object, which is cut to the range asked for.
void read_range(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make_get, uint64_t offset,
                uint64_t length, Done<ReadResult> done);

// get_local_file: the copy of an object (`entry`, at the server and path `key`) in the local copies
// folder, named by its version, modified time and size; downloaded with make_get()'s GET, written
// to the disk as it arrives, unless a copy of that version is there or `download` is false. The
// copy gets the entry's modified time.
void local_copy(Transport& transport, std::shared_ptr<Transfers> transfers, MakeRequest make_get, const std::string& key,
                const ListEntry& entry, bool download, Done<StringResult> done);

}  // namespace omniclient::http
