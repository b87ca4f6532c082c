// The C API over local files: an application's view (request ids, callbacks, resolve).
#include <OmniClient.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Resolved {
    OmniClientResult result = eOmniClientResult_Error;
    std::string name;
    std::string url;
    uint64_t size = 0;
};

void on_resolve(void* user, OmniClientResult result, const OmniClientListEntry* entry, const char* url) {
    auto* r = static_cast<Resolved*>(user);
    r->result = result;
    r->name = entry->relativePath;
    r->size = entry->size;
    r->url = url;
}

struct Written {
    OmniClientResult result = eOmniClientResult_Error;
};

void on_write(void* user, OmniClientResult result) { static_cast<Written*>(user)->result = result; }

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
    char bytes[] = "abc";
    OmniClientContent content = omniClientReferenceContent(bytes, 3);
    omniClientWait(omniClientWriteFile(target.c_str(), &content, &w, on_write, nullptr));
    EXPECT_EQ(w.result, eOmniClientResult_Ok);

    std::string s1 = dir + "/s1", s2 = dir + "/s2";
    const char* search[] = {s1.c_str(), s2.c_str()};
    Resolved r;
    omniClientWait(omniClientResolve("x.usd", search, 2, &r, on_resolve));
    EXPECT_EQ(r.result, eOmniClientResult_Ok);
    EXPECT_EQ(r.name, "x.usd");
    EXPECT_EQ(r.size, 3u);
    EXPECT_EQ(r.url, target);

    Resolved missing;
    omniClientWait(omniClientResolve("nope.usd", search, 2, &missing, on_resolve));
    EXPECT_EQ(missing.result, eOmniClientResult_ErrorNotFound);
    EXPECT_EQ(missing.url, "");
    // A NULL path resolves as "" (the working folder); a NULL search list as none.
    Resolved null_path, empty_path, null_list;
    omniClientWait(omniClientResolve(nullptr, search, 2, &null_path, on_resolve));
    omniClientWait(omniClientResolve("", search, 2, &empty_path, on_resolve));
    EXPECT_EQ(null_path.result, empty_path.result);
    EXPECT_EQ(null_path.url, empty_path.url);
    omniClientWait(omniClientResolve("x.usd", nullptr, 1, &null_list, on_resolve));
    EXPECT_EQ(null_list.result, eOmniClientResult_ErrorNotFound);
    fs::remove_all(dir);
}

TEST(FileCapi, DefaultSearchPaths) {
    std::string dir = make_temp_dir();
    ASSERT_FALSE(dir.empty());
    std::ofstream(dir + "/y.usd") << "y";
    auto count = [] {
        const char* const* list = omniClientGetDefaultSearchPaths2();
        uint32_t n = 0;
        while (list && list[n]) ++n;
        omniClientFreeStringList(list);
        return n;
    };
    uint32_t before = count();  // other tests may have left some
    omniClientAddDefaultSearchPath(dir.c_str());
    omniClientAddDefaultSearchPath("/elsewhere/");
    omniClientAddDefaultSearchPath(nullptr);
    // The deprecated form gives nothing, as the original 2.75's.
    const char* written[2] = {nullptr, nullptr};
    EXPECT_EQ(omniClientGetDefaultSearchPaths(written, 2), 0u);
    EXPECT_EQ(written[0], nullptr);
    Resolved r;
    omniClientWait(omniClientResolve("y.usd", nullptr, 0, &r, on_resolve));
    EXPECT_EQ(r.result, eOmniClientResult_Ok);
    EXPECT_EQ(r.url, dir + "/y.usd");
    const char* const* list = omniClientGetDefaultSearchPaths2();
    ASSERT_NE(list, nullptr);
    EXPECT_STREQ(list[0], "/elsewhere/");
    EXPECT_EQ(std::string(list[1]), dir);
    EXPECT_EQ(list[before + 2], nullptr);
    omniClientFreeStringList(list);
    omniClientRemoveDefaultSearchPath(dir.c_str());
    omniClientRemoveDefaultSearchPath("/elsewhere/");
    EXPECT_EQ(count(), before);
    fs::remove_all(dir);
}
