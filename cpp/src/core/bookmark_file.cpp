#include "core/bookmark_file.h"

#include "core/config_file.h"
#include "core/posix_io.h"
#include "core/utf8.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

// toml++ compiled into this file only: no run-time library to ship.
#define TOML_HEADER_ONLY 1
#include <toml++/toml.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::bookmark_file {
namespace {

constexpr std::string_view kTable = "bookmarks";

bool is_bare_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string key_text(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), is_bare_key_char) ? std::string(key) : quoted(key);
}

// TOML files are UTF-8 text: a name or URL that is not (bytes from Python) cannot be saved.
bool is_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
        if (n == 4 || i + n >= s.size()) return false;
        for (size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n + 1;
    }
    return true;
}

// The bookmarks of a parsed table: its string values (other values are not bookmarks).
Bookmarks string_entries(const toml::table& table) {
    Bookmarks marks;
    for (const auto& [key, value] : table)
        if (const auto* s = value.as_string()) marks.emplace_back(std::string(key.str()), s->get());
    std::sort(marks.begin(), marks.end());
    return marks;
}

// Byte offsets of the positions toml++ reports (1-based lines; 1-based columns counted in
// characters, not bytes).
class Positions {
public:
    explicit Positions(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }
    size_t line_start(size_t line) const { return line - 1 < starts_.size() ? starts_[line - 1] : text_.size(); }
    size_t after_line(size_t line) const { return line_start(line + 1); }
    size_t offset(const toml::source_position& at) const {
        size_t i = line_start(at.line);
        for (size_t chars = 1; chars < at.column && i < text_.size(); ++chars) {
            ++i;
            while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;  // continuation bytes
        }
        return i;
    }

private:
    std::string_view text_;
    std::vector<size_t> starts_;
};

struct Edit {
    size_t begin, end;
    std::string text;
};

std::string apply(std::string_view text, std::vector<Edit> edits) {
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    std::string out;
    size_t at = 0;
    for (const auto& e : edits) {
        out.append(text.substr(at, e.begin - at));
        out += e.text;
        at = e.end;
    }
    return out.append(text.substr(at));
}

// The table written inline (`bookmarks = { ... }`): rewritten on its one line, entries that are
// not bookmarks kept as they were written.
std::string inline_table(std::string_view text, const Positions& pos, const toml::table& table, const Bookmarks& marks) {
    std::vector<std::string> items;
    for (const auto& [name, url] : marks) items.push_back(key_text(name) + " = " + quoted(url));
    for (const auto& [key, value] : table) {
        if (value.is_string()) continue;
        size_t begin = pos.offset(key.source().begin), end = pos.offset(value.source().end);
        items.emplace_back(text.substr(begin, end - begin));
    }
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : " ") + items[i];
    return out + (items.empty() ? "}" : " }");
}

// The TOML text with a [bookmarks] table holding `marks` added at the end.
std::string with_table_added(std::string_view toml, const Bookmarks& marks) {
    std::string out(toml);
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "\n[bookmarks]\n";  // a blank line before the table, as the original writes it
    for (const auto& [name, url] : marks) out += key_text(name) + " = " + quoted(url) + "\n";
    return out;
}

// Whether the line at `text` is the header of the bookmarks table itself (`[bookmarks]`,
// `[ "bookmarks" ]`), not of one of its sub-tables (`[bookmarks.sub]`).
bool is_own_header(std::string_view text) {
    if (text.empty() || text[0] != '[') return false;
    std::string_view name = text.substr(1, text.find(']') - 1);
    auto trim = [&](std::string_view spaces) {
        name.remove_prefix(std::min(name.size(), name.find_first_not_of(spaces)));
        name.remove_suffix(name.size() - std::min(name.size(), name.find_last_not_of(spaces) + 1));
    };
    trim(" \t");
    trim("\"'");
    return name == kTable;
}

