#include "core/live_queue.h"

namespace omniclient {

void LiveQueue::push(Task task) {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
}

size_t LiveQueue::process() {
    std::deque<Task> batch;
    {
        std::lock_guard lock(mu_);
        batch.swap(tasks_);
    }
    for (auto& task : batch) run_guarded(task, "live-queue");
    return batch.size();
}

size_t LiveQueue::pending() const {
    std::lock_guard lock(mu_);
    return tasks_.size();
}

}  // namespace omniclient
