// The one place where omni1 status strings become Results (see docs/client-protocol.md).
#pragma once

#include "core/types.h"

#include <string_view>

namespace omniclient::nucleus {

// As NVIDIA's client maps them: NOT_EXIST is a plain ERROR, INVALID_URI is ERROR_NOT_FOUND.
Result result_of_status(std::string_view status);

// For calls that name one existing item (stat, read, copy/move source): a missing item is
// ERROR_NOT_FOUND whichever of the two "missing" statuses the server uses.
Result result_of_item_status(std::string_view status);

}  // namespace omniclient::nucleus
