// Placeholder parser: enough for routing by scheme until the full omni.client-compatible parser lands.
#include "url/url.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <map>

namespace omniclient::url {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

thread_local std::vector<std::string> t_base_urls;
std::mutex g_alias_mutex;
std::map<std::string, std::string> g_aliases;

}  // namespace

Url break_url_reference(std::string_view url) {
    Url u;
    if (!url.empty() && url.front() == '/') {
        u.is_raw = true;
        u.path = std::string(url);
        return u;
    }
    std::string_view rest = url;
    size_t colon = rest.find(':');
    size_t first_special = rest.find_first_of("/?#");
    if (colon != std::string_view::npos && colon > 0 && (first_special == std::string_view::npos || colon < first_special)) {
        u.scheme = lower(rest.substr(0, colon));
        rest.remove_prefix(colon + 1);
    }
    size_t hash = rest.find('#');
    if (hash != std::string_view::npos) {
        u.fragment = std::string(rest.substr(hash + 1));
        rest = rest.substr(0, hash);
    }
    size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        u.query = std::string(rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    if (rest.substr(0, 2) == "//") {
        rest.remove_prefix(2);
        size_t slash = rest.find('/');
        std::string_view authority = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        size_t at = authority.rfind('@');
        if (at != std::string_view::npos) {
            u.user = percent_decode(authority.substr(0, at));
            authority.remove_prefix(at + 1);
        }
        size_t pc = authority.rfind(':');
        if (pc != std::string_view::npos && authority.find(']', pc) == std::string_view::npos) {
            u.port = std::string(authority.substr(pc + 1));
            authority = authority.substr(0, pc);
        }
        u.host = lower(percent_decode(authority));
    }
    if (!rest.empty()) u.path = percent_decode(rest);
    return u;
}

Url break_url(std::string_view url) {
    Url u = break_url_reference(url);
    if (u.scheme && *u.scheme == "omni") u.scheme = "omniverse";
    return u;
}

std::string make_url(const Url& p) {
    std::string out;
    if (p.scheme) out += *p.scheme + ":";
    if (p.host) {
        out += "//";
        if (p.user) out += *p.user + "@";
        out += *p.host;
        if (p.port) out += ":" + *p.port;
    }
    if (p.path) out += *p.path;
    if (p.query) out += "?" + *p.query;
    if (p.fragment) out += "#" + *p.fragment;
    return out;
}

std::string combine_urls(std::string_view base_url, std::string_view other_url) {
    Url other = break_url_reference(other_url);
    if (other.scheme || other.is_raw || base_url.empty()) return std::string(other_url);
    Url base = break_url_reference(base_url);
    std::string base_path = base.path.value_or("/");
    base_path = base_path.substr(0, base_path.rfind('/') + 1);
    base.path = base_path + other.path.value_or("");
    base.query = other.query;
    base.fragment = other.fragment;
    return make_url(base);
}

std::string combine_with_base_url(std::string_view other_url) {
    return t_base_urls.empty() ? std::string(other_url) : combine_urls(t_base_urls.back(), other_url);
}

void push_base_url(std::string_view base_url) { t_base_urls.emplace_back(base_url); }

bool pop_base_url(std::string_view base_url) {
    if (t_base_urls.empty() || t_base_urls.back() != base_url) return false;
    t_base_urls.pop_back();
    return true;
}

std::string get_base_url() { return t_base_urls.empty() ? std::string() : t_base_urls.back(); }

std::string make_relative_url(std::string_view, std::string_view other_url) { return std::string(other_url); }

std::string normalize_url(std::string_view url) { return make_url(break_url_reference(url)); }

std::string make_file_url(std::string_view path) { return "file:" + std::string(path); }

std::string make_printable(std::string_view url) { return std::string(url); }

std::optional<std::string> join(std::string_view base_url, std::string_view name) {
    if (name.empty() || name == "." || name == "..") return std::nullopt;
    std::string base(base_url);
    if (base.empty() || base.back() != '/') base += '/';
    return base + std::string(name);
}

void set_alias(std::string_view alias, std::string_view value) {
    std::lock_guard lock(g_alias_mutex);
    if (value.empty()) g_aliases.erase(std::string(alias));
    else g_aliases[std::string(alias)] = std::string(value);
}

std::string apply_aliases(std::string_view url) {
    std::lock_guard lock(g_alias_mutex);
    for (const auto& [alias, value] : g_aliases) {
        if (url.substr(0, alias.size()) == alias) return value + std::string(url.substr(alias.size()));
    }
    return std::string(url);
}

std::pair<std::string, int64_t> get_branch_and_checkpoint_from_query(std::string_view query) {
    size_t amp = query.find('&');
    if (amp == std::string_view::npos) return {std::string(query), 0};
    return {std::string(query.substr(0, amp)), std::atoll(std::string(query.substr(amp + 1)).c_str())};
}

std::string make_query_from_branch_and_checkpoint(std::string_view branch, int64_t checkpoint) {
    return std::string(branch) + "&" + std::to_string(checkpoint);
}

}  // namespace omniclient::url
