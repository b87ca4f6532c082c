// How every operation runs: route the URL to a provider, refuse what it does not declare, apply
// the layers, retry transient failures, and deliver the answer exactly once.
#pragma once

#include "core/log.h"
#include "core/request_log.h"
#include "core/runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace omniclient {

struct OpSpec {
    OpKind kind;
    std::vector<std::string_view> urls;  // the first one picks the provider
    Delivery delivery = Delivery::CallbackThread;
    bool idempotent = true;              // may be retried after a transient failure
};

template <class R>
using Invoke = std::function<void(Provider&, OpContext, const std::vector<Target>&, Done<R>)>;

// Why an operation must refuse a URL, or null. An empty URL is refused as by the original; one
// holding a NUL byte is refused too, where the original would act on the part before the NUL
// (deleting "a" for "a\0b").
inline const char* invalid_url_reason(std::string_view url) {
    if (url.empty()) return "empty";
    if (url.find('\0') != std::string_view::npos) return "NUL-containing";
    return nullptr;
}

namespace detail {

inline bool is_transient(Result r) { return r == OMNI_RESULT_ERROR_CONNECTION; }

inline void warn_if_hung(Runtime& rt, const RequestPtr& request, OpKind kind) {
    int64_t ms = hang_detection_ms();
    if (ms <= 0) return;
    rt.timers().post_at(Clock::now() + std::chrono::milliseconds(ms), [weak = std::weak_ptr<RequestState>(request), kind, ms] {
        auto r = weak.lock();
        if (r && !r->is_finished())
            log(OMNI_LOG_WARNING, "core", std::string("blocking ") + op_name(kind) + " has not finished after " + std::to_string(ms) + " ms");
    });
}

template <class R>
struct Attempt : std::enable_shared_from_this<Attempt<R>> {
    // Weak: a provider's thread may release the last Attempt, and must never end the runtime
    // (whose destructor joins that very thread).
    std::weak_ptr<Runtime> rt;
    OpKind kind;
    Provider* provider;
    RequestPtr request;
    std::vector<Target> targets;
    Invoke<R> invoke;
    Done<R> complete;
    bool retryable;
    int64_t started_ms;
    int retries = 0;

    void run() {
        auto self = this->shared_from_this();
        invoke(*provider, OpContext(request), targets, [self](R&& answer) { self->answered(std::move(answer)); });
    }

    void answered(R&& answer) {
        if (retryable && is_transient(answer.result) && !request->stopped() && !request->no_retry()) {
            RetrySettings s = retry_settings();
            int64_t elapsed = steady_now_us() / 1000 - started_ms;
            int64_t delay = retry_delay_ms(s, retries + 1);
            if (s.max_ms > 0 && elapsed + delay <= s.max_ms && schedule_retry(delay)) {
                log_retry(kind, targets.front().url, retries, delay, s.max_ms);
                return;
            }
        }
        complete(std::move(answer));
    }

    // The runtime is locked only for the moment of posting: whoever holds it last runs its
    // destructor, and that must not be a thread the destructor joins.
    bool schedule_retry(int64_t delay) {
        auto self = this->shared_from_this();
        auto runtime = rt.lock();
        if (!runtime) return false;
        ++retries;
        runtime->timers().post_at(Clock::now() + std::chrono::milliseconds(delay), [self] {
            if (self->request->stopped()) return;
            if (!self->provider->is_local()) return self->run();
            if (auto live = self->rt.lock()) live->pool().post([self] { self->run(); });
        });
        return true;
    }
};

}  // namespace detail

// The one validate-and-route step of every operation: refuses URLs no operation may take
// (ERROR_BAD_REQUEST) and operations no provider serves for them (ERROR_NOT_SUPPORTED); otherwise
// names the provider serving every target (for targets in two stores, the core's Transfers).
inline Result route_op(Runtime& rt, OpKind kind, const std::vector<std::string_view>& urls, const std::vector<Target>& targets,
                       Provider*& provider) {
    provider = nullptr;
    for (auto u : urls) {
        const char* problem = invalid_url_reason(u);
        if (!problem) continue;
        log(OMNI_LOG_WARNING, "core", std::string(op_name(kind)) + ": rejecting " + problem + " URL as invalid");
        return OMNI_RESULT_ERROR_BAD_REQUEST;
    }
    Provider* found = targets.empty() ? nullptr : rt.route(targets.front());
    for (size_t i = 1; found && i < targets.size(); ++i) {
        Provider* other = rt.route(targets[i]);
        // Ends in two stores: the core copies through their streams.
        if (!other) found = nullptr;
        else if (other != found || !found->shares_store(targets.front(), targets[i])) found = &rt.transfers();
    }
    if (!found || !found->capabilities().test(static_cast<size_t>(kind))) {
        if (log_enabled(OMNI_LOG_VERBOSE))
            log(OMNI_LOG_VERBOSE, "core", std::string(op_name(kind)) + " " + (targets.empty() ? std::string() : url_for_log(targets.front().url)) + ": " +
                (found ? std::string(found->name()) + " provider does not support it" : "no provider serves this URL"));
        return OMNI_RESULT_ERROR_NOT_SUPPORTED;
    }
    provider = found;
    return OMNI_RESULT_OK;
}

