// Just enough XML for the S3 and Azure Blob listing and error documents: elements found by name
// (their names do not nest within themselves there), entities decoded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace omniclient::http::xml {

// The inner text of each <tag>...</tag> (or <tag attr=...>...</tag>) in `doc`, in order, raw.
std::vector<std::string_view> elements(std::string_view doc, std::string_view tag);
// The decoded text of the first <tag> in `doc`, "" when absent.
std::string text(std::string_view doc, std::string_view tag);
std::string unescape(std::string_view text);
std::string escape(std::string_view text);

}  // namespace omniclient::http::xml
