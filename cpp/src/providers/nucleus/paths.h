// Where a URL points on a Nucleus server: its connection key, its server-side path, its checkpoint.
#pragma once

#include "core/ops.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace omniclient::nucleus {

// "omniverse://host[:port]": the key of the connection serving `t`.
std::string server_key(const Target& t);
// The server-side path of a URL: "/a/b" (a trailing "/" kept: it names the folder form).
std::string path_of(const Target& t);
std::string without_slash(std::string path);
std::string folder_form(const std::string& path);
// The folder holding `path`, which has no trailing "/" ("/a/b" -> "/a/").
std::string parent_of(const std::string& path);
// "?&3" or "?branch&3" in a URL names a checkpoint; 0 when none.
int64_t checkpoint_of(const Target& t);
// {"path": ..., "branch": "", "checkpoint": ...} as calls on one item take it.
nlohmann::json path_param(const Target& t, const std::string& path);

}  // namespace omniclient::nucleus
