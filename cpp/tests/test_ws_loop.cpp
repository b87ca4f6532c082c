// The WebSocket event loop's timers and posted work.
#include "net/ws_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

using namespace omniclient::net;
using namespace std::chrono_literals;

TEST(NetEventLoop, TimerFires) {
    std::promise<void> fired;
    EventLoop loop;  // destroyed first: no timer runs after what it touches is gone
    loop.post([&] { loop.add_timer(5, [&] { fired.set_value(); }); });
    EXPECT_EQ(fired.get_future().wait_for(5s), std::future_status::ready);
}

TEST(NetEventLoop, CancelledTimerDoesNotFire) {
    std::promise<void> later;
    bool cancelled_ran = false;
    EventLoop loop;
    loop.post([&] {
        uint64_t id = loop.add_timer(5, [&] { cancelled_ran = true; });
        loop.cancel_timer(id);
        loop.add_timer(30, [&] { later.set_value(); });
    });
    ASSERT_EQ(later.get_future().wait_for(5s), std::future_status::ready);
    EXPECT_FALSE(cancelled_ran);
}

// A timer that is already due when the loop next waits (its thread was busy or preempted after
// arming it) must still fire: libwebsockets runs due timers before it polls, then sleeps until
// the next one, so nothing else would wake the loop here.
TEST(NetEventLoop, TimerDueBeforeTheLoopWaitsStillFires) {
    std::promise<void> fired;
    EventLoop loop;
    loop.post([&] {
        loop.add_timer(1, [&] {
            loop.add_timer(1, [&] { fired.set_value(); });
            std::this_thread::sleep_for(20ms);  // the new timer is due before the loop waits again
        });
    });
    EXPECT_EQ(fired.get_future().wait_for(5s), std::future_status::ready);
}

// Posted work runs in posting order, a budget at a time: a due timer (and the sockets) get their
// turn while a long run of posted work is still waiting.
TEST(NetEventLoop, PostedWorkRunsInOrderWithTheLoopServedBetween) {
    constexpr int kPosts = 1000;
    std::vector<int> ran;  // loop thread only
    size_t ran_when_timer_fired = 0;
    std::promise<void> done;
    EventLoop loop;
    for (int i = 0; i < kPosts; ++i)
        loop.post([&, i] {
            if (i == 0) loop.add_timer(0, [&] { ran_when_timer_fired = ran.size(); });
            ran.push_back(i);
            if (i == kPosts - 1) done.set_value();
        });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
    std::promise<void> flushed;  // (what the loop wrote is read once it has run this: no race)
    loop.post([&] { flushed.set_value(); });
    ASSERT_EQ(flushed.get_future().wait_for(5s), std::future_status::ready);
    std::vector<int> expected(kPosts);
    for (int i = 0; i < kPosts; ++i) expected[i] = i;
    EXPECT_EQ(ran, expected);
    EXPECT_GT(ran_when_timer_fired, 0u);
    EXPECT_LT(ran_when_timer_fired, static_cast<size_t>(kPosts));
}

// Work posted before the loop is destroyed runs, however much of it there is.
TEST(NetEventLoop, WorkPostedBeforeTheEndRunsAtTheEnd) {
    std::atomic<int> ran{0};
    {
        EventLoop loop;
        for (int i = 0; i < 500; ++i) loop.post([&] { ++ran; });
    }
    EXPECT_EQ(ran.load(), 500);
}
