// The C API as an application uses it: ids, callbacks with user data, wait, stop, settings,
// the version handshake and content ownership.
#include <OmniClient.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <unistd.h>
#include <string>
#include <thread>

namespace {

struct Seen {
    std::atomic<int> calls{0};
    std::atomic<int> result{-1};
    std::thread::id thread;
};

void on_result(void* user, OmniClientResult result) {
    auto* seen = static_cast<Seen*>(user);
    seen->thread = std::this_thread::get_id();
    seen->result = result;
    ++seen->calls;
}

void on_stat(void* user, OmniClientResult result, const OmniClientListEntry* entry) {
    ASSERT_NE(entry, nullptr);
    ASSERT_NE(entry->relativePath, nullptr);
    on_result(user, result);
}

constexpr uint64_t version(uint64_t major, uint64_t minor, uint64_t patch) { return major << 48 | minor << 32 | patch; }

}  // namespace

TEST(CApi, InitializeAcceptsCallersBuiltForThisVersionOrAnOlderMinor) {
    EXPECT_EQ(kOmniClientVersion, 0x0002004B00000001ULL);
    EXPECT_TRUE(omniClientInitialize(kOmniClientVersion));
    EXPECT_TRUE(omniClientInitialize(version(2, 74, 99)));
    EXPECT_TRUE(omniClientInitialize(version(2, 0, 0)));
    EXPECT_FALSE(omniClientInitialize(version(2, 76, 0)));
    EXPECT_FALSE(omniClientInitialize(version(2, 75, 2)));
    EXPECT_FALSE(omniClientInitialize(version(3, 75, 1)));
    EXPECT_FALSE(omniClientInitialize(version(1, 75, 1)));
    EXPECT_FALSE(omniClientInitialize(0));
    EXPECT_GT(std::string(omniClientGetVersionString()).size(), 0u);
}

TEST(CApi, AnOperationCallsBackOnceOnAnotherThread) {
    Seen seen;
    OmniClientRequestId id = omniClientStat("nosuchscheme://h/x", &seen, on_stat);
    ASSERT_NE(id, 0u);
    omniClientWait(id);
    EXPECT_EQ(seen.calls.load(), 1);
    EXPECT_EQ(seen.result.load(), eOmniClientResult_ErrorNotSupported);
    EXPECT_NE(seen.thread, std::this_thread::get_id());
    omniClientWait(id);  // unknown (finished) ids return at once
    omniClientStop(id);
    EXPECT_TRUE(omniClientWaitFor(id, 10));
}

TEST(CApi, EmptyAndNullUrlsAreBadRequests) {
    Seen empty, null;
    omniClientWait(omniClientCreateFolder("", &empty, on_result));
    EXPECT_EQ(empty.result.load(), eOmniClientResult_ErrorBadRequest);
    omniClientWait(omniClientCopy(nullptr, "file:/x", &null, on_result, eOmniClientCopy_Overwrite, nullptr));
    EXPECT_EQ(null.result.load(), eOmniClientResult_ErrorBadRequest);
    EXPECT_EQ(null.calls.load(), 1);
}

TEST(CApi, RequestsWithoutCallbacksStillComplete) {
    OmniClientRequestId id = omniClientDelete("nosuchscheme://h/x", nullptr, nullptr);
    ASSERT_NE(id, 0u);
    omniClientWait(id);
    EXPECT_TRUE(omniClientWaitFor(id, 0));
}

TEST(CApi, SetRetriesReturnsThePreviousValues) {
    OmniClientRetryBehavior old = omniClientSetRetries(OmniClientRetryBehavior{1000, 10, 5});
    EXPECT_EQ(old.maxMs, 120000u);
    EXPECT_EQ(old.baseMs, 100u);
    EXPECT_EQ(old.jitterMs, 100u);
    OmniClientRetryBehavior mine = omniClientSetRetries(old);
    EXPECT_EQ(mine.maxMs, 1000u);
    EXPECT_EQ(mine.jitterMs, 5u);
}

