// How every operation runs: route the URL to a provider, refuse what it does not declare, apply
// the layers, retry transient failures, and deliver the answer exactly once.
#pragma once

#include "core/log.h"
#include "core/runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace omniclient {

enum class Delivery {
    Direct,          // on the thread that completes the request (blocking calls wait on it)
    CallbackThread,  // on the callback thread, in completion order
};

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
            if (s.max_ms > 0 && elapsed + delay <= s.max_ms && schedule_retry(delay)) return;
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

// Starts an operation. `deliver` gets the single answer (an error answer if stopped first).
template <class R>
RequestPtr run_op(const OpSpec& spec, Invoke<R> invoke, Done<R> deliver) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    std::vector<Target> targets;
    targets.reserve(spec.urls.size());
    for (auto u : spec.urls) targets.push_back(Runtime::make_target(u));
    const std::string label = targets.empty() ? std::string() : targets.front().url;
    const int64_t start_us = steady_now_us();
    for (auto& layer : rt->layers()) layer->on_start(spec.kind, label);

    // Completion runs at most once, whoever gets there first: the provider or stop().
    auto deliver_ptr = std::make_shared<Done<R>>(std::move(deliver));
    Runtime* raw_rt = rt.get();
    Done<R> complete = [raw_rt, request, deliver_ptr, kind = spec.kind, label, start_us, delivery = spec.delivery](R&& answer) {
        if (!request->try_complete()) return;
        for (auto& layer : raw_rt->layers()) layer->on_finish(kind, label, answer.result, start_us);
        if (delivery == Delivery::Direct) {
            (*deliver_ptr)(std::move(answer));
            raw_rt->forget(request->id());
            request->finish();
            return;
        }
        auto boxed = std::make_shared<R>(std::move(answer));
        raw_rt->callbacks().post([raw_rt, request, deliver_ptr, boxed] {
            (*deliver_ptr)(std::move(*boxed));
            raw_rt->forget(request->id());
            request->finish();
        });
    };
    request->set_stop_handler([complete] { complete(error_answer<R>(OMNI_RESULT_ERROR)); });
    if (spec.delivery == Delivery::Direct) detail::warn_if_hung(*rt, request, spec.kind);

    for (auto u : spec.urls) {
        const char* problem = invalid_url_reason(u);
        if (!problem) continue;
        log(OMNI_LOG_WARNING, "core", std::string(op_name(spec.kind)) + ": rejecting " + problem + " URL as invalid");
        complete(error_answer<R>(OMNI_RESULT_ERROR_BAD_REQUEST));
        return request;
    }
    Provider* provider = targets.empty() ? nullptr : rt->route(targets.front());
    for (size_t i = 1; provider && i < targets.size(); ++i) {
        if (rt->route(targets[i]) != provider) provider = nullptr;  // cross-provider transfers are not supported yet
    }
    if (!provider || !provider->capabilities().test(static_cast<size_t>(spec.kind))) {
        if (log_enabled(OMNI_LOG_VERBOSE))
            log(OMNI_LOG_VERBOSE, "core", std::string(op_name(spec.kind)) + " " + label + ": " +
                (provider ? std::string(provider->name()) + " provider does not support it" : "no provider serves this URL"));
        complete(error_answer<R>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
        return request;
    }

    auto attempt = std::make_shared<detail::Attempt<R>>();
    attempt->rt = rt;
    attempt->provider = provider;
    attempt->request = request;
    attempt->targets = std::move(targets);
    attempt->invoke = std::move(invoke);
    attempt->complete = std::move(complete);
    attempt->retryable = spec.idempotent && !provider->is_local();
    attempt->started_ms = start_us / 1000;
    if (provider->is_local() && spec.delivery == Delivery::CallbackThread) {
        rt->pool().post([attempt] {
            if (!attempt->request->stopped()) attempt->run();
        });
    } else {
        attempt->run();
    }
    return request;
}

// Starts a subscription: `first` gets the initial answer, `events` every change after it, both on
// the callback thread, until the request is stopped. A failed initial answer ends it.
template <class R, class E>
RequestPtr run_subscription(OpKind kind, std::string_view url, std::function<void(Provider&, OpContext, const Target&, Done<R>, Events<E>)> invoke,
                            Done<R> first, Events<E> events) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    Target target = Runtime::make_target(url);
    Runtime* raw_rt = rt.get();
    auto end = [raw_rt, request] {
        if (!request->try_complete()) return;
        raw_rt->callbacks().post([raw_rt, request] {
            raw_rt->forget(request->id());
            request->finish();
        });
    };
    request->set_stop_handler(end);

    auto first_ptr = std::make_shared<Done<R>>(std::move(first));
    auto events_ptr = std::make_shared<Events<E>>(std::move(events));
    Done<R> on_first = [raw_rt, request, first_ptr, end](R&& answer) {
        if (request->stopped()) return;
        bool failed = answer.result != OMNI_RESULT_OK && answer.result != OMNI_RESULT_OK_NOT_YET_FOUND;
        auto boxed = std::make_shared<R>(std::move(answer));
        raw_rt->callbacks().post([request, first_ptr, boxed] {
            if (!request->stopped()) (*first_ptr)(std::move(*boxed));
        });
        if (failed) end();
    };
    Events<E> on_event = [raw_rt, request, events_ptr](E&& event) {
        if (request->stopped()) return;
        auto boxed = std::make_shared<E>(std::move(event));
        raw_rt->callbacks().post([request, events_ptr, boxed] {
            if (!request->stopped()) (*events_ptr)(std::move(*boxed));
        });
    };

    if (const char* problem = invalid_url_reason(url)) {
        log(OMNI_LOG_WARNING, "core", std::string(op_name(kind)) + ": rejecting " + problem + " URL as invalid");
        on_first(error_answer<R>(OMNI_RESULT_ERROR_BAD_REQUEST));
        return request;
    }
    Provider* provider = rt->route(target);
    if (!provider || !provider->capabilities().test(static_cast<size_t>(kind))) {
        on_first(error_answer<R>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
        return request;
    }
    auto start = [provider, request, target = std::move(target), invoke = std::move(invoke), on_first, on_event] {
        if (!request->stopped()) invoke(*provider, OpContext(request), target, on_first, on_event);
    };
    if (provider->is_local()) rt->pool().post(std::move(start));
    else start();
    return request;
}

}  // namespace omniclient
