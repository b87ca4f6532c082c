// omniverse.toml: the settings file the original and other Omniverse applications share. Found in
// the folder $OMNI_CONFIG_PATH names, else in $HOME/.nvidia-omniverse/config; read with toml++.
// The core applies its [aliases]; providers read their own tables (e.g. one entry per host), and
// settings given at run time (set_s3_configuration...) overlay the file's for the process.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace omniclient::config {

// One entry of a table: `[table."name"]`'s keys and their values as text (booleans "true"/"false",
// numbers in decimal).
using Entry = std::map<std::string, std::string>;
// A table's entries by name.
using Table = std::map<std::string, Entry>;

// The file's path ("" when neither variable gives a folder).
std::string file_path();
// The entries of `table` (the file's, re-read when it changes, then the run-time ones over them).
// A shared snapshot, built again only after the file or the run-time entries changed: providers
// ask on every operation.
std::shared_ptr<const Table> table(std::string_view table);
// Sets an entry for this process; with `save` also writes it into the file (creating it), keeping
// the file's other tables. False when saving failed (the process keeps the entry anyway).
bool set_entry(std::string_view table, const std::string& name, const Entry& entry, bool save);
// The [aliases] table's "alias" = "url" pairs.
std::map<std::string, std::string> aliases();
// Forgets the run-time entries (tests; a new process starts without them).
void clear_runtime_entries();

}  // namespace omniclient::config
