// The [bookmarks] table of the Omniverse configuration file: reading, rewriting, and updates
// from several threads at once.
#include "core/bookmark_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

using namespace omniclient;
namespace fs = std::filesystem;

TEST(BookmarkFile, ParsesOnlyStringEntriesOfTheTable) {
    auto marks = bookmark_file::parse(
        "top = \"not a bookmark\"\n"
        "[bookmarks]\n"
        "a = \"1\"  # comment\n"
        "'lit key' = 'c:\\path'\n"
        "\"q\\\"k\" = \"\\u00e9\\U0001F600\"\n"
        "num = 3\n"
        "dotted.key = \"x\"\r\n"
        "  [ other ]\n"
        "b = \"2\"\n");
    bookmark_file::Bookmarks expected{{"a", "1"}, {"lit key", "c:\\path"}, {"q\"k", "\xC3\xA9\xF0\x9F\x98\x80"}};
    EXPECT_EQ(marks, expected);
}

std::string replaced(std::string_view text, const bookmark_file::Bookmarks& marks) {
    std::string error;
    auto out = bookmark_file::replace(text, marks, error);
    EXPECT_TRUE(out) << error;
    if (out) {
        EXPECT_EQ(bookmark_file::parse(*out), marks) << *out;
    }
    return out.value_or("");
}

TEST(BookmarkFile, ReplacingKeepsEverythingElseAndRoundTrips) {
    std::string text = "# head\n[a]\nx = 1\n[bookmarks]\nold = \"o\"\n# note\n[b]\ny = 2";
    bookmark_file::Bookmarks marks{{"new one", "n\t\"\\"}, {"z", "\x01"}};
    std::string out = replaced(text, marks);
    EXPECT_EQ(out, "# head\n[a]\nx = 1\n[bookmarks]\n\"new one\" = \"n\\t\\\"\\\\\"\nz = \"\\u0001\"\n# note\n[b]\ny = 2");
    EXPECT_EQ(replaced(out, marks), out);
    EXPECT_EQ(replaced("[b]\ny = 2", {{"k", "v"}}), "[b]\ny = 2\n\n[bookmarks]\nk = \"v\"\n");
}

// Every way TOML can spell the table: each is read, and edited in its own form.
TEST(BookmarkFile, EveryFormOfTheTableIsReadAndEditedInPlace) {
    bookmark_file::Bookmarks two{{"a", "x"}, {"new", "n"}};
    struct Case {
        const char* text;
        bookmark_file::Bookmarks before;
        const char* after;  // with `two` as the bookmarks
    } cases[] = {
        // header, spelt with spaces, quotes and a comment; a header on the last line
        {"[ \"bookmarks\" ] # mine\na = \"x\"\n", {{"a", "x"}}, "[ \"bookmarks\" ] # mine\na = \"x\"\nnew = \"n\"\n"},
        {"[bookmarks]", {}, "[bookmarks]\na = \"x\"\nnew = \"n\"\n"},
        // inline table, with an entry that is not a bookmark, and with non-ASCII text before it
        {"t = 1\nbookmarks = { a = 'x', n = 3 } # c\n[o]\n", {{"a", "x"}},
         "t = 1\nbookmarks = { a = \"x\", new = \"n\", n = 3 } # c\n[o]\n"},
        {"\"é\" = \"ü\"\nbookmarks = {}\n", {}, "\"é\" = \"ü\"\nbookmarks = { a = \"x\", new = \"n\" }\n"},
        // dotted keys, with a nested table that is not a bookmark and a multi-line string
        {"t = 1\nbookmarks.a = \"\"\"\nold\"\"\"\nbookmarks.sub.x = 1\nbookmarks . b = 'y'\n[o]\n", {{"a", "old"}, {"b", "y"}},
         "t = 1\nbookmarks.a = \"x\"\nbookmarks.new = \"n\"\nbookmarks.sub.x = 1\n[o]\n"},
        // a table of other tables only
        {"[bookmarks.sub]\nx = 1\n", {}, "[bookmarks.sub]\nx = 1\n\n[bookmarks]\na = \"x\"\nnew = \"n\"\n"},
        // CRLF line ends are kept
        {"[bookmarks]\r\na = \"x\"\r\n[o]\r\n", {{"a", "x"}}, "[bookmarks]\r\na = \"x\"\nnew = \"n\"\n[o]\r\n"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(bookmark_file::parse(c.text), c.before) << c.text;
        EXPECT_EQ(replaced(c.text, two), c.after) << c.text;
    }
}

TEST(BookmarkFile, InvalidTomlIsNeitherReadNorRewritten) {
    for (const char* text : {"[bookmarks]\na = \"x\"\n[bookmarks]\nb = \"y\"\n", "[bookmarks]\nbroken = \"no end\n", "bookmarks = 3\n"}) {
        std::string error;
        EXPECT_FALSE(bookmark_file::replace(text, {{"k", "v"}}, error)) << text;
        EXPECT_FALSE(error.empty());
    }
    EXPECT_TRUE(bookmark_file::parse("[bookmarks]\na = \"x\"\n[bookmarks]\nb = \"y\"\n").empty());
    std::string error;
    EXPECT_FALSE(bookmark_file::replace("", {{"\xff", "v"}}, error));  // bytes that are not UTF-8 text
    EXPECT_FALSE(bookmark_file::replace("", {{"k", "\xC3"}}, error));
    EXPECT_TRUE(bookmark_file::replace("", {{"\xC3\xA9", "\xF0\x9F\x98\x80"}}, error));
}

TEST(BookmarkFile, UpdatesFromManyThreadsAreAllKept) {
    std::string tmpl = (fs::temp_directory_path() / "omni-bookmarks-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    std::string file = tmpl + "/config/omniverse.toml";
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::string error;
            for (int i = 0; i < 20; ++i) EXPECT_TRUE(bookmark_file::update(file, std::to_string(t) + "-" + std::to_string(i), "file:/x", error)) << error;
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(bookmark_file::load(file).size(), 80u);
    std::string error;
    EXPECT_TRUE(bookmark_file::update(file, "0-0", "", error));
    EXPECT_EQ(bookmark_file::load(file).size(), 79u);
    EXPECT_FALSE(bookmark_file::update(file + "/below-a-file/omniverse.toml", "k", "v", error));
    fs::remove_all(tmpl);
}
