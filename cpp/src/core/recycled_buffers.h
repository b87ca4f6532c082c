// Buffers for copies of content (1 KiB to 64 KiB) that go back to a pool when the last owner lets
// go, instead of to malloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace omniclient {

// An uninitialized buffer of `size` bytes, its control block in the same block. A live update's
// content is copied on the caller's thread and dropped on the network thread once answered; from
// glibc's malloc each such buffer (1 KiB or more) first merged every small block the other
// threads had freed into the caller's arena: a third of a Python writer's time at 40,000 updates
// a second. Blocks of 1 KiB to 64 KiB are kept for reuse, at most 1 MiB per power-of-two size.
std::shared_ptr<uint8_t[]> recycled_buffer(size_t size);

// How many blocks the pool keeps now, of every size (for tests).
size_t recycled_blocks_kept();

}  // namespace omniclient
