// The URL functions of the C API: buffer-size protocol, NULL handling, OmniClientUrl lifetime.
#include <OmniClient.h>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

namespace {

// Calls a buffer-size function twice, as a C program would: once to size, once to fill.
template <class F>
std::string call(F f) {
    size_t size = 0;
    EXPECT_EQ(f(nullptr, &size), nullptr);
    std::string buffer(size, '\x7f');
    size_t filled = size;
    char* r = f(buffer.data(), &filled);
    EXPECT_EQ(r, buffer.data());
    EXPECT_EQ(filled, size);
    EXPECT_EQ(buffer.back(), '\0');
    buffer.pop_back();
    return buffer;
}

}  // namespace

TEST(UrlCapi, NormalizeBufferProtocol) {
    const char* in = "OMNIVERSE://Host:3009/a/./b/../c d";
    const std::string expected = "omniverse://host:3009/a/c%20d";
    char small[8];
    size_t size = sizeof(small);
    EXPECT_EQ(omniClientNormalizeUrl(in, small, &size), nullptr);
    EXPECT_EQ(size, expected.size() + 1);
    char exact[64];
    size = expected.size() + 1;
    EXPECT_EQ(omniClientNormalizeUrl(in, exact, &size), exact);
    EXPECT_EQ(std::string(exact), expected);
    size = expected.size();  // one short: the NUL does not fit
    EXPECT_EQ(omniClientNormalizeUrl(in, exact, &size), nullptr);
    EXPECT_EQ(size, expected.size() + 1);
    EXPECT_EQ(omniClientNormalizeUrl(in, exact, nullptr), nullptr);
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientNormalizeUrl(nullptr, b, s); }), "");
}

TEST(UrlCapi, BreakUrl) {
    OmniClientUrl* u = omniClientBreakUrl("omni://user@Host:1/a%20b?q#f");
    ASSERT_NE(u, nullptr);
    EXPECT_STREQ(u->scheme, "omniverse");
    EXPECT_STREQ(u->user, "user");
    EXPECT_STREQ(u->host, "host");
    EXPECT_STREQ(u->port, "1");
    EXPECT_STREQ(u->path, "/a b");
    EXPECT_STREQ(u->query, "q");
    EXPECT_STREQ(u->fragment, "f");
    EXPECT_FALSE(u->isRaw);
    omniClientFreeUrl(u);

    u = omniClientBreakUrl("/tmp/a?b#c");
    ASSERT_NE(u, nullptr);
    EXPECT_TRUE(u->isRaw);
    EXPECT_STREQ(u->path, "/tmp/a?b#c");
    EXPECT_EQ(u->scheme, nullptr);
    EXPECT_EQ(u->query, nullptr);
    omniClientFreeUrl(u);

    u = omniClientBreakUrlReference("omni:/a?x");
    ASSERT_NE(u, nullptr);
    EXPECT_STREQ(u->scheme, "omni");
    EXPECT_EQ(u->host, nullptr);
    omniClientFreeUrl(u);

    u = omniClientBreakUrl(nullptr);
    ASSERT_NE(u, nullptr);
    EXPECT_STREQ(u->path, "");
    omniClientFreeUrl(u);
    omniClientFreeUrl(nullptr);
}

TEST(UrlCapi, MakeUrl) {
    OmniClientUrl parts{};
    parts.scheme = "http";
    parts.host = "h";
    parts.port = "80";
    parts.path = "/a b";
    parts.query = "x y";
    EXPECT_EQ(call([&](char* b, size_t* s) { return omniClientMakeUrl(&parts, b, s); }), "http://h/a%20b?x%20y");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakeUrl(nullptr, b, s); }), "");
}

TEST(UrlCapi, CombineRelativeFilePrintable) {
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientCombineUrls("omniverse://h/a/b", "../c", b, s); }),
              "omniverse://h/c");
    EXPECT_EQ(call([](char* b, size_t* s) {
                  return omniClientMakeRelativeUrl("omniverse://h/a/b", "omniverse://h/x/y", b, s);
              }),
              "../x/y");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakeFileUrl("/a b#c", b, s); }), "file:/a%20b%23c");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakePrintable("a\nb\xff", b, s); }), "a%0Ab%FF");
}

TEST(UrlCapi, AppendChild) {
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientAppendChild("omniverse://h/a?q", "b/c", b, s); }),
              "omniverse://h/a/b%2Fc?q");
    char buffer[32];
    size_t size = sizeof(buffer);
    EXPECT_EQ(omniClientAppendChild("omniverse://h/a", "..", buffer, &size), nullptr);
    EXPECT_EQ(size, 0u);
    size = sizeof(buffer);
    EXPECT_EQ(omniClientAppendChild(nullptr, "b", buffer, &size), nullptr);
    EXPECT_EQ(size, 0u);
}

