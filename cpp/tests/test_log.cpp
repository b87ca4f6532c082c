// The log: level names and numbers, repeated messages told once with their count, and URLs shown
// without their secrets.
#include "core/log.h"
#include "core/request_log.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

using namespace omniclient;

TEST(Log, LevelsAreNamedInAnyCaseOrNumbered) {
    EXPECT_EQ(parse_log_level("verbose"), OMNI_LOG_VERBOSE);
    EXPECT_EQ(parse_log_level("Warning"), OMNI_LOG_WARNING);
    EXPECT_EQ(parse_log_level("WARN"), OMNI_LOG_WARNING);
    EXPECT_EQ(parse_log_level("0"), OMNI_LOG_DEBUG);
    EXPECT_EQ(parse_log_level("4"), OMNI_LOG_ERROR);
    EXPECT_EQ(parse_log_level("5"), std::nullopt);
    EXPECT_EQ(parse_log_level("loud"), std::nullopt);
    EXPECT_EQ(parse_log_level(""), std::nullopt);
}

TEST(Log, AMessageRepeatedRightAfterItselfIsToldOnceThenCounted) {
    std::mutex mu;
    std::vector<std::string> got;
    set_log_callback([&](const std::string&, const std::string&, OmniLogLevel, const std::string& message) {
        std::lock_guard lock(mu);
        got.push_back(message);
    });
    for (int i = 0; i < 15; ++i) log(OMNI_LOG_WARNING, "test", "the server went away");
    log(OMNI_LOG_WARNING, "test", "something else");
    log(OMNI_LOG_WARNING, "test", "something else");
    log(OMNI_LOG_ERROR, "test", "something else");  // another level is another message
    flush_log();
    set_log_callback(nullptr);
    std::lock_guard lock(mu);
    EXPECT_EQ(got, (std::vector<std::string>{"the server went away", "the server went away (repeated 14 more times)", "something else",
                                             "something else (repeated once more)", "something else"}));
}

TEST(Log, UrlsAreShownWithoutPasswordsOrSignatures) {
    EXPECT_EQ(url_for_log("omniverse://alice:secret@host/a.usd"), "omniverse://alice:***@host/a.usd");
    EXPECT_EQ(url_for_log("https://acct.blob.core.windows.net/c/a?sv=2020&sig=abc%2Bdef&se=1"),
              "https://acct.blob.core.windows.net/c/a?sv=2020&sig=***&se=1");
    EXPECT_EQ(url_for_log("omniverse://alice@host/a.usd"), "omniverse://alice@host/a.usd");
    EXPECT_EQ(url_for_log("/tmp/a b.usd"), "/tmp/a b.usd");
}

TEST(Log, ResultsAreNamedAsPythonNamesThem) {
    EXPECT_STREQ(result_name(OMNI_RESULT_OK), "OK");
    EXPECT_STREQ(result_name(OMNI_RESULT_ERROR_NOT_FOUND), "ERROR_NOT_FOUND");
    EXPECT_STREQ(result_name(OMNI_RESULT_ERROR_UNSUPPORTED_VERSION), "ERROR_UNSUPPORTED_VERSION");
}
