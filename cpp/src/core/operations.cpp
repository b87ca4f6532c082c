#include "core/operations.h"

#include "core/registries.h"

#include <mutex>
#include <unordered_map>

namespace omniclient::ops {

#define OMNI_OP(Facet, Kind, name, method, Answer, urls, retry, params, args)                                          \
    RequestPtr method(OMNI_URL_PARAMS_##urls OMNI_LIST params Delivery delivery, Done<Answer> done) {                   \
        return run_op<Answer>(                                                                                         \
            {OpKind::Kind, {OMNI_URL_ARGS_##urls}, delivery, retry},                                                   \
            [=](Provider& p, OpContext c, const std::vector<Target>& t, Done<Answer> reply) {                          \
                p.facet<Facet>().method(c, OMNI_TARGET_ARGS_##urls(t) OMNI_LIST args std::move(reply));                \
            },                                                                                                         \
            std::move(done));                                                                                          \
    }
#define OMNI_SUBSCRIPTION_OF(Facet, Kind, name, method, Answer, Event, params, args)                                 \
    RequestPtr method(std::string_view url, OMNI_LIST params Done<Answer> first, Events<Event> events) {              \
        return run_subscription<Answer, Event>(                                                                        \
            OpKind::Kind, url,                                                                                         \
            [=](Provider& p, OpContext c, const Target& t, Done<Answer> f, Events<Event> e) {                          \
                p.facet<Facet>().method(c, t, OMNI_LIST args std::move(f), std::move(e));                              \
            },                                                                                                         \
            std::move(first), std::move(events));                                                                      \
    }
#include "core/ops.def"

namespace {

// The joins made: a join's request id -> its request and the URL of its channel. A join that
// ended (stopped, or its channel over) is gone: such entries are dropped at the next join.
struct Joins {
    std::mutex mutex;
    std::unordered_map<RequestId, std::pair<std::weak_ptr<RequestState>, std::string>> made;
};

Joins& joins() {
    static Joins* j = new Joins;  // never destroyed: sends may come during exit
    return *j;
}

bool open(const std::weak_ptr<RequestState>& join) {
    auto request = join.lock();
    return request && !request->stopped() && !request->completed();
}

}  // namespace

RequestPtr join(std::string_view url, Done<ChannelEventResult> first, Events<ChannelEventResult> events) {
    RequestPtr request = join_channel(url, std::move(first), std::move(events));
    std::lock_guard lock(joins().mutex);
    std::erase_if(joins().made, [](const auto& entry) { return !open(entry.second.first); });
    joins().made.emplace(request->id(), std::make_pair(std::weak_ptr<RequestState>(request), std::string(url)));
    return request;
}

RequestPtr send_to_channel(RequestId join, Content content, Delivery delivery, Done<ResultOnly> done) {
    std::string url;
    {
        std::lock_guard lock(joins().mutex);
        auto it = joins().made.find(join);
        if (it != joins().made.end() && open(it->second.first)) url = it->second.second;
    }
    if (url.empty()) return answer_op<ResultOnly>(OpKind::SendMessage, delivery, OMNI_RESULT_ERROR_NOT_FOUND, std::move(done));
    return send_message(url, join, content, delivery, std::move(done));
}

void sign_out(std::string_view url) {
    Target target = Runtime::make_target(url);
    if (Provider* p = Runtime::get()->route(target)) p->sign_out(target);
}

void reconnect(std::string_view url) {
    Target target = Runtime::make_target(url);
    if (Provider* p = Runtime::get()->route(target)) p->reconnect(target);
}

bool clear_list_cache(std::string_view url) {
    if (invalid_url_reason(url)) return false;
    Target target = Runtime::make_target(url);
    Provider* p = Runtime::get()->route(target);
    return p && p->clear_list_cache(target);
}

void cancel_authentication(uint64_t handle) {
    for (auto& p : Runtime::get()->providers()) p->cancel_authentication(handle);
}

RequestPtr bookmarks_subscribe(std::function<void(const std::vector<std::pair<std::string, std::string>>&)> report) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    Sink sink(rt.get(), request, Delivery::CallbackThread);
    auto deliver = [report = std::move(report)] { report(bookmarks()); };
    uint64_t handle = bookmark_listeners().add(deliver);
    request->set_stop_handler([sink, handle] {
        bookmark_listeners().remove(handle);
        sink.end();
    });
    sink.post(deliver);
    return request;
}

}  // namespace omniclient::ops
