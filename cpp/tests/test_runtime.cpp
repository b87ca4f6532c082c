// The request model: delivery, ordering, stop, shutdown, registrations, retries.
#include "core/callback_list.h"
#include "core/log.h"
#include "core/operations.h"
#include "core/task_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace omniclient;

namespace {

// Serves omniverse:// URLs: stat never answers until stopped; list fails transiently
// `failures` times, then answers.
class FakeNetworkProvider final : public ProviderImpl<FakeNetworkProvider> {
public:
    explicit FakeNetworkProvider(int failures) : failures_(failures) {}
    const char* name() const override { return "fake-network"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "omniverse"; }
    void stat(OpContext ctx, const Target&, OmniListIncludeOption, Done<StatResult> done) override {
        ctx.on_stop([done] { done(error_answer<StatResult>(OMNI_RESULT_ERROR_CONNECTION)); });
    }
    void list(OpContext, const Target&, OmniListIncludeOption, Done<ListResult> done) override {
        if (++calls_ <= failures_) return done(error_answer<ListResult>(OMNI_RESULT_ERROR_CONNECTION));
        done(error_answer<ListResult>(OMNI_RESULT_OK));
    }
    std::atomic<int> calls_{0};

private:
    const int failures_;
};

FakeNetworkProvider* install_fake(int failures) {
    auto fake = std::make_unique<FakeNetworkProvider>(failures);
    auto* raw = fake.get();
    Runtime::get()->add_provider(std::move(fake));
    return raw;
}

}  // namespace

TEST(Dispatch, UnknownSchemeIsNotSupportedThroughTheCallback) {
    std::atomic<int> result{-1};
    auto r = ops::stat("nosuchscheme://host/x", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread,
                       [&](StatResult&& a) { result = a.result; });
    r->wait();
    EXPECT_TRUE(r->is_finished());
    EXPECT_EQ(result.load(), OMNI_RESULT_ERROR_NOT_SUPPORTED);
}

TEST(Dispatch, CallbacksRunInCompletionOrderOnOneThread) {
    std::vector<int> order;
    std::set<std::thread::id> threads;
    std::mutex mu;
    std::vector<RequestPtr> requests;
    for (int i = 0; i < 200; ++i) {
        requests.push_back(ops::create_folder("nosuchscheme://h/" + std::to_string(i), Delivery::CallbackThread, [&, i](ResultOnly&&) {
            std::lock_guard lock(mu);
            order.push_back(i);
            threads.insert(std::this_thread::get_id());
        }));
    }
    for (auto& r : requests) r->wait();
    ASSERT_EQ(order.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(order[i], i);
    EXPECT_EQ(threads.size(), 1u);
    EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(Dispatch, DirectDeliveryRunsOnTheCompletingThread) {
    std::thread::id where;
    auto r = ops::read_file("nosuchscheme://h/x", Delivery::Direct, [&](ReadResult&&) { where = std::this_thread::get_id(); });
    EXPECT_TRUE(r->is_finished());
    EXPECT_EQ(where, std::this_thread::get_id());
}

// An answer already on its way to the callback thread is dropped when the caller stops the
// request first: as the original, no callback comes after stop.
TEST(Request, StopDropsAnAnswerNotYetDelivered) {
    auto rt = Runtime::get();
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    rt->callbacks().post([&] {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return release; });
    });
    std::atomic<int> calls{0};
    auto r = ops::read_file("nosuchscheme://h/x", Delivery::CallbackThread, [&](ReadResult&&) { ++calls; });
    r->stop();
    r->stop();
    {
        std::lock_guard lock(mu);
        release = true;
    }
    cv.notify_all();
    r->wait();
    std::promise<void> flushed;
    rt->callbacks().post([&] { flushed.set_value(); });
    flushed.get_future().wait();
    EXPECT_EQ(calls.load(), 0);
    EXPECT_TRUE(r->is_finished());
}

TEST(Request, ShutdownStopsRequestsInFlightAndTheRuntimeRestarts) {
    // An unrouted stat completes at once, so start subscriptions that stay open instead.
    std::atomic<int> firsts{0};
    auto sub = ops::stat_subscribe("nosuchscheme://h/x", OMNI_LIST_NO_DELETED_FILES, [&](StatResult&&) { ++firsts; }, [](ListEventResult&&) {});
    sub->wait();  // a failed first answer ends the subscription
    EXPECT_EQ(firsts.load(), 1);
    Runtime::shutdown();
    std::atomic<int> result{-1};
    auto r = ops::list("nosuchscheme://h/y", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&](ListResult&& a) { result = a.result; });
    r->wait();
    EXPECT_EQ(result.load(), OMNI_RESULT_ERROR_NOT_SUPPORTED);
}

