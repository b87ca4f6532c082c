#include "providers/http_transport/web.h"

#include <curl/curl.h>

#include <cctype>
#include <cstdio>
#include <ctime>

namespace omniclient::http {

TimeNs parse_http_date(const std::string& text) {
    if (text.empty()) return 0;
    time_t t = curl_getdate(text.c_str(), nullptr);
    return t < 0 ? 0 : static_cast<TimeNs>(t) * 1'000'000'000;
}

TimeNs parse_iso8601(const std::string& text) {
    std::tm tm{};
    int millis = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    if (size_t dot = text.find('.'); dot != std::string::npos) {
        std::string fraction;
        for (size_t i = dot + 1; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && fraction.size() < 3; ++i)
            fraction += text[i];
        while (fraction.size() < 3) fraction += '0';
        millis = std::stoi(fraction);
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t < 0 ? 0 : static_cast<TimeNs>(t) * 1'000'000'000 + static_cast<TimeNs>(millis) * 1'000'000;
}

std::string uri_encode(std::string_view text, bool keep_slash) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string lower_case(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string unquote_etag(std::string_view etag) {
    if (etag.starts_with("W/")) etag.remove_prefix(2);
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    return std::string(etag);
}

std::string server_of(const Target& target, std::string_view scheme) {
    std::string out = scheme.empty() ? target.parts.scheme.value_or("") : std::string(scheme);
    out += "://";
    out += target.parts.host.value_or("");
    if (target.parts.port && !target.parts.port->empty()) out += ":" + *target.parts.port;
    return lower_case(std::move(out));
}

std::string key_of(const Target& target) {
    static const std::string empty_path;  // (break_url gives the path already decoded)
    const std::string& path = target.parts.path.value_or(empty_path);
    size_t start = path.find_first_not_of('/');
    return start == std::string::npos ? std::string() : path.substr(start);
}

}  // namespace omniclient::http
