// The C API as an application uses it: ids, callbacks with user data, wait, stop, settings.
#include <omniclient/OmniClient.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include <unistd.h>
#include <string>
#include <thread>

namespace {

struct Seen {
    std::atomic<int> calls{0};
    std::atomic<int> result{-1};
    std::thread::id thread;
};

void on_result(void* user, OmniResult result) {
    auto* seen = static_cast<Seen*>(user);
    seen->thread = std::this_thread::get_id();
    seen->result = result;
    ++seen->calls;
}

void on_stat(void* user, OmniResult result, const OmniListEntry* entry) {
    ASSERT_NE(entry, nullptr);
    ASSERT_NE(entry->relativePath, nullptr);
    on_result(user, result);
}

}  // namespace

TEST(CApi, InitializeChecksTheVersionAndReportsItsOwn) {
    EXPECT_EQ(omniClientInitialize(OMNICLIENT_VERSION_NUMBER), 1);
    EXPECT_EQ(omniClientInitialize(0xFFFF000000000000ULL), 0);
    EXPECT_GT(std::string(omniClientGetVersionString()).size(), 0u);
}

TEST(CApi, AnOperationCallsBackOnceOnTheCallbackThread) {
    Seen seen;
    OmniRequestId id = omniClientStat("nosuchscheme://h/x", OMNI_LIST_NO_DELETED_FILES, &seen, on_stat);
    ASSERT_NE(id, OMNI_INVALID_REQUEST_ID);
    omniClientWait(id);
    EXPECT_EQ(seen.calls.load(), 1);
    EXPECT_EQ(seen.result.load(), OMNI_RESULT_ERROR_NOT_SUPPORTED);
    EXPECT_NE(seen.thread, std::this_thread::get_id());
    omniClientWait(id);  // unknown (finished) ids return at once
    omniClientStop(id);
    EXPECT_EQ(omniClientWaitFor(id, 10), 1);
}

TEST(CApi, EmptyUrlIsABadRequestAndNullIsRefused) {
    Seen seen;
    omniClientWait(omniClientCreateFolder("", &seen, on_result));
    EXPECT_EQ(seen.result.load(), OMNI_RESULT_ERROR_BAD_REQUEST);
    EXPECT_EQ(omniClientCreateFolder(nullptr, &seen, on_result), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientWriteFile("file:/x", nullptr, 5, nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientCopy(nullptr, "file:/x", OMNI_COPY_OVERWRITE, nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
}

TEST(CApi, RequestsWithoutCallbacksStillComplete) {
    OmniRequestId id = omniClientDelete("nosuchscheme://h/x", nullptr, nullptr);
    omniClientWait(id);
    SUCCEED();
}

TEST(CApi, SetRetriesReturnsThePreviousValues) {
    uint32_t max_ms = 0, base_ms = 0, jitter_ms = 0;
    omniClientSetRetries(1000, 10, 5, &max_ms, &base_ms, &jitter_ms);
    EXPECT_EQ(max_ms, 120000u);
    EXPECT_EQ(base_ms, 100u);
    EXPECT_EQ(jitter_ms, 100u);
    omniClientSetRetries(max_ms, base_ms, jitter_ms, nullptr, nullptr, nullptr);
}

TEST(CApi, LogCallbackGetsMessagesAtOrAboveTheLevel) {
    static std::atomic<int> verbose{0};
    omniClientSetLogLevel(OMNI_LOG_VERBOSE);
    omniClientSetLogCallback(nullptr, [](void*, const char*, const char*, OmniLogLevel level, const char* message) {
        if (level == OMNI_LOG_VERBOSE && std::string(message).find("list") != std::string::npos) ++verbose;
    });
    omniClientWait(omniClientList("nosuchscheme://h/", OMNI_LIST_NO_DELETED_FILES, nullptr, nullptr));
    omniClientShutdown();  // flushes the log thread
    omniClientSetLogCallback(nullptr, nullptr);
    omniClientSetLogLevel(OMNI_LOG_INFO);
    EXPECT_EQ(verbose.load(), 1);
}

TEST(CApi, ShutdownAnswersOutstandingRequests) {
    Seen seen;
    for (int i = 0; i < 100; ++i) omniClientStat("nosuchscheme://h/x", OMNI_LIST_NO_DELETED_FILES, &seen, on_stat);
    omniClientShutdown();
    EXPECT_EQ(seen.calls.load(), 100);
}

TEST(CApi, WriteFileExAndCreateWithHash) {
    char folder[] = "/tmp/omniclient-capi-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    std::string file = std::string(folder) + "/ex.txt";
    Seen seen;
    auto on_write = [](void* user, OmniResult result, const char*, const char*) { on_result(user, result); };
    omniClientWait(omniClientWriteFileEx(file.c_str(), "abc", 3, "message", 1, &seen, on_write));
    EXPECT_EQ(seen.result.load(), OMNI_RESULT_OK);
    FILE* f = std::fopen(file.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    char buffer[8] = {};
    EXPECT_EQ(std::fread(buffer, 1, sizeof buffer, f), 3u);
    std::fclose(f);
    EXPECT_STREQ(buffer, "abc");
    // Local files have no content store to name content by hash.
    omniClientWait(omniClientCreateWithHash(file.c_str(), "sha256;3;00", 1, nullptr, &seen, on_write));
    EXPECT_EQ(seen.result.load(), OMNI_RESULT_ERROR_NOT_SUPPORTED);
    EXPECT_EQ(omniClientCreateWithHash(file.c_str(), nullptr, 0, nullptr, &seen, on_write), OMNI_INVALID_REQUEST_ID);
    std::remove(file.c_str());
    rmdir(folder);
}
