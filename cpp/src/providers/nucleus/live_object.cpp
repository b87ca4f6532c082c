#include "providers/nucleus/live_object.h"

#include "providers/nucleus/paths.h"
#include "providers/nucleus/status.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace omniclient::nucleus {

using json = nlohmann::json;
using net::connlib::Answer;

namespace {

json object_path(const std::string& path) { return {{"branch", ""}, {"path", path}}; }

json content_id_of(const std::string& id) {
    char* end = nullptr;
    unsigned long long numeric = std::strtoull(id.c_str(), &end, 10);
    if (end && *end == '\0' && !id.empty()) return numeric;
    return id;
}

// Sends the content inline, or first over LFT (as `target`) above the server's threshold;
// `send(content_id, tail, session)` then makes the call: at once on `session` when inline, through
// the loop (null session) after an upload. Live objects are used on this server: its ping socket
// keeps the server's clock.
void with_content(ServerLink& link, OpContext ctx, const Target& t, const std::string& path, const Content& content, LftTarget target,
                  std::function<void(json content_id, Content tail, Session* s)> send, std::function<void(Result)> failed) {
    link.when_connected(
        ctx, t,
        [&link, ctx, path, content, target, send = std::move(send), failed](Session& s) {
            s.keep_clock();
            const auto& info = s.info();
            bool lft = !info.lft_address.empty() && info.lft_threshold > 0 && content.size() > info.lft_threshold;
            if (!lft) return send(json(), content, &s);
            auto control = std::make_shared<TransferControl>(link.http());
            ctx.on_stop([control] { control->cancel(); });
            lft_upload(link.http(), lft_headers(info, path), info.lft_address, path, content, info.multipart_chunk_size, control,
                       [&link, send, failed](Result up, std::string content_id) {
                           if (up != OMNI_RESULT_OK) return failed(up);
                           link.post([send, id = content_id_of(content_id)] { send(id, Content(), nullptr); });
                       },
                       target);
        },
        failed);
}

bool valid_object_path(const std::string& path) { return !path.empty() && path.back() != '/'; }

// Live objects are used on the server of `t`: its ping socket keeps the server's clock.
void keep_clock(ServerLink& link, const Target& t) {
    link.with_session(t, [](const std::shared_ptr<Session>& s) { s->keep_clock(); });
}

}  // namespace

uint64_t server_time_of(const Answer& a) {
    uint64_t out = a.u64("omni_server_out_ts", "ts").value_or(0);
    uint64_t est = a.u64("est", "ts").value_or(0);
    if (est && out && (est > out ? est - out : out - est) < 1'000'000) return est;
    return out;
}

json version_params(const char* key, const json& value, const std::string& path, const json& content_id,
                    std::optional<uint64_t> est) {
    json params = {{key, value}, {"path", object_path(path)}};
    if (!content_id.is_null()) params["content_id"] = content_id;
    if (est) params["ts"] = {{"est", *est}};
    return params;
}

namespace {

// `text` as a JSON string, as json(text).dump() writes it (ensure_ascii off, invalid UTF-8
// replaced): printable ASCII without quotes or backslashes as it is, anything else by the library.
void append_json_string(std::string& out, const std::string& text) {
    bool plain = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (!plain) {
        out.append(json(text).dump(-1, ' ', false, json::error_handler_t::replace));
        return;
    }
    out.push_back('"');
    out.append(text);
    out.push_back('"');
}

void append_number(std::string& out, uint64_t n) {
    char text[24];
    out.append(text, std::to_chars(text, text + sizeof text, n).ptr);
}

}  // namespace

std::string version_params_written(const char* key, const json& value, const std::string& path, std::optional<uint64_t> est) {
    // keys in order: "object_id" / "overwrite", "path", "ts"; one allocation (the parameters
    // of every live update are written here, on the network thread)
    std::string out;
    out.reserve(80 + std::strlen(key) + path.size());
    out.append("\"").append(key).append("\":");
    if (value.is_number_unsigned()) append_number(out, value.get<uint64_t>());
    else if (value.is_boolean()) out.append(value.get<bool>() ? "true" : "false");
    else out.append(value.dump());
    out.append(R"(,"path":{"branch":"","path":)");
    append_json_string(out, path);
    out.push_back('}');
    if (est) {
        out.append(R"(,"ts":{"est":)");
        append_number(out, *est);
        out.push_back('}');
    }
    return out;
}