// Tells the layers an operation started; returns what its end tells them (a lambda: held by
// value where it waits).
inline auto observe(Runtime& rt, OpKind kind, std::string label) {
    const int64_t start_us = steady_now_us();
    for (auto& layer : rt.layers()) layer->on_start(kind, label);
    return [layers = &rt.layers(), kind, label = std::move(label), start_us](Result result) {
        for (auto& layer : *layers) layer->on_finish(kind, label, result, start_us);
    };
}

// Starts an operation. `deliver` gets the single answer (an error answer if stopped first).
template <class R>
RequestPtr run_op(const OpSpec& spec, Invoke<R> invoke, Done<R> deliver) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    std::vector<Target> targets;
    targets.reserve(spec.urls.size());
    for (auto u : spec.urls) targets.push_back(Runtime::make_target(u));
    Sink sink(rt.get(), request, spec.delivery);
    Done<R> complete = sink.completion(std::move(deliver), observe(*rt, spec.kind, targets.empty() ? std::string() : targets.front().url));
    request->set_stop_handler([complete] { complete(error_answer<R>(OMNI_RESULT_ERROR)); });
    if (spec.delivery == Delivery::Direct) detail::warn_if_hung(*rt, request, spec.kind);

    Provider* provider = nullptr;
    if (Result refused = route_op(*rt, spec.kind, spec.urls, targets, provider); refused != OMNI_RESULT_OK) {
        complete(error_answer<R>(refused));
        return request;
    }

    auto attempt = std::make_shared<detail::Attempt<R>>();
    attempt->rt = rt;
    attempt->kind = spec.kind;
    attempt->provider = provider;
    attempt->request = request;
    attempt->targets = std::move(targets);
    attempt->invoke = std::move(invoke);
    attempt->complete = std::move(complete);
    attempt->retryable = spec.idempotent && !provider->is_local();
    attempt->started_ms = steady_now_us() / 1000;
    if (provider->is_local() && spec.delivery != Delivery::Direct) {
        rt->pool().post([attempt] {
            if (!attempt->request->stopped()) attempt->run();
        });
    } else {
        attempt->run();
    }
    return request;
}

// An operation answered at once with `result` (e.g. a message for a join that is not open),
// through the normal request path.
template <class R>
RequestPtr answer_op(OpKind kind, Delivery delivery, Result result, Done<R> deliver) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    Sink sink(rt.get(), request, delivery);
    Done<R> complete = sink.completion(std::move(deliver), observe(*rt, kind, std::string()));
    complete(error_answer<R>(result));
    return request;
}

// Starts a subscription: `first` gets the initial answer, `events` every change after it, both on
// the callback thread, until the request is stopped. A failed initial answer ends it. The layers
// see it start and its first answer.
template <class R, class E>
RequestPtr run_subscription(OpKind kind, std::string_view url, std::function<void(Provider&, OpContext, const Target&, Done<R>, Events<E>)> invoke,
                            Done<R> first, Events<E> events) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    std::vector<Target> targets{Runtime::make_target(url)};
    Stream<R, E> stream = Sink(rt.get(), request, Delivery::CallbackThread).stream(std::move(first), std::move(events));
    request->set_stop_handler(stream.end);
    Done<R> on_first = [deliver = std::move(stream.first), observed = observe(*rt, kind, targets.front().url)](R&& answer) {
        observed(answer.result);
        deliver(std::move(answer));
    };

    Provider* provider = nullptr;
    if (Result refused = route_op(*rt, kind, {url}, targets, provider); refused != OMNI_RESULT_OK) {
        on_first(error_answer<R>(refused));
        return request;
    }
    auto start = [provider, request, target = std::move(targets.front()), invoke = std::move(invoke), on_first, on_event = stream.events] {
        if (!request->stopped()) invoke(*provider, OpContext(request), target, on_first, on_event);
    };
    if (provider->is_local()) rt->pool().post(std::move(start));
    else start();
    return request;
}

}  // namespace omniclient
