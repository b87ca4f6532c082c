// The server clock estimate from ping round trips: exact for symmetric trips, and jitter (answers
// held on the way back) does not move it while a quick round trip is in the window.
#include "providers/nucleus/server_clock.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

using omniclient::nucleus::ServerClock;
using omniclient::nucleus::wall_clock_us;

namespace {

constexpr int64_t kOffset = 7'000'000;  // the server is 7 s ahead of us

// A ping sent at `sent` (our clock) that takes `up` µs to the server, is answered after `busy`,
// and takes `down` µs back.
void ping(ServerClock& c, int64_t sent, int64_t up, int64_t busy, int64_t down) {
    int64_t server_in = sent + up + kOffset;
    c.add_sample(sent, server_in, server_in + busy, sent + up + busy + down);
}

}  // namespace

TEST(ServerClock, NothingBeforeTheFirstSample) {
    ServerClock c;
    EXPECT_FALSE(c.offset());
    EXPECT_FALSE(c.now());
}

TEST(ServerClock, SymmetricRoundTripsGiveTheOffsetExactly) {
    ServerClock c;
    ping(c, 1'000'000, 300, 50, 300);
    EXPECT_EQ(c.offset(), kOffset);
    uint64_t before = static_cast<uint64_t>(wall_clock_us() + kOffset);
    uint64_t now = *c.now();
    EXPECT_GE(now, before);
    EXPECT_LE(now, static_cast<uint64_t>(wall_clock_us() + kOffset));
}

TEST(ServerClock, HeldAnswersDoNotMoveTheEstimateButTheLastSampleWould) {
    ServerClock c;
    std::mt19937 rng(16);
    std::uniform_int_distribution<int64_t> held(40'000, 120'000);
    ping(c, 1'000'000, 200, 20, 200);  // one quick round trip
    int64_t worst_sample_error = 0;  // of an estimate from the last sample alone
    for (int i = 1; i < 40; ++i) {
        int64_t down = 200 + (i % 2 ? held(rng) : 5'000);  // every answer late, some very late
        ping(c, 1'000'000 + i * 100'000, 200, 20, down);
        worst_sample_error = std::max(worst_sample_error, (down - 200) / 2);
        if (i < static_cast<int>(ServerClock::kWindow)) EXPECT_EQ(c.offset(), kOffset) << i;
        else EXPECT_LE(std::abs(*c.offset() - kOffset), 2'500) << i;  // the best trip left in the window
    }
    EXPECT_GE(worst_sample_error, 20'000);
}

TEST(ServerClock, FollowsAStepOnceTheOldSamplesLeaveTheWindow) {
    ServerClock c;
    ping(c, 1'000'000, 100, 0, 100);
    for (size_t i = 0; i < ServerClock::kWindow; ++i) {
        int64_t sent = 2'000'000 + static_cast<int64_t>(i) * 100'000;
        c.add_sample(sent, sent + 300 + kOffset + 1'000'000, sent + 300 + kOffset + 1'000'000, sent + 600);
    }
    EXPECT_EQ(c.offset(), kOffset + 1'000'000);  // the server's clock was set forward by 1 s
}

TEST(ServerClock, InconsistentSamplesAreIgnored) {
    ServerClock c;
    c.add_sample(0, 5, 6, 10);            // no send time
    c.add_sample(100, 500, 400, 900);     // answered before it was received
    c.add_sample(1000, 2000, 2100, 900);  // answer before the ping
    EXPECT_FALSE(c.offset());
}
