// Threads that run posted work: TaskThread runs tasks in posting order (with timers); WorkerPool
// runs independent tasks on a fixed number of threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace omniclient {

using Task = std::function<void()>;
using Clock = std::chrono::steady_clock;
// Runs a batch of tasks (by calling `run`) inside whatever context the batch needs, e.g. with
// Python's GIL taken once for the whole batch instead of once per task.
using BatchRunner = std::function<void(const std::function<void()>& run)>;

// Runs a task, logging (not propagating) what it throws.
void run_guarded(const Task& task, const std::string& thread_name);

class TaskThread {
public:
    explicit TaskThread(std::string name, BatchRunner batch_runner = nullptr);
    ~TaskThread();
    TaskThread(const TaskThread&) = delete;
    TaskThread& operator=(const TaskThread&) = delete;

    void post(Task task);
    void post_at(Clock::time_point when, Task task);
    // Runs every task already posted (timers are dropped), then joins. Idempotent.
    void drain_and_join();
    bool is_current() const { return std::this_thread::get_id() == thread_.get_id(); }
    std::thread::id id() const { return thread_.get_id(); }

private:
    struct Timer {
        Clock::time_point when;
        uint64_t seq;
        mutable Task task;
        bool operator>(const Timer& o) const { return when != o.when ? when > o.when : seq > o.seq; }
    };
    void run();

    std::string name_;
    BatchRunner batch_runner_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Task> tasks_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    uint64_t timer_seq_ = 0;
    bool stopping_ = false;
    bool sleeping_ = false;  // the thread waits on cv_: a post must wake it
    std::thread thread_;
};

class WorkerPool {
public:
    WorkerPool(std::string name, size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void post(Task task);
    void drain_and_join();
    // Whether the calling thread is one of the pool's.
    bool is_current() const;

private:
    void run();

    std::string name_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Task> tasks_;
    bool stopping_ = false;
    size_t idle_ = 0;                   // workers waiting on cv_
    bool spinning_ = false;             // a worker polls queued_ for a moment before waiting
    bool spin_ = true;                  // the last task came soon enough after the pool went idle
    Clock::time_point idle_at_;         // when a worker last found nothing to do
    std::atomic<size_t> queued_{0};     // tasks_.size(), readable without the lock
    static constexpr auto kSpin = std::chrono::microseconds(50);
    std::vector<std::thread> threads_;
};

}  // namespace omniclient