// The TOML text with the bookmarks of `table` (parsed from it) replaced by `marks`, in the form
// the table is written in.
std::string edited(std::string_view toml, const toml::table& table, const Bookmarks& marks) {
    Positions pos(toml);
    size_t table_begin = pos.offset(table.source().begin);
    if (table.is_inline())
        return apply(toml, {{table_begin, pos.offset(table.source().end), inline_table(toml, pos, table, marks)}});
    bool header = is_own_header(toml.substr(table_begin));
    bool has_bookmarks = std::any_of(table.begin(), table.end(), [](const auto& entry) { return entry.second.is_string(); });
    if (!header && !has_bookmarks && toml.substr(table_begin).starts_with('[')) return with_table_added(toml, marks);  // only [bookmarks.sub] tables
    // A [bookmarks] header, or dotted keys (`bookmarks.name = "url"`): each bookmark is on its
    // own line(s); they are removed and the new ones written after the header, or where the
    // first dotted one was.
    std::vector<Edit> edits;
    size_t insert_at = header ? pos.after_line(table.source().begin.line) : pos.line_start(table.source().begin.line);
    bool first = true;
    for (const auto& [key, value] : table) {
        if (!value.is_string()) continue;
        size_t begin = pos.line_start(key.source().begin.line);
        if (!header && first) insert_at = begin;
        first = false;
        edits.push_back({begin, pos.after_line(value.source().end.line), ""});
    }
    std::string lines;
    for (const auto& [name, url] : marks) lines += (header ? "" : "bookmarks.") + key_text(name) + " = " + quoted(url) + "\n";
    if (insert_at > 0 && toml[insert_at - 1] != '\n') lines.insert(0, "\n");  // a header on the file's last line
    edits.push_back({insert_at, insert_at, lines});
    return apply(toml, edits);
}

// Replaces `file` with `body` so that readers see the old file or the new one, never a part.
bool write_atomically(const std::string& file, const std::string& body, mode_t mode, std::string& error) {
    std::string temp = file + "." + std::to_string(::getpid()) + ".tmp";
    int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    bool ok = out >= 0 && posix::write_fully(out, body.data(), body.size());
    if (out >= 0) ok = ::close(out) == 0 && ok;
    ok = ok && ::rename(temp.c_str(), file.c_str()) == 0;
    if (!ok) {
        error = std::strerror(errno);
        ::unlink(temp.c_str());
    }
    return ok;
}

}  // namespace

// The same omniverse.toml the configuration is read from ($OMNI_CONFIG_PATH, else the home one).
std::string path() { return config::file_path(); }

Bookmarks parse(std::string_view toml) {
    try {
        toml::table root = toml::parse(toml);
        const auto* table = root[kTable].as_table();
        return table ? string_entries(*table) : Bookmarks{};
    } catch (const toml::parse_error&) {
        return {};
    }
}

std::optional<std::string> replace(std::string_view toml, const Bookmarks& marks, std::string& error) {
    if (!std::all_of(marks.begin(), marks.end(), [](const auto& m) { return is_utf8(m.first) && is_utf8(m.second); })) {
        error = "a bookmark's name or URL is not UTF-8 text";
        return std::nullopt;
    }
    toml::table root;
    try {
        root = toml::parse(toml);
    } catch (const toml::parse_error& e) {
        error = "it is not valid TOML (line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description()) + ")";
        return std::nullopt;
    }
    const toml::node* node = root.get(kTable);
    const auto* table = node ? node->as_table() : nullptr;
    if (node && !table) {
        error = "its 'bookmarks' is not a table";
        return std::nullopt;
    }
    std::string out = table ? edited(toml, *table, marks) : with_table_added(toml, marks);
    // Each form is edited in place; if some unusual layout defeats that, the file is left alone.
    if (parse(out) != marks) {
        error = "its bookmarks table is laid out in a way this library cannot edit in place";
        return std::nullopt;
    }
    return out;
}

Bookmarks load(const std::string& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    std::string text;
    bool ok = posix::read_fully(fd, text);
    ::close(fd);
    return ok ? parse(text) : Bookmarks{};
}

bool update(const std::string& file, const std::string& name, const std::string& url, std::string& error) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos || !posix::make_folders(file.substr(0, slash), 0755)) {
        error = "its folder cannot be made";
        return false;
    }
    // The lock is on the file itself, which each update replaces: after waiting for it, make sure
    // it is still the file at `file`, or try again with the new one.
    // Each round some process gets through, so only heavy contention makes this give up.
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10); std::chrono::steady_clock::now() < until;) {
        int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            error = std::strerror(errno);
            return false;
        }
        while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
        struct stat held, now;
        if (::fstat(fd, &held) != 0 || ::stat(file.c_str(), &now) != 0 || held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
            ::close(fd);
            continue;
        }
        std::string text;
        bool ok = posix::read_fully(fd, text);
        if (ok) {
            std::map<std::string, std::string> marks;
            for (auto& [k, v] : parse(text)) marks[k] = v;
            if (url.empty()) marks.erase(name);
            else marks[name] = url;
            std::optional<std::string> body = replace(text, Bookmarks(marks.begin(), marks.end()), error);
            ok = body && write_atomically(file, *body, held.st_mode & 07777, error);
        } else {
            error = std::strerror(errno);
        }
        ::close(fd);
        return ok;
    }
    error = "other processes held it for too long";
    return false;
}

}  // namespace omniclient::bookmark_file
