#include "core/live_queue.h"

#include <algorithm>
#include <vector>

namespace omniclient {

void LiveQueue::push(Task task) {
    std::lock_guard lock(mu_);
    items_.push_back({std::move(task), {}, 0});
}

void LiveQueue::note_locked(const std::string& url, uint64_t server_time) {
    auto known = std::find_if(latest_.begin(), latest_.end(), [&](auto& e) { return e.first == url; });
    if (known == latest_.end()) latest_.emplace_back(url, server_time);
    else known->second = std::max(known->second, server_time);
}

void LiveQueue::note_server_time(const std::string& url, uint64_t server_time) {
    std::lock_guard lock(mu_);
    note_locked(url, server_time);
}

void LiveQueue::push_update(std::string url, uint64_t server_time, Task task) {
    std::lock_guard lock(mu_);
    note_locked(url, server_time);
    items_.push_back({std::move(task), std::move(url), server_time});
}

size_t LiveQueue::process() {
    std::deque<Item> batch;
    {
        std::lock_guard lock(mu_);
        batch.swap(items_);
    }
    for (auto& item : batch) run_guarded(item.task, "live-queue");
    return batch.size();
}

std::pair<size_t, std::optional<uint64_t>> LiveQueue::process_up_to(const std::string& url, uint64_t server_time) {
    std::vector<Task> batch;
    std::optional<uint64_t> next;
    {
        std::lock_guard lock(mu_);
        auto stop = std::find_if(items_.begin(), items_.end(),
                                 [&](const Item& i) { return i.url == url && i.server_time > server_time; });
        for (auto it = items_.begin(); it != stop; ++it) batch.push_back(std::move(it->task));
        items_.erase(items_.begin(), stop);
        auto left = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.url == url; });
        if (left != items_.end()) next = left->server_time;
    }
    for (auto& task : batch) run_guarded(task, "live-queue");
    return {batch.size(), next};
}

size_t LiveQueue::pending() const {
    std::lock_guard lock(mu_);
    return items_.size();
}

uint64_t LiveQueue::latest_server_time(const std::string& url) const {
    std::lock_guard lock(mu_);
    auto known = std::find_if(latest_.begin(), latest_.end(), [&](auto& e) { return e.first == url; });
    return known == latest_.end() ? 0 : known->second;
}

void LiveQueue::update_sent() {
    std::lock_guard lock(mu_);
    ++updates_in_flight_;
}

void LiveQueue::update_answered() {
    std::lock_guard lock(mu_);
    if (updates_in_flight_ > 0 && --updates_in_flight_ == 0) updates_cv_.notify_all();
}

void LiveQueue::wait_for_pending_updates() {
    std::unique_lock lock(mu_);
    updates_cv_.wait(lock, [this] { return updates_in_flight_ == 0; });
}

}  // namespace omniclient
