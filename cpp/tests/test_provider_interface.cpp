// The provider interface: capabilities follow from what a provider overrides, facets route the
// operations they hold, the first provider that matches a URL serves it, and answers delivered to
// the live-update queue wait there until the application processes them.
#include "core/operations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include <unistd.h>

using namespace omniclient;

namespace {

// Serves test-locks:// URLs: stat from the base, and lock (not unlock) from the Locks facet.
class LockingProvider final : public ProviderImpl<LockingProvider, Locks> {
public:
    const char* name() const override { return "locking"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "test-locks"; }
    void stat(OpContext, const Target& t, OmniListIncludeOption, Done<StatResult> done) override {
        StatResult a;
        a.result = OMNI_RESULT_OK;
        a.entry.relative_path = t.url;
        done(std::move(a));
    }
    void lock(OpContext, const Target&, Done<ResultOnly> done) override {
        ++locks;
        done(ResultOnly{OMNI_RESULT_OK});
    }
    std::atomic<int> locks{0};
};

bool has(const Capabilities& caps, OpKind kind) { return caps.test(static_cast<size_t>(kind)); }

// What a stat of a file of `size` bytes answers.
StatResult file_of_size(uint64_t size) {
    StatResult a;
    a.result = OMNI_RESULT_OK;
    a.entry.size = size;
    return a;
}

template <class R, class Start>
R blocking(Start start) {
    R answer;
    start([&answer](R&& a) { answer = std::move(a); })->wait();
    return answer;
}

struct LocalCopy {
    Result result = OMNI_RESULT_ERROR;
    std::vector<char> bytes;  // none when the copy wrote no file
};

// Copies (or moves) `url` into a new local file through the core, `provider` added to a fresh
// runtime: the result and the bytes written. The file and its folder are removed (a folder the copy
// left something in fails the test); the runtime stays up for the caller to read the provider's
// counters, then shut it down.
LocalCopy copy_into_a_local_file(std::unique_ptr<Provider> provider, const std::string& url, bool move = false) {
    Runtime::shutdown();
    Runtime::get()->add_provider(std::move(provider));
    char folder[] = "/tmp/omni-copy-XXXXXX";
    EXPECT_NE(::mkdtemp(folder), nullptr);
    std::string dst = std::string(folder) + "/copy.bin";
    LocalCopy out;
    out.result = move ? blocking<MoveResult>([&](Done<MoveResult> d) {
                            return ops::move(url, dst, CopyArgs{}, Delivery::Direct, std::move(d));
                        }).result
                      : blocking<ResultOnly>([&](Done<ResultOnly> d) {
                            return ops::copy(url, dst, CopyArgs{}, Delivery::Direct, std::move(d));
                        }).result;
    std::ifstream in(dst, std::ios::binary);
    out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::remove(dst.c_str());
    EXPECT_EQ(::rmdir(folder), 0) << "the copy left something behind";
    return out;
}

}  // namespace

TEST(ProviderInterface, CapabilitiesAreTheMethodsAProviderOverrides) {
    Capabilities caps = capabilities_of<LockingProvider>();
    EXPECT_TRUE(has(caps, OpKind::Stat));
    EXPECT_TRUE(has(caps, OpKind::Lock));
    EXPECT_FALSE(has(caps, OpKind::Unlock));  // in the facet, not overridden
    EXPECT_FALSE(has(caps, OpKind::List));
    EXPECT_FALSE(has(caps, OpKind::GetAcls));  // a facet it does not derive from
    EXPECT_EQ(caps.count(), 2u);
}

