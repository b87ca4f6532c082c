// The live queue on its own: order, live_process_up_to's stop, server times, pending updates.
#include "core/live_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace omniclient;

TEST(LiveQueue, ProcessRunsEverythingQueuedInOrder) {
    LiveQueue q;
    std::vector<std::string> ran;
    q.push_update("a", 10, [&] { ran.push_back("a10"); });
    q.push([&] { ran.push_back("plain"); });
    q.push_update("b", 5, [&] { ran.push_back("b5"); });
    EXPECT_EQ(q.pending(), 3u);
    EXPECT_EQ(q.process(), 3u);
    EXPECT_EQ(ran, (std::vector<std::string>{"a10", "plain", "b5"}));
    EXPECT_EQ(q.process(), 0u);
}

TEST(LiveQueue, ProcessUpToStopsAtTheFirstVersionOfTheUrlAfterTheTime) {
    LiveQueue q;
    std::vector<std::string> ran;
    q.push_update("a", 10, [&] { ran.push_back("a10"); });
    q.push_update("b", 50, [&] { ran.push_back("b50"); });  // another URL: keeps its place in the order
    q.push_update("a", 20, [&] { ran.push_back("a20"); });
    q.push_update("a", 30, [&] { ran.push_back("a30"); });
    auto [count, next] = q.process_up_to("a", 20);
    EXPECT_EQ(count, 3u);
    EXPECT_EQ(ran, (std::vector<std::string>{"a10", "b50", "a20"}));
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(*next, 30u);
    auto [rest, none] = q.process_up_to("a", 30);
    EXPECT_EQ(rest, 1u);
    EXPECT_FALSE(none.has_value());
}

TEST(LiveQueue, LatestServerTimeIsTheNewestReceivedPerUrl) {
    LiveQueue q;
    EXPECT_EQ(q.latest_server_time("a"), 0u);
    q.push_update("a", 30, [] {});
    q.note_server_time("a", 20);  // an older one delivered at once does not go back in time
    q.note_server_time("b", 7);
    EXPECT_EQ(q.latest_server_time("a"), 30u);
    EXPECT_EQ(q.latest_server_time("b"), 7u);
}

TEST(LiveQueue, WaitForPendingUpdatesWaitsForEveryAnswer) {
    LiveQueue q;
    q.wait_for_pending_updates();  // none: returns at once
    q.update_sent();
    q.update_sent();
    std::atomic<bool> returned{false};
    std::thread waiter([&] {
        q.wait_for_pending_updates();
        returned = true;
    });
    q.update_answered();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(returned.load());
    q.update_answered();
    waiter.join();
    EXPECT_TRUE(returned.load());
}
