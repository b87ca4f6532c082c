#include "core/live_session.h"

#include "core/dispatch.h"
#include "core/log.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace omniclient::ops {
namespace {

using nlohmann::json;

constexpr std::string_view kOvum = "__OVUM__";

// A request composed of others: its single answer, delivered as `delivery` says.
template <class R>
std::pair<RequestPtr, Done<R>> composed(Delivery delivery, Done<R> done) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    Done<R> complete = Sink(rt.get(), request, delivery).completion(std::move(done));
    request->set_stop_handler([complete] { complete(error_answer<R>(OMNI_RESULT_ERROR)); });
    return {request, complete};
}

// "<folder>/.live/<stem>.live/" for the layer "<folder>/<stem>.<ext>".
std::string sessions_folder(std::string_view base_url) {
    size_t slash = base_url.rfind('/');
    std::string_view folder = base_url.substr(0, slash + 1);
    std::string_view name = base_url.substr(slash + 1);
    std::string_view stem = name.substr(0, name.rfind('.'));
    return std::string(folder) + ".live/" + std::string(stem) + ".live/";
}

// The folders in turn; ALREADY_EXISTS is fine. `done` gets the first other failure, or OK.
void make_folders(RequestPtr request, std::shared_ptr<std::vector<std::string>> folders, size_t i, Done<Result> done) {
    if (request->stopped()) return;
    if (i == folders->size()) return done(OMNI_RESULT_OK);
    create_folder((*folders)[i], Delivery::Direct, [=](ResultOnly&& r) {
        if (r.result != OMNI_RESULT_OK && r.result != OMNI_RESULT_ERROR_ALREADY_EXISTS) return done(Result(r.result));
        make_folders(request, folders, i + 1, done);
    });
}

// Text a TOML file (and JSON) can hold.
bool is_utf8(const std::string& s) {
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}

// A layer's URL names a file: the sessions' folder is next to it.
bool names_a_layer(std::string_view url) { return !invalid_url_reason(url) && url.back() != '/'; }

// Sessions are kept where their members can meet: with a provider that has channels.
Result session_store(std::string_view url) {
    if (!names_a_layer(url)) return OMNI_RESULT_ERROR_BAD_REQUEST;
    Provider* p = Runtime::get()->route(Runtime::make_target(url));
    return p && p->capabilities().test(static_cast<size_t>(OpKind::JoinChannel)) ? OMNI_RESULT_OK : OMNI_RESULT_ERROR_NOT_SUPPORTED;
}

std::string owner_of(const Content& toml_text) {
    try {
        toml::table parsed = toml::parse(std::string_view(reinterpret_cast<const char*>(toml_text.data()), toml_text.size()));
        return parsed["user_name"].value_or(std::string());
    } catch (const toml::parse_error&) {
        return {};  // listed without an owner, as a session whose file cannot be read
    }
}

// One member of a session: our names, the channel under it, and who else is there (their
// names, from their OVUM JOIN or HELLO). Channel events arrive in order on the callback thread.
class Member : public std::enable_shared_from_this<Member> {
public:
    Member(std::string url, std::string app, Done<LiveSessionEventResult> first, Events<LiveSessionEventResult> events)
        : url_(std::move(url)), app_(std::move(app)), first_(std::move(first)), events_(std::move(events)) {}

    void start(const ServerInfo& me) {
        std::lock_guard lock(mu_);
        if (left_) return;
        user_ = me.username;
        me_ = me.connection_id;
        auto self = shared_from_this();
        channel_ = join(url_ + "/__session__.channel", [self](ChannelEventResult&& e) { self->joined(std::move(e)); },
                        [self](ChannelEventResult&& e) { self->on_channel(std::move(e)); });
    }
    void failed(Result r) { first_(event(r, OMNI_LIVE_SESSION_CONNECTION, "", {}, {})); }

    // Any thread: the channel and OVUM message that carry `content` to the others, or why not.
    Result message(const Content& content, RequestId& channel, Content& ovum) {
        std::lock_guard lock(mu_);
        if (left_ || !channel_ || channel_->stopped()) return OMNI_RESULT_ERROR_NOT_FOUND;
        if (!connected_) return OMNI_RESULT_ERROR_BAD_REQUEST;
        std::string text(reinterpret_cast<const char*>(content.data()), content.size());
        json fields = json::object();
        if (!text.empty()) fields["content"] = std::move(text);
        auto framed = ovum_of("MESSAGE", std::move(fields));
        if (!framed) return OMNI_RESULT_ERROR_BAD_REQUEST;
        channel = channel_->id();
        ovum = std::move(*framed);
        return OMNI_RESULT_OK;
    }
    // On stop: the others hear LEFT (OVUM, then the channel's disconnect as it is left).
    void leave() {
        std::lock_guard lock(mu_);
        if (left_) return;
        left_ = true;
        if (!channel_) return;
        if (connected_) say("LEFT");
        channel_->stop();
    }

private:
    static LiveSessionEventResult event(Result r, OmniLiveSessionEventType type, std::string id, std::string user,
                                        std::string app, Content message = {}) {
        LiveSessionEventResult e;
        e.result = r;
        e.event = type;
        e.connection_id = std::move(id);
        e.user_name = std::move(user);
        e.app_name = std::move(app);
        e.message = std::move(message);
        return e;
    }

