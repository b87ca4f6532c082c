// One in-flight operation: its id, cancellation, and completion state. Providers see it through
// OpContext; the core completes it exactly once (by the provider's answer or by stop()), and a
// Sink takes its answers and events to where the caller asked for them.
#pragma once

#include "core/pages.h"
#include "core/task_thread.h"

#include "core/types.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

namespace omniclient {

using RequestId = uint64_t;

class RequestState {
public:
    explicit RequestState(RequestId id) : id_(id), buffers_(BufferSourceScope::current()) {}

    RequestId id() const { return id_; }

    // --- provider side ---
    bool stopped() const { return stopped_.load(std::memory_order_acquire); }
    // Runs `hook` once when the request is stopped (at once if it already is).
    void on_stop(std::function<void()> hook);
    // Marks the coming answer as final: the core does not retry it even if it looks transient.
    void set_no_retry() { no_retry_.store(true, std::memory_order_release); }
    bool no_retry() const { return no_retry_.load(std::memory_order_acquire); }
    // A buffer of `size` bytes for the answer's content, from where the request's caller wants it.
    std::shared_ptr<uint8_t> buffer(size_t size) const { return buffers_ ? buffers_(size) : map_pages(size); }

    // --- core side ---
    // The first caller wins the right to deliver the final answer.
    bool try_complete() { return !completed_.exchange(true, std::memory_order_acq_rel); }
    bool completed() const { return completed_.load(std::memory_order_acquire); }
    // Marks the final answer delivered and wakes waiters.
    void finish();
    // Cancels for the caller: the request completes without delivering an answer (as the original:
    // no callback after stop), waiters wake, then the provider's stop hooks run.
    void stop() { cancel(false); }
    // Cancels for shutdown: the request completes with an ERROR answer delivered, so that nothing
    // waiting on an answer (a coroutine, a C callback) is left hanging.
    void stop_with_error() { cancel(true); }
    // Whether the answer is to be dropped: stopped by the caller.
    bool silenced() const { return silenced_.load(std::memory_order_acquire); }
    void set_stop_handler(std::function<void()> handler);
    void wait();
    // Waits up to `ms`; returns whether the request finished.
    bool wait_for_ms(int64_t ms);
    bool is_finished() const { return finished_.load(std::memory_order_acquire); }

private:
    void cancel(bool deliver_error);

    const RequestId id_;
    const BufferSource buffers_;
    std::atomic<bool> stopped_{false};
    std::atomic<bool> silenced_{false};
    std::atomic<bool> no_retry_{false};
    std::atomic<bool> completed_{false};
    std::atomic<bool> finished_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::function<void()>> stop_hooks_;
    std::function<void()> stop_handler_;
};

using RequestPtr = std::shared_ptr<RequestState>;

// Where a request's answers and events go.
enum class Delivery {
    Direct,          // on the thread that completes the request (blocking calls wait on it)
    CallbackThread,  // on the callback thread, in completion order
    LiveQueue,       // held in the live-update queue until the application processes it
};

class Runtime;
// A provider hands its answer to Done exactly once; Events any number of times.
template <class R> using Done = std::function<void(R&&)>;
template <class E> using Events = std::function<void(E&&)>;

// A subscription's deliveries: the first answer once, then events, until `end`.
template <class R, class E>
struct Stream {
    Done<R> first;
    Events<E> events;
    std::function<void()> end;
};

// Takes one request's answers and events to their delivery target, and retires the request (wakes
// its waiters, drops it from the request table) once its last delivery ran. Every way an
// operation completes (single answers, composed requests, subscriptions) goes through one.
class Sink {
public:
    Sink(Runtime* runtime, RequestPtr request, Delivery delivery)
        : runtime_(runtime), request_(std::move(request)), delivery_(delivery) {}

    const RequestPtr& request() const { return request_; }

    // Runs `task` at the delivery target: now, on the callback thread, or in the live queue.
    void post(Task task) const;

    // The single answer: the first call (the provider's answer or a stop's error) calls
    // `on_complete` with its result where it was given, delivers it (unless the caller stopped the
    // request), then retires the request; later calls do nothing.
    template <class R, class OnComplete = std::nullptr_t>
    Done<R> completion(Done<R> deliver, OnComplete on_complete = nullptr) const;

    // A subscription: `first` and `events` are delivered in order until the request is stopped;
    // a failed first answer, or `end`, retires it.
    template <class R, class E>
    Stream<R, E> stream(Done<R> first, Events<E> events) const;

    // Ends a request that delivers no single answer (a subscription): the first call retires it
    // after the deliveries already posted.
    void end() const;

private:
    void retire() const;

    Runtime* runtime_;
    RequestPtr request_;
    Delivery delivery_;
};

template <class R, class OnComplete>
Done<R> Sink::completion(Done<R> deliver, OnComplete on_complete) const {
    // `on_complete` is held here by value, and so is the answer (there is only one) while it
    // waits for the callback thread: neither takes an allocation of its own.
    struct State {
        Sink sink;
        Done<R> deliver;
        OnComplete on_complete;
        std::optional<R> answer;
    };
    auto state = std::make_shared<State>(State{*this, std::move(deliver), std::move(on_complete), std::nullopt});
    return [state](R&& answer) {
        const Sink& sink = state->sink;
        if (!sink.request_->try_complete()) return;
        if constexpr (!std::is_same_v<OnComplete, std::nullptr_t>) state->on_complete(answer.result);
        if (sink.delivery_ == Delivery::Direct) {
            if (!sink.request_->silenced()) state->deliver(std::move(answer));
            return sink.retire();
        }
        state->answer.emplace(std::move(answer));
        sink.post([state] {
            if (!state->sink.request_->silenced()) state->deliver(std::move(*state->answer));
            state->sink.retire();
        });
    };
}

template <class R, class E>
Stream<R, E> Sink::stream(Done<R> first, Events<E> events) const {
    Sink sink = *this;
    std::function<void()> end = [sink] { sink.end(); };
    auto first_ptr = std::make_shared<Done<R>>(std::move(first));
    auto events_ptr = std::make_shared<Events<E>>(std::move(events));
    Done<R> on_first = [sink, first_ptr, end](R&& answer) {
        if (sink.request_->stopped()) return;
        bool failed = answer.result != OMNI_RESULT_OK && answer.result != OMNI_RESULT_OK_NOT_YET_FOUND;
        auto boxed = std::make_shared<R>(std::move(answer));
        sink.post([request = sink.request_, first_ptr, boxed] {
            if (!request->stopped()) (*first_ptr)(std::move(*boxed));
        });
        if (failed) end();
    };
    Events<E> on_event = [sink, events_ptr](E&& event) {
        if (sink.request_->stopped()) return;
        auto boxed = std::make_shared<E>(std::move(event));
        sink.post([request = sink.request_, events_ptr, boxed] {
            if (!request->stopped()) (*events_ptr)(std::move(*boxed));
        });
    };
    return {std::move(on_first), std::move(on_event), std::move(end)};
}

}  // namespace omniclient
