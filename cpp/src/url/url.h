// URL parsing and composition with omni.client's exact behaviour. Pure functions: no I/O; the only
// state is the per-thread base-URL stack and the process-wide alias table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace omniclient::url {

struct Url {
    std::optional<std::string> scheme;
    std::optional<std::string> user;
    std::optional<std::string> host;
    std::optional<std::string> port;
    std::optional<std::string> path;
    std::optional<std::string> query;
    std::optional<std::string> fragment;
    bool is_raw = false;
};

// Strings are treated as C strings: everything from the first NUL on is ignored, as the original does.

// A full URL or a raw local path (anything starting with '/'): maps "omni:" to "omniverse", unwraps
// "http(s)://host/?omniverse://..." and gives the hierarchical schemes a "/" path when empty.
Url break_url(std::string_view url);
// A URL reference (may be relative): no raw paths, no scheme mapping, no unwrapping.
Url break_url_reference(std::string_view url);

// The parts of a broken URL as views, valid only during the call of `sink`: lets a binding build
// its own objects without intermediate strings. Same values as break_url(_reference).
struct UrlView {
    std::optional<std::string_view> scheme, user, host, port, path, query, fragment;
    bool is_raw = false;
};
using UrlViewSink = void (*)(const UrlView& parts, void* context);
void break_url_view(std::string_view url, bool reference, UrlViewSink sink, void* context);
// Composes parts; components are escaped as needed, a path alone (no scheme, no host) is kept verbatim.
std::string make_url(const Url& parts);
// RFC 3986 reference resolution (non-strict), on parsed and normalized URLs.
std::string combine_urls(std::string_view base_url, std::string_view other_url);
// combine_urls() with the top of this thread's base-URL stack (its aliases applied), or with the
// working directory.
std::string combine_with_base_url(std::string_view other_url);
void push_base_url(std::string_view base_url);
// Pops only when base_url is exactly the top of the stack.
bool pop_base_url(std::string_view base_url);
// Top of this thread's base-URL stack; nullopt when empty.
std::optional<std::string> get_base_url();
// A reference that gives other_url when combined with base_url; other_url normalized when they do
// not share scheme, user, host and port.
std::string make_relative_url(std::string_view base_url, std::string_view other_url);
std::string normalize_url(std::string_view url);
std::string make_file_url(std::string_view path);
// Decodes every valid escape ('%' and two hex digits); a stray '%' is kept as it is.
std::string percent_decode(std::string_view s);
// Escapes control characters, stray '%' and invalid UTF-8 so the URL can be printed.
std::string make_printable(std::string_view url);
// Returns nullopt when base_url is empty or the name is not a single child name ('', '.', '..').
std::optional<std::string> join(std::string_view base_url, std::string_view name);
// An empty value is an alias to ""; remove_alias() removes one.
void set_alias(std::string_view alias, std::string_view value);
void remove_alias(std::string_view alias);
// Replaces a leading alias by its value, repeatedly, as every operation does with its URL.
std::string apply_aliases(std::string_view url);
// What the public URL functions (break_url, normalize_url, combine_urls, make_relative_url,
// combine_with_base_url) take: `url` itself while no alias is set (no copy), else apply_aliases(url)
// kept in `storage`. The functions above do not apply aliases themselves: operations have already.
std::string_view with_aliases(std::string_view url, std::string& storage);
std::pair<std::string, uint64_t> get_branch_and_checkpoint_from_query(std::string_view query);
std::string make_query_from_branch_and_checkpoint(std::string_view branch, uint64_t checkpoint);

}  // namespace omniclient::url
