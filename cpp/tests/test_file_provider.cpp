// The file provider through the core's operations: answers, errors, and what is left on disk.
#include "core/operations.h"
#include "core/resolve.h"
#include "providers/file/fs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using namespace omniclient;
namespace fs = std::filesystem;

namespace {

class FileProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "omni-file-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir = tmpl;
    }
    void TearDown() override { fs::remove_all(dir); }

    std::string p(const std::string& name) const { return dir + "/" + name; }
    static void put(const std::string& path, const std::string& data) {
        fs::create_directories(fs::path(path).parent_path());
        std::ofstream(path, std::ios::binary) << data;
    }
    static std::string get(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    // Blocking forms of the operations (Direct delivery on this thread).
    static StatResult stat(const std::string& url) {
        StatResult out;
        ops::stat(url, OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [&](StatResult&& a) { out = std::move(a); })->wait();
        return out;
    }
    static Result write(const std::string& url, const std::string& data) {
        WriteArgs args;
        args.content = Content::from_vector(std::vector<uint8_t>(data.begin(), data.end()));
        Result r = OMNI_RESULT_ERROR;
        ops::write_file(url, std::move(args), Delivery::Direct, [&](WriteResult&& a) { r = a.result; })->wait();
        return r;
    }
    static ReadResult read(const std::string& url) {
        ReadResult out;
        ops::read_file(url, Delivery::Direct, [&](ReadResult&& a) { out = std::move(a); })->wait();
        return out;
    }
    static Result copy(const std::string& a, const std::string& b, OmniCopyBehavior behavior = OMNI_COPY_ERROR_IF_EXISTS) {
        Result r = OMNI_RESULT_ERROR;
        ops::copy(a, b, CopyArgs{behavior, {}, CopyKind::Any}, Delivery::Direct, [&](ResultOnly&& x) { r = x.result; })->wait();
        return r;
    }
    static MoveResult move(const std::string& a, const std::string& b, OmniCopyBehavior behavior = OMNI_COPY_ERROR_IF_EXISTS) {
        MoveResult r;
        ops::move(a, b, CopyArgs{behavior, {}, CopyKind::Any}, Delivery::Direct, [&](MoveResult&& x) { r = x; })->wait();
        return r;
    }
    static Result remove(const std::string& url, bool recursive) {
        Result r = OMNI_RESULT_ERROR;
        ops::remove(url, recursive, Delivery::Direct, [&](ResultOnly&& x) { r = x.result; })->wait();
        return r;
    }

    std::string dir;
};

}  // namespace

TEST_F(FileProviderTest, StatFileFolderAndErrors) {
    put(p("a.txt"), "hello");
    StatResult s = stat(p("a.txt"));
    EXPECT_EQ(s.result, OMNI_RESULT_OK);
    EXPECT_EQ(s.entry.relative_path, "a.txt");
    EXPECT_EQ(s.entry.flags, 3u);
    EXPECT_EQ(s.entry.access, 7u);
    EXPECT_EQ(s.entry.size, 5u);
    EXPECT_GT(s.entry.modified_time, 0);
    EXPECT_EQ(stat("file:" + dir).entry.flags, 4u);
    EXPECT_EQ(stat(p("missing")).result, OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_EQ(stat(p("a.txt/x")).result, OMNI_RESULT_ERROR_WRONG_TYPE);
    EXPECT_EQ(stat("file:").result, OMNI_RESULT_ERROR_NOT_FOUND);
}

TEST_F(FileProviderTest, WriteReadReplaceAtomically) {
    EXPECT_EQ(write(p("n/m/f.bin"), std::string("a\0b", 3)), OMNI_RESULT_OK);
    ReadResult r = read(p("n/m/f.bin"));
    ASSERT_EQ(r.result, OMNI_RESULT_OK);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(r.content.data()), r.content.size()), std::string("a\0b", 3));
    EXPECT_EQ(write(p("n/m/f.bin"), "second"), OMNI_RESULT_OK);
    EXPECT_EQ(get(p("n/m/f.bin")), "second");
    EXPECT_EQ(read(p("n")).result, OMNI_RESULT_ERROR);
    EXPECT_EQ(write(p("n"), "x"), OMNI_RESULT_ERROR_WRONG_TYPE);
    EXPECT_EQ(write(p("n/m/f.bin/x"), "x"), OMNI_RESULT_ERROR_WRONG_TYPE);
    // Only the file: no temporary file is left in its folder.
    EXPECT_EQ(std::distance(fs::directory_iterator(p("n/m")), fs::directory_iterator()), 1);
}

TEST_F(FileProviderTest, ListHidesTemporaryFiles) {
    put(p("a"), "1");
    put(p(".omni-tmp-0123456789abcdef"), "partial");
    ListResult l;
    ops::list(dir, OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [&](ListResult&& a) { l = std::move(a); })->wait();
    ASSERT_EQ(l.result, OMNI_RESULT_OK);
    ASSERT_EQ(l.entries.size(), 1u);
    EXPECT_EQ(l.entries[0].relative_path, "a");
}

