// Bookmarks where Omniverse applications keep them: the [bookmarks] table of
// $HOME/.nvidia-omniverse/config/omniverse.toml, shared by every process of the user. The rest of
// that file belongs to others and is kept as it is, byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omniclient::bookmark_file {

using Bookmarks = std::vector<std::pair<std::string, std::string>>;  // sorted by name

// The file's path; empty when there is no home folder.
std::string path();

// The bookmarks in the file at `file`; none when it is missing or unreadable.
Bookmarks load(const std::string& file);

// Sets bookmark `name` to `url` (an empty url removes it) in the file at `file`, creating it if
// needed. Other processes doing the same are serialised by a lock on the file. False on failure.
bool update(const std::string& file, const std::string& name, const std::string& url);

// The [bookmarks] table of a TOML text (entries that are not plain `key = "string"` are skipped).
Bookmarks parse(std::string_view toml);
// `toml` with its [bookmarks] table replaced by `marks` (added at the end if it has none).
std::string replace(std::string_view toml, const Bookmarks& marks);

}  // namespace omniclient::bookmark_file
