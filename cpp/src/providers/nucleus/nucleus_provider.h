// The omniverse:// provider: NVIDIA Nucleus's omni1 protocol (see docs/client-protocol.md).
#pragma once

#include "core/provider.h"

#include <memory>
#include <string>

namespace omniclient {

std::unique_ptr<Provider> make_nucleus_provider();

}  // namespace omniclient
