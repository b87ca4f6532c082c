// Local copies of remote files (get_local_file of omniverse://, http(s), S3 and Azure URLs):
// where they live and how one is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace omniclient {

// The folder local copies go to (OMNI_CLIENT_FILE_CACHE, else under XDG_CACHE_HOME or ~/.cache),
// created if missing; "" when there is no place for it.
std::string local_cache_dir();

// The name of the copy of version `version` of the file `key` (server and path) called `name`:
// one file per server path and version, so a copy once written stays right.
std::string local_copy_name(const std::string& dir, const std::string& key, const std::string& name, const std::string& version);

// A file written under a temporary name and renamed into place by commit() (so a reader never sees
// a partial file); removed if never committed.
class PartFile {
public:
    static std::shared_ptr<PartFile> create(const std::string& path);
    ~PartFile();
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;
    // Thread-safe (positional writes).
    bool write(uint64_t offset, const char* data, size_t n);
    // Cuts the file to `size` bytes (what a download that started again wrote last).
    bool resize(uint64_t size);
    bool commit();

private:
    PartFile(std::string path, std::string tmp, int fd) : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd) {}
    std::string path_, tmp_;
    int fd_;
    bool committed_ = false;
};

}  // namespace omniclient