TEST(ProviderInterface, FacetsRouteTheirOperationsAndTheRestIsRefused) {
    Runtime::shutdown();
    auto provider = std::make_unique<LockingProvider>();
    LockingProvider* raw = provider.get();
    Runtime::get()->add_provider(std::move(provider));
    EXPECT_EQ(&raw->facet<Locks>(), static_cast<Locks*>(raw));

    auto locked = blocking<ResultOnly>([](Done<ResultOnly> d) { return ops::lock("test-locks://h/a", Delivery::Direct, std::move(d)); });
    EXPECT_EQ(locked.result, OMNI_RESULT_OK);
    EXPECT_EQ(raw->locks.load(), 1);
    auto unlocked = blocking<ResultOnly>([](Done<ResultOnly> d) { return ops::unlock("test-locks://h/a", Delivery::Direct, std::move(d)); });
    EXPECT_EQ(unlocked.result, OMNI_RESULT_ERROR_NOT_SUPPORTED);
    auto stat = blocking<StatResult>([](Done<StatResult> d) {
        return ops::stat("test-locks://h/a", OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, std::move(d));
    });
    EXPECT_EQ(stat.result, OMNI_RESULT_OK);
    EXPECT_EQ(stat.entry.relative_path, "test-locks://h/a");
    // URLs the added provider does not match still reach the built-in ones.
    auto file = blocking<StatResult>([](Done<StatResult> d) {
        return ops::stat("file:/", OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, std::move(d));
    });
    EXPECT_EQ(file.result, OMNI_RESULT_OK);
    Runtime::shutdown();
}

// Serves test-buffers:// URLs: read_file answers "content" in the buffer the request offers.
class BufferingProvider final : public ProviderImpl<BufferingProvider> {
public:
    const char* name() const override { return "buffering"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "test-buffers"; }
    void read_file(OpContext ctx, const Target&, Done<ReadResult> done) override {
        std::shared_ptr<uint8_t> buffer = ctx.buffer(7);
        std::memcpy(buffer.get(), "content", 7);
        ReadResult a;
        a.result = OMNI_RESULT_OK;
        a.content = Content(buffer, buffer.get(), 7);
        done(std::move(a));
    }
};

TEST(ProviderInterface, ReadContentGoesIntoTheBufferTheCallerGives) {
    Runtime::shutdown();
    Runtime::get()->add_provider(std::make_unique<BufferingProvider>());
    auto read = [] {
        return blocking<ReadResult>([](Done<ReadResult> d) { return ops::read_file("test-buffers://h/a", Delivery::Direct, std::move(d)); });
    };
    auto given = std::make_shared<std::vector<uint8_t>>();
    {
        BufferSourceScope scope([given](size_t size) {
            given->resize(size);
            return std::shared_ptr<uint8_t>(given, given->data());
        });
        ReadResult a = read();
        ASSERT_EQ(a.result, OMNI_RESULT_OK);
        EXPECT_EQ(a.content.data(), given->data());
        EXPECT_EQ(std::string(a.content.data(), a.content.data() + a.content.size()), "content");
    }
    // Outside the scope the request's own buffer serves, and the caller's is left alone.
    given->clear();
    ReadResult b = read();
    ASSERT_EQ(b.result, OMNI_RESULT_OK);
    EXPECT_TRUE(given->empty());
    EXPECT_EQ(std::string(b.content.data(), b.content.data() + b.content.size()), "content");
    Runtime::shutdown();
}

// Serves test-parts://h/big: 160 MiB and a bit, read in ranges into the buffers the request offers;
// counts the buffers that come with content in them (a new mapping is all zeros).
class PartsProvider final : public ProviderImpl<PartsProvider, Streams> {
public:
    static constexpr uint64_t kSize = (160ull << 20) + 5;
    static uint8_t byte_at(uint64_t at) { return static_cast<uint8_t>(at * 7 + at / 4096 + 1); }

    const char* name() const override { return "parts"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "test-parts"; }
    void stat(OpContext, const Target&, OmniListIncludeOption, Done<StatResult> done) override { done(file_of_size(kSize)); }
    void read_range(OpContext ctx, const Target&, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        uint64_t size = offset >= kSize ? 0 : std::min(length, kSize - offset);
        std::shared_ptr<uint8_t> buffer = ctx.buffer(size);
        bool used = size > 0 && buffer.get()[0] != 0;
        for (uint64_t i = 0; i < size; ++i) buffer.get()[i] = byte_at(offset + i);
        reused += used;
        ++reads;
        ReadResult a;
        a.result = OMNI_RESULT_OK;
        a.content = Content(buffer, buffer.get(), size);
        done(std::move(a));
    }
    std::atomic<int> reads{0}, reused{0};
};

