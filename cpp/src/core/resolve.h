// resolve: finds an item by trying a URL as given, then joined to each search URL and default
// search path, with whichever provider serves each. Composed from stat and stat_subscribe.
#pragma once

#include "core/operations.h"

#include <string>
#include <string_view>
#include <vector>

namespace omniclient::ops {

// The URLs resolve() tries, in order: the URL itself (a relative one made absolute against the
// base URL or the working folder), then, unless it is absolute or starts with "./", the URL joined
// to each of `search_urls` and then to each default search path.
std::vector<std::string> resolve_candidates(std::string_view url, const std::vector<std::string>& search_urls);

// Answers the first candidate that exists (OK, its entry, its URL) or ERROR_NOT_FOUND.
RequestPtr resolve(std::string_view url, const std::vector<std::string>& search_urls, Delivery delivery, Done<ResolveResult> done);

// `first` gets the resolution (OK_NOT_YET_FOUND when nothing exists yet); `events` get every change
// of it: CREATED when something comes to exist, UPDATED when the winner changes or is changed,
// DELETED when nothing is left. Ends when stopped.
RequestPtr resolve_subscribe(std::string_view url, const std::vector<std::string>& search_urls, Done<ResolveResult> first,
                             Events<ResolveEventResult> events);

}  // namespace omniclient::ops
