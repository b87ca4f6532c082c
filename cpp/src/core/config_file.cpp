#include "core/config_file.h"

#include "core/log.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::config {

namespace {

std::mutex g_mu;
// The file as last read, and what it was read from (path and change time).
struct Loaded {
    std::string path;
    int64_t mtime_ns = -1;
    off_t size = -1;
    toml::table doc;
};
Loaded g_loaded;
std::map<std::string, Table, std::less<>> g_runtime;
// table()'s snapshots; dropped whenever the file is read again or a run-time entry is set.
std::map<std::string, std::shared_ptr<const Table>, std::less<>> g_tables;

std::string text_of(const toml::node& node) {
    if (auto s = node.value<std::string>()) return *s;
    if (auto b = node.value<bool>()) return *b ? "true" : "false";
    if (auto i = node.value<int64_t>()) return std::to_string(*i);
    if (auto d = node.value<double>()) return std::to_string(*d);
    return {};
}

// The parsed file, re-read when its path, time or size changed. Caller holds g_mu.
const toml::table& document() {
    std::string path = file_path();
    struct stat st{};
    bool exists = !path.empty() && ::stat(path.c_str(), &st) == 0;
    int64_t mtime = exists ? static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec : -1;
    off_t size = exists ? st.st_size : -1;
    if (path == g_loaded.path && mtime == g_loaded.mtime_ns && size == g_loaded.size) return g_loaded.doc;
    g_loaded = Loaded{path, mtime, size, {}};
    g_tables.clear();
    if (!exists) return g_loaded.doc;
    try {
        g_loaded.doc = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        log(OMNI_LOG_WARNING, "config", path + " is not valid TOML (" + std::string(e.description()) + "); ignored");
    }
    return g_loaded.doc;
}

bool save_entry(std::string_view table_name, const std::string& name, const Entry& entry) {
    std::string path = file_path();
    if (path.empty()) return false;
    toml::table doc = document();  // a copy: the cache is refreshed from the file we write
    auto* table = doc[table_name].as_table();
    if (!table) {
        doc.insert_or_assign(table_name, toml::table{});
        table = doc[table_name].as_table();
    }
    toml::table values;
    for (const auto& [key, value] : entry) {
        if (value == "true" || value == "false") values.insert_or_assign(key, value == "true");
        else values.insert_or_assign(key, value);
    }
    table->insert_or_assign(name, std::move(values));
    std::string folder = path.substr(0, path.rfind('/'));
    std::string tmp = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) {
            // The folder may not exist yet: make it (one level, as the original's config folder).
            ::mkdir(folder.c_str(), 0700);
            out.open(tmp, std::ios::trunc);
        }
        if (!out) return false;
        out << doc << "\n";
        if (!out.flush()) return false;
    }
    ::chmod(tmp.c_str(), 0600);  // it may hold secrets
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

std::string file_path() {
    if (const char* folder = std::getenv("OMNI_CONFIG_PATH"); folder && *folder) {
        std::string f = folder;
        while (f.size() > 1 && f.back() == '/') f.pop_back();
        return f + "/omniverse.toml";
    }
    std::string home;
    if (const char* h = std::getenv("HOME"); h && *h) home = h;
    else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) home = pw->pw_dir;
    return home.empty() ? std::string() : home + "/.nvidia-omniverse/config/omniverse.toml";
}

std::shared_ptr<const Table> table(std::string_view name) {
    std::lock_guard lock(g_mu);
    const toml::table& doc = document();
    if (auto cached = g_tables.find(name); cached != g_tables.end()) return cached->second;
    auto built = std::make_shared<Table>();
    Table& out = *built;
    if (const auto* t = doc[name].as_table()) {
        for (const auto& [entry_name, node] : *t) {
            const auto* values = node.as_table();
            if (!values) continue;
            Entry& entry = out[std::string(entry_name.str())];
            for (const auto& [key, value] : *values) entry[std::string(key.str())] = text_of(value);
        }
    }
    if (auto it = g_runtime.find(name); it != g_runtime.end())
        for (const auto& [entry_name, entry] : it->second) out[entry_name] = entry;
    g_tables.emplace(std::string(name), built);
    return built;
}

bool set_entry(std::string_view table_name, const std::string& name, const Entry& entry, bool save) {
    std::lock_guard lock(g_mu);
    auto it = g_runtime.find(table_name);
    if (it == g_runtime.end()) it = g_runtime.emplace(std::string(table_name), Table{}).first;
    it->second[name] = entry;
    if (auto cached = g_tables.find(table_name); cached != g_tables.end()) g_tables.erase(cached);
    if (!save) return true;
    bool saved = save_entry(table_name, name, entry);
    if (!saved) log(OMNI_LOG_WARNING, "config", "cannot write " + file_path() + "; the setting holds for this process only");
    return saved;
}

std::map<std::string, std::string> aliases() {
    std::lock_guard lock(g_mu);
    std::map<std::string, std::string> out;
    if (const auto* t = document()["aliases"].as_table())
        for (const auto& [alias, value] : *t) out[std::string(alias.str())] = text_of(value);
    return out;
}

void clear_runtime_entries() {
    std::lock_guard lock(g_mu);
    g_runtime.clear();
    g_tables.clear();
}

}  // namespace omniclient::config
