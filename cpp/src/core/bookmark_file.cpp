#include "core/bookmark_file.h"

#include "core/posix_io.h"
#include "core/utf8.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::bookmark_file {
namespace {

constexpr std::string_view kTable = "bookmarks";

bool is_bare_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

void skip_spaces(std::string_view s, size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}


// A TOML basic ("...") or literal ('...') string starting at s[i]; advances past it.
bool read_string(std::string_view s, size_t& i, std::string& out) {
    if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return false;
    char quote = s[i++];
    while (i < s.size() && s[i] != quote) {
        char c = s[i++];
        if (quote == '\'' || c != '\\') {
            out += c;
            continue;
        }
        if (i >= s.size()) return false;
        char e = s[i++];
        switch (e) {
        case 'b': out += '\b'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'f': out += '\f'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'u':
        case 'U': {
            size_t digits = e == 'u' ? 4 : 8;
            if (i + digits > s.size()) return false;
            std::string hex(s.substr(i, digits));
            if (!std::all_of(hex.begin(), hex.end(), [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); })) return false;
            append_utf8(out, static_cast<uint32_t>(std::strtoul(hex.c_str(), nullptr, 16)));
            i += digits;
            break;
        }
        default: return false;
        }
    }
    if (i >= s.size()) return false;
    ++i;
    return true;
}

// One `key = "value"` line; false for anything else (comments, blank lines, other value types).
bool parse_entry(std::string_view line, std::string& key, std::string& value) {
    key.clear();
    value.clear();
    size_t i = 0;
    skip_spaces(line, i);
    if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
        if (!read_string(line, i, key)) return false;
    } else {
        size_t start = i;
        while (i < line.size() && is_bare_key_char(line[i])) ++i;
        key.assign(line.substr(start, i - start));
    }
    if (key.empty()) return false;
    skip_spaces(line, i);
    if (i >= line.size() || line[i] != '=') return false;
    ++i;
    skip_spaces(line, i);
    if (!read_string(line, i, value)) return false;
    skip_spaces(line, i);
    return i == line.size() || line[i] == '#' || line[i] == '\r';
}

// The table a header line opens ("" if the line is no header).
std::string_view header_name(std::string_view line) {
    size_t i = 0;
    skip_spaces(line, i);
    if (i >= line.size() || line[i] != '[') return {};
    size_t end = line.find(']', i);
    if (end == std::string_view::npos) return {};
    std::string_view name = line.substr(i + 1, end - i - 1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t' || name.front() == '[')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    return name.empty() ? std::string_view("[") : name;  // "[]" is still a header
}

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

// Calls fn(line, in_bookmarks, is_header) for each line (with its end of line) of `toml`.
template <class F>
void for_each_line(std::string_view toml, F&& fn) {
    bool in_table = false;
    for (size_t pos = 0; pos < toml.size();) {
        size_t nl = toml.find('\n', pos);
        size_t end = nl == std::string_view::npos ? toml.size() : nl + 1;
        std::string_view line = toml.substr(pos, end - pos);
        std::string_view header = header_name(line.substr(0, line.find('\n')));
        if (!header.empty()) in_table = header == kTable;
        fn(line, in_table, !header.empty());
        pos = end;
    }
}

}  // namespace

std::string path() {
    std::string home;
    if (const char* h = std::getenv("HOME"); h && *h) home = h;
    else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) home = pw->pw_dir;
    return home.empty() ? std::string() : home + "/.nvidia-omniverse/config/omniverse.toml";
}

Bookmarks parse(std::string_view toml) {
    std::map<std::string, std::string> found;
    for_each_line(toml, [&](std::string_view line, bool in_table, bool is_header) {
        std::string key, value;
        if (in_table && !is_header && parse_entry(line.substr(0, line.find('\n')), key, value)) found[key] = value;
    });
    return Bookmarks(found.begin(), found.end());
}

std::string replace(std::string_view toml, const Bookmarks& marks) {
    std::string table = std::string("[") + std::string(kTable) + "]\n";
    for (const auto& [name, url] : marks) table += key_text(name) + " = " + quoted(url) + "\n";
    std::string out, key, value;
    bool written = false;
    for_each_line(toml, [&](std::string_view line, bool in_table, bool is_header) {
        if (!in_table) {
            out += line;
        } else if (is_header) {
            if (!written) out += table;  // a repeated header is dropped with its old entries
            written = true;
        } else if (!parse_entry(line.substr(0, line.find('\n')), key, value)) {
            out += line;  // comments and blank lines of the table stay; its entries were rewritten
        }
    });
    if (!written) {
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += '\n' + table;  // a blank line before the table, as the original writes it
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

bool update(const std::string& file, const std::string& name, const std::string& url) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos || !posix::make_folders(file.substr(0, slash), 0755)) return false;
    // The lock is on the file itself, which each update replaces: after waiting for it, make sure
    // it is still the file at `file`, or try again with the new one.
    // Each round some process gets through, so only heavy contention makes this give up.
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10); std::chrono::steady_clock::now() < until;) {
        int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return false;
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
            std::string temp = file + "." + std::to_string(::getpid()) + ".tmp";
            int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, held.st_mode & 07777);
            std::string body = replace(text, Bookmarks(marks.begin(), marks.end()));
            ok = out >= 0 && posix::write_fully(out, body.data(), body.size());
            if (out >= 0) ok = ::close(out) == 0 && ok;
            ok = ok && ::rename(temp.c_str(), file.c_str()) == 0;
            if (!ok) ::unlink(temp.c_str());
        }
        ::close(fd);
        return ok;
    }
    return false;
}

}  // namespace omniclient::bookmark_file
