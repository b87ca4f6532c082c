#include "core/local_copy.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include <sys/stat.h>
#include <unistd.h>

namespace omniclient {

std::string local_cache_dir() {
    std::string dir;
    if (const char* v = std::getenv("OMNI_CLIENT_FILE_CACHE"); v && *v) dir = v;
    else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = std::string(x) + "/omniclient-open/files";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.cache/omniclient-open/files";
    else return {};
    for (size_t at = 1; at != std::string::npos;) {
        at = dir.find('/', at + 1);
        ::mkdir(dir.substr(0, at).c_str(), 0700);
    }
    return dir;
}

std::string local_copy_name(const std::string& dir, const std::string& key, const std::string& name, const std::string& version) {
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(std::hash<std::string>()(key)));
    std::string v, safe;
    for (char c : version) v.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    for (char c : name) safe.push_back(c == '/' || c == '\\' || c == '\0' ? '_' : c);
    return dir + "/" + id + "-" + v + "-" + safe;
}

std::shared_ptr<PartFile> PartFile::create(const std::string& path) {
    std::string tmp = path + ".part-XXXXXX";
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) return nullptr;
    return std::shared_ptr<PartFile>(new PartFile(path, std::move(tmp), fd));
}

PartFile::~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
}

bool PartFile::write(uint64_t offset, const char* data, size_t n) {
    while (n > 0) {
        ssize_t w = ::pwrite(fd_, data, n, static_cast<off_t>(offset));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w;
        offset += static_cast<uint64_t>(w);
        n -= static_cast<size_t>(w);
    }
    return true;
}

bool PartFile::resize(uint64_t size) { return ::ftruncate(fd_, static_cast<off_t>(size)) == 0; }

bool PartFile::commit() {
    bool ok = ::close(fd_) == 0;
    fd_ = -1;
    committed_ = ok && ::rename(tmp_.c_str(), path_.c_str()) == 0;
    return committed_;
}

}  // namespace omniclient
