// The URL functions of the C API: argument conversion and the buffer-size protocol over url::.
#include "capi/support.h"

#include "url/url.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace url = omniclient::url;
using omniclient::capi::sv;

namespace {

char* to_buffer(const std::string& value, char* buffer, size_t* bufferSize) {
    if (!bufferSize) return nullptr;
    // A decoded "%00" can put a NUL inside a value: a C string ends there.
    size_t length = std::strlen(value.c_str());
    size_t needed = length + 1;
    bool fits = buffer && *bufferSize >= needed;
    *bufferSize = needed;
    if (!fits) return nullptr;
    std::memcpy(buffer, value.data(), length);
    buffer[length] = '\0';
    return buffer;
}

// Copies `text` into `*cursor` and advances it; returns the copy.
const char* place(const std::string& text, char*& cursor) {
    size_t length = std::strlen(text.c_str());
    std::memcpy(cursor, text.data(), length);
    cursor[length] = '\0';
    const char* placed = cursor;
    cursor += length + 1;
    return placed;
}

// One allocation holds the struct and its strings, so omniClientFreeUrl is a single free().
OmniClientUrl* to_c(const url::Url& u) {
    const std::optional<std::string>* parts[] = {&u.scheme, &u.user, &u.host, &u.port, &u.path, &u.query, &u.fragment};
    size_t size = sizeof(OmniClientUrl);
    for (const auto* p : parts)
        if (*p) size += std::strlen((*p)->c_str()) + 1;
    auto* block = static_cast<char*>(std::malloc(size));
    if (!block) return nullptr;
    auto* out = new (block) OmniClientUrl{};
    const char** fields[] = {&out->scheme, &out->user, &out->host, &out->port, &out->path, &out->query, &out->fragment};
    char* cursor = block + sizeof(OmniClientUrl);
    for (size_t i = 0; i < std::size(parts); ++i)
        if (*parts[i]) *fields[i] = place(**parts[i], cursor);
    out->isRaw = u.is_raw;
    return out;
}

std::optional<std::string> opt(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

url::Url from_c(const OmniClientUrl* parts) {
    url::Url u;
    if (!parts) return u;
    u.scheme = opt(parts->scheme);
    u.user = opt(parts->user);
    u.host = opt(parts->host);
    u.port = opt(parts->port);
    u.path = opt(parts->path);
    u.query = opt(parts->query);
    u.fragment = opt(parts->fragment);
    u.is_raw = parts->isRaw;
    return u;
}

}  // namespace

extern "C" {

OmniClientUrl* omniClientBreakUrl(const char* u) noexcept {
    std::string expanded;
    return to_c(url::break_url(url::with_aliases(sv(u), expanded)));
}

OmniClientUrl* omniClientBreakUrlReference(const char* u) noexcept { return to_c(url::break_url_reference(sv(u))); }

void omniClientFreeUrl(OmniClientUrl* u) noexcept { std::free(u); }

char* omniClientMakeUrl(const OmniClientUrl* parts, char* buffer, size_t* bufferSize) noexcept {
    return to_buffer(url::make_url(from_c(parts)), buffer, bufferSize);
}

char* omniClientMakeFileUrl(const char* path, char* buffer, size_t* bufferSize) noexcept {
    return to_buffer(url::make_file_url(sv(path)), buffer, bufferSize);
}

char* omniClientNormalizeUrl(const char* u, char* buffer, size_t* bufferSize) noexcept {
    std::string expanded;
    return to_buffer(url::normalize_url(url::with_aliases(sv(u), expanded)), buffer, bufferSize);
}

char* omniClientCombineUrls(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) noexcept {
    std::string expanded[2];
    return to_buffer(url::combine_urls(url::with_aliases(sv(baseUrl), expanded[0]), url::with_aliases(sv(otherUrl), expanded[1])),
                     buffer, bufferSize);
}

OmniClientUrl* omniClientCombineUrls2(const OmniClientUrl* baseUrl, const char* otherUrl) noexcept {
    std::string base = url::make_url(from_c(baseUrl)), expanded[2];
    return to_c(url::break_url(url::combine_urls(url::with_aliases(base, expanded[0]), url::with_aliases(sv(otherUrl), expanded[1]))));
}

char* omniClientCombineWithBaseUrl(const char* otherUrl, char* buffer, size_t* bufferSize) noexcept {
    std::string expanded;
    return to_buffer(url::combine_with_base_url(url::with_aliases(sv(otherUrl), expanded)), buffer, bufferSize);
}

OmniClientUrl* omniClientCombineWithBaseUrl2(const char* otherUrl) noexcept {
    std::string expanded;
    return to_c(url::break_url(url::combine_with_base_url(url::with_aliases(sv(otherUrl), expanded))));
}

char* omniClientMakeRelativeUrl(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) noexcept {
    std::string expanded[2];
    return to_buffer(url::make_relative_url(url::with_aliases(sv(baseUrl), expanded[0]), url::with_aliases(sv(otherUrl), expanded[1])),
                     buffer, bufferSize);
}

char* omniClientMakePrintable(const char* u, char* buffer, size_t* bufferSize) noexcept {
    return to_buffer(url::make_printable(sv(u)), buffer, bufferSize);
}

void omniClientPushBaseUrl(const char* baseUrl) noexcept { url::push_base_url(sv(baseUrl)); }

bool omniClientPopBaseUrl(const char* baseUrl) noexcept { return url::pop_base_url(sv(baseUrl)); }

const char* omniClientGetBaseUrl() noexcept {
    // The caller does not free it: this thread keeps the top's text until the next call.
    thread_local std::string top;
    auto base = url::get_base_url();
    if (!base) return nullptr;
    top = *base;
    return top.c_str();
}

char* omniClientAppendChild(const char* u, const char* childName, char* buffer, size_t* bufferSize) noexcept {
    auto joined = url::join(sv(u), sv(childName));
    if (joined) return to_buffer(*joined, buffer, bufferSize);
    if (bufferSize) *bufferSize = 0;
    return nullptr;
}

void omniClientSetAlias(const char* src, const char* dst) noexcept {
    if (dst) url::set_alias(sv(src), dst);
    else url::remove_alias(sv(src));
}

OmniClientBranchAndCheckpoint* omniClientGetBranchAndCheckpointFromQuery(const char* query) noexcept {
    auto [branch, checkpoint] = url::get_branch_and_checkpoint_from_query(sv(query));
    auto* block = static_cast<char*>(std::malloc(sizeof(OmniClientBranchAndCheckpoint) + branch.size() + 1));
    if (!block) return nullptr;
    char* cursor = block + sizeof(OmniClientBranchAndCheckpoint);
    const char* placed = place(branch, cursor);
    return new (block) OmniClientBranchAndCheckpoint{placed, checkpoint};
}

void omniClientFreeBranchAndCheckpoint(OmniClientBranchAndCheckpoint* branchAndCheckpoint) noexcept { std::free(branchAndCheckpoint); }

char* omniClientMakeQueryFromBranchAndCheckpoint(const char* branch, uint64_t checkpoint, char* buffer, size_t* bufferSize) noexcept {
    return to_buffer(url::make_query_from_branch_and_checkpoint(sv(branch), checkpoint), buffer, bufferSize);
}

}  // extern "C"
