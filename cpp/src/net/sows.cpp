#include "net/sows.h"

namespace omniclient::net::sows {
namespace {

constexpr uint8_t kRequest = 1, kStop = 0, kSend = 1, kDone = 5, kError = 0;

void put_u32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t get_u32(std::string_view s, size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
    return v;
}

}  // namespace

std::string encode_request(uint32_t id, std::string_view method, std::string_view json, std::string_view tail) {
    std::string out;
    out.reserve(10 + method.size() + json.size() + tail.size());
    out.push_back(static_cast<char>(kRequest));
    put_u32(out, id);
    out.append(method);
    out.push_back('\0');
    put_u32(out, static_cast<uint32_t>(json.size()));
    out.append(json);
    out.append(tail);
    return out;
}

std::string encode_stop(uint32_t id) {
    std::string out(1, static_cast<char>(kStop));
    put_u32(out, id);
    return out;
}

bool decode_response(std::string_view frame, Response& out) {
    if (frame.size() < 5) return false;
    uint8_t kind = static_cast<uint8_t>(frame[0]);
    out.id = get_u32(frame, 1);
    if (kind == kDone) {
        out.kind = Response::Kind::Done;
        return frame.size() == 5;
    }
    if (kind == kError) {
        if (frame.size() < 7) return false;
        out.kind = Response::Kind::Error;
        out.code = static_cast<uint16_t>(static_cast<uint8_t>(frame[5]) | (static_cast<uint8_t>(frame[6]) << 8));
        out.message.assign(frame.substr(7));
        return true;
    }
    if (kind != kSend || frame.size() < 10) return false;
    out.kind = Response::Kind::Send;
    out.last = frame[5] != 0;
    uint32_t len = get_u32(frame, 6);
    if (len > frame.size() - 10) return false;
    out.json.assign(frame.substr(10, len));
    out.tail.assign(frame.substr(10 + len));
    return true;
}

}  // namespace omniclient::net::sows
