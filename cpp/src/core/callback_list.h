// A list of user callbacks with Registration semantics: once remove() returns, the callback is not
// running and will never run again (unless remove() is called from inside that very callback).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace omniclient {

template <class... Args>
class CallbackList {
public:
    using Fn = std::function<void(Args...)>;

    uint64_t add(Fn fn) {
        auto entry = std::make_shared<Entry>();
        entry->fn = std::move(fn);
        std::lock_guard lock(mu_);
        entry->handle = next_handle_++;
        entries_.push_back(entry);
        count_.store(entries_.size(), std::memory_order_release);
        return entry->handle;
    }

    void remove(uint64_t handle) {
        std::shared_ptr<Entry> entry;
        {
            std::lock_guard lock(mu_);
            auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e->handle == handle; });
            if (it == entries_.end()) return;
            entry = *it;
            entries_.erase(it);
            count_.store(entries_.size(), std::memory_order_release);
        }
        Fn dropped;
        if (entry->running_on.load() == std::this_thread::get_id()) {
            entry->alive = false;  // removed from inside its own call: the lock is ours already
            return;
        }
        std::lock_guard call_lock(entry->call_mu);
        entry->alive = false;
        dropped = std::move(entry->fn);
    }

    bool empty() const { return count_.load(std::memory_order_acquire) == 0; }

    // Calls every live callback in registration order. Newest-first order is available for
    // callers that need it (authentication tries the newest registration first).
    void call(Args... args) const { for_each(false, args...); }
    void call_newest_first(Args... args) const { for_each(true, args...); }

    void clear() {
        std::vector<uint64_t> handles;
        {
            std::lock_guard lock(mu_);
            for (auto& e : entries_) handles.push_back(e->handle);
        }
        for (auto h : handles) remove(h);
    }

private:
    struct Entry {
        uint64_t handle = 0;
        Fn fn;
        std::mutex call_mu;
        bool alive = true;
        std::atomic<std::thread::id> running_on{};
    };

    void for_each(bool newest_first, Args&... args) const {
        std::vector<std::shared_ptr<Entry>> snapshot;
        {
            std::lock_guard lock(mu_);
            snapshot = entries_;
        }
        if (newest_first) std::reverse(snapshot.begin(), snapshot.end());
        for (auto& entry : snapshot) {
            std::lock_guard call_lock(entry->call_mu);
            if (!entry->alive || !entry->fn) continue;
            entry->running_on = std::this_thread::get_id();
            entry->fn(args...);
            entry->running_on = std::thread::id();
        }
    }

    mutable std::mutex mu_;
    std::vector<std::shared_ptr<Entry>> entries_;
    std::atomic<size_t> count_{0};
    uint64_t next_handle_ = 1;
};

}  // namespace omniclient
