// The C API's server, ACL, user and group calls: argument checks and answers without a server
// (the end-to-end paths are tested from Python against a real server process).
#include <omniclient/OmniClient.h>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>

namespace {

struct Answer {
    std::atomic<int> calls{0};
    std::atomic<int> result{-1};
};

// A loopback port nothing listens on.
int unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

void on_info(void* user, OmniResult result, const OmniServerInfo* info) {
    ASSERT_NE(info, nullptr);
    ASSERT_NE(info->username, nullptr);
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

void on_strings(void* user, OmniResult result, size_t count, const char* const*) {
    EXPECT_EQ(count, 0u);
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

void on_result(void* user, OmniResult result) {
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

}  // namespace

TEST(NucleusCApi, NullArgumentsAreInvalidRequests) {
    EXPECT_EQ(omniClientGetServerInfo(nullptr, nullptr, on_info), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientGetAcls(nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientSetAcls("omniverse://h/x", 1, nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    OmniAclEntry unnamed{nullptr, OMNI_ACCESS_READ};
    EXPECT_EQ(omniClientSetAcls("omniverse://h/x", 1, &unnamed, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientGetGroupUsers("omniverse://h", nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientRenameGroup("omniverse://h", "a", nullptr, nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientAddUserToGroup("omniverse://h", nullptr, "g", nullptr, nullptr), OMNI_INVALID_REQUEST_ID);
    omniClientSignOut(nullptr);
    omniClientReconnect(nullptr);
}

TEST(NucleusCApi, AnUnreachableServerAnswersErrorConnectionQuickly) {
    omniClientSetRetries(120000, 100, 100, nullptr, nullptr, nullptr);
    std::string url = "omniverse://127.0.0.1:" + std::to_string(unused_port());
    Answer info, users;
    auto start = std::chrono::steady_clock::now();
    OmniRequestId a = omniClientGetServerInfo(url.c_str(), &info, on_info);
    OmniRequestId b = omniClientGetUsers(url.c_str(), &users, on_strings);
    ASSERT_NE(a, OMNI_INVALID_REQUEST_ID);
    omniClientWait(a);
    omniClientWait(b);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_EQ(info.calls, 1);
    EXPECT_EQ(info.result, OMNI_RESULT_ERROR_CONNECTION);
    EXPECT_EQ(users.result, OMNI_RESULT_ERROR_CONNECTION);
    omniClientSetRetries(0, 0, 0, nullptr, nullptr, nullptr);
}

TEST(NucleusCApi, OtherSchemesDoNotServeUsersAndGroups) {
    Answer created;
    omniClientWait(omniClientCreateGroup("file:///tmp", "g", &created, on_result));
    EXPECT_EQ(created.result, OMNI_RESULT_ERROR_NOT_SUPPORTED);
}

TEST(NucleusCApi, SignOutThenReconnectOfAnUnknownServerDoNotCrash) {
    std::string url = "omniverse://127.0.0.1:" + std::to_string(unused_port());
    omniClientSignOut(url.c_str());
    Answer info;
    omniClientWait(omniClientGetServerInfo(url.c_str(), &info, on_info));
    EXPECT_EQ(info.result, OMNI_RESULT_ERROR_CONNECTION);  // signed out: refused without trying
    omniClientReconnect(url.c_str());
    omniClientSignOut("not a url at all");
}

// Only a provider with a listing cache has one to clear; no URL, no cache.
TEST(NucleusCApi, ClearListCacheTellsWhetherTheProviderHasOne) {
    EXPECT_TRUE(omniClientClearListCache("omniverse://127.0.0.1:1/folder/"));
    EXPECT_FALSE(omniClientClearListCache("file:/tmp"));
    EXPECT_FALSE(omniClientClearListCache(""));
    EXPECT_FALSE(omniClientClearListCache(nullptr));
    omniClientBypassListCache(true);
    omniClientBypassListCache(false);
}
