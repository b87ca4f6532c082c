// Discovery: where a server's Connection (ConnLib) and auth services (SOWS) live.
#pragma once

#include "net/ws_loop.h"

#include <functional>
#include <string>
#include <vector>

namespace omniclient::nucleus {

struct Services {
    std::string connection_url;   // ConnLib WebSocket
    std::string credentials_url;  // SOWS URLs; empty when the server does not offer the service
    std::string tokens_url;
    std::string device_flow_url;
};

// The discovery URLs tried for a server (see discover() for when): with an explicit port only that port
// (TLS first), else 443 (TLS), 80 and 3333 (at "/"), as NVIDIA's client does. `tls_only` for
// omniverses:// URLs.
std::vector<std::string> discovery_candidates(const std::string& host, int port, bool tls_only);

// Parses one DiscoverySearch.find answer's transport into a URL ("" when not found/unusable).
std::string service_url_of(const std::string& answer_json_or_empty, bool connection);

// Asks every candidate; the first whose four answers all arrive and that offers Connection wins.
// The TLS candidates start 20 ms after the plain ones, or as soon as those have all failed (a
// process's first TLS connection costs ~30 ms of reading trusted certificates). `done` runs once
// on the loop thread.
void discover(net::EventLoop& loop, const std::vector<std::string>& candidates, const std::string& user_agent,
              int64_t timeout_ms, std::function<void(bool ok, Services services, std::string error)> done);

}  // namespace omniclient::nucleus
