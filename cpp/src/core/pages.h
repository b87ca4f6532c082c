// Mapped pages for large transient buffers (the parts of a transfer, whole-file reads): given back
// to the system when released, but for a few MiB of the smaller ones kept for the next buffer.
// malloc would keep freed blocks of this size in the arena of whichever thread freed them, so a
// long copy's parts piled up there (tens of MiB per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace omniclient {

// Buffers at least this large are worth their own mapping.
constexpr size_t kMapPagesFrom = 1u << 20;

// `size` bytes of writable memory for a buffer filled whole (not zeroed: it may be a buffer released
// before), populated up front up to 8 MiB (larger ones fault in as they are written); unmapped or
// kept when the last owner goes; null on failure.
std::shared_ptr<uint8_t> map_pages(size_t size);

// Where the buffer of a request's content comes from: map_pages, unless the caller that started
// the request gave one (the Python module: a bytes object, handed over without a copy).
using BufferSource = std::function<std::shared_ptr<uint8_t>(size_t size)>;

// While it lives, the requests this thread starts take their content buffers from `source`.
class BufferSourceScope {
public:
    explicit BufferSourceScope(BufferSource source);
    ~BufferSourceScope();
    BufferSourceScope(const BufferSourceScope&) = delete;
    BufferSourceScope& operator=(const BufferSourceScope&) = delete;
    // The source of this thread's scope; empty outside one.
    static const BufferSource& current();

private:
    BufferSource previous_;
};

}  // namespace omniclient
