// A C++ program using only the public C API: list a folder and read a file in it, waiting on
// request ids. Usage: omniclient_example <folder>
#include <omniclient/OmniClient.h>

#include <cstdio>
#include <string>

namespace {

struct Listing {
    OmniResult result = OMNI_RESULT_ERROR;
    size_t count = 0;
};

void on_list(void* user, OmniResult result, size_t count, const OmniListEntry* entries) {
    auto* listing = static_cast<Listing*>(user);
    listing->result = result;
    listing->count = count;
    for (size_t i = 0; i < count; ++i) std::printf("  %s (%llu bytes)\n", entries[i].relativePath, static_cast<unsigned long long>(entries[i].size));
}

void on_read(void* user, OmniResult result, const char*, const void*, size_t size) {
    auto* out = static_cast<std::pair<OmniResult, size_t>*>(user);
    *out = {result, size};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <folder>\n", argv[0]);
        return 2;
    }
    if (!omniClientInitialize(OMNICLIENT_VERSION_NUMBER)) return 1;
    std::printf("omniclient %s\n", omniClientGetVersionString());

    Listing listing;
    omniClientWait(omniClientList(argv[1], OMNI_LIST_NO_DELETED_FILES, &listing, on_list));
    std::printf("list %s: result %d, %zu entries\n", argv[1], listing.result, listing.count);

    std::pair<OmniResult, size_t> read{OMNI_RESULT_ERROR, 0};
    std::string file = std::string(argv[1]) + "/CMakeLists.txt";
    omniClientWait(omniClientReadFile(file.c_str(), &read, on_read));
    std::printf("read %s: result %d, %zu bytes\n", file.c_str(), read.first, read.second);

    omniClientShutdown();
    bool ok = listing.result == OMNI_RESULT_OK && listing.count > 0 && read.first == OMNI_RESULT_OK && read.second > 0;
    return ok ? 0 : 1;
}
