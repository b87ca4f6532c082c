#include "providers/file/release_queue.h"

#include <fcntl.h>

namespace omniclient::file {

Fd ReleaseQueue::hold(int dirfd, const char* name) {
    return Fd(::openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC));
}

void ReleaseQueue::release(Fd fd) {
    if (!fd) return;
    std::unique_lock lock(mutex_);
    if (pending_.size() >= kMaxPending || stopping_) return;  // fd closes here, on the caller
    pending_.push_back(std::move(fd));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    lock.unlock();
    wake_.notify_one();
}

void ReleaseQueue::stop() {
    std::thread thread;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        thread = std::move(thread_);
    }
    wake_.notify_one();
    if (thread.joinable()) thread.join();  // after it has closed everything pending
    std::lock_guard lock(mutex_);
    stopping_ = false;
}

void ReleaseQueue::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
        if (pending_.empty()) return;
        Fd fd = std::move(pending_.front());
        pending_.pop_front();
        lock.unlock();
        fd.reset();
        lock.lock();
    }
}

}  // namespace omniclient::file
