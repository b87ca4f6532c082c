// Reply<R>: copies share one answer, delivered once; it converts from and to Done<R>.
#include "core/reply.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace omniclient;

TEST(Reply, CopiesDeliverOnlyTheFirstAnswer) {
    std::vector<Result> heard;
    Reply<ResultOnly> reply([&](ResultOnly&& r) { heard.push_back(r.result); });
    Reply<ResultOnly> copy = reply;
    EXPECT_TRUE(copy.deliver(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_FOUND)));
    EXPECT_FALSE(reply.deliver(error_answer<ResultOnly>(OMNI_RESULT_OK)));
    EXPECT_FALSE(copy.deliver(error_answer<ResultOnly>(OMNI_RESULT_ERROR)));
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0], OMNI_RESULT_ERROR_NOT_FOUND);
}

TEST(Reply, ConvertsFromAndToDone) {
    Result heard = OMNI_RESULT_ERROR;
    Done<StringResult> done = [&](StringResult&& r) { heard = r.result; };
    Reply<StringResult> reply(done);
    Done<StringResult> again = reply;  // answers through the reply: once
    again(error_answer<StringResult>(OMNI_RESULT_OK));
    again(error_answer<StringResult>(OMNI_RESULT_ERROR_ACCESS_DENIED));
    EXPECT_EQ(heard, OMNI_RESULT_OK);
}

TEST(Reply, ReleasesWhatTheCallbackHeldOnceAnswered) {
    auto held = std::make_shared<int>(1);
    std::weak_ptr<int> watch = held;
    Reply<ResultOnly> reply([held = std::move(held)](ResultOnly&&) {});
    EXPECT_FALSE(watch.expired());
    reply(error_answer<ResultOnly>(OMNI_RESULT_OK));
    EXPECT_TRUE(watch.expired());
}

TEST(Reply, RacingThreadsDeliverExactlyOnce) {
    for (int round = 0; round < 200; ++round) {
        std::atomic<int> calls{0}, winners{0};
        Reply<ResultOnly> reply([&](ResultOnly&&) { ++calls; });
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([reply, &winners] {
                if (reply.deliver(error_answer<ResultOnly>(OMNI_RESULT_OK))) ++winners;
            });
        for (auto& th : threads) th.join();
        EXPECT_EQ(calls.load(), 1);
        EXPECT_EQ(winners.load(), 1);
    }
}
