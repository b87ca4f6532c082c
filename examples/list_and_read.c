/* A C program using only the public C API, as written for NVIDIA's library: list a folder and
 * read a file in it, waiting on request ids. Usage: omniclient_example <folder> */
#include <OmniClient.h>

#include <stdio.h>

struct Listing {
    OmniClientResult result;
    uint32_t count;
};

struct Read {
    OmniClientResult result;
    size_t size;
};

static void on_list(void* user, OmniClientResult result, uint32_t count, const struct OmniClientListEntry* entries) {
    struct Listing* listing = (struct Listing*)user;
    listing->result = result;
    listing->count = count;
    for (uint32_t i = 0; i < count; ++i) printf("  %s (%llu bytes)\n", entries[i].relativePath, (unsigned long long)entries[i].size);
}

/* The content is the library's and is freed when this returns: only its size is kept. */
static void on_read(void* user, OmniClientResult result, const char* version, struct OmniClientContent* content) {
    struct Read* read = (struct Read*)user;
    (void)version;
    read->result = result;
    read->size = content ? content->size : 0;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <folder>\n", argv[0]);
        return 2;
    }
    if (!omniClientInitialize(kOmniClientVersion)) return 1;
    printf("omniclient %s\n", omniClientGetVersionString());

    struct Listing listing = {eOmniClientResult_Error, 0};
    omniClientWait(omniClientList(argv[1], &listing, on_list));
    printf("list %s: %s, %u entries\n", argv[1], omniClientGetResultString(listing.result), listing.count);

    char file[4096];
    snprintf(file, sizeof file, "%s/CMakeLists.txt", argv[1]);
    struct Read read = {eOmniClientResult_Error, 0};
    omniClientWait(omniClientReadFile(file, &read, on_read));
    printf("read %s: %s, %zu bytes\n", file, omniClientGetResultString(read.result), read.size);

    omniClientShutdown();
    int ok = listing.result == eOmniClientResult_Ok && listing.count > 0 && read.result == eOmniClientResult_Ok && read.size > 0;
    return ok ? 0 : 1;
}
