#include "core/resolve.h"

#include "core/registries.h"

#include <algorithm>
#include <utility>
#include <mutex>

namespace omniclient::ops {
namespace {

bool searchable(std::string_view url) {
    if (url.substr(0, 2) == "./") return false;  // anchored to the base, as in the original
    url::Url parts = url::break_url(url);
    return !parts.scheme && !url.empty() && url.front() != '/';
}

// A search URL names a folder, with or without its trailing slash.
std::string as_folder(std::string url) {
    if (!url.empty() && url.back() != '/') url.push_back('/');
    return url;
}

struct Chain {
    std::vector<std::string> candidates;
    size_t next = 0;
    RequestPtr request;
    Done<ResolveResult> complete;
};

// Stats the candidates one after the other; an answer that comes later continues from its thread.
void try_next(const std::shared_ptr<Chain>& chain) {
    if (chain->request->stopped()) return;
    if (chain->next == chain->candidates.size()) return chain->complete(error_answer<ResolveResult>(OMNI_RESULT_ERROR_NOT_FOUND));
    std::string url = chain->candidates[chain->next++];
    stat(url, OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [chain, url](StatResult&& a) {
        if (a.result != OMNI_RESULT_OK) return try_next(chain);
        chain->complete(ResolveResult{OMNI_RESULT_OK, std::move(a.entry), url});
    });
}

// One resolve subscription: a stat subscription per candidate, and the winner reported so far.
struct Watch {
    std::mutex mu;
    std::vector<std::string> candidates;
    std::vector<RequestPtr> subs;
    struct State {
        bool answered = false;
        bool exists = false;
        ListEntry entry;
    };
    std::vector<State> states;
    bool first_sent = false;
    int winner = -1;
    Done<ResolveResult> first;
    Events<ResolveEventResult> events;

    int current() const {
        for (size_t i = 0; i < states.size(); ++i) {
            if (states[i].exists) return static_cast<int>(i);
        }
        return -1;
    }

    // Both run on the callback thread; the user's callbacks are called without the lock held, so
    // that they may stop the subscription.
    void answered(size_t i, StatResult&& a) {
        ResolveResult answer;
        {
            std::lock_guard lock(mu);
            states[i].answered = true;
            states[i].exists = a.result == OMNI_RESULT_OK;
            states[i].entry = std::move(a.entry);
            if (first_sent || !std::all_of(states.begin(), states.end(), [](const State& s) { return s.answered; })) return;
            first_sent = true;
            winner = current();
            if (winner < 0) answer = ResolveResult{OMNI_RESULT_OK_NOT_YET_FOUND, {}, {}};
            else answer = ResolveResult{OMNI_RESULT_OK, states[winner].entry, candidates[winner]};
        }
        first(std::move(answer));
    }

    void changed(size_t i, ListEventResult&& e) {
        ResolveEventResult event;
        {
            std::lock_guard lock(mu);
            if (e.result != OMNI_RESULT_OK) return;
            states[i].exists = e.event != OMNI_LIST_EVENT_DELETED;
            ListEntry gone = e.entry;
            states[i].entry = std::move(e.entry);
            if (!first_sent) return;
            int now = current();
            int before = std::exchange(winner, now);
            if (now < 0 && before < 0) return;
            if (now < 0) {
                event = ResolveEventResult{OMNI_RESULT_OK, OMNI_LIST_EVENT_DELETED, std::move(gone), candidates[before]};
            } else {
                // A change of a candidate that does not win is not a change of the resolution.
                if (now == before && static_cast<int>(i) != now) return;
                OmniListEvent kind = before < 0 ? OMNI_LIST_EVENT_CREATED : OMNI_LIST_EVENT_UPDATED;
                event = ResolveEventResult{OMNI_RESULT_OK, kind, states[now].entry, candidates[now]};
            }
        }
        events(std::move(event));
    }
};

}  // namespace

std::vector<std::string> resolve_candidates(std::string_view url, const std::vector<std::string>& search_urls) {
    std::vector<std::string> out{url::combine_with_base_url(url)};
    if (searchable(url)) {
        std::vector<std::string> bases = search_urls;
        for (auto& s : default_search_paths()) bases.push_back(s);
        for (auto& base : bases) {
            std::string candidate = url::combine_urls(as_folder(base), url);
            if (std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(std::move(candidate));
        }
    }
    return out;
}

RequestPtr resolve(std::string_view url, const std::vector<std::string>& search_urls, Delivery delivery, Done<ResolveResult> done) {
    auto rt = Runtime::get();
    auto chain = std::make_shared<Chain>();
    chain->candidates = resolve_candidates(url, search_urls);
    chain->request = rt->new_request();
    chain->complete = Sink(rt.get(), chain->request, delivery).completion(std::move(done));
    chain->request->set_stop_handler([complete = chain->complete] { complete(error_answer<ResolveResult>(OMNI_RESULT_ERROR)); });
    RequestPtr request = chain->request;
    // Blocking calls try the candidates on the caller's thread; others on the worker pool.
    if (delivery == Delivery::Direct) try_next(chain);
    else rt->pool().post([chain] { try_next(chain); });
    return request;
}

RequestPtr resolve_subscribe(std::string_view url, const std::vector<std::string>& search_urls, Done<ResolveResult> first,
                             Events<ResolveEventResult> events) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    auto watch = std::make_shared<Watch>();
    watch->candidates = resolve_candidates(url, search_urls);
    watch->states.resize(watch->candidates.size());
    watch->first = [request, first = std::move(first)](ResolveResult&& a) {
        if (!request->stopped()) first(std::move(a));
    };
    watch->events = [request, events = std::move(events)](ResolveEventResult&& e) {
        if (!request->stopped()) events(std::move(e));
    };
    request->set_stop_handler([sink = Sink(rt.get(), request, Delivery::CallbackThread), watch] {
        std::vector<RequestPtr> subs;
        {
            std::lock_guard lock(watch->mu);
            subs.swap(watch->subs);
        }
        for (auto& s : subs) s->stop();
        sink.end();
    });
    // The candidates' answers arrive on the callback thread, so first and events run there too.
    for (size_t i = 0; i < watch->candidates.size(); ++i) {
        RequestPtr sub = stat_subscribe(
            watch->candidates[i], OMNI_LIST_NO_DELETED_FILES, [watch, i](StatResult&& a) { watch->answered(i, std::move(a)); },
            [watch, i](ListEventResult&& e) { watch->changed(i, std::move(e)); });
        std::lock_guard lock(watch->mu);
        watch->subs.push_back(std::move(sub));
    }
    if (request->stopped()) {
        std::vector<RequestPtr> subs;
        {
            std::lock_guard lock(watch->mu);
            subs.swap(watch->subs);
        }
        for (auto& s : subs) s->stop();
    }
    return request;
}

}  // namespace omniclient::ops
