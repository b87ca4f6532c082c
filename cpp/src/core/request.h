// One in-flight operation: its id, cancellation, and completion state. Providers see it through
// OpContext; the core completes it exactly once (by the provider's answer or by stop()).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace omniclient {

using RequestId = uint64_t;

class RequestState {
public:
    explicit RequestState(RequestId id) : id_(id) {}

    RequestId id() const { return id_; }

    // --- provider side ---
    bool stopped() const { return stopped_.load(std::memory_order_acquire); }
    // Runs `hook` once when the request is stopped (at once if it already is).
    void on_stop(std::function<void()> hook);
    // Marks the coming answer as final: the core does not retry it even if it looks transient.
    void set_no_retry() { no_retry_.store(true, std::memory_order_release); }
    bool no_retry() const { return no_retry_.load(std::memory_order_acquire); }

    // --- core side ---
    // The first caller wins the right to deliver the final answer.
    bool try_complete() { return !completed_.exchange(true, std::memory_order_acq_rel); }
    bool completed() const { return completed_.load(std::memory_order_acquire); }
    // Marks the final answer delivered and wakes waiters.
    void finish();
    // Cancels: runs the stop handler (which delivers an error answer unless the request already
    // completed), then the provider's stop hooks.
    void stop();
    void set_stop_handler(std::function<void()> handler);
    void wait();
    // Waits up to `ms`; returns whether the request finished.
    bool wait_for_ms(int64_t ms);
    bool is_finished() const { return finished_.load(std::memory_order_acquire); }

private:
    const RequestId id_;
    std::atomic<bool> stopped_{false};
    std::atomic<bool> no_retry_{false};
    std::atomic<bool> completed_{false};
    std::atomic<bool> finished_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::function<void()>> stop_hooks_;
    std::function<void()> stop_handler_;
};

using RequestPtr = std::shared_ptr<RequestState>;

}  // namespace omniclient
