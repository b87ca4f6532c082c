// SOWS framing: the binary WebSocket framing of Nucleus's discovery and auth services.
// Little-endian integers. Client request: u8 1 | u32 id | method | 0x00 | u32 json_len | json | tail.
// Client stop: u8 0 | u32 id. Server answers: SEND u8 1 | u32 id | u8 last | u32 json_len | json | tail;
// DONE u8 5 | u32 id; ERROR u8 0 | u32 id | u16 code | UTF-8 message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace omniclient::net::sows {

std::string encode_request(uint32_t id, std::string_view method, std::string_view json, std::string_view tail = {});
std::string encode_stop(uint32_t id);

struct Response {
    enum class Kind { Send, Done, Error } kind = Kind::Send;
    uint32_t id = 0;
    bool last = true;
    std::string json;
    std::string tail;
    uint16_t code = 0;
    std::string message;
};

// False when the frame is malformed (short, unknown kind, JSON length past the end).
bool decode_response(std::string_view frame, Response& out);

}  // namespace omniclient::net::sows
