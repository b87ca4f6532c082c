#include "core/request.h"

#include "core/runtime.h"

#include <chrono>

namespace omniclient {

void RequestState::on_stop(std::function<void()> hook) {
    {
        std::lock_guard lock(mu_);
        if (!stopped()) {
            stop_hooks_.push_back(std::move(hook));
            return;
        }
    }
    hook();
}

void RequestState::set_stop_handler(std::function<void()> handler) {
    std::lock_guard lock(mu_);
    stop_handler_ = std::move(handler);
}

void RequestState::cancel(bool deliver_error) {
    std::vector<std::function<void()>> hooks;
    std::function<void()> handler;
    {
        std::lock_guard lock(mu_);
        if (stopped_.exchange(true, std::memory_order_acq_rel)) return;
        silenced_.store(!deliver_error, std::memory_order_release);
        hooks.swap(stop_hooks_);
        handler = std::move(stop_handler_);
    }
    // Complete first, so waiters wake whatever the provider does; then let it abort its work.
    if (handler) handler();
    for (auto& hook : hooks) hook();
}

void RequestState::finish() {
    std::function<void()> handler;
    std::vector<std::function<void()>> hooks;
    {
        std::lock_guard lock(mu_);
        finished_.store(true, std::memory_order_release);
        handler.swap(stop_handler_);  // breaks the request <-> handler reference cycle
        hooks.swap(stop_hooks_);
    }
    cv_.notify_all();
}

void RequestState::wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return is_finished(); });
}

bool RequestState::wait_for_ms(int64_t ms) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return is_finished(); });
}

void Sink::post(Task task) const {
    switch (delivery_) {
        case Delivery::Direct: return task();
        case Delivery::CallbackThread: return runtime_->callbacks().post(std::move(task));
        case Delivery::LiveQueue: return runtime_->live_queue().push(std::move(task));
    }
}

void Sink::end() const {
    if (request_->try_complete()) post([sink = *this] { sink.retire(); });
}

void Sink::retire() const {
    runtime_->forget(request_->id());
    request_->finish();
}

}  // namespace omniclient
