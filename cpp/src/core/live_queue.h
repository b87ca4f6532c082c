// The live-update queue: answers and events of requests delivered to Delivery::LiveQueue, and the
// versions of live objects read with process_immediately false, wait here until the application
// applies them, in order, on a thread of its choosing (live_process, live_process_up_to).
#pragma once

#include "core/task_thread.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace omniclient {

class LiveQueue {
public:
    // A delivery with no server time (it goes with the next live_process).
    void push(Task task);
    // A version of the live object `url`, stamped with the server's time (µs since the epoch).
    void push_update(std::string url, uint64_t server_time, Task task);
    // Runs every delivery queued before the call, in order, on the calling thread; returns how
    // many ran. Deliveries queued meanwhile wait for the next call.
    size_t process();
    // Runs, in order, the deliveries queued before the call up to the first version of `url`
    // stamped after `server_time` (deliveries of other URLs queued before it run too, keeping the
    // one order); returns how many ran and the server time of the first one left of `url`, if any.
    std::pair<size_t, std::optional<uint64_t>> process_up_to(const std::string& url, uint64_t server_time);
    size_t pending() const;
    // A version of `url` with this server time was received (delivered at once, not queued).
    void note_server_time(const std::string& url, uint64_t server_time);
    // The newest server time of a version of `url` queued or processed (0 if none).
    uint64_t latest_server_time(const std::string& url) const;

    // live_update bookkeeping: live_wait_for_pending_updates waits until every update sent has
    // been answered (and its callback run).
    void update_sent();
    void update_answered();
    void wait_for_pending_updates();

private:
    void note_locked(const std::string& url, uint64_t server_time);
    struct Item {
        Task task;
        std::string url;  // "" for deliveries of other requests
        uint64_t server_time = 0;
    };
    mutable std::mutex mu_;
    std::deque<Item> items_;
    std::deque<std::pair<std::string, uint64_t>> latest_;  // url -> newest server time (few urls)
    size_t updates_in_flight_ = 0;
    std::condition_variable updates_cv_;
};

}  // namespace omniclient
