// Generic http(s): stat by HEAD, reads by (ranged) GET, redirects followed; no listing, no writes
// (a web server has no standard way to list or change content).
#pragma once

#include "core/provider.h"
#include "providers/http_transport/transport.h"

#include <memory>

namespace omniclient::http {

std::unique_ptr<Provider> make_http_provider(std::shared_ptr<Transport> transport);

}  // namespace omniclient::http
