// The provider of local files: `file:` URLs and raw paths.
#pragma once

#include "providers/provider.h"

#include <memory>

namespace omniclient::file {

std::unique_ptr<Provider> make_file_provider();

}  // namespace omniclient::file
