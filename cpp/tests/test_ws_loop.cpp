// The WebSocket event loop's timers and posted work.
#include "net/ws_loop.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

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