TEST(CallbackList, NoCallAfterRemoveReturns) {
    CallbackList<int> list;
    std::atomic<int> calls{0};
    std::atomic<bool> inside{false};
    uint64_t h = list.add([&](int) {
        inside = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ++calls;
        inside = false;
    });
    std::thread caller([&] { list.call(1); });
    while (!inside) std::this_thread::yield();
    list.remove(h);
    EXPECT_FALSE(inside.load());  // remove waited for the running call
    EXPECT_EQ(calls.load(), 1);
    list.call(2);
    EXPECT_EQ(calls.load(), 1);
    caller.join();
    EXPECT_TRUE(list.empty());
}

TEST(CallbackList, RemovingItselfFromInsideDoesNotDeadlock) {
    CallbackList<> list;
    uint64_t h = 0;
    int calls = 0;
    h = list.add([&] { ++calls; list.remove(h); });
    list.call();
    list.call();
    EXPECT_EQ(calls, 1);
}

TEST(Retry, DelayFollowsTheDocumentedFormula) {
    RetrySettings s{120000, 100, 0};
    EXPECT_EQ(retry_delay_ms(s, 1), 100);
    EXPECT_EQ(retry_delay_ms(s, 3), 900);
    RetrySettings j{120000, 100, 100};
    for (int i = 0; i < 100; ++i) {
        int64_t d = retry_delay_ms(j, 2);
        EXPECT_GE(d, 400);
        EXPECT_LE(d, 600);
    }
    RetrySettings old = set_retry_settings(RetrySettings{1, 2, 3});
    EXPECT_EQ(old.max_ms, 120000);
    EXPECT_EQ(set_retry_settings(old).jitter_ms, 3);
}

TEST(Request, StopEndsARequestTheProviderNeverAnswers) {
    Runtime::shutdown();
    install_fake(0);
    std::atomic<int> result{-1};
    auto r = ops::stat("omniverse://h/x", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&](StatResult&& a) { result = a.result; });
    EXPECT_FALSE(r->wait_for_ms(50));
    r->stop();
    r->wait();
    // As the original: no callback after stop.
    Runtime::get()->callbacks().post([] {});
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(result.load(), -1);
    Runtime::shutdown();
}

TEST(Request, ShutdownAnswersEveryRequestInFlight) {
    Runtime::shutdown();
    install_fake(0);
    std::atomic<int> answered{0};
    std::vector<RequestPtr> requests;
    for (int i = 0; i < 50; ++i)
        requests.push_back(ops::stat("omniverse://h/x", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&](StatResult&&) { ++answered; }));
    Runtime::shutdown();
    EXPECT_EQ(answered.load(), 50);
    for (auto& r : requests) EXPECT_TRUE(r->is_finished());
}

TEST(Retry, TransientFailuresAreRetriedThenSucceed) {
    Runtime::shutdown();
    RetrySettings old = set_retry_settings(RetrySettings{5000, 1, 0});
    auto* fake = install_fake(3);
    std::atomic<int> result{-1};
    auto r = ops::list("omniverse://h/", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&](ListResult&& a) { result = a.result; });
    r->wait();
    EXPECT_EQ(result.load(), OMNI_RESULT_OK);
    EXPECT_EQ(fake->calls_.load(), 4);
    set_retry_settings(RetrySettings{0, 1, 0});  // max 0 disables retries
    auto* fake2 = install_fake(3);
    auto r2 = ops::list("omniverse://h/", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&](ListResult&& a) { result = a.result; });
    r2->wait();
    EXPECT_EQ(result.load(), OMNI_RESULT_ERROR_CONNECTION);
    EXPECT_EQ(fake2->calls_.load(), 1);
    set_retry_settings(old);
    Runtime::shutdown();
}

TEST(HangDetection, ABlockingCallRunningLongerThanTheLimitLogsAWarning) {
    Runtime::shutdown();
    install_fake(0);
    std::mutex mu;
    std::vector<std::string> warnings;
    set_log_callback([&](const std::string&, const std::string&, OmniLogLevel level, const std::string& message) {
        std::lock_guard lock(mu);
        if (level == OMNI_LOG_WARNING) warnings.push_back(message);
    });
    set_hang_detection_ms(20);
    auto r = ops::stat("omniverse://h/x", OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [](StatResult&&) {});
    EXPECT_FALSE(r->wait_for_ms(100));
    r->stop();
    r->wait();
    set_hang_detection_ms(0);
    flush_log();
    set_log_callback(nullptr);
    std::lock_guard lock(mu);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("stat"), std::string::npos);
    Runtime::shutdown();
}

