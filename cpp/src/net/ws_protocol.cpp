#include "net/ws_protocol.h"

#include "net/http_text.h"

#include <libwebsockets.h>

#include <algorithm>
#include <cstring>

namespace omniclient::net::ws {
namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
// A first frame reserves its whole length up to this; a hostile length beyond it costs memory only
// as its bytes arrive.
constexpr uint64_t kReserveUpTo = 16u << 20;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Whether the comma-separated list `value` holds `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        size_t comma = value.find(',');
        if (equal_nocase(trim(value.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

// A header value as sent: CR and LF would end the line and start another header.
void append_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ");
    for (char c : value)
        if (c != '\r' && c != '\n') out.push_back(c);
    out.append("\r\n");
}

bool is_control(Opcode op) { return static_cast<uint8_t>(op) & 0x8; }

}  // namespace

std::string upgrade_request(std::string_view path, std::string_view host, std::string_view key,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string out;
    out.reserve(256);
    out.append("GET ").append(path).append(" HTTP/1.1\r\n");
    append_header(out, "Pragma", "no-cache");
    append_header(out, "Cache-Control", "no-cache");
    append_header(out, "Host", host);
    append_header(out, "Origin", "http://" + std::string(host));
    append_header(out, "Upgrade", "websocket");
    append_header(out, "Connection", "Upgrade");
    append_header(out, "Sec-WebSocket-Key", key);
    append_header(out, "Sec-WebSocket-Version", "13");
    for (auto& [name, value] : headers) append_header(out, name, value);
    out.append("\r\n");
    return out;
}

std::string make_key(const uint8_t (&nonce)[16]) { return base64({reinterpret_cast<const char*>(nonce), sizeof nonce}); }

std::string accept_for(std::string_view key) {
    std::string text(key);
    text.append(kAcceptGuid);
    unsigned char digest[20];
    lws_SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return base64({reinterpret_cast<const char*>(digest), sizeof digest});
}

UpgradeAnswer read_upgrade_answer(std::string_view received, std::string_view key) {
    UpgradeAnswer answer;
    size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos || end + 4 > kMaxHead) {
        if (end == std::string_view::npos && received.size() < kMaxHead) return answer;
        answer.state = UpgradeAnswer::State::Refused;
        answer.error = "the answer to the WebSocket upgrade has a head over " + std::to_string(kMaxHead) + " bytes";
        return answer;
    }
    answer.state = UpgradeAnswer::State::Refused;
    answer.head_size = end + 4;
    std::string_view head = received.substr(0, end + 2);  // every line ends with CRLF
    size_t eol = head.find("\r\n");
    std::string_view status = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    if (status_code(status) != 101) {
        answer.error = "the server answered the WebSocket upgrade with \"" + std::string(status.substr(0, 80)) + "\"";
        return answer;
    }
    bool upgrade = false, connection = false, accepted = false;
    std::string expected = accept_for(key);
    while (!head.empty()) {
        eol = head.find("\r\n");
        std::string_view line = head.substr(0, eol);
        head.remove_prefix(eol + 2);
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
        if (equal_nocase(name, "Upgrade")) upgrade = equal_nocase(value, "websocket");
        else if (equal_nocase(name, "Connection")) connection = has_token(value, "upgrade");
        else if (equal_nocase(name, "Sec-WebSocket-Accept")) accepted = value == expected;
        else if (equal_nocase(name, "Sec-WebSocket-Extensions") && !value.empty()) {
            answer.error = "the server chose a WebSocket extension this client did not offer";
            return answer;
        }
    }
    if (!upgrade || !connection) answer.error = "the server's answer to the WebSocket upgrade lacks Upgrade: websocket";
    else if (!accepted) answer.error = "the server's Sec-WebSocket-Accept does not match the key sent";
    else answer.state = UpgradeAnswer::State::Accepted;
    return answer;
}

void append_frame(std::string& out, Opcode opcode, bool fin, std::string_view payload, uint32_t mask) {
    uint8_t head[14];
    size_t n = 0;
    head[n++] = static_cast<uint8_t>((fin ? 0x80 : 0) | static_cast<uint8_t>(opcode));
    uint64_t size = payload.size();
    if (size < 126) {
        head[n++] = static_cast<uint8_t>(0x80 | size);
    } else if (size <= 0xffff) {
        head[n++] = 0x80 | 126;
        head[n++] = static_cast<uint8_t>(size >> 8);
        head[n++] = static_cast<uint8_t>(size);
    } else {
        head[n++] = 0x80 | 127;
        for (int shift = 56; shift >= 0; shift -= 8) head[n++] = static_cast<uint8_t>(size >> shift);
    }
    uint8_t key[4] = {static_cast<uint8_t>(mask >> 24), static_cast<uint8_t>(mask >> 16), static_cast<uint8_t>(mask >> 8),
                      static_cast<uint8_t>(mask)};
    std::memcpy(head + n, key, 4);
    n += 4;
    size_t at = out.size();
    out.resize(at + n + payload.size());
    char* dst = out.data() + at;
    std::memcpy(dst, head, n);
    dst += n;
    // Eight bytes at a time: the key repeats every four bytes, so a word of it twice masks eight.
    uint64_t wide;
    uint8_t key8[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    std::memcpy(&wide, key8, 8);
    size_t i = 0;
    for (; i + 8 <= payload.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, payload.data() + i, 8);
        word ^= wide;
        std::memcpy(dst + i, &word, 8);
    }
    for (; i < payload.size(); ++i) dst[i] = static_cast<char>(payload[i] ^ key[i & 3]);
}

// --- FrameReader ---

std::string FrameReader::feed(std::string_view bytes, Sink& sink) {
    if (!error_.empty()) return error_;
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    while (p < end) {
        if (!in_payload_) {
            // The header's size is known from its second byte: 2, then 2 or 8 more for the length.
            auto head_size = [this] {
                if (head_have_ < 2) return size_t{2};
                uint8_t len7 = head_[1] & 0x7f;
                return size_t{2} + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            };
            size_t need = head_size();
            while (p < end && head_have_ < need) {
                head_[head_have_++] = static_cast<uint8_t>(*p++);
                need = head_size();
            }
            if (head_have_ < need) break;
            if (auto e = start_frame(); !e.empty()) return error_ = std::move(e);
            if (remaining_ == 0) {
                if (auto e = finish_frame(sink); !e.empty()) return error_ = std::move(e);
                continue;
            }
        }
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, static_cast<uint64_t>(end - p)));
        (is_control(opcode_) ? control_ : message_).append(p, take);
        p += take;
        remaining_ -= take;
        if (remaining_ == 0)
            if (auto e = finish_frame(sink); !e.empty()) return error_ = std::move(e);
    }
    return {};
}

std::string FrameReader::start_frame() {
    head_have_ = 0;
    fin_ = head_[0] & 0x80;
    opcode_ = static_cast<Opcode>(head_[0] & 0x0f);
    if (head_[0] & 0x70) return "a WebSocket frame with reserved bits set (no extension was negotiated)";
    if (head_[1] & 0x80) return "a masked WebSocket frame from the server";
    uint8_t len7 = head_[1] & 0x7f;
    uint64_t size = len7;
    if (len7 == 126) size = (uint64_t{head_[2]} << 8) | head_[3];
    if (len7 == 127) {
        size = 0;
        for (int i = 2; i < 10; ++i) size = (size << 8) | head_[i];
    }
    switch (opcode_) {
        case Opcode::Close:
        case Opcode::Ping:
        case Opcode::Pong:
            if (!fin_) return "a fragmented WebSocket control frame";
            if (size > 125) return "a WebSocket control frame over 125 bytes";
            control_.clear();
            break;
        case Opcode::Text:
        case Opcode::Binary:
            if (message_open_) return "a new WebSocket message inside a fragmented one";
            message_open_ = true;
            message_binary_ = opcode_ == Opcode::Binary;
            message_.clear();
            [[fallthrough]];
        case Opcode::Continuation:
            if (!message_open_) return "a WebSocket continuation frame with no message to continue";
            // Checked before anything is allocated: a hostile length is refused, not honoured.
            if (size > max_message_ - message_.size())
                return "a WebSocket message over " + std::to_string(max_message_) + " bytes";
            if (message_.empty()) message_.reserve(static_cast<size_t>(std::min(size, kReserveUpTo)));
            break;
        default:
            return "a WebSocket frame with the unknown opcode " + std::to_string(static_cast<int>(opcode_));
    }
    remaining_ = size;
    in_payload_ = true;
    return {};
}

std::string FrameReader::finish_frame(Sink& sink) {
    in_payload_ = false;
    if (is_control(opcode_)) {
        sink.on_control(opcode_, std::move(control_));
        control_.clear();
        return {};
    }
    if (!fin_) return {};
    message_open_ = false;
    std::string message = std::move(message_);
    message_.clear();
    sink.on_message(std::move(message), message_binary_);
    return {};
}

}  // namespace omniclient::net::ws
