// Text rules of HTTP/1.1 that net/'s own handshakes (the WebSocket upgrade, a proxy's CONNECT) share.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace omniclient::net {

// Header names and tokens compare without ASCII case.
inline bool equal_nocase(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// Standard base64 with padding (Sec-WebSocket-Key/Accept, Basic credentials).
std::string base64(std::string_view bytes);

}  // namespace omniclient::net
