#include "net/connlib.h"

#include <charconv>
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

std::string encode_request_written(std::string_view command, uint64_t id, std::string_view members,
                                   const std::string_view* tail) {
    char id_text[24];
    auto id_end = std::to_chars(id_text, id_text + sizeof id_text, id).ptr;
    std::string out;
    out.reserve(24 + command.size() + (id_end - id_text) + members.size() + (tail ? 1 + tail->size() : 0));
    out.append(R"({"command":")").append(command).append(R"(","id":)").append(id_text, id_end);
    if (!members.empty()) out.append(",").append(members);
    out.push_back('}');
    if (tail) {
        out.push_back('\0');
        out.append(*tail);
    }
    return out;
}

std::string encode_stop(uint64_t id, uint64_t subscription_id) {
    return encode_request("stop", id, {{"subscription_id", subscription_id}});
}

namespace {

// The flat scan (see Answer): false for anything it does not take, which the JSON parser then
// reads (and refuses, when it is not JSON).
class FlatScan {
public:
    FlatScan(std::string_view text, std::array<Answer::Member, Answer::kFlatMembers>& out) : s_(text), out_(out) {}

    bool object(uint8_t parent) {
        skip_space();
        if (!eat('{')) return false;
        skip_space();
        if (eat('}')) return true;
        do {
            skip_space();
            std::string_view key;
            if (!string(key)) return false;
            skip_space();
            if (!eat(':')) return false;
            skip_space();
            if (count_ == out_.size()) return false;
            size_t at = count_++;
            out_[at].key = key;
            out_[at].parent = parent;
            if (!value(out_[at], parent == 0 ? static_cast<uint8_t>(at + 1) : 0)) return false;
            skip_space();
        } while (eat(','));
        return eat('}');
    }
    bool at_end() {
        skip_space();
        return i_ == s_.size();
    }
    uint8_t count() const { return static_cast<uint8_t>(count_); }

private:
    // `nested`: the parent index its members take, 0 when it may hold no object (one level only).
    bool value(Answer::Member& m, uint8_t nested) {
        if (i_ >= s_.size()) return false;
        char c = s_[i_];
        if (c == '"') {
            m.kind = Answer::Member::Kind::String;
            return string(m.value);
        }
        if (c == '{') {
            m.kind = Answer::Member::Kind::Object;
            return nested != 0 && object(nested);
        }
        size_t start = i_;
        if (c == '-' || (c >= '0' && c <= '9')) {
            m.kind = Answer::Member::Kind::Number;
            if (!number()) return false;
        } else {
            m.kind = Answer::Member::Kind::Literal;
            if (!(word("true") || word("false") || word("null"))) return false;
        }
        m.value = s_.substr(start, i_ - start);
        return true;
    }
    // Plain ASCII without escapes or control characters; anything else is the parser's.
    bool string(std::string_view& out) {
        if (!eat('"')) return false;
        size_t start = i_;
        for (; i_ < s_.size(); ++i_) {
            auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                out = s_.substr(start, i_ - start);
                ++i_;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80) return false;
        }
        return false;
    }
    // RFC 8259's number.
    bool number() {
        eat('-');
        if (eat('0')) {
        } else if (!digits()) {
            return false;
        }
        if (eat('.') && !digits()) return false;
        if (eat('e') || eat('E')) {
            if (!eat('+')) eat('-');
            if (!digits()) return false;
        }
        return true;
    }
    bool digits() {
        size_t start = i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        return i_ > start;
    }
    bool word(std::string_view w) {
        if (s_.substr(i_, w.size()) != w) return false;
        i_ += w.size();
        return true;
    }
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }

    std::string_view s_;
    size_t i_ = 0;
    size_t count_ = 0;
    std::array<Answer::Member, Answer::kFlatMembers>& out_;
};

// The value of an unsigned integer's text, as the JSON parser reads one (no sign, fraction or
// exponent, and within 64 bits).
std::optional<uint64_t> unsigned_of(std::string_view text) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || text[0] == '-') return std::nullopt;
    return v;
}

}  // namespace

const nlohmann::json& Answer::json() const {
    if (!tree_) tree_ = nlohmann::json::parse(message->data(), message->data() + json_size_, nullptr, false);
    return *tree_;
}

const Answer::Member* Answer::member(std::string_view key, std::string_view in) const {
    uint8_t parent = 0;
    if (!in.empty()) {
        const Member* holder = member(in, {});
        if (!holder || holder->kind != Member::Kind::Object) return nullptr;
        parent = static_cast<uint8_t>(holder - member_.data() + 1);
    }
    for (size_t i = members_; i-- > 0;)  // the last of duplicate keys, as the parser keeps
        if (member_[i].parent == parent && member_[i].key == key) return &member_[i];
    return nullptr;
}

const nlohmann::json* Answer::tree_member(std::string_view key, std::string_view in) const {
    const nlohmann::json* holder = &json();
    if (!in.empty()) {
        auto it = holder->find(in);
        if (it == holder->end() || !it->is_object()) return nullptr;
        holder = &*it;
    }
    auto it = holder->find(key);
    return it == holder->end() ? nullptr : &*it;
}

std::optional<std::string_view> Answer::string(std::string_view key, std::string_view in) const {
    if (flat_) {
        const Member* m = member(key, in);
        if (m && m->kind == Member::Kind::String) return m->value;
        return std::nullopt;
    }
    const nlohmann::json* v = tree_member(key, in);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string_view(v->get_ref<const std::string&>());
}

std::optional<uint64_t> Answer::u64(std::string_view key, std::string_view in) const {
    if (flat_) {
        const Member* m = member(key, in);
        if (m && m->kind == Member::Kind::Number) return unsigned_of(m->value);
        return std::nullopt;
    }
    const nlohmann::json* v = tree_member(key, in);
    if (!v || !v->is_number_unsigned()) return std::nullopt;
    return v->get<uint64_t>();
}

bool decode_answer(std::string&& message, Answer& out) {
    auto shared = std::make_shared<std::string>(std::move(message));
    const char* data = shared->data();
    const void* nul = std::memchr(data, '\0', shared->size());
    size_t json_end = nul ? static_cast<size_t>(static_cast<const char*>(nul) - data) : shared->size();
    out.message = std::move(shared);
    out.json_size_ = json_end;
    out.has_tail = nul != nullptr;
    out.tail_offset = nul ? json_end + 1 : json_end;
    out.tree_.reset();
    FlatScan scan(std::string_view(data, json_end), out.member_);
    out.flat_ = scan.object(0) && scan.at_end();
    out.members_ = out.flat_ ? scan.count() : 0;
    if (!out.flat_ && (out.json().is_discarded() || !out.json().is_object())) return false;
    auto id = out.u64("id");
    if (!id) return false;
    out.id = *id;
    return true;
}

}  // namespace omniclient::net::connlib
