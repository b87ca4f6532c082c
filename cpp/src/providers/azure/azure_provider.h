// Azure Blob Storage (`https://<account>.blob.core.windows.net/<container>/<blob>`, and hosts
// given SAS tokens in configuration): stat and list by List Blobs, ranged parallel reads, and
// writes (Put Blob, Put Block + Put Block List), Copy Blob within a container, deletes, folders as
// prefixes. Requests carry the container's SAS and an x-ms-version header.
#pragma once

#include "core/provider.h"
#include "providers/http_transport/transport.h"

#include <memory>

namespace omniclient::azure {

std::unique_ptr<Provider> make_azure_provider(std::shared_ptr<http::Transport> transport);

}  // namespace omniclient::azure
