// The C API's server, ACL, user and group calls: argument checks and answers without a server
// (the end-to-end paths are tested from Python against a real server process).
#include <OmniClient.h>

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

void on_info(void* user, OmniClientResult result, const OmniClientServerInfo* info) {
    ASSERT_NE(info, nullptr);
    ASSERT_NE(info->username, nullptr);
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

void on_strings(void* user, OmniClientResult result, uint64_t count, const char**) {
    EXPECT_EQ(count, 0u);
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

void on_result(void* user, OmniClientResult result) {
    auto* a = static_cast<Answer*>(user);
    a->result = result;
    ++a->calls;
}

}  // namespace

TEST(NucleusCApi, NullUrlsAreBadRequestsAndNullNamesAreAnswered) {
    Answer info;
    omniClientWait(omniClientGetServerInfo(nullptr, &info, on_info));
    EXPECT_EQ(info.result, eOmniClientResult_ErrorBadRequest);
    // On a server nothing listens on, NULL lists and names are answered like any other request.
    std::string url = "omniverse://127.0.0.1:" + std::to_string(unused_port());
    Answer acls, unnamed_acl, users, renamed;
    omniClientWait(omniClientSetAcls(url.c_str(), 1, nullptr, &acls, on_result));
    OmniClientAclEntry unnamed{nullptr, fOmniClientAccess_Read};
    omniClientWait(omniClientSetAcls(url.c_str(), 1, &unnamed, &unnamed_acl, on_result));
    omniClientWait(omniClientGetGroupUsers(url.c_str(), nullptr, &users, on_strings));
    omniClientWait(omniClientRenameGroup(url.c_str(), "a", nullptr, &renamed, on_result));
    for (Answer* a : {&acls, &unnamed_acl, &users, &renamed}) {
        EXPECT_EQ(a->calls, 1);
        EXPECT_EQ(a->result, eOmniClientResult_ErrorConnection);
    }
    omniClientSignOut(nullptr);
    omniClientReconnect(nullptr);
}

TEST(NucleusCApi, AnUnreachableServerAnswersErrorConnectionQuickly) {
    OmniClientRetryBehavior old = omniClientSetRetries(OmniClientRetryBehavior{120000, 100, 100});
    std::string url = "omniverse://127.0.0.1:" + std::to_string(unused_port());
    Answer info, users;
    auto start = std::chrono::steady_clock::now();
    OmniClientRequestId a = omniClientGetServerInfo(url.c_str(), &info, on_info);
    OmniClientRequestId b = omniClientGetUsers(url.c_str(), &users, on_strings);
    ASSERT_NE(a, 0u);
    omniClientWait(a);
    omniClientWait(b);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_EQ(info.calls, 1);
    EXPECT_EQ(info.result, eOmniClientResult_ErrorConnection);
    EXPECT_EQ(users.result, eOmniClientResult_ErrorConnection);
    omniClientSetRetries(old);
}

TEST(NucleusCApi, OtherSchemesDoNotServeUsersAndGroups) {
    Answer created;
    omniClientWait(omniClientCreateGroup("file:///tmp", "g", &created, on_result));
    EXPECT_EQ(created.result, eOmniClientResult_ErrorNotSupported);
}

TEST(NucleusCApi, SignOutThenReconnectOfAnUnknownServerDoNotCrash) {
    std::string url = "omniverse://127.0.0.1:" + std::to_string(unused_port());
    omniClientSignOut(url.c_str());
    Answer info;
    omniClientWait(omniClientGetServerInfo(url.c_str(), &info, on_info));
    EXPECT_EQ(info.result, eOmniClientResult_ErrorConnection);  // signed out: refused without trying
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
