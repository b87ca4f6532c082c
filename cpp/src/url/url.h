// URL parsing and composition with omni.client's exact behaviour. Pure functions: no I/O; the only
// state is the per-thread base-URL stack and the process-wide alias table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

Url break_url(std::string_view url);
Url break_url_reference(std::string_view url);
std::string make_url(const Url& parts);
std::string combine_urls(std::string_view base_url, std::string_view other_url);
std::string combine_with_base_url(std::string_view other_url);
void push_base_url(std::string_view base_url);
bool pop_base_url(std::string_view base_url);
std::string get_base_url();
std::string make_relative_url(std::string_view base_url, std::string_view other_url);
std::string normalize_url(std::string_view url);
std::string make_file_url(std::string_view path);
std::string make_printable(std::string_view url);
// Returns nullopt when the name is not a valid path component ('', '.', '..').
std::optional<std::string> join(std::string_view base_url, std::string_view name);
void set_alias(std::string_view alias, std::string_view value);
std::string apply_aliases(std::string_view url);
std::pair<std::string, int64_t> get_branch_and_checkpoint_from_query(std::string_view query);
std::string make_query_from_branch_and_checkpoint(std::string_view branch, int64_t checkpoint);

}  // namespace omniclient::url