TEST(CApi, LogCallbackGetsMessagesAtOrAboveTheLevel) {
    static std::atomic<int> verbose{0};
    static std::atomic<int> request{0};
    static std::atomic<int> mine{0};
    omniClientSetLogLevel(eOmniClientLogLevel_Verbose);
    omniClientSetLogCallback([](const char*, const char* component, OmniClientLogLevel level, const char* message) {
        // why the list is not served, then the request's end
        if (level == eOmniClientLogLevel_Verbose && std::string(message) == "list nosuchscheme://h/: no provider serves this URL") ++verbose;
        if (level == eOmniClientLogLevel_Verbose && std::string(message).starts_with("list nosuchscheme://h/: ERROR_NOT_SUPPORTED in ")) ++request;
        if (std::string(component) == "capi-test" && std::string(message) == "hello") ++mine;
    });
    omniClientWait(omniClientList("nosuchscheme://h/", nullptr, nullptr));
    omniClientLog("capi-test", eOmniClientLogLevel_Warning, "hello");
    omniClientLog("capi-test", eOmniClientLogLevel_Debug, "hello");  // below the level
    omniClientLog(nullptr, static_cast<OmniClientLogLevel>(99), nullptr);
    omniClientShutdown();  // flushes the log thread
    omniClientSetLogCallback(nullptr);
    omniClientSetLogLevel(eOmniClientLogLevel_Info);
    EXPECT_EQ(verbose.load(), 1);
    EXPECT_EQ(request.load(), 1);
    EXPECT_EQ(mine.load(), 1);
}

TEST(CApi, ShutdownAnswersOutstandingRequests) {
    Seen seen;
    for (int i = 0; i < 100; ++i) omniClientStat("nosuchscheme://h/x", &seen, on_stat);
    omniClientShutdown();
    EXPECT_EQ(seen.calls.load(), 100);
}

TEST(CApi, StringsOfEveryEnumAndOutOfRangeValues) {
    EXPECT_STREQ(omniClientGetResultString(eOmniClientResult_ErrorBadVersion), "Error: Bad Version");
    EXPECT_STREQ(omniClientGetResultString(eOmniClientResult_ErrorUnsupportedVersion), "Error: Unsupported Version");
    EXPECT_STREQ(omniClientGetResultString(static_cast<OmniClientResult>(17)), "Error: ???");
    EXPECT_STREQ(omniClientGetResultString(static_cast<OmniClientResult>(-1)), "Error: ???");
    EXPECT_STREQ(omniClientGetConnectionStatusString(eOmniClientConnectionStatus_InvalidHost), "Host name is invalid");
    EXPECT_STREQ(omniClientGetFileStatusString(eOmniClientFileStatus_Stating), "Stating");
    EXPECT_STREQ(omniClientGetLogLevelString(eOmniClientLogLevel_Warning), "Warning");
    EXPECT_EQ(omniClientGetLogLevelChar(eOmniClientLogLevel_Debug), 'D');
    EXPECT_EQ(omniClientGetLogLevelChar(static_cast<OmniClientLogLevel>(5)), '?');
    EXPECT_STREQ(omniClientGetCacheBypassStatusString(eOmniClientCacheBypassStatus_Disabled), "Disabled");
}

TEST(CApi, ContentOwnership) {
    OmniClientContent owned = omniClientAllocContent(4);
    ASSERT_NE(owned.buffer, nullptr);
    EXPECT_EQ(owned.size, 4u);
    EXPECT_NE(owned.free, nullptr);
    std::memcpy(owned.buffer, "abcd", 4);

    OmniClientContent copy = omniClientCopyContent(&owned);
    EXPECT_NE(copy.buffer, owned.buffer);
    EXPECT_EQ(std::memcmp(copy.buffer, "abcd", 4), 0);

    OmniClientContent moved = omniClientMoveContent(&owned);
    EXPECT_EQ(owned.buffer, nullptr);
    EXPECT_EQ(owned.size, 0u);
    EXPECT_EQ(std::memcmp(moved.buffer, "abcd", 4), 0);

    char mine[] = "xyz";
    OmniClientContent view = omniClientReferenceContent(mine, 3);
    EXPECT_EQ(view.buffer, mine);
    EXPECT_EQ(view.free, nullptr);
    OmniClientContent taken = omniClientMoveContent(&view);  // a view is copied, not stolen
    EXPECT_NE(taken.buffer, static_cast<void*>(mine));
    EXPECT_NE(taken.free, nullptr);

    for (OmniClientContent* c : {&copy, &moved, &view, &taken}) {
        omniClientFreeContent(c);
        EXPECT_EQ(c->buffer, nullptr);
        EXPECT_EQ(c->size, 0u);
        EXPECT_EQ(c->free, nullptr);
    }
    omniClientFreeContent(nullptr);
    // Empty content, as the original's: no buffer but a release function, left as it is by a free.
    OmniClientContent empty = omniClientAllocContent(0);
    EXPECT_EQ(empty.buffer, nullptr);
    EXPECT_EQ(empty.size, 0u);
    EXPECT_NE(empty.free, nullptr);
    omniClientFreeContent(&empty);
    EXPECT_NE(empty.free, nullptr);
    OmniClientContent huge = omniClientAllocContent(SIZE_MAX);
    EXPECT_EQ(huge.buffer, nullptr);
    omniClientFreeContent(&huge);
}