TEST(ProviderInterface, ACopyBetweenStoresReusesItsPartsBuffers) {
    auto provider = std::make_unique<PartsProvider>();
    PartsProvider* parts = provider.get();
    LocalCopy c = copy_into_a_local_file(std::move(provider), "test-parts://h/big");
    ASSERT_EQ(c.result, OMNI_RESULT_OK);
    ASSERT_EQ(c.bytes.size(), PartsProvider::kSize);
    for (uint64_t i = 0; i < c.bytes.size(); ++i) ASSERT_EQ(static_cast<uint8_t>(c.bytes[i]), PartsProvider::byte_at(i)) << i;
    // Twenty full parts and the short last one; a copy from a remote source holds eight parts at
    // once, and from the tenth read on the buffer of a part already written is free to take again.
    EXPECT_EQ(parts->reads.load(), 21);
    EXPECT_GE(parts->reused.load(), 4);
    Runtime::shutdown();
}

// Serves test-changing://h/f: 40 MiB and a bit, read in ranges, whose content is rewritten while
// it is read: from the read numbered `rewritten_at` on (and, with `keeps_changing`, at every read
// after that) it is another version, each version's bytes its own.
class ChangingProvider final : public ProviderImpl<ChangingProvider, Streams> {
public:
    static constexpr uint64_t kSize = (40ull << 20) + 5;
    static uint8_t byte_at(uint64_t at, int version) { return static_cast<uint8_t>(at * 7 + at / 4096 + version * 31); }

    ChangingProvider(int rewritten_at, bool keeps_changing) : rewritten_at_(rewritten_at), keeps_changing_(keeps_changing) {}
    const char* name() const override { return "changing"; }
    bool match(const Target& t) const override { return t.parts.scheme && *t.parts.scheme == "test-changing"; }
    void stat(OpContext, const Target&, OmniListIncludeOption, Done<StatResult> done) override {
        ++stats;
        done(file_of_size(kSize));
    }
    void read_range(OpContext ctx, const Target&, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        int read = reads++;
        int version = read < rewritten_at_ ? 1 : keeps_changing_ ? 2 + read - rewritten_at_ : 2;
        uint64_t size = offset >= kSize ? 0 : std::min(length, kSize - offset);
        std::shared_ptr<uint8_t> buffer = ctx.buffer(size);
        for (uint64_t i = 0; i < size; ++i) buffer.get()[i] = byte_at(offset + i, version);
        ReadResult a;
        a.result = OMNI_RESULT_OK;
        a.version = std::to_string(version);
        a.content = Content(buffer, buffer.get(), size);
        done(std::move(a));
    }
    void remove(OpContext, const Target&, bool, Done<ResultOnly> done) override {
        ++removes;
        done(ResultOnly{OMNI_RESULT_OK});
    }
    std::atomic<int> reads{0}, stats{0}, removes{0};

private:
    const int rewritten_at_;
    const bool keeps_changing_;
};

TEST(ProviderInterface, ACopyWhoseSourceIsRewrittenWhileReadIsMadeAgainFromTheNewVersion) {
    auto provider = std::make_unique<ChangingProvider>(2, false);
    ChangingProvider* source = provider.get();
    LocalCopy c = copy_into_a_local_file(std::move(provider), "test-changing://h/f");
    EXPECT_EQ(source->stats.load(), 2);  // copied twice: the first copy was dropped at the third part
    Runtime::shutdown();
    ASSERT_EQ(c.result, OMNI_RESULT_OK);
    ASSERT_EQ(c.bytes.size(), ChangingProvider::kSize);
    for (uint64_t i = 0; i < c.bytes.size(); ++i) ASSERT_EQ(static_cast<uint8_t>(c.bytes[i]), ChangingProvider::byte_at(i, 2)) << i;
}