    // "__OVUM__" + the JSON of a message from us; none for text that is not UTF-8.
    std::optional<Content> ovum_of(const char* type, json fields) const {
        fields["app"] = app_;
        fields["from_user_name"] = user_;
        fields["message_type"] = type;
        fields["version"] = "3.0";
        std::string text;
        try {
            text = std::string(kOvum) + fields.dump();
        } catch (const json::type_error&) {
            log(OMNI_LOG_WARNING, "core", "live session " + url_ + ": a message that is not UTF-8 text was not sent");
            return std::nullopt;
        }
        return Content::from_vector(std::vector<uint8_t>(text.begin(), text.end()));
    }

    // mu_ held: a message of the session's own (JOIN, HELLO, LEFT) on the channel.
    void say(const char* type) {
        if (auto framed = ovum_of(type, json::object()))
            send_to_channel(channel_->id(), std::move(*framed), Delivery::Direct, [](ResultOnly&&) {});
    }

    void joined(ChannelEventResult&& e) {
        std::lock_guard lock(mu_);
        if (e.result != OMNI_RESULT_OK) return first_(event(e.result, OMNI_LIVE_SESSION_CONNECTION, "", {}, {}));
        connected_ = true;
        first_(event(OMNI_RESULT_OK, OMNI_LIVE_SESSION_CONNECTION, me_, user_, app_));
        say("JOIN");
    }

    void on_channel(ChannelEventResult&& e) {
        std::lock_guard lock(mu_);
        if (left_) return;
        if (e.result != OMNI_RESULT_OK || e.event == OMNI_CHANNEL_ERROR || e.event == OMNI_CHANNEL_DELETED) {
            connected_ = false;  // the channel is over: so is our part in the session
            return events_(event(e.result, OMNI_LIVE_SESSION_LEFT, me_, user_, app_));
        }
        if (e.event == OMNI_CHANNEL_LEFT) return gone(e.from);
        if (e.event == OMNI_CHANNEL_MESSAGE) on_ovum(e.from, e.content);
    }

    void on_ovum(const std::string& from, const Content& content) {
        std::string_view text(reinterpret_cast<const char*>(content.data()), content.size());
        json m = text.substr(0, kOvum.size()) == kOvum ? json::parse(text.substr(kOvum.size()), nullptr, false) : json();
        if (!m.is_object() || !m.contains("message_type") || !m["message_type"].is_string()) {
            log(OMNI_LOG_WARNING, "core", "live session " + url_ + ": unknown message received from " + from);
            return;
        }
        std::string type = m["message_type"].get<std::string>();
        auto text_of = [&m](const char* key) { return m.contains(key) && m[key].is_string() ? m[key].get<std::string>() : std::string(); };
        if (type == "JOIN" || type == "HELLO") {
            if (!peers_.count(from)) {
                auto& peer = peers_[from] = {text_of("from_user_name"), text_of("app")};
                events_(event(OMNI_RESULT_OK, OMNI_LIVE_SESSION_JOINED, from, peer.first, peer.second));
            }
            if (type == "JOIN") say("HELLO");
        } else if (type == "GET_USERS") {
            say("HELLO");
        } else if (type == "MESSAGE") {
            std::string data = text_of("content");
            auto& peer = peers_[from];
            events_(event(OMNI_RESULT_OK, OMNI_LIVE_SESSION_MESSAGE, from, peer.first, peer.second,
                          Content::from_vector(std::vector<uint8_t>(data.begin(), data.end()))));
        } else if (type == "LEFT") {
            gone(from);
        }
    }

    void gone(const std::string& from) {
        auto it = peers_.find(from);
        if (it == peers_.end()) return;  // told once: by its OVUM LEFT or by its disconnect
        events_(event(OMNI_RESULT_OK, OMNI_LIVE_SESSION_LEFT, from, it->second.first, it->second.second));
        peers_.erase(it);
    }

    const std::string url_;
    const std::string app_;
    Done<LiveSessionEventResult> first_;
    const Events<LiveSessionEventResult> events_;
    std::recursive_mutex mu_;  // send_to_channel may answer inline
    std::string user_;
    std::string me_;
    RequestPtr channel_;
    bool connected_ = false;
    bool left_ = false;
    std::map<std::string, std::pair<std::string, std::string>> peers_;  // connection id -> user, app
};

struct Members {
    std::mutex mutex;
    std::unordered_map<RequestId, std::weak_ptr<Member>> joined;
};

Members& members() {
    static Members* m = new Members;  // never destroyed: sends may come during exit
    return *m;
}

}  // namespace

std::string live_session_url(std::string_view base_url, std::string_view name) {
    return sessions_folder(base_url) + std::string(name) + ".live";
}

