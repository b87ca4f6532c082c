// The C API over local files: an application's view (request ids, callbacks, resolve).
#include <omniclient/OmniClient.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Resolved {
    OmniResult result = OMNI_RESULT_ERROR;
    std::string name;
    std::string url;
    uint64_t size = 0;
};

void on_resolve(void* user, OmniResult result, const OmniListEntry* entry, const char* url) {
    auto* r = static_cast<Resolved*>(user);
    r->result = result;
    r->name = entry->relativePath;
    r->size = entry->size;
    r->url = url;
}

struct Written {
    OmniResult result = OMNI_RESULT_ERROR;
};

void on_write(void* user, OmniResult result, const char*, const char*) { static_cast<Written*>(user)->result = result; }

std::string make_temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "omni-capi-XXXXXX").string();
    return ::mkdtemp(tmpl.data()) ? tmpl : std::string();
}

}  // namespace

TEST(FileCapi, WriteThenResolveThroughSearchUrls) {
    std::string dir = make_temp_dir();
    ASSERT_FALSE(dir.empty());
    Written w;
    std::string target = dir + "/s2/x.usd";
    omniClientWait(omniClientWriteFile(target.c_str(), "abc", 3, nullptr, &w, on_write));
    EXPECT_EQ(w.result, OMNI_RESULT_OK);

    std::string s1 = dir + "/s1", s2 = dir + "/s2";
    const char* search[] = {s1.c_str(), s2.c_str()};
    Resolved r;
    omniClientWait(omniClientResolve("x.usd", search, 2, &r, on_resolve));
    EXPECT_EQ(r.result, OMNI_RESULT_OK);
    EXPECT_EQ(r.name, "x.usd");
    EXPECT_EQ(r.size, 3u);
    EXPECT_EQ(r.url, target);

    Resolved missing;
    omniClientWait(omniClientResolve("nope.usd", search, 2, &missing, on_resolve));
    EXPECT_EQ(missing.result, OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_EQ(missing.url, "");
    EXPECT_EQ(omniClientResolve(nullptr, search, 2, &r, on_resolve), OMNI_INVALID_REQUEST_ID);
    EXPECT_EQ(omniClientResolve("x", nullptr, 1, &r, on_resolve), OMNI_INVALID_REQUEST_ID);
    fs::remove_all(dir);
}

TEST(FileCapi, DefaultSearchPaths) {
    std::string dir = make_temp_dir();
    ASSERT_FALSE(dir.empty());
    std::ofstream(dir + "/y.usd") << "y";
    size_t before = 0;
    omniClientGetDefaultSearchPaths(nullptr, &before);  // other tests may have left some
    omniClientAddDefaultSearchPath(dir.c_str());
    omniClientAddDefaultSearchPath("/elsewhere/");
    omniClientAddDefaultSearchPath(nullptr);
    std::vector<const char*> paths(before + 2);
    size_t count = paths.size();
    omniClientGetDefaultSearchPaths(paths.data(), &count);
    ASSERT_EQ(count, before + 2);
    EXPECT_STREQ(paths[0], "/elsewhere/");
    EXPECT_EQ(std::string(paths[1]), dir);
    Resolved r;
    omniClientWait(omniClientResolve("y.usd", nullptr, 0, &r, on_resolve));
    EXPECT_EQ(r.result, OMNI_RESULT_OK);
    EXPECT_EQ(r.url, dir + "/y.usd");
    omniClientRemoveDefaultSearchPath(dir.c_str());
    omniClientRemoveDefaultSearchPath("/elsewhere/");
    count = 0;
    omniClientGetDefaultSearchPaths(nullptr, &count);
    EXPECT_EQ(count, before);
    fs::remove_all(dir);
}