TEST(ProviderInterface, ACopyWhoseSourceKeepsChangingFailsAndWritesNothing) {
    auto provider = std::make_unique<ChangingProvider>(1, true);
    ChangingProvider* source = provider.get();
    LocalCopy c = copy_into_a_local_file(std::move(provider), "test-changing://h/f");
    EXPECT_EQ(source->stats.load(), 3);
    Runtime::shutdown();
    EXPECT_EQ(c.result, OMNI_RESULT_ERROR_BAD_VERSION);
    EXPECT_TRUE(c.bytes.empty());
}

// The copy reads its six parts; the move's look at the source before deleting it is the seventh read.
TEST(ProviderInterface, AMoveDeletesItsSourceWhenItIsStillTheVersionCopied) {
    auto provider = std::make_unique<ChangingProvider>(100, false);
    ChangingProvider* source = provider.get();
    LocalCopy c = copy_into_a_local_file(std::move(provider), "test-changing://h/f", true);
    EXPECT_EQ(source->reads.load(), 7);
    EXPECT_EQ(source->removes.load(), 1);
    Runtime::shutdown();
    EXPECT_EQ(c.result, OMNI_RESULT_OK);
    EXPECT_EQ(c.bytes.size(), ChangingProvider::kSize);
}

TEST(ProviderInterface, AMoveKeepsASourceRewrittenAfterItWasCopied) {
    auto provider = std::make_unique<ChangingProvider>(6, false);
    ChangingProvider* source = provider.get();
    LocalCopy c = copy_into_a_local_file(std::move(provider), "test-changing://h/f", true);
    EXPECT_EQ(source->removes.load(), 0);
    Runtime::shutdown();
    EXPECT_EQ(c.result, OMNI_RESULT_ERROR_BAD_VERSION);
    ASSERT_EQ(c.bytes.size(), ChangingProvider::kSize);  // the destination has the version read, whole
    for (uint64_t i = 0; i < c.bytes.size(); ++i) ASSERT_EQ(static_cast<uint8_t>(c.bytes[i]), ChangingProvider::byte_at(i, 1)) << i;
}

TEST(ProviderInterface, OpNamesComeFromTheTable) {
    EXPECT_STREQ(op_name(OpKind::Stat), "stat");
    EXPECT_STREQ(op_name(OpKind::Delete), "delete");
    EXPECT_STREQ(op_name(OpKind::ListSubscribe), "list_subscribe");
    EXPECT_STREQ(op_name(OpKind::CreateWithHash), "create_with_hash");
    EXPECT_STREQ(op_name(OpKind::Unimplemented), "unimplemented");
}

TEST(Delivery, TheLiveQueueHoldsAnswersUntilProcessed) {
    Runtime::shutdown();
    auto rt = Runtime::get();
    std::atomic<int> answered{0};
    StatResult answer;
    RequestPtr request = ops::stat("file:/", OMNI_LIST_NO_DELETED_FILES, Delivery::LiveQueue, [&](StatResult&& a) {
        answer = std::move(a);
        ++answered;
    });
    // The stat itself runs on the worker pool; its answer waits in the queue.
    for (int i = 0; i < 5000 && rt->live_queue().pending() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(rt->live_queue().pending(), 1u);
    EXPECT_EQ(answered.load(), 0);
    EXPECT_FALSE(request->is_finished());
    EXPECT_EQ(rt->live_queue().process(), 1u);
    EXPECT_EQ(answered.load(), 1);
    EXPECT_EQ(answer.result, OMNI_RESULT_OK);
    EXPECT_TRUE(request->is_finished());
    EXPECT_EQ(rt->live_queue().process(), 0u);
    Runtime::shutdown();
}
