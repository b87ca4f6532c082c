#include "providers/http_transport/xml.h"

#include "core/utf8.h"

#include <cstdint>

namespace omniclient::http::xml {


std::vector<std::string_view> elements(std::string_view doc, std::string_view tag) {
    std::vector<std::string_view> found;
    const std::string open = "<" + std::string(tag);
    const std::string close = "</" + std::string(tag) + ">";
    size_t pos = 0;
    while ((pos = doc.find(open, pos)) != std::string_view::npos) {
        size_t after = pos + open.size();
        if (after >= doc.size()) break;
        char next = doc[after];
        if (next != '>' && next != ' ' && next != '/') {  // <Prefix> is not <PrefixLength>
            pos = after;
            continue;
        }
        size_t gt = doc.find('>', after);
        if (gt == std::string_view::npos) break;
        if (doc[gt - 1] == '/') {  // <tag/>: empty
            found.emplace_back();
            pos = gt + 1;
            continue;
        }
        size_t end = doc.find(close, gt + 1);
        if (end == std::string_view::npos) break;
        found.push_back(doc.substr(gt + 1, end - gt - 1));
        pos = end + close.size();
    }
    return found;
}

std::string text(std::string_view doc, std::string_view tag) {
    auto found = elements(doc, tag);
    return found.empty() ? std::string() : unescape(found.front());
}

std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        size_t semi = text.find(';', i);
        if (semi == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "amp") out += '&';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else if (entity.starts_with('#')) {
            bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
            uint32_t cp = 0;
            for (char c : entity.substr(hex ? 2 : 1)) {
                int digit = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0 || cp > 0x10FFFF) break;
                cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
            }
            if (cp < 0x110000) append_utf8(out, cp);
        } else {
            out += text.substr(i, semi - i + 1);  // unknown: kept as written
        }
        i = semi;
    }
    return out;
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace omniclient::http::xml
