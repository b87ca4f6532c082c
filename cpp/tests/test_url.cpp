// The URL core against the table observed from the original (tests/url/cases.json), plus the
// stateful parts (base URL stack, aliases) and bad input.
#include "url/url.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

namespace url = omniclient::url;
using nlohmann::json;

namespace {

const json& cases() {
    static const json table = [] {
        auto path = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "tests" / "url" / "cases.json";
        std::ifstream in(path);
        return json::parse(in);
    }();
    return table;
}

std::optional<std::string> opt(const json& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<std::string>();
}

// Python's str() of a field fails on invalid UTF-8; the table then records an error object.
bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        if (len == 3 && c == 0xed && static_cast<unsigned char>(s[i + 1]) >= 0xa0) return false;
        i += len;
    }
    return true;
}

void expect_url(const url::Url& u, const json& expected, const std::string& input) {
    const std::optional<std::string>* fields[] = {&u.scheme, &u.user, &u.host, &u.port, &u.path, &u.query, &u.fragment};
    for (size_t i = 0; i < 7; ++i) {
        const json& e = expected[i];
        if (e.is_object()) {
            ASSERT_TRUE(fields[i]->has_value()) << input << " field " << i;
            EXPECT_FALSE(valid_utf8(**fields[i])) << input << " field " << i;
        } else {
            EXPECT_EQ(*fields[i], opt(e)) << input << " field " << i;
        }
    }
    EXPECT_EQ(u.is_raw, expected[7].get<bool>()) << input;
}

// An observed string result; where Python could not decode the original's result (invalid UTF-8),
// ours must not be valid UTF-8 either.
void expect_out(const json& result, const std::string& actual, const std::string& what) {
    if (result.contains("error")) {
        EXPECT_EQ(result.at("error"), "UnicodeDecodeError") << what;
        EXPECT_FALSE(valid_utf8(actual)) << what;
    } else {
        EXPECT_EQ(actual, result.at("out").get<std::string>()) << what;
    }
}

std::string out(const json& result) { return result.at("out").get<std::string>(); }

}  // namespace

TEST(UrlTable, Parse) {
    size_t n = 0;
    for (const auto& c : cases().at("parse")) {
        std::string in = c.at("in");
        expect_url(url::break_url(in), c.at("break").at("out"), in);
        expect_url(url::break_url_reference(in), c.at("ref").at("out"), in);
        expect_out(c.at("norm"), url::normalize_url(in), in);
        ++n;
    }
    EXPECT_GT(n, 1000u);
}

TEST(UrlTable, MakeUrl) {
    for (const auto& c : cases().at("make_url")) {
        const json& in = c.at("in");
        url::Url u;
        auto field = [&in](const char* name) { return in.contains(name) ? opt(in.at(name)) : std::nullopt; };
        u.scheme = field("scheme");
        u.user = field("user");
        u.host = field("host");
        u.port = field("port");
        u.path = field("path");
        u.query = field("query");
        u.fragment = field("fragment");
        EXPECT_EQ(url::make_url(u), out(c.at("result"))) << in.dump();
    }
}

TEST(UrlTable, Combine) {
    for (const auto& c : cases().at("combine"))
        expect_out(c.at("result"), url::combine_urls(c.at("base").get<std::string>(), c.at("other").get<std::string>()),
                   c.at("base").dump() + " + " + c.at("other").dump());
}

TEST(UrlTable, Relative) {
    for (const auto& c : cases().at("relative"))
        expect_out(c.at("result"),
                   url::make_relative_url(c.at("base").get<std::string>(), c.at("other").get<std::string>()),
                   c.at("base").dump() + " -> " + c.at("other").dump());
}

TEST(UrlTable, FileUrlPrintableJoin) {
    for (const auto& c : cases().at("file_url"))
        EXPECT_EQ(url::make_file_url(c.at("in").get<std::string>()), out(c.at("result"))) << c.at("in");
    for (const auto& c : cases().at("printable"))
        EXPECT_EQ(url::make_printable(c.at("in").get<std::string>()), out(c.at("result"))) << c.at("in");
    for (const auto& c : cases().at("join")) {
        auto joined = url::join(c.at("base").get<std::string>(), c.at("name").get<std::string>());
        if (c.at("result").value("error", "") == "ValueError") EXPECT_FALSE(joined) << c.at("base") << " / " << c.at("name");
        else if (joined) expect_out(c.at("result"), *joined, c.at("base").dump() + " / " + c.at("name").dump());
        else ADD_FAILURE() << c.at("base") << " / " << c.at("name");
    }
}