// Posts arrive while a worker spins, just as it gives up, and long after: none is lost.
TEST(WorkerPool, EveryTaskRunsWhateverTheGapBetweenPosts) {
    std::mutex mu;
    std::condition_variable cv;
    int ran = 0;
    WorkerPool pool("test-pool", 2);  // destroyed first: its tasks end before what they use
    const int gaps_us[] = {0, 1, 10, 40, 49, 50, 51, 60, 200, 2000};
    int posted = 0;
    for (int round = 0; round < 20; ++round) {
        for (int gap : gaps_us) {
            std::this_thread::sleep_for(std::chrono::microseconds(gap));
            pool.post([&] {
                std::lock_guard lock(mu);
                ++ran;
                cv.notify_all();
            });
            ++posted;
        }
    }
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return ran == posted; }));
}

// Two tasks posted at once, the first long: the second runs meanwhile on another worker.
TEST(WorkerPool, TasksPostedTogetherRunSideBySide) {
    WorkerPool pool("test-pool", 2);
    for (int round = 0; round < 20; ++round) {
        std::this_thread::sleep_for(std::chrono::microseconds(100 * (round % 3)));  // spinning or asleep
        struct Round {
            std::atomic<bool> release{false}, second_ran{false};
        };
        auto r = std::make_shared<Round>();  // the long task may outlive this iteration
        pool.post([r] {
            for (int i = 0; i < 5000 && !r->release; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        pool.post([r] { r->second_ran = true; });
        for (int i = 0; i < 5000 && !r->second_ran; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        EXPECT_TRUE(r->second_ran.load()) << "round " << round;
        r->release = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// A task running for a long time does not hold back the ones posted after it.
TEST(WorkerPool, ALongTaskDoesNotDelayOthers) {
    std::atomic<bool> release{false};
    std::atomic<bool> quick_ran{false};
    WorkerPool pool("test-pool", 2);  // destroyed first: its tasks end before what they use
    pool.post([&] {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pool.post([&] { quick_ran = true; });
    for (int i = 0; i < 5000 && !quick_ran; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(quick_ran.load());
    release = true;
}

namespace {

// Serves file: URLs on the worker pool; stat keeps a reference to the runtime until the gate opens.
struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
};

class RuntimeHoldingProvider final : public ProviderImpl<RuntimeHoldingProvider> {
public:
    explicit RuntimeHoldingProvider(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
    const char* name() const override { return "runtime-holding"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "file"; }
    bool is_local() const override { return true; }
    void stat(OpContext, const Target&, OmniListIncludeOption, Done<StatResult> done) override {
        auto held = Runtime::get();
        auto gate = gate_;  // the provider goes with the runtime, maybe when `held` does
        done(error_answer<StatResult>(OMNI_RESULT_OK));
        std::unique_lock lock(gate->mu);
        gate->cv.wait(lock, [&] { return gate->open; });
    }

private:
    std::shared_ptr<Gate> gate_;
};

}  // namespace

// A task on the worker pool holding the runtime after shutdown() let go of it drops the last
// reference there: the runtime is destroyed on another thread, not by a thread joining itself.
TEST(Runtime, TheLastReferenceDroppedOnAWorkerDoesNotEndTheProcess) {
    Runtime::shutdown();
    auto gate = std::make_shared<Gate>();
    Runtime::get()->add_provider(std::make_unique<RuntimeHoldingProvider>(gate));
    auto request = ops::stat("file:/x", OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [](StatResult&&) {});
    ASSERT_TRUE(request->wait_for_ms(5000));
    Runtime::shutdown();  // waits a moment for the task, then lets go of its reference
    {
        std::lock_guard lock(gate->mu);
        gate->open = true;
    }
    gate->cv.notify_all();
    // The runtime is destroyed on a thread of its own: its provider goes, and shutdown() waits
    // for the rest.
    for (int i = 0; i < 5000 && gate.use_count() > 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(gate.use_count(), 1);
    Runtime::shutdown();
    // A new runtime starts.
    StatResult answer;
    ops::stat("nosuchscheme://h/x", OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [&](StatResult&& a) { answer = std::move(a); })->wait();
    EXPECT_EQ(answer.result, OMNI_RESULT_ERROR_NOT_SUPPORTED);
    Runtime::shutdown();
}
