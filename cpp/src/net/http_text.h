// Text rules of HTTP/1.1 that net/'s own handshakes (the WebSocket upgrade, a proxy's CONNECT) share.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace omniclient::net {

// Header names and tokens compare without ASCII case.
inline bool equal_nocase(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// The code of a status line "HTTP/1.x NNN[ reason]"; nullopt when the line is not one.
inline std::optional<int> status_code(std::string_view line) {
    bool digits = line.size() >= 12 && std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || line.substr(0, 7) != "HTTP/1." || line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) return std::nullopt;
    return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
}

// Standard base64 with padding (Sec-WebSocket-Key/Accept, Basic credentials).
std::string base64(std::string_view bytes);

}  // namespace omniclient::net
