#include "core/task_thread.h"

#include "core/log.h"

#include <algorithm>

#include <pthread.h>

namespace omniclient {
namespace {

void set_thread_name(const std::string& name) {
    // Linux limits thread names to 15 characters.
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace

// A task that throws is logged and dropped: the thread serves every other task still.
void run_guarded(const Task& task, const std::string& thread_name) {
    try {
        task();
    } catch (const std::exception& e) {
        log(OMNI_LOG_ERROR, "core", "a task on " + thread_name + " failed: " + e.what());
    } catch (...) {
        log(OMNI_LOG_ERROR, "core", "a task on " + thread_name + " failed");
    }
}

TaskThread::TaskThread(std::string name, BatchRunner batch_runner)
    : name_(std::move(name)), batch_runner_(std::move(batch_runner)), thread_([this] { run(); }) {}

TaskThread::~TaskThread() { drain_and_join(); }

void TaskThread::post(Task task) {
    bool wake;
    {
        std::lock_guard lock(mu_);
        tasks_.push_back(std::move(task));
        wake = sleeping_;
    }
    // Signalling a condition variable nobody waits on still costs; at high rates it dominates.
    if (wake) cv_.notify_one();
}

void TaskThread::post_at(Clock::time_point when, Task task) {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        timers_.push(Timer{when, timer_seq_++, std::move(task)});
    }
    cv_.notify_one();
}

void TaskThread::drain_and_join() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable() && !is_current()) thread_.join();
}

void TaskThread::run() {
    set_thread_name(name_);
    std::unique_lock lock(mu_);
    for (;;) {
        if (!tasks_.empty()) {
            // Everything queued so far runs as one batch, in order.
            std::deque<Task> batch;
            batch.swap(tasks_);
            lock.unlock();
            auto run_batch = [this, &batch] {
                for (auto& task : batch) {
                    run_guarded(task, name_);
                    task = nullptr;  // destroy captures inside the batch's context
                }
            };
            if (batch_runner_) batch_runner_(run_batch);
            else run_batch();
            lock.lock();
            continue;
        }
        if (stopping_) {
            // Timers that never fired are dropped; destroy them outside the lock.
            auto pending = std::move(timers_);
            lock.unlock();
            return;
        }
        if (!timers_.empty()) {
            auto when = timers_.top().when;
            if (Clock::now() >= when) {
                Task task = std::move(timers_.top().task);
                timers_.pop();
                lock.unlock();
                run_guarded(task, name_);
                task = nullptr;
                lock.lock();
                continue;
            }
            sleeping_ = true;
            cv_.wait_until(lock, when);
            sleeping_ = false;
        } else {
            sleeping_ = true;
            cv_.wait(lock);
            sleeping_ = false;
        }
    }
}

WorkerPool::WorkerPool(std::string name, size_t threads) : name_(std::move(name)) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { drain_and_join(); }

void WorkerPool::post(Task task) {
    bool wake;
    {
        std::lock_guard lock(mu_);
        // Spinning pays only while tasks come closer together than the spin lasts: for a
        // trickle (one every 100 µs, say) it would keep a core busy for nothing.
        if (tasks_.empty() && (idle_ > 0 || spinning_)) spin_ = Clock::now() - idle_at_ <= kSpin;
        tasks_.push_back(std::move(task));
        queued_.store(tasks_.size(), std::memory_order_relaxed);
        wake = idle_ > 0 && !spinning_;
    }
    if (wake) cv_.notify_one();
}

bool WorkerPool::is_current() const {
    auto me = std::this_thread::get_id();
    return std::any_of(threads_.begin(), threads_.end(), [me](const std::thread& t) { return t.get_id() == me; });
}

void WorkerPool::drain_and_join() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
    }
}

void WorkerPool::run() {
    set_thread_name(name_);
    std::unique_lock lock(mu_);
    for (;;) {
        if (!stopping_ && tasks_.empty()) idle_at_ = Clock::now();
        if (!stopping_ && tasks_.empty() && !spinning_ && spin_) {
            // One worker stays awake a moment: a burst of small requests then never pays the
            // wake-up of a sleeping thread per request.
            spinning_ = true;
            auto until = idle_at_ + kSpin;
            lock.unlock();
            while (queued_.load(std::memory_order_relaxed) == 0 && Clock::now() < until) std::this_thread::yield();
            lock.lock();
            spinning_ = false;
        }
        if (!stopping_ && tasks_.empty()) {
            ++idle_;
            cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            --idle_;
        }
        if (tasks_.empty()) return;
        Task task = std::move(tasks_.front());
        tasks_.pop_front();
        queued_.store(tasks_.size(), std::memory_order_relaxed);
        // Posts seen by the spinning worker woke nobody: pass the rest on, or a long task taken
        // here would hold back the ones queued behind it.
        bool more = !tasks_.empty() && idle_ > 0;
        lock.unlock();
        if (more) cv_.notify_one();
        run_guarded(task, name_);
        task = nullptr;
        lock.lock();
    }
}

}  // namespace omniclient
