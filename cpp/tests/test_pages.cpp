// Mapped buffers: the small ones are kept for the next buffer of their size class.
#include "core/pages.h"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <vector>

using namespace omniclient;

TEST(Pages, AReleasedBufferServesTheNextOfItsSizeClass) {
    auto first = map_pages(1'500'000);
    ASSERT_TRUE(first);
    std::memset(first.get(), 0xab, 1'500'000);
    uint8_t* where = first.get();
    first.reset();
    auto next = map_pages(1'400'000);  // the same 256 KiB class
    ASSERT_TRUE(next);
    EXPECT_EQ(next.get(), where);
    std::memset(next.get(), 0xcd, 1'400'000);  // writable end to end
    EXPECT_EQ(next.get()[1'399'999], 0xcd);
}

namespace {
size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}
}  // namespace

TEST(Pages, AtMostSixteenMiBOfReleasedBuffersAreKept) {
    std::vector<std::shared_ptr<uint8_t>> held;
    for (int i = 0; i < 40; ++i) held.push_back(map_pages(1u << 20));
    size_t before = resident_bytes();
    held.clear();
    // 40 MiB released: whatever the pool held already, at least 24 MiB go back to the system
    EXPECT_GE(before - resident_bytes(), (24u << 20) - (1u << 20));
}

namespace {
// How many of the pages of [p, p + size) are in memory.
size_t resident_pages(const uint8_t* p, size_t size) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in((size + page - 1) / page);
    if (mincore(const_cast<uint8_t*>(p), size, in.data()) != 0) return 0;
    size_t count = 0;
    for (unsigned char c : in) count += c & 1;
    return count;
}
}  // namespace

TEST(Pages, SmallBuffersArePopulatedUpFrontLargeOnesAsTheyAreWritten) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    auto small = map_pages(6u << 20);  // over what is kept, so a new mapping
    ASSERT_TRUE(small);
    EXPECT_EQ(resident_pages(small.get(), 6u << 20), (6u << 20) / page);
    // 64 MiB populated before its download's first byte would hold that download up.
    auto large = map_pages(64u << 20);
    ASSERT_TRUE(large);
    EXPECT_LT(resident_pages(large.get(), 64u << 20), (1u << 20) / page);
    std::memset(large.get(), 1, 64u << 20);
    EXPECT_EQ(resident_pages(large.get(), 64u << 20), (64u << 20) / page);
}
