// The provider of local files: `file:` URLs and raw paths.
#pragma once

#include "core/task_thread.h"
#include "core/provider.h"

#include <memory>

namespace omniclient::file {

// `pool` takes a share of large listings' work; it must outlive the provider.
std::unique_ptr<Provider> make_file_provider(WorkerPool& pool);

}  // namespace omniclient::file
