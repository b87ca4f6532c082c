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

TEST(BookmarkFile, ParsesOnlyPlainStringEntriesOfTheTable) {
    auto marks = bookmark_file::parse(
        "top = \"not a bookmark\"\n"
        "[bookmarks]\n"
        "a = \"1\"  # comment\n"
        "'lit key' = 'c:\\path'\n"
        "\"q\\\"k\" = \"\\u00e9\\U0001F600\"\n"
        "num = 3\n"
        "broken = \"no end\n"
        "dotted.key = \"x\"\r\n"
        "  [ other ]\n"
        "b = \"2\"\n");
    bookmark_file::Bookmarks expected{{"a", "1"}, {"lit key", "c:\\path"}, {"q\"k", "\xC3\xA9\xF0\x9F\x98\x80"}};
    EXPECT_EQ(marks, expected);
}

TEST(BookmarkFile, ReplacingKeepsEverythingElseAndRoundTrips) {
    std::string text = "# head\n[a]\nx = 1\n[bookmarks]\nold = \"o\"\n# note\n[b]\ny = 2";
    bookmark_file::Bookmarks marks{{"new one", "n\t\"\\"}, {"z", "\x01"}};
    std::string out = bookmark_file::replace(text, marks);
    EXPECT_EQ(out, "# head\n[a]\nx = 1\n[bookmarks]\n\"new one\" = \"n\\t\\\"\\\\\"\nz = \"\\u0001\"\n# note\n[b]\ny = 2");
    EXPECT_EQ(bookmark_file::parse(out), marks);
    EXPECT_EQ(bookmark_file::replace(out, marks), out);
    EXPECT_EQ(bookmark_file::replace("[b]\ny = 2", {{"k", "v"}}), "[b]\ny = 2\n\n[bookmarks]\nk = \"v\"\n");
}

TEST(BookmarkFile, UpdatesFromManyThreadsAreAllKept) {
    std::string tmpl = (fs::temp_directory_path() / "omni-bookmarks-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    std::string file = tmpl + "/config/omniverse.toml";
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) EXPECT_TRUE(bookmark_file::update(file, std::to_string(t) + "-" + std::to_string(i), "file:/x"));
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(bookmark_file::load(file).size(), 80u);
    EXPECT_TRUE(bookmark_file::update(file, "0-0", ""));
    EXPECT_EQ(bookmark_file::load(file).size(), 79u);
    EXPECT_FALSE(bookmark_file::update(file + "/below-a-file/omniverse.toml", "k", "v"));
    fs::remove_all(tmpl);
}