TEST_F(FileProviderTest, CopyMoveDelete) {
    put(p("F/1"), "1");
    put(p("F/s/2"), "2");
    EXPECT_EQ(copy(p("F"), p("G")), OMNI_RESULT_OK);
    EXPECT_EQ(get(p("G/s/2")), "2");
    EXPECT_EQ(copy(p("F"), p("F"), OMNI_COPY_OVERWRITE), OMNI_RESULT_ERROR_SOURCE_IS_DEST);
    EXPECT_EQ(copy(p("F/1"), p("F/1"), OMNI_COPY_OVERWRITE), OMNI_RESULT_ERROR_SOURCE_IS_DEST);
    EXPECT_EQ(get(p("F/1")), "1");
    MoveResult m = move(p("G"), p("G/inside"));
    EXPECT_EQ(m.result, OMNI_RESULT_ERROR_SOURCE_IS_DEST);
    m = move(p("G"), p("H/J"));
    EXPECT_EQ(m.result, OMNI_RESULT_OK);
    EXPECT_FALSE(m.copied);
    EXPECT_EQ(get(p("H/J/1")), "1");
    EXPECT_EQ(remove(p("H"), false), OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY);
    EXPECT_EQ(remove(p("H"), true), OMNI_RESULT_OK);
    EXPECT_EQ(remove(p("H"), true), OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_FALSE(fs::exists(p("H")));
}

TEST_F(FileProviderTest, ErrnoMapping) {
    EXPECT_EQ(file::from_errno(ENOENT), OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_EQ(file::from_errno(ENOTDIR), OMNI_RESULT_ERROR_WRONG_TYPE);
    EXPECT_EQ(file::from_errno(EACCES), OMNI_RESULT_ERROR_ACCESS_DENIED);
    EXPECT_EQ(file::from_errno(EROFS), OMNI_RESULT_ERROR_ACCESS_DENIED);
    EXPECT_EQ(file::from_errno(EEXIST), OMNI_RESULT_ERROR_ALREADY_EXISTS);
    EXPECT_EQ(file::from_errno(ENOTEMPTY), OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY);
    EXPECT_EQ(file::from_errno(ENAMETOOLONG), OMNI_RESULT_ERROR);
}

TEST_F(FileProviderTest, UnsupportedOperationsAreRefusedByTheCore) {
    put(p("a"), "1");
    Result r = OMNI_RESULT_OK;
    ops::lock(p("a"), Delivery::Direct, [&](ResultOnly&& a) { r = a.result; })->wait();
    EXPECT_EQ(r, OMNI_RESULT_ERROR_NOT_SUPPORTED);
    ops::undelete(p("a"), Delivery::Direct, [&](ResultOnly&& a) { r = a.result; })->wait();
    EXPECT_EQ(r, OMNI_RESULT_ERROR_NOT_SUPPORTED);
}

TEST_F(FileProviderTest, ResolveCandidatesInOrder) {
    auto c = ops::resolve_candidates("x.usd", {"/s1", "/s2/"});
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[1], "/s1/x.usd");
    EXPECT_EQ(c[2], "/s2/x.usd");
    EXPECT_EQ(ops::resolve_candidates("/abs/x.usd", {"/s1"}), std::vector<std::string>{"/abs/x.usd"});
    EXPECT_EQ(ops::resolve_candidates("./x.usd", {"/s1"}).size(), 1u);
}

TEST_F(FileProviderTest, StatSubscriptionSeesAChangeAndStopsCleanly) {
    std::mutex mu;
    std::vector<std::pair<Result, OmniListEvent>> events;
    std::atomic<int> firsts{0};
    auto sub = ops::stat_subscribe(
        p("w"), OMNI_LIST_NO_DELETED_FILES,
        [&](StatResult&& a) {
            EXPECT_EQ(a.result, OMNI_RESULT_OK_NOT_YET_FOUND);
            ++firsts;
        },
        [&](ListEventResult&& e) {
            std::lock_guard lock(mu);
            events.emplace_back(e.result, e.event);
        });
    for (int i = 0; i < 500 && firsts == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(firsts.load(), 1);
    put(p("w"), "x");
    for (int i = 0; i < 500; ++i) {
        {
            std::lock_guard lock(mu);
            if (!events.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    {
        std::lock_guard lock(mu);
        ASSERT_FALSE(events.empty());
        EXPECT_EQ(events.front(), std::make_pair(OMNI_RESULT_OK, OMNI_LIST_EVENT_CREATED));
    }
    sub->stop();
    sub->wait();
    EXPECT_TRUE(sub->is_finished());
    Runtime::shutdown();  // joins the watcher thread
}
