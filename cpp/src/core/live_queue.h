// The live-update queue: answers and events of requests delivered to Delivery::LiveQueue wait here
// until the application applies them, in order, on a thread of its choosing (live_process).
#pragma once

#include "core/task_thread.h"

#include <deque>
#include <mutex>

namespace omniclient {

class LiveQueue {
public:
    void push(Task task);
    // Runs every delivery queued before the call, in order, on the calling thread; returns how
    // many ran. Deliveries queued meanwhile wait for the next call.
    size_t process();
    size_t pending() const;

private:
    mutable std::mutex mu_;
    std::deque<Task> tasks_;
};

}  // namespace omniclient
