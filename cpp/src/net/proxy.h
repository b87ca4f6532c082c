// Forward proxies: which one a connection goes through, and the HTTP CONNECT that opens a tunnel
// through it. libcurl chooses for the HTTP transfers (LFT, the http/S3/Azure providers); the
// WebSocket connections (omniverse://) choose here by the same rules, so both go the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace omniclient::net {

// OMNICLIENT_HTTP_PROXY: the proxy for every connection, over the standard variables ("" when unset).
std::string configured_proxy();

struct Proxy {
    std::string host;  // an IPv6 address without brackets
    int port = 1080;   // libcurl's default
    std::string authorization;  // "Basic ..." when the URL carries user:password, else ""
    std::string error;          // why this proxy cannot be used (a scheme other than http://, a bad port)
    std::string name() const;   // host:port, for messages
};

// "http://user:password@host:port/", "host:port" or "host" (port 1080), as libcurl reads them.
Proxy parse_proxy(std::string_view url);

// Whether a no_proxy list covers `host` (libcurl's rules): "*" covers everything; otherwise entries
// separated by commas or spaces, a name covering itself and its subdomains (a leading dot is
// ignored), an IP address covering itself or, with /bits, its network.
bool no_proxy_covers(std::string_view no_proxy, std::string_view host);

// The proxy for a connection to `host` (TLS or not) with this process's environment, by libcurl's
// rules: OMNICLIENT_HTTP_PROXY, else http_proxy (plain; never HTTP_PROXY) or https_proxy /
// HTTPS_PROXY (TLS), else all_proxy / ALL_PROXY; nullopt when none is set or no_proxy (else
// NO_PROXY) covers the host.
std::optional<Proxy> proxy_for(std::string_view host, bool tls);

// The request that asks a proxy for a tunnel to `host_port` ("host:port", "[v6]:port").
std::string connect_request(std::string_view host_port, std::string_view authorization);

// Reads the proxy's answer to CONNECT from the bytes received so far: Incomplete until the blank
// line has arrived, Established (a 2xx; `head_size` bytes are the proxy's, the rest the tunnel's)
// or Refused (with `error`: another status, an answer that is not HTTP, a head over kMaxProxyHead).
struct ConnectAnswer {
    enum class State { Incomplete, Established, Refused } state = State::Incomplete;
    size_t head_size = 0;
    int status = 0;
    std::string error;
};
constexpr size_t kMaxProxyHead = 16 * 1024;
ConnectAnswer read_connect_answer(std::string_view received);

}  // namespace omniclient::net
