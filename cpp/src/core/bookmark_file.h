// Bookmarks where Omniverse applications keep them: the [bookmarks] table of
// $HOME/.nvidia-omniverse/config/omniverse.toml, shared by every process of the user. The rest of
// that file belongs to others and is kept as it is, byte for byte.
#pragma once

#include <optional>
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
// needed. Other processes doing the same are serialised by a lock on the file. False on failure,
// with `error` saying why (a file that is not valid TOML is left as it is).
bool update(const std::string& file, const std::string& name, const std::string& url, std::string& error);

// The string values of the `bookmarks` table of a TOML text, however the table is written (a
// [bookmarks] header, an inline table, dotted keys); none if the text is not valid TOML.
Bookmarks parse(std::string_view toml);
// `toml` with the bookmarks of its `bookmarks` table replaced by `marks`, in the form the table is
// written in, everything else kept byte for byte (a [bookmarks] table is added at the end if there
// is none). Nothing, with `error` saying why, if `toml` is not valid TOML or its `bookmarks` is not
// a table.
std::optional<std::string> replace(std::string_view toml, const Bookmarks& marks, std::string& error);

}  // namespace omniclient::bookmark_file
