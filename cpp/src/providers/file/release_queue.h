// Files that a write's rename replaces, closed on a background thread.
//
// When a rename replaces a file, its last reference usually goes with the rename, and on ext4 the
// kernel then waits there for that file's pending writeback (replacing a file starts writeback of
// the new one, so a file rewritten in a loop always has some). Holding the old file open across
// the rename moves that wait to our close, which this queue does later, off the caller's path.
// What is on disk, and when, is unchanged.
#pragma once

#include "providers/file/fs.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace omniclient::file {

class ReleaseQueue {
public:
    ReleaseQueue() = default;
    ~ReleaseQueue() { stop(); }
    ReleaseQueue(const ReleaseQueue&) = delete;
    ReleaseQueue& operator=(const ReleaseQueue&) = delete;

    // A reference to the file `name` in `dirfd` names now (not following a last link); empty if none.
    static Fd hold(int dirfd, const char* name);
    // Closes `fd` on the background thread; at once when kMaxPending closes already wait.
    void release(Fd fd);
    // Closes everything waiting and ends the thread (a later release starts it again).
    void stop();

private:
    static constexpr size_t kMaxPending = 64;  // bounds descriptors held and writeback owed
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Fd> pending_;
    std::thread thread_;
    bool stopping_ = false;
};

}  // namespace omniclient::file
