// The pool behind content copies: blocks come back and are handed out again, within its bounds.
#include "core/recycled_buffers.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

using namespace omniclient;

TEST(RecycledBuffers, ABufferLetGoOfIsHandedOutAgainForASimilarSize) {
    const uint8_t* first;
    {
        auto buffer = recycled_buffer(1024);
        first = buffer.get();
        std::memset(buffer.get(), 'x', 1024);
    }
    auto again = recycled_buffer(1500);  // the same size class (up to 2 KiB with its count)
    EXPECT_EQ(again.get(), first);
}

TEST(RecycledBuffers, SmallAndHugeBuffersAreNotKept) {
    size_t before = recycled_blocks_kept();
    { auto small = recycled_buffer(100); }
    { auto huge = recycled_buffer(1 << 20); }
    EXPECT_EQ(recycled_blocks_kept(), before);
    { auto pooled = recycled_buffer(20 * 1024); }  // a size class no other test fills
    EXPECT_EQ(recycled_blocks_kept(), before + 1);
}

TEST(RecycledBuffers, AtMostAMebibyteOfOneSizeIsKept) {
    std::vector<std::shared_ptr<uint8_t[]>> held;
    for (int i = 0; i < 100; ++i) held.push_back(recycled_buffer(60 * 1024));  // 64 KiB blocks
    size_t before = recycled_blocks_kept();
    held.clear();
    EXPECT_LE(recycled_blocks_kept() - before, 16u);
    EXPECT_GE(recycled_blocks_kept() - before, 1u);
}

TEST(RecycledBuffers, ThreadsMakingAndFreeingBuffersKeepTheirBytes) {
    // One thread fills buffers, another checks and drops them (as a caller and the network thread).
    std::vector<std::shared_ptr<uint8_t[]>> made(2000);
    std::thread maker([&] {
        for (size_t i = 0; i < made.size(); ++i) {
            auto b = recycled_buffer(1024 + i % 3000);
            std::memset(b.get(), static_cast<int>(i & 0xff), 1024);
            std::atomic_store(&made[i], b);
        }
    });
    size_t checked = 0;
    for (size_t i = 0; i < made.size(); ++i) {
        std::shared_ptr<uint8_t[]> b;
        while (!(b = std::atomic_load(&made[i]))) std::this_thread::yield();
        for (size_t j = 0; j < 1024; ++j) ASSERT_EQ(b[j], static_cast<uint8_t>(i & 0xff));
        std::atomic_store(&made[i], std::shared_ptr<uint8_t[]>());
        ++checked;
    }
    maker.join();
    EXPECT_EQ(checked, made.size());
}
