#include "providers/nucleus/channel.h"

#include "core/log.h"
#include "core/reply.h"
#include "providers/nucleus/paths.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstring>
#include <random>
#include <set>
#include <utility>

namespace omniclient::nucleus {

using nlohmann::json;
using net::connlib::Answer;

namespace {

// Header ids are two random u64, as the original's; only pongs are matched by them.
json random_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return json::array({rng(), rng()});
}

// A tail: the compact header (keys sorted, as the original writes it), then 0x00 and the payload
// when there is one (a header-only message has no 0x00).
std::string tail_of(const json& header, const Content* payload = nullptr) {
    std::string tail = header.dump();
    if (payload) {
        tail.reserve(tail.size() + 1 + payload->size());
        tail.push_back('\0');
        tail.append(reinterpret_cast<const char*>(payload->data()), payload->size());
    }
    return tail;
}

ChannelEventResult event_of(Result result, OmniChannelEvent event, std::string from = {}, Content content = {}) {
    ChannelEventResult e;
    e.result = result;
    e.event = event;
    e.from = std::move(from);
    e.content = std::move(content);
    return e;
}

// How a read answer that is not OK ends the channel. The original reports every end as ERROR;
// a channel deleted or out of reach is DELETED here, as its documentation promises.
ChannelEventResult end_of(std::string_view status) {
    if (status == "NOT_EXIST") return event_of(OMNI_RESULT_ERROR_NOT_FOUND, OMNI_CHANNEL_DELETED);
    if (status == "ACCESS_LOST") return event_of(OMNI_RESULT_ERROR_ACCESS_LOST, OMNI_CHANNEL_DELETED);
    return event_of(result_of_status(status), OMNI_CHANNEL_ERROR);
}

const std::set<std::string, std::less<>> kKnownTypes = {"regular", "join", "ping", "pong", "disconnect", "removed"};

}  // namespace

// One join: its read of the channel and what it knows of the members' pings. Protocol state
// lives on the loop thread; `joined_` / `ended_` are also read by senders.
class Channel : public std::enable_shared_from_this<Channel> {
public:
    Channel(ServerLink& link, OpContext ctx, Target t, Done<ChannelEventResult> first, Events<ChannelEventResult> events)
        : link_(link), ctx_(std::move(ctx)), target_(std::move(t)), path_(without_slash(path_of(target_))),
          first_(std::move(first)), events_(std::move(events)) {}

    void start() {
        auto self = shared_from_this();
        ctx_.on_stop([self] { self->link_.post([self] { self->leave(); }); });
        link_.when_connected(
            ctx_, target_, [self](Session& s) { self->open(s); },
            [self](Result r) { self->report(event_of(r, OMNI_CHANNEL_ERROR)); });
    }

    // Caller's thread: a message from this member, once joined.
    Result may_send() const {
        if (ended_.load(std::memory_order_acquire)) return OMNI_RESULT_ERROR_NOT_FOUND;
        if (!joined_.load(std::memory_order_acquire)) return OMNI_RESULT_ERROR_BAD_REQUEST;  // as the original
        return OMNI_RESULT_OK;
    }
    std::string message_tail(const Content& payload) const { return tail_of(header("regular"), &payload); }
    const std::string& path() const { return path_; }

private:
    json header(const char* type) const { return {{"from", me_}, {"id", random_id()}, {"type", type}}; }

    void open(Session& s) {
        if (ctx_.stopped()) return;
        me_ = s.info().connection_id;
        session_ = s.weak_from_this();
        // Whatever `create` answers (it may exist, or be refused) the read decides, as the original.
        Session::Call create;
        create.command = "create";
        create.params = {{"type", 3}, {"uri", path_}};
        create.tail = Content();
        create.on_answer = [](Answer&&) { return true; };
        create.on_fail = [](Result, bool) {};
        s.call(std::move(create));

        auto self = shared_from_this();
        Session::Call read;
        read.command = "read";
        read.params = {{"uri", path_}};
        read.subscription = true;
        read.resubscribe = false;  // a new socket is a new connection id: this join is over
        read.on_answer = [self](Answer&& a) { return self->on_read(std::move(a)); };
        read.on_fail = [self](Result r, bool) {
            self->read_ = 0;
            self->end(event_of(r, OMNI_CHANNEL_ERROR));
        };
        read_ = s.call(std::move(read));
    }