TEST(UrlCapi, StructResultsOfCombine) {
    OmniClientUrl* base = omniClientBreakUrl("omniverse://h/a/b");
    OmniClientUrl* combined = omniClientCombineUrls2(base, "../c?x");
    ASSERT_NE(combined, nullptr);
    EXPECT_STREQ(combined->host, "h");
    EXPECT_STREQ(combined->path, "/c");
    EXPECT_STREQ(combined->query, "x");
    omniClientFreeUrl(combined);
    omniClientFreeUrl(base);
    combined = omniClientCombineUrls2(nullptr, nullptr);
    ASSERT_NE(combined, nullptr);
    omniClientFreeUrl(combined);

    omniClientPushBaseUrl("omniverse://h/base/");
    combined = omniClientCombineWithBaseUrl2("x");
    ASSERT_NE(combined, nullptr);
    EXPECT_STREQ(combined->path, "/base/x");
    omniClientFreeUrl(combined);
    EXPECT_TRUE(omniClientPopBaseUrl("omniverse://h/base/"));
}

TEST(UrlCapi, BaseUrlStack) {
    EXPECT_EQ(omniClientGetBaseUrl(), nullptr);
    omniClientPushBaseUrl("omniverse://h/base/");
    EXPECT_STREQ(omniClientGetBaseUrl(), "omniverse://h/base/");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientCombineWithBaseUrl("x", b, s); }), "omniverse://h/base/x");
    bool popped_elsewhere = true;
    std::thread([&] { popped_elsewhere = omniClientPopBaseUrl("omniverse://h/base/"); }).join();
    EXPECT_FALSE(popped_elsewhere);
    EXPECT_FALSE(omniClientPopBaseUrl("omniverse://h/other/"));
    EXPECT_TRUE(omniClientPopBaseUrl("omniverse://h/base/"));
    EXPECT_EQ(omniClientGetBaseUrl(), nullptr);
}

TEST(UrlCapi, AliasesAndQueries) {
    // An alias redirects operations: "capi-alias:" names the root folder while it is set.
    static std::atomic<int> result{-1};
    auto on_stat = [](void*, OmniClientResult r, const OmniClientListEntry*) { result = r; };
    omniClientSetAlias("capi-alias:", "file:/");
    omniClientWait(omniClientStat("capi-alias:tmp", nullptr, on_stat));
    EXPECT_EQ(result.load(), eOmniClientResult_Ok);
    // ... and the URL functions expand it too, as the original's do.
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientNormalizeUrl("capi-alias:a/../b", b, s); }), "file:/b");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientCombineUrls("capi-alias:a/", "c", b, s); }), "file:/a/c");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakeRelativeUrl("file:/a/", "capi-alias:a/c", b, s); }), "./c");
    OmniClientUrl* broken = omniClientBreakUrl("capi-alias:d");
    ASSERT_NE(broken, nullptr);
    EXPECT_STREQ(broken->scheme, "file");
    EXPECT_STREQ(broken->path, "/d");
    omniClientFreeUrl(broken);
    omniClientSetAlias("capi-alias:", nullptr);
    omniClientWait(omniClientStat("capi-alias:tmp", nullptr, on_stat));
    EXPECT_EQ(result.load(), eOmniClientResult_ErrorNotSupported);
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientNormalizeUrl("capi-alias:b", b, s); }), "capi-alias:b");

    OmniClientBranchAndCheckpoint* parsed = omniClientGetBranchAndCheckpointFromQuery("main&7");
    ASSERT_NE(parsed, nullptr);
    EXPECT_STREQ(parsed->branch, "main");
    EXPECT_EQ(parsed->checkpoint, 7u);
    omniClientFreeBranchAndCheckpoint(parsed);
    parsed = omniClientGetBranchAndCheckpointFromQuery(nullptr);
    ASSERT_NE(parsed, nullptr);
    EXPECT_STREQ(parsed->branch, "");
    EXPECT_EQ(parsed->checkpoint, 0u);
    omniClientFreeBranchAndCheckpoint(parsed);
    parsed = omniClientGetBranchAndCheckpointFromQuery("default&2");  // the default branch is ""
    ASSERT_NE(parsed, nullptr);
    EXPECT_STREQ(parsed->branch, "");
    EXPECT_EQ(parsed->checkpoint, 2u);
    omniClientFreeBranchAndCheckpoint(parsed);
    omniClientFreeBranchAndCheckpoint(nullptr);
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakeQueryFromBranchAndCheckpoint("x", 3, b, s); }), "x&3");
    EXPECT_EQ(call([](char* b, size_t* s) { return omniClientMakeQueryFromBranchAndCheckpoint("x", 0, b, s); }), "x");
}
