// Small helpers of the HTTP-based providers: dates, percent-encoding, ETags, URL parts.
#pragma once

#include "core/ops.h"

#include <string>
#include <string_view>

namespace omniclient::http {

// "Tue, 15 Nov 1994 08:12:31 GMT" → nanoseconds since the epoch; 0 when unparsable.
TimeNs parse_http_date(const std::string& text);
// "2024-05-01T12:34:56.789Z" → nanoseconds since the epoch; 0 when unparsable.
TimeNs parse_iso8601(const std::string& text);

// RFC 3986: everything but unreserved characters (and '/' when `keep_slash`) as %XX.
std::string uri_encode(std::string_view text, bool keep_slash);
std::string lower_case(std::string text);
// An ETag without its quotes (and W/ prefix): what ListEntry.version holds.
std::string unquote_etag(std::string_view etag);

// "scheme://host[:port]" of a target (lower case); `scheme` replaces the URL's when given.
std::string server_of(const Target& target, std::string_view scheme = {});
// The target's path (break_url decoded it), without its leading '/' (an object key or blob name).
std::string key_of(const Target& target);

}  // namespace omniclient::http