TEST(CApi, WriteFileTakesTheContentAndWriteFileExReportsWhatItWrote) {
    char folder[] = "/tmp/omniclient-capi-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    std::string file = std::string(folder) + "/ex.txt";
    struct Wrote : Seen {
        bool had_info = false;
    } wrote;
    OmniClientContent content = omniClientAllocContent(3);
    std::memcpy(content.buffer, "abc", 3);
    omniClientWait(omniClientWriteFileEx(file.c_str(), &content, &wrote, [](void* user, OmniClientResult result, const OmniClientWriteFileExInfo* info) {
        static_cast<Wrote*>(user)->had_info = info && info->version && info->hash;
        on_result(user, result);
    }, "message"));
    EXPECT_EQ(content.buffer, nullptr);  // taken over
    EXPECT_EQ(wrote.result.load(), eOmniClientResult_Ok);
    EXPECT_TRUE(wrote.had_info);
    FILE* f = std::fopen(file.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    char buffer[8] = {};
    EXPECT_EQ(std::fread(buffer, 1, sizeof buffer, f), 3u);
    std::fclose(f);
    EXPECT_STREQ(buffer, "abc");

    // Local files have no content store to name content by hash.
    Seen hashed;
    omniClientWait(omniClientCreateWithHash(file.c_str(), "sha256;3;00", true, &hashed, [](void* user, OmniClientResult result, const char*, const char*) {
        on_result(user, result);
    }, nullptr));
    EXPECT_EQ(hashed.result.load(), eOmniClientResult_ErrorNotSupported);
    std::remove(file.c_str());
    rmdir(folder);
}

TEST(CApi, StopReturnsAfterTheLastCallbackOfASubscription) {
    char folder[] = "/tmp/omniclient-capi-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    Seen first;
    OmniClientRequestId id = omniClientListSubscribe(folder, &first, [](void* user, OmniClientResult result, uint32_t, const OmniClientListEntry*) {
        on_result(user, result);
    }, nullptr);
    omniClientWait(id);  // a subscription's wait ends at its first answer
    EXPECT_EQ(first.calls.load(), 1);
    EXPECT_EQ(first.result.load(), eOmniClientResult_Ok);
    omniClientStop(id);
    int calls = first.calls.load();
    EXPECT_TRUE(omniClientWaitFor(id, 0));
    EXPECT_EQ(first.calls.load(), calls);
    rmdir(folder);
}

TEST(CApi, RegistrationsHaveHandlesThatUnregister) {
    static std::atomic<int> statuses{0};
    uint32_t file_status = omniClientRegisterFileStatusCallback(nullptr, [](void*, const char*, OmniClientFileStatus status, int) {
        if (status == eOmniClientFileStatus_Stating) ++statuses;
    });
    uint32_t silent = omniClientRegisterMetricsCallback(nullptr, [](void*, OmniClientMetricsEvent, const void*) {});
    // As the original: no callback, no registration; and no cache service to report on.
    EXPECT_EQ(omniClientRegisterMetricsCallback(nullptr, nullptr), 0u);
    EXPECT_EQ(omniClientRegisterCacheBypassStatusCallback(nullptr, [](void*, OmniClientCacheBypassStatus) {}), 0u);
    EXPECT_NE(file_status, 0u);
    EXPECT_NE(silent, 0u);
    EXPECT_NE(silent, file_status);
    omniClientWait(omniClientStat("file:/", nullptr, nullptr));
    EXPECT_EQ(statuses.load(), 2);  // start and end
    omniClientUnregisterCallback(file_status);
    omniClientUnregisterCallback(silent);
    omniClientUnregisterCallback(12345);  // unknown: ignored
    omniClientWait(omniClientStat("file:/", nullptr, nullptr));
    EXPECT_EQ(statuses.load(), 2);
}
