#include "net/connlib.h"

#include <cstring>

namespace omniclient::net::connlib {

std::string encode_request(std::string_view command, uint64_t id, nlohmann::json params, const std::string_view* tail) {
    return encode_request_in_place(command, id, params, tail);
}

std::string encode_request_in_place(std::string_view command, uint64_t id, nlohmann::json& params, const std::string_view* tail) {
    if (!params.is_object()) params = nlohmann::json::object();
    params["command"] = command;
    params["id"] = id;
    std::string out = params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // std::map order: sorted keys
    params.erase("command");
    params.erase("id");
    if (tail) {
        out.reserve(out.size() + 1 + tail->size());
        out.push_back('\0');
        out.append(*tail);
    }
    return out;
}

std::string encode_stop(uint64_t id, uint64_t subscription_id) {
    return encode_request("stop", id, {{"subscription_id", subscription_id}});
}

bool decode_answer(std::string&& message, Answer& out) {
    auto shared = std::make_shared<std::string>(std::move(message));
    const char* data = shared->data();
    const void* nul = std::memchr(data, '\0', shared->size());
    size_t json_end = nul ? static_cast<size_t>(static_cast<const char*>(nul) - data) : shared->size();
    out.json = nlohmann::json::parse(data, data + json_end, nullptr, false);
    if (out.json.is_discarded() || !out.json.is_object()) return false;
    auto id = out.json.find("id");
    if (id == out.json.end() || !id->is_number_unsigned()) return false;
    out.id = id->get<uint64_t>();
    out.has_tail = nul != nullptr;
    out.tail_offset = nul ? json_end + 1 : shared->size();
    out.message = std::move(shared);
    return true;
}

}  // namespace omniclient::net::connlib
