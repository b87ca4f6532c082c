// Small POSIX helpers shared by the core and the providers. Each retries interrupted calls and
// short transfers; on failure it returns false with errno set.
#pragma once

#include <string>

#include <sys/types.h>

namespace omniclient::posix {

// Writes all `size` bytes of `data` to `fd`.
bool write_fully(int fd, const void* data, size_t size);
// Appends everything left to read from `fd` to `out`.
bool read_fully(int fd, std::string& out);
// Creates `folder` and its missing parents with `mode` (mkdir -p); existing folders are fine.
bool make_folders(const std::string& folder, mode_t mode);

}  // namespace omniclient::posix
