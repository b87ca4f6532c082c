#include "net/proxy.h"

#include "net/http_text.h"
#include "url/url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace omniclient::net {
namespace {

// A variable's value; nullopt when unset or empty.
std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

// An IPv4 or IPv6 address as bytes (4 or 16); 0 when `text` is neither.
size_t address_bytes(const std::string& text, unsigned char (&out)[16]) {
    if (inet_pton(AF_INET, text.c_str(), out) == 1) return 4;
    if (inet_pton(AF_INET6, text.c_str(), out) == 1) return 16;
    return 0;
}

// Whether the address `host` (`size` bytes) is in the network "address[/bits]" of a no_proxy entry.
bool in_network(const unsigned char* host, size_t size, std::string_view entry) {
    size_t slash = entry.find('/');
    unsigned char network[16];
    if (address_bytes(std::string(entry.substr(0, slash)), network) != size) return false;
    size_t bits = size * 8;
    if (slash != std::string_view::npos) {
        std::string_view text = entry.substr(slash + 1);
        if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        bits = static_cast<size_t>(std::atoi(std::string(text).c_str()));
        if (bits > size * 8) return false;
    }
    size_t whole = bits / 8;
    if (std::memcmp(host, network, whole) != 0) return false;
    if (bits % 8 == 0) return true;
    auto mask = static_cast<unsigned char>(0xff << (8 - bits % 8));
    return (host[whole] & mask) == (network[whole] & mask);
}

}  // namespace

std::string configured_proxy() { return env("OMNICLIENT_HTTP_PROXY").value_or(""); }

std::string Proxy::name() const {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Proxy parse_proxy(std::string_view url) {
    Proxy proxy;
    if (size_t scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
        std::string_view scheme = url.substr(0, scheme_end);
        if (!equal_nocase(scheme, "http")) {
            proxy.error = "the proxy " + std::string(scheme) + "://... is not supported (only http:// proxies are)";
            return proxy;
        }
        url.remove_prefix(scheme_end + 3);
    }
    url = url.substr(0, url.find('/'));
    if (size_t at = url.rfind('@'); at != std::string_view::npos) {
        std::string_view userinfo = url.substr(0, at);
        size_t colon = userinfo.find(':');
        std::string user = url::percent_decode(userinfo.substr(0, colon));
        std::string password = colon == std::string_view::npos ? "" : url::percent_decode(userinfo.substr(colon + 1));
        proxy.authorization = "Basic " + base64(user + ":" + password);
        url.remove_prefix(at + 1);
    }
    std::string_view port;
    if (!url.empty() && url.front() == '[') {
        size_t close = url.find(']');
        if (close == std::string_view::npos) {
            proxy.error = "the proxy's IPv6 address lacks its ']'";
            return proxy;
        }
        proxy.host = std::string(url.substr(1, close - 1));
        std::string_view rest = url.substr(close + 1);
        if (!rest.empty() && rest.front() == ':') port = rest.substr(1);
    } else {
        size_t colon = url.rfind(':');
        proxy.host = std::string(url.substr(0, colon));
        if (colon != std::string_view::npos) port = url.substr(colon + 1);
    }
    if (proxy.host.empty()) proxy.error = "the proxy setting names no host";
    if (!port.empty()) {
        int value = 0;
        bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) value = std::atoi(std::string(port).c_str());
        if (!digits || value <= 0 || value > 65535) proxy.error = "the proxy's port " + std::string(port) + " is not a port";
        else proxy.port = value;
    }
    return proxy;
}

bool no_proxy_covers(std::string_view no_proxy, std::string_view host) {
    if (no_proxy == "*") return true;
    if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    unsigned char address[16];
    size_t address_size = address_bytes(std::string(host), address);
    while (!no_proxy.empty()) {
        size_t end = no_proxy.find_first_of(", \t");
        std::string_view entry = no_proxy.substr(0, end);
        no_proxy.remove_prefix(end == std::string_view::npos ? no_proxy.size() : end + 1);
        if (entry.empty()) continue;
        if (address_size) {
            std::string network(entry);
            if (size_t close = network.find(']'); network.front() == '[' && close != std::string::npos)
                network.erase(close, 1).erase(0, 1);
            if (in_network(address, address_size, network)) return true;
            continue;
        }
        if (entry.front() == '.') entry.remove_prefix(1);
        if (!entry.empty() && entry.back() == '.') entry.remove_suffix(1);
        if (entry.empty() || entry.size() > host.size()) continue;
        if (!equal_nocase(entry, host.substr(host.size() - entry.size()))) continue;
        if (entry.size() == host.size() || host[host.size() - entry.size() - 1] == '.') return true;
    }
    return false;
}

std::optional<Proxy> proxy_for(std::string_view host, bool tls) {
    std::optional<std::string> setting = env("OMNICLIENT_HTTP_PROXY");
    if (!setting) setting = tls ? env("https_proxy") : env("http_proxy");
    if (!setting && tls) setting = env("HTTPS_PROXY");
    if (!setting) setting = env("all_proxy");
    if (!setting) setting = env("ALL_PROXY");
    if (!setting) return std::nullopt;
    std::optional<std::string> no_proxy = env("no_proxy");
    if (!no_proxy) no_proxy = env("NO_PROXY");
    if (no_proxy && no_proxy_covers(*no_proxy, host)) return std::nullopt;
    return parse_proxy(*setting);
}

std::string connect_request(std::string_view host_port, std::string_view authorization) {
    std::string out;
    out.append("CONNECT ").append(host_port).append(" HTTP/1.1\r\n");
    out.append("Host: ").append(host_port).append("\r\n");
    if (!authorization.empty()) out.append("Proxy-Authorization: ").append(authorization).append("\r\n");
    out.append("\r\n");
    return out;
}

ConnectAnswer read_connect_answer(std::string_view received) {
    ConnectAnswer answer;
    // A proxy that speaks something else is refused as soon as that shows, not after a timeout.
    size_t eol = received.find("\r\n");
    std::string_view status = received.substr(0, eol);
    constexpr std::string_view kVersion = "HTTP/1.";
    size_t checkable = std::min(status.size(), kVersion.size());
    bool http = status.substr(0, checkable) == kVersion.substr(0, checkable);
    std::optional<int> code = status_code(status);
    if (http && eol != std::string_view::npos) http = code.has_value();
    if (!http) {
        answer.state = ConnectAnswer::State::Refused;
        answer.error = "the proxy's answer to CONNECT is not HTTP";
        return answer;
    }
    size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (received.size() < kMaxProxyHead) return answer;
        answer.state = ConnectAnswer::State::Refused;
        answer.error = "the proxy's answer to CONNECT has a head over " + std::to_string(kMaxProxyHead) + " bytes";
        return answer;
    }
    answer.status = *code;
    answer.head_size = end + 4;
    if (answer.status >= 200 && answer.status < 300) {
        answer.state = ConnectAnswer::State::Established;
        return answer;
    }
    answer.state = ConnectAnswer::State::Refused;
    std::string printable;
    for (char c : status.substr(9, 80)) printable.push_back(c >= 0x20 && c < 0x7f ? c : '?');
    answer.error = "the proxy refused the tunnel: " + printable;
    return answer;
}

}  // namespace omniclient::net
