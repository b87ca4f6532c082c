// The library's version, as omni.client reports it.
#pragma once

#include <omniclient/OmniClientTypes.h>

#include <cstdint>

namespace omniclient {

inline constexpr const char* kVersionString = "0.1.0-open";
inline constexpr uint64_t kVersion = OMNICLIENT_VERSION_NUMBER;

// A caller built against `version` can use this library when the major part (top 16 bits) matches.
inline bool version_compatible(uint64_t version) { return (version >> 48) == (kVersion >> 48); }

}  // namespace omniclient
