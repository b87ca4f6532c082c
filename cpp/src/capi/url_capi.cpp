// The URL functions of the C API: argument conversion and the buffer-size protocol over url::.
#include <omniclient/OmniClient.h>

#include "url/url.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace url = omniclient::url;

namespace {

std::string_view sv(const char* s) { return s ? std::string_view(s) : std::string_view(); }

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

char* none(size_t* bufferSize) {
    if (bufferSize) *bufferSize = 0;
    return nullptr;
}

// One allocation holds the struct and its strings, so omniClientFreeUrl is a single free().
OmniUrl* to_c(const url::Url& u) {
    const std::optional<std::string>* parts[] = {&u.scheme, &u.user, &u.host, &u.port, &u.path, &u.query, &u.fragment};
    size_t size = sizeof(OmniUrl);
    for (const auto* p : parts)
        if (*p) size += std::strlen((*p)->c_str()) + 1;
    auto* block = static_cast<char*>(std::malloc(size));
    if (!block) return nullptr;
    auto* out = new (block) OmniUrl{};
    const char** fields[] = {&out->scheme, &out->user, &out->host, &out->port, &out->path, &out->query, &out->fragment};
    char* cursor = block + sizeof(OmniUrl);
    for (size_t i = 0; i < std::size(parts); ++i) {
        if (!*parts[i]) continue;
        size_t length = std::strlen((*parts[i])->c_str());
        std::memcpy(cursor, (*parts[i])->data(), length);
        cursor[length] = '\0';
        *fields[i] = cursor;
        cursor += length + 1;
    }
    out->isRaw = u.is_raw ? 1 : 0;
    return out;
}

std::optional<std::string> opt(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

}  // namespace

extern "C" {

OmniUrl* omniClientBreakUrl(const char* u) { return to_c(url::break_url(sv(u))); }

OmniUrl* omniClientBreakUrlReference(const char* u) { return to_c(url::break_url_reference(sv(u))); }

void omniClientFreeUrl(OmniUrl* u) { std::free(u); }

char* omniClientMakeUrl(const OmniUrl* parts, char* buffer, size_t* bufferSize) {
    url::Url u;
    if (parts) {
        u.scheme = opt(parts->scheme);
        u.user = opt(parts->user);
        u.host = opt(parts->host);
        u.port = opt(parts->port);
        u.path = opt(parts->path);
        u.query = opt(parts->query);
        u.fragment = opt(parts->fragment);
    }
    return to_buffer(url::make_url(u), buffer, bufferSize);
}

char* omniClientCombineUrls(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) {
    return to_buffer(url::combine_urls(sv(baseUrl), sv(otherUrl)), buffer, bufferSize);
}

char* omniClientCombineWithBaseUrl(const char* otherUrl, char* buffer, size_t* bufferSize) {
    return to_buffer(url::combine_with_base_url(sv(otherUrl)), buffer, bufferSize);
}

void omniClientPushBaseUrl(const char* baseUrl) { url::push_base_url(sv(baseUrl)); }

int omniClientPopBaseUrl(const char* baseUrl) { return url::pop_base_url(sv(baseUrl)) ? 1 : 0; }

char* omniClientGetBaseUrl(char* buffer, size_t* bufferSize) {
    auto base = url::get_base_url();
    return base ? to_buffer(*base, buffer, bufferSize) : none(bufferSize);
}

char* omniClientMakeRelativeUrl(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) {
    return to_buffer(url::make_relative_url(sv(baseUrl), sv(otherUrl)), buffer, bufferSize);
}

char* omniClientNormalizeUrl(const char* u, char* buffer, size_t* bufferSize) {
    return to_buffer(url::normalize_url(sv(u)), buffer, bufferSize);
}

char* omniClientMakeFileUrl(const char* path, char* buffer, size_t* bufferSize) {
    return to_buffer(url::make_file_url(sv(path)), buffer, bufferSize);
}

char* omniClientMakePrintable(const char* u, char* buffer, size_t* bufferSize) {
    return to_buffer(url::make_printable(sv(u)), buffer, bufferSize);
}

char* omniClientJoinUrl(const char* baseUrl, const char* name, char* buffer, size_t* bufferSize) {
    auto joined = url::join(sv(baseUrl), sv(name));
    return joined ? to_buffer(*joined, buffer, bufferSize) : none(bufferSize);
}

void omniClientSetAlias(const char* alias, const char* value) {
    if (value) url::set_alias(sv(alias), value);
    else url::remove_alias(sv(alias));
}

char* omniClientApplyAliases(const char* u, char* buffer, size_t* bufferSize) {
    return to_buffer(url::apply_aliases(sv(u)), buffer, bufferSize);
}

char* omniClientGetBranchAndCheckpointFromQuery(const char* query, uint64_t* checkpoint, char* buffer,
                                                size_t* bufferSize) {
    auto [branch, number] = url::get_branch_and_checkpoint_from_query(sv(query));
    if (checkpoint) *checkpoint = number;
    return to_buffer(branch, buffer, bufferSize);
}

char* omniClientMakeQueryFromBranchAndCheckpoint(const char* branch, uint64_t checkpoint, char* buffer,
                                                 size_t* bufferSize) {
    return to_buffer(url::make_query_from_branch_and_checkpoint(sv(branch), checkpoint), buffer, bufferSize);
}

}  // extern "C"
