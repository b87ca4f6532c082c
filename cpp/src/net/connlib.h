// ConnLib framing: the Connection service's WebSocket messages. A request is one JSON object
// {"command":..., "id":..., params...} with keys sorted; a bytes parameter goes after the JSON as
// 0x00 + raw bytes. An answer is one JSON object with "id", optionally followed by 0x00 + bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace omniclient::net::connlib {

// `params` must be an object; "command" and "id" are added. With `tail` (even empty) the message
// is JSON + 0x00 + tail.
std::string encode_request(std::string_view command, uint64_t id, nlohmann::json params, const std::string_view* tail = nullptr);
// The same for parameters kept (for a re-send): "command" and "id" go in for the encoding and out
// again after it, so the parameters are not copied.
std::string encode_request_in_place(std::string_view command, uint64_t id, nlohmann::json& params, const std::string_view* tail = nullptr);
// The same from parameters already written: `members`, the JSON members that follow "command" and
// "id" (keys sorted, each after "id"; may be empty). For requests made thousands of times a second.
std::string encode_request_written(std::string_view command, uint64_t id, std::string_view members,
                                   const std::string_view* tail = nullptr);
std::string encode_stop(uint64_t id, uint64_t subscription_id);

// An answer's JSON is first read by a scan that allocates nothing, when it is flat (strings
// without escapes, numbers, true/false/null, objects one level deep: the live updates' answers and
// pushes, thousands a second); the members are views of the message. The tree (json()) is parsed
// on first use, at once for anything else.
struct Answer {
    uint64_t id = 0;
    // The whole message, kept so the bytes after 0x00 are shared instead of copied.
    std::shared_ptr<const std::string> message;
    size_t tail_offset = 0;
    bool has_tail = false;

    const char* tail_data() const { return message->data() + tail_offset; }
    size_t tail_size() const { return has_tail ? message->size() - tail_offset : 0; }

    // The JSON object.
    const nlohmann::json& json() const;
    // Member `key` (of the object member `in`, when given): a string, or an unsigned integer.
    std::optional<std::string_view> string(std::string_view key, std::string_view in = {}) const;
    std::optional<uint64_t> u64(std::string_view key, std::string_view in = {}) const;
    // Whether the flat scan read it (no tree is built unless json() is asked for).
    bool flat() const { return flat_; }

    struct Member {
        std::string_view key, value;  // a string's value without its quotes
        enum class Kind : uint8_t { String, Number, Literal, Object } kind;
        uint8_t parent;  // 0: the top level; else 1 + the index of the object member holding it
    };
    static constexpr size_t kFlatMembers = 24;

private:
    friend bool decode_answer(std::string&& message, Answer& out);
    const Member* member(std::string_view key, std::string_view in) const;
    const nlohmann::json* tree_member(std::string_view key, std::string_view in) const;
    size_t json_size_ = 0;
    bool flat_ = false;
    uint8_t members_ = 0;
    std::array<Member, kFlatMembers> member_{};
    mutable std::optional<nlohmann::json> tree_;
};

// False when the message is not a JSON object with a numeric "id".
bool decode_answer(std::string&& message, Answer& out);

}  // namespace omniclient::net::connlib