namespace {

// create_object / update_object of `t` with `content` (inline, or over LFT when large), `key` =
// `value` its own parameter; `fill` completes an OK answer. An `update` (a version of an existing
// object) goes over LFT by PATCH and carries `ts.est`, the server's time as we estimate it when
// sending (none before the ping socket's first answer, as the original); a new object by
// `POST /object/`. Inline, on a session, the parameters are written without a JSON tree.
void send_version(ServerLink& link, OpContext ctx, const Target& t, const Content& content, const char* command, const char* key,
                  json value, bool update, std::function<void(const Answer&, LiveObjectResult&)> fill, Done<LiveObjectResult> done) {
    std::string path = path_of(t);
    if (!valid_object_path(path) || checkpoint_of(t)) return done(error_answer<LiveObjectResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
    Reply<LiveObjectResult> reply(std::move(done));
    with_content(
        link, ctx, t, path, content, update ? LftTarget::ObjectVersion : LftTarget::NewObject,
        [&link, ctx, t, command, key, value, path, update, fill = std::move(fill), reply](json content_id, Content tail, Session* s) mutable {
            std::optional<uint64_t> est;
            if (update) est = s ? s->clock()->now() : link.server_time(t);  // the session's clock is the server's
            // called once: what it holds moves on (a session: the content is inline)
            if (s)
                return link.simple_written_on<LiveObjectResult>(*s, ctx, command, version_params_written(key, value, path, est),
                                                                std::move(reply), std::move(fill), std::move(tail));
            link.simple<LiveObjectResult>(ctx, t, command, version_params(key, value, path, content_id, est), std::move(reply),
                                          std::move(fill), std::move(tail));
        },
        [reply](Result r) { reply(error_answer<LiveObjectResult>(r)); });
}

}  // namespace

void live_create(ServerLink& link, OpContext ctx, const Target& t, const Content& content, Done<LiveObjectResult> done) {
    std::string path = path_of(t);
    if (valid_object_path(path))
        link.with_session(t, [path](const std::shared_ptr<Session>& s) { ServerLink::create_parents(*s, path); });
    send_version(link, ctx, t, content, "create_object", "overwrite", true, false,
                 [](const Answer& a, LiveObjectResult& r) {
                     r.object_id = a.u64("object_id").value_or(0);
                     r.sequence_num = a.u64("sequence").value_or(0);
                 },
                 std::move(done));
}

void live_update(ServerLink& link, OpContext ctx, const Target& t, uint64_t object_id, const Content& content,
                 Done<LiveObjectResult> done) {
    // "est" (our estimate of the server's time) goes to the readers with the version.
    send_version(link, ctx, t, content, "update_object", "object_id", object_id, true,
                 [object_id](const Answer& a, LiveObjectResult& r) {
                     r.object_id = object_id;
                     r.sequence_num = a.u64("sequence").value_or(0);
                 },
                 std::move(done));
}

void live_read(ServerLink& link, OpContext ctx, const Target& t, uint64_t have_object_id, uint64_t have_sequence,
               Done<LiveReadResult> first, Events<LiveReadResult> events) {
    std::string path = path_of(t);
    if (!valid_object_path(path) || checkpoint_of(t)) return first(error_answer<LiveReadResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
    keep_clock(link, t);
    json params = {{"path", object_path(path)}};
    if (have_object_id) {
        params["object_id"] = have_object_id;
        params["sequence"] = have_sequence;
    }
    struct State {
        bool answered = false;
        bool latest = false;  // OK_LATEST told (a re-sent read's LATEST is not told again)
        uint64_t object_id = 0, sequence = 0;  // the newest version delivered
    };
    auto state = std::make_shared<State>(State{false, false, have_object_id, have_sequence});
    auto deliver = [state, first, events](LiveReadResult&& r) {
        if (!state->answered) {
            state->answered = true;
            return first(std::move(r));
        }
        events(std::move(r));
    };
    link.request(
        ctx, t, "subscribe_read_object", std::move(params), std::nullopt,
        [state, deliver](Answer&& a) {
            std::string status = status_of(a);
            LiveReadResult r;
            r.object_id = a.u64("object_id").value_or(0);
            if (status == "LATEST") {
                if (std::exchange(state->latest, true)) return false;
                r.result = OMNI_RESULT_OK_LATEST;
                deliver(std::move(r));
                return false;
            }
            r.result = result_of_item_status(status);
            if (r.result != OMNI_RESULT_OK) {
                deliver(std::move(r));
                return true;
            }
            r.sequence_num = a.u64("sequence").value_or(0);
            if (r.object_id == state->object_id && r.sequence_num <= state->sequence) return false;  // had it
            state->object_id = r.object_id;
            state->sequence = r.sequence_num;
            r.server_time = server_time_of(a);
            r.content = Content(a.message, reinterpret_cast<const uint8_t*>(a.tail_data()), a.tail_size());
            deliver(std::move(r));
            return false;
        },
        [deliver](Result r) { deliver(error_answer<LiveReadResult>(r)); }, true, nullptr,
        // re-sent after a reconnect: only what came after the newest version delivered
        [state](json& p) {
            if (!state->object_id) return;
            p["object_id"] = state->object_id;
            p["sequence"] = state->sequence;
        });
}

}  // namespace omniclient::nucleus
