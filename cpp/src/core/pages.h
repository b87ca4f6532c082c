// Mapped pages for large transient buffers (the parts of a transfer, whole-file reads): given back
// to the system when released. malloc would keep freed blocks of this size in the arena of
// whichever thread freed them, so a long copy's parts piled up there (tens of MiB per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace omniclient {

// Buffers at least this large are worth their own mapping.
constexpr size_t kMapPagesFrom = 1u << 20;

// `size` bytes of zeroed, writable memory, populated up front (for buffers filled whole), unmapped when the last owner goes; null on failure.
std::shared_ptr<uint8_t> map_pages(size_t size);

}  // namespace omniclient