    // Loop thread: one answer of the read; true once the read is over.
    bool on_read(Answer&& a) {
        std::string status = status_of(a);
        if (status == "LATEST") return false;  // ignored, as the original
        if (status != "OK") {
            read_ = 0;
            end(end_of(status));
            return true;
        }
        if (!a.has_tail) {  // a bare OK: an empty message of nobody (it completes a join)
            joined();
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_MESSAGE));
            return false;
        }
        const char* tail = a.tail_data();
        size_t size = a.tail_size();
        const void* nul = std::memchr(tail, '\0', size);
        size_t head_size = nul ? static_cast<size_t>(static_cast<const char*>(nul) - tail) : size;
        json h = json::parse(tail, tail + head_size, nullptr, false);
        if (!h.is_object()) {
            joined();
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_MESSAGE));
            return false;
        }
        std::string type = h.value("type", std::string());
        auto from = h.find("from");
        if (from == h.end() || !from->is_string()) {
            log(OMNI_LOG_WARNING, "nucleus", "channel " + path_ + ": a message with no sender, dropped");
            return false;
        }
        std::string sender = from->get<std::string>();
        if (!joined_.load(std::memory_order_relaxed) && kKnownTypes.count(type)) joined();
        auto to = h.find("to");
        if (sender == me_ || (to != h.end() && (!to->is_string() || to->get<std::string>() != me_))) return false;
        json id = h.value("id", json());
        Content payload = nul ? Content(a.message, reinterpret_cast<const uint8_t*>(tail) + head_size + 1, size - head_size - 1) : Content();
        on_message(type, std::move(sender), std::move(id), std::move(payload));
        return ended_.load(std::memory_order_relaxed);
    }

    void on_message(const std::string& type, std::string sender, json id, Content payload) {
        if (type == "join") {
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_JOIN, std::move(sender)));
            json ping = header("ping");
            pings_.insert(ping["id"].dump());
            send_tail(tail_of(ping));
        } else if (type == "ping") {
            send_tail(tail_of({{"from", me_}, {"id", id}, {"to", sender}, {"type", "pong"}}));
        } else if (type == "pong") {
            // The first answer to a ping of ours is expected; any other pong says hello.
            if (!pings_.erase(id.dump())) report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_HELLO, std::move(sender)));
        } else if (type == "regular") {
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_MESSAGE, std::move(sender), std::move(payload)));
        } else if (type == "disconnect") {
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_LEFT, std::move(sender)));
        } else if (type == "removed") {
            end(event_of(OMNI_RESULT_ERROR_ACCESS_LOST, OMNI_CHANNEL_DELETED));
        } else {
            report(event_of(OMNI_RESULT_OK, OMNI_CHANNEL_MESSAGE, std::move(sender)));
        }
    }

    void joined() { joined_.store(true, std::memory_order_release); }

    // The first event answers the join; later ones are events. Nothing after the end.
    void report(ChannelEventResult&& e) {
        if (ctx_.stopped()) return;
        if (!first_.deliver(std::move(e))) events_(std::move(e));
    }

    // The channel is over (the server ended the read, or the connection went): told once, and
    // the others are told this member left, as the original does.
    void end(ChannelEventResult&& why) {
        if (ended_.exchange(true)) return;
        report(std::move(why));
        stop_reading();
        if (joined_.load(std::memory_order_relaxed)) send_tail(tail_of(header("disconnect")));
    }

    // Loop thread, on stop: the read ends, then the others hear this member left.
    void leave() {
        if (ended_.exchange(true)) return;
        stop_reading();
        if (joined_.load(std::memory_order_relaxed)) send_tail(tail_of(header("disconnect")));
    }

    void stop_reading() {
        auto s = session_.lock();
        if (s && read_) s->cancel(read_);
        read_ = 0;
    }

    // Loop thread: a tail of our own (ping, pong, disconnect); its answer does not matter.
    void send_tail(std::string tail) {
        auto s = session_.lock();
        if (!s) return;
        Session::Call update;
        update.command = "update";
        update.params = {{"uri", path_}};
        update.tail = Content::from_string(std::move(tail));
        update.on_answer = [](Answer&&) { return true; };
        update.on_fail = [](Result, bool) {};
        s->call(std::move(update));
    }

    ServerLink& link_;
    const OpContext ctx_;
    const Target target_;
    const std::string path_;
    Reply<ChannelEventResult> first_;
    const Events<ChannelEventResult> events_;
    std::string me_;  // our connection id: set on the loop thread before `joined_`
    std::weak_ptr<Session> session_;
    uint64_t read_ = 0;
    std::set<std::string> pings_;  // ids of our pings not answered yet
    std::atomic<bool> joined_{false};
    std::atomic<bool> ended_{false};
};

void Channels::join(OpContext ctx, const Target& t, Done<ChannelEventResult> first, Events<ChannelEventResult> events) {
    auto channel = std::make_shared<Channel>(link_, ctx, t, std::move(first), std::move(events));
    {
        std::lock_guard lock(mu_);
        std::erase_if(joins_, [](const auto& entry) { return entry.second.expired(); });
        joins_[ctx.id()] = channel;
    }
    channel->start();
}

void Channels::send(OpContext ctx, const Target& t, RequestId join, const Content& content, Done<ResultOnly> done) {
    std::shared_ptr<Channel> channel;
    {
        std::lock_guard lock(mu_);
        auto it = joins_.find(join);
        if (it != joins_.end()) channel = it->second.lock();
    }
    Result allowed = channel ? channel->may_send() : OMNI_RESULT_ERROR_NOT_FOUND;
    if (allowed != OMNI_RESULT_OK) return done(ResultOnly{allowed});
    link_.simple<ResultOnly>(ctx, t, "update", {{"uri", channel->path()}}, std::move(done), nullptr, Content::from_string(channel->message_tail(content)));
}

}  // namespace omniclient::nucleus
