// The file provider through the core's operations: answers, errors, and what is left on disk.
#include "core/operations.h"
#include "core/resolve.h"
#include "core/runtime.h"
#include "providers/file/fs.h"
#include "providers/file/release_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <unistd.h>

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

namespace {
size_t open_descriptors() { return static_cast<size_t>(std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator())); }
}  // namespace

// Replaced files are closed later, on the queue's thread; at most kMaxPending at a time, all of
// them by stop().
// Copies read a file in parts: each part tells which content of the file it is from.
TEST_F(FileProviderTest, APartReadTellsWhichContentOfTheFileItIsFrom) {
    put(p("a"), "first content");
    auto part = [&](uint64_t offset, std::string& version) {
        Content content;
        EXPECT_EQ(file::read_range(p("a"), offset, 5, content, version), OMNI_RESULT_OK);
        return std::string(content.data(), content.data() + content.size());
    };
    std::string v1, v1_again, replaced, appended;
    EXPECT_EQ(part(0, v1), "first");
    EXPECT_EQ(part(6, v1_again), "conte");
    EXPECT_FALSE(v1.empty());
    EXPECT_EQ(v1, v1_again);
    ASSERT_EQ(write("file:" + p("a"), "other content"), OMNI_RESULT_OK);  // a new file in its place
    EXPECT_EQ(part(6, replaced), "conte");
    EXPECT_NE(replaced, v1);
    std::ofstream(p("a"), std::ios::binary | std::ios::app) << " and more";  // the same file, longer
    EXPECT_EQ(part(6, appended), "conte");
    EXPECT_NE(appended, replaced);
}

TEST(ReleaseQueue, ClosesWhatItHoldsBoundedAndAllOnStop) {
    size_t before = open_descriptors();
    file::ReleaseQueue queue;
    for (int i = 0; i < 200; ++i) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        ::close(fds[1]);
        queue.release(file::Fd(fds[0]));
        EXPECT_LE(open_descriptors(), before + 64);
    }
    queue.stop();
    EXPECT_EQ(open_descriptors(), before);
    // It starts again after a stop.
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ::close(fds[1]);
    queue.release(file::Fd(fds[0]));
    queue.stop();
    EXPECT_EQ(open_descriptors(), before);
}

// Rewriting a file many times: every reader sees a whole version, nothing is left open or on
// disk beside the file once the runtime stops.
TEST_F(FileProviderTest, RewritesReleaseTheFilesTheyReplace) {
    Runtime::shutdown();
    size_t before = open_descriptors();
    for (int i = 0; i < 300; ++i) {
        std::string content(4096, static_cast<char>('a' + i % 26));
        ASSERT_EQ(write(p("f.bin"), content), OMNI_RESULT_OK);
        ASSERT_EQ(get(p("f.bin")), content);
    }
    Runtime::shutdown();
    EXPECT_EQ(open_descriptors(), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

// Large folders are stat-ed by several threads: the entries are all there, right, and in the
// order a plain listing gives, also when many listings share the worker pool at once.
TEST_F(FileProviderTest, LargeListingsAreCompleteAndInFolderOrder) {
    for (int i = 0; i < 1000; ++i) put(p("big/f" + std::to_string(i)), std::string(static_cast<size_t>(i % 50), 'x'));
    fs::create_directory(p("big/sub"));
    std::vector<std::string> order;
    for (auto& e : fs::directory_iterator(p("big"))) order.push_back(e.path().filename().string());
    auto check = [&](const ListResult& l) {
        ASSERT_EQ(l.result, OMNI_RESULT_OK);
        ASSERT_EQ(l.entries.size(), order.size());
        for (size_t i = 0; i < order.size(); ++i) {
            const ListEntry& e = l.entries[i];
            ASSERT_EQ(e.relative_path, order[i]);
            if (e.relative_path == "sub") {
                EXPECT_EQ(e.flags, 4u);
            } else {
                EXPECT_EQ(e.flags, 3u);
                EXPECT_EQ(e.size, std::stoul(e.relative_path.substr(1)) % 50);
            }
        }
    };
    ListResult blocking;
    ops::list(p("big"), OMNI_LIST_NO_DELETED_FILES, Delivery::Direct, [&](ListResult&& a) { blocking = std::move(a); })->wait();
    check(blocking);
    std::vector<ListResult> answers(32);
    std::vector<RequestPtr> requests;
    for (auto& answer : answers)
        requests.push_back(ops::list(p("big"), OMNI_LIST_NO_DELETED_FILES, Delivery::CallbackThread, [&answer](ListResult&& a) { answer = std::move(a); }));
    for (auto& r : requests) ASSERT_TRUE(r->wait_for_ms(30000));
    for (auto& answer : answers) check(answer);
}
