// Fuzz target for the URL code: every function on arbitrary bytes must return without crashing,
// hanging or tripping a sanitizer, and keep the guarantees checked below. The input is split at
// the first newline into two strings (a base URL and another URL or name).
#include "url/url.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace url = omniclient::url;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

bool printable_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return false;
        size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        i += len;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t newline = input.find('\n');
    std::string_view a = input.substr(0, newline);
    std::string_view b = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    url::Url full = url::break_url(a);
    if (full.is_raw) check(!full.scheme && !full.host && !full.query && !full.fragment && full.path);
    url::Url ref = url::break_url_reference(a);
    check(!ref.is_raw && ref.path.has_value());
    std::string normalized = url::normalize_url(a);
    check(url::make_url(ref).size() < 16 + 3 * a.size() + 16);
    check(printable_utf8(url::make_printable(a)));
    check(url::make_file_url(a).compare(0, 5, "file:") == 0);

    url::combine_urls(a, b);
    url::combine_urls(normalized, b);
    url::make_relative_url(a, b);
    auto joined = url::join(a, b);
    std::string_view name = b.substr(0, b.find('\0'));
    std::string_view base = a.substr(0, a.find('\0'));
    check(joined.has_value() == !(base.empty() || name.empty() || name == "." || name == ".."));

    auto [branch, checkpoint] = url::get_branch_and_checkpoint_from_query(a);
    url::make_query_from_branch_and_checkpoint(branch, checkpoint);

    url::push_base_url(b);
    url::combine_with_base_url(a);
    check(url::pop_base_url(b));
    url::apply_aliases(a);
    return 0;
}