TEST(UrlTable, BranchAndCheckpoint) {
    for (const auto& c : cases().at("branch_checkpoint")) {
        auto [branch, checkpoint] = url::get_branch_and_checkpoint_from_query(c.at("in").get<std::string>());
        if (c.at("result").contains("error")) {
            EXPECT_FALSE(valid_utf8(branch)) << c.at("in");
            continue;
        }
        EXPECT_EQ(branch, c.at("result").at("out")[0].get<std::string>()) << c.at("in");
        EXPECT_EQ(checkpoint, c.at("result").at("out")[1].get<uint64_t>()) << c.at("in");
    }
    for (const auto& c : cases().at("make_query"))
        EXPECT_EQ(url::make_query_from_branch_and_checkpoint(c.at("branch").get<std::string>(),
                                                             c.at("checkpoint").get<uint64_t>()),
                  out(c.at("result")));
}

TEST(Url, NulEndsTheInput) {
    std::string with_nul("omniverse://h/a\0b", 17);
    EXPECT_EQ(url::normalize_url(with_nul), "omniverse://h/a");
    EXPECT_EQ(url::break_url(with_nul).path, "/a");
    // A decoded NUL ends a decoded field but stays escaped when recomposed.
    EXPECT_EQ(url::break_url("omniverse://h/a%00b").path, "/a");
    EXPECT_EQ(url::normalize_url("omniverse://h/a%00b"), "omniverse://h/a%00b");
}

TEST(Url, HugeInputs) {
    std::string deep = "omniverse://h/";
    for (int i = 0; i < 100000; ++i) deep += "../a/";
    EXPECT_EQ(url::normalize_url(deep).substr(0, 16), "omniverse://h/a/");
    std::string wide(1 << 20, '%');
    EXPECT_EQ(url::normalize_url("omniverse://h/" + wide).size(), 14 + 3 * wide.size());
    EXPECT_EQ(url::make_printable(wide).size(), 3 * wide.size());
}

TEST(Url, BaseUrlStackIsPerThread) {
    EXPECT_FALSE(url::get_base_url());
    EXPECT_FALSE(url::pop_base_url("x"));
    url::push_base_url("omniverse://h/a/");
    url::push_base_url("omniverse://h/b/");
    EXPECT_EQ(url::combine_with_base_url("c"), "omniverse://h/b/c");
    std::optional<std::string> other_thread;
    std::thread([&] { other_thread = url::get_base_url(); }).join();
    EXPECT_FALSE(other_thread);
    EXPECT_FALSE(url::pop_base_url("omniverse://h/a/"));  // not the top
    EXPECT_TRUE(url::pop_base_url("omniverse://h/b/"));
    EXPECT_EQ(url::get_base_url(), "omniverse://h/a/");
    EXPECT_TRUE(url::pop_base_url("omniverse://h/a/"));
    EXPECT_FALSE(url::get_base_url());
}

TEST(Url, NoBaseResolvesAgainstWorkingDirectory) {
    std::string cwd = std::filesystem::current_path().string();
    EXPECT_EQ(url::combine_with_base_url("x y"), cwd + "/x y");
    EXPECT_EQ(url::combine_with_base_url("omni://h/a"), "omniverse://h/a");
}

TEST(Url, Aliases) {
    url::set_alias("test-home:", "/data/home/");
    EXPECT_EQ(url::apply_aliases("test-home:a.usd"), "/data/home/a.usd");
    EXPECT_EQ(url::apply_aliases("TEST-HOME:a.usd"), "TEST-HOME:a.usd");  // exact prefix only
    EXPECT_EQ(url::apply_aliases("x/test-home:a.usd"), "x/test-home:a.usd");
    // "omni:" is spelled out before matching; aliases chain, and loops stop.
    url::set_alias("omniverse://test-srv/", "test-home:");
    EXPECT_EQ(url::apply_aliases("omni://test-srv/b"), "/data/home/b");
    url::set_alias("test-a:", "test-b:");
    url::set_alias("test-b:", "test-a:");
    EXPECT_EQ(url::apply_aliases("test-a:x"), "test-a:x");
    // The longest alias wins.
    url::set_alias("test-home:deep/", "/elsewhere/");
    EXPECT_EQ(url::apply_aliases("test-home:deep/x"), "/elsewhere/x");
    url::set_alias("test-home:", "");
    EXPECT_EQ(url::apply_aliases("test-home:a"), "a");
    for (const char* a : {"test-home:", "omniverse://test-srv/", "test-a:", "test-b:", "test-home:deep/"})
        url::remove_alias(a);
    EXPECT_EQ(url::apply_aliases("test-home:a"), "test-home:a");
}