RequestPtr live_create_session(std::string_view base_url, std::string name, Delivery delivery, Done<StringResult> done) {
    std::string base(base_url);
    // A session's name is one folder name (the original makes "<stem>.live/.live" for an empty one).
    auto [request, complete] = composed<StringResult>(delivery, std::move(done));
    Result store = session_store(base);
    if (store == OMNI_RESULT_OK && (name.find('/') != std::string::npos || !is_utf8(base) || !is_utf8(name)))
        store = OMNI_RESULT_ERROR_BAD_REQUEST;
    if (store != OMNI_RESULT_OK) {
        complete(error_answer<StringResult>(store));
        return request;
    }
    std::string url = live_session_url(base, name);
    get_server_info(base, Delivery::Direct, [request, complete, base, url](ServerInfoResult&& info) {
        auto folders = std::make_shared<std::vector<std::string>>(
            std::vector<std::string>{base.substr(0, base.rfind('/') + 1) + ".live/", sessions_folder(base), url + "/"});
        std::string toml = "version = \"1.0\"\nstage_url = " + json(base).dump() + "\nuser_name = " + json(info.info.username).dump() + "\n";
        make_folders(request, folders, 0, [complete, url, toml](Result r) {
            if (r != OMNI_RESULT_OK) return complete(error_answer<StringResult>(r));
            WriteArgs args;
            args.content = Content::from_vector(std::vector<uint8_t>(toml.begin(), toml.end()));
            write_file(url + "/__session__.toml", args, Delivery::Direct, [complete, url](WriteResult&& w) {
                StringResult out;
                out.result = w.result;
                if (w.result == OMNI_RESULT_OK) out.value = url;
                complete(std::move(out));
            });
        });
    });
    return request;
}

RequestPtr live_list_sessions(std::string_view base_url, Delivery delivery, Done<LiveSessionListResult> done) {
    auto [request, complete] = composed<LiveSessionListResult>(delivery, std::move(done));
    if (Result store = session_store(base_url); store != OMNI_RESULT_OK) {
        complete(error_answer<LiveSessionListResult>(store));
        return request;
    }
    std::string folder = sessions_folder(base_url);
    list(folder, OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [request, complete, folder](ListResult&& listed) {
        if (listed.result != OMNI_RESULT_OK) return complete(error_answer<LiveSessionListResult>(listed.result));
        struct Gathered {
            std::mutex mu;
            LiveSessionListResult out;
            size_t left = 0;
        };
        auto gathered = std::make_shared<Gathered>();
        gathered->out.result = OMNI_RESULT_OK;
        for (auto& e : listed.entries) {
            std::string name = e.relative_path;
            if (!name.empty() && name.back() == '/') name.pop_back();
            if (name.size() <= 5 || name.compare(name.size() - 5, 5, ".live") != 0) continue;
            LiveSessionInfo info;
            info.name = name.substr(0, name.size() - 5);
            info.url = folder + name;
            info.modified_ns = e.modified_time;
            gathered->out.sessions.push_back(std::move(info));
        }
        gathered->left = gathered->out.sessions.size();
        if (gathered->left == 0) return complete(std::move(gathered->out));
        for (size_t i = 0; i < gathered->out.sessions.size(); ++i) {
            read_file(gathered->out.sessions[i].url + "/__session__.toml", Delivery::Direct, [gathered, complete, i](ReadResult&& r) {
                std::lock_guard lock(gathered->mu);
                if (r.result == OMNI_RESULT_OK) gathered->out.sessions[i].owner = owner_of(r.content);
                if (--gathered->left == 0) complete(std::move(gathered->out));
            });
        }
    });
    return request;
}

RequestPtr live_join_session(std::string_view session_url, std::string app, Done<LiveSessionEventResult> first,
                             Events<LiveSessionEventResult> events) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    Sink sink(rt.get(), request, Delivery::CallbackThread);
    auto stream = sink.stream(std::move(first), std::move(events));
    std::string url(session_url);
    while (!url.empty() && url.back() == '/') url.pop_back();
    auto member = std::make_shared<Member>(url, std::move(app), stream.first, stream.events);
    request->set_stop_handler([member, end = stream.end] {
        member->leave();
        end();
    });
    {
        std::lock_guard lock(members().mutex);
        std::erase_if(members().joined, [](const auto& entry) { return entry.second.expired(); });
        members().joined[request->id()] = member;
    }
    get_server_info(url, Delivery::Direct, [member](ServerInfoResult&& info) {
        if (info.result != OMNI_RESULT_OK) return member->failed(info.result);
        member->start(info.info);
    });
    return request;
}

RequestPtr live_send_message(RequestId join, Content content, Delivery delivery, Done<ResultOnly> done) {
    std::shared_ptr<Member> member;
    {
        std::lock_guard lock(members().mutex);
        auto it = members().joined.find(join);
        if (it != members().joined.end()) member = it->second.lock();
    }
    RequestId channel = 0;
    Content ovum;
    Result r = member ? member->message(content, channel, ovum) : OMNI_RESULT_ERROR_NOT_FOUND;
    if (r != OMNI_RESULT_OK) return answer_op<ResultOnly>(OpKind::SendMessage, delivery, r, std::move(done));
    return send_to_channel(channel, std::move(ovum), delivery, std::move(done));
}

}  // namespace omniclient::ops
