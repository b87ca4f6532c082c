// The omniverse:// provider: NVIDIA Nucleus's omni1 protocol (see docs/client-protocol.md).
#pragma once

#include "providers/provider.h"

#include <memory>
#include <string>

namespace omniclient {

std::unique_ptr<Provider> make_nucleus_provider();

// Connection management for omni.client's sign_out / reconnect / authentication_cancel.
void nucleus_sign_out(const std::string& url);
void nucleus_reconnect(const std::string& url);
void nucleus_authentication_cancel(uint64_t handle);

}  // namespace omniclient
