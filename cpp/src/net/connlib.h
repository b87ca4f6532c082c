// ConnLib framing: the Connection service's WebSocket messages. A request is one JSON object
// {"command":..., "id":..., params...} with keys sorted; a bytes parameter goes after the JSON as
// 0x00 + raw bytes. An answer is one JSON object with "id", optionally followed by 0x00 + bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace omniclient::net::connlib {

// `params` must be an object; "command" and "id" are added. With `tail` (even empty) the message
// is JSON + 0x00 + tail.
std::string encode_request(std::string_view command, uint64_t id, nlohmann::json params, const std::string_view* tail = nullptr);
// The same for parameters kept (for a re-send): "command" and "id" go in for the encoding and out
// again after it, so the parameters are not copied.
std::string encode_request_in_place(std::string_view command, uint64_t id, nlohmann::json& params, const std::string_view* tail = nullptr);
std::string encode_stop(uint64_t id, uint64_t subscription_id);

struct Answer {
    nlohmann::json json;
    uint64_t id = 0;
    // The whole message, kept so the bytes after 0x00 are shared instead of copied.
    std::shared_ptr<const std::string> message;
    size_t tail_offset = 0;
    bool has_tail = false;

    const char* tail_data() const { return message->data() + tail_offset; }
    size_t tail_size() const { return has_tail ? message->size() - tail_offset : 0; }
};

// False when the message is not a JSON object with a numeric "id".
bool decode_answer(std::string&& message, Answer& out);

}  // namespace omniclient::net::connlib
