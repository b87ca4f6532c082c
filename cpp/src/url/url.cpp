// omni.client-compatible URL functions. The behaviour (quirks included) is taken from observing the
// original library; tests/url/cases.json holds the observations these functions are tested against.
//
// Internal model: a URL is split into components kept in "escaped" form, with escapes of unreserved
// characters decoded and absolute paths collapsed ('//', '.', '..'). break_url() decodes the path,
// user and host on output; normalize_url() re-escapes what must be escaped and keeps other escapes.
#include "url/url.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace omniclient::url {
namespace {

// ---- character classes ----------------------------------------------------------------------

enum : uint8_t {
    kUnreserved = 1,  // ALPHA DIGIT - . _ ~
    kPath = 2,        // pchar and '/': unreserved, sub-delims, ':', '@', '/'
    kQuery = 4,       // path characters and '?'
    kUser = 8,        // unreserved only
    kSchemeChar = 16, // ALPHA DIGIT + - .
    kJoinName = 32,   // path characters except '/'
};

constexpr std::array<uint8_t, 256> make_classes() {
    std::array<uint8_t, 256> t{};
    auto add = [&t](std::string_view chars, uint8_t cls) {
        for (char c : chars) t[static_cast<unsigned char>(c)] |= cls;
    };
    for (int c = 0; c < 256; ++c) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (alpha || digit) t[c] |= kUnreserved | kPath | kQuery | kUser | kSchemeChar | kJoinName;
    }
    add("-._~", kUnreserved | kPath | kQuery | kUser | kJoinName);
    add("!$&'()*+,;=:@", kPath | kQuery | kJoinName);
    add("/", kPath | kQuery);
    add("?", kQuery);
    add("+-.", kSchemeChar);
    return t;
}
constexpr std::array<uint8_t, 256> kClasses = make_classes();

inline bool has(char c, uint8_t cls) { return kClasses[static_cast<unsigned char>(c)] & cls; }

inline int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

constexpr char kHex[] = "0123456789ABCDEF";

inline void append_escaped(std::string& out, unsigned char c) {
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
}

// The decoded byte of a valid escape at s[i] ('%' and two hex digits), or -1.
inline int escape_at(std::string_view s, size_t i) {
    if (i + 2 >= s.size()) return -1;
    int hi = hexval(s[i + 1]);
    int lo = hexval(s[i + 2]);
    return (hi < 0 || lo < 0) ? -1 : hi * 16 + lo;
}

// Appends s, escaping bytes outside `allowed` and stray '%'; valid escapes are kept as written,
// except escapes of unreserved characters, which are decoded.
void append_encoded(std::string& out, std::string_view s, uint8_t allowed) {
    size_t i = 0;
    while (i < s.size()) {
        size_t run = i;
        while (run < s.size() && has(s[run], allowed)) ++run;
        out.append(s.data() + i, run - i);
        if (run == s.size()) break;
        i = run;
        if (s[i] == '%') {
            int v = escape_at(s, i);
            if (v < 0) {
                out += "%25";
            } else {
                if (has(static_cast<char>(v), kUnreserved)) out.push_back(static_cast<char>(v));
                else out.append(s.data() + i, 3);
                i += 2;
            }
        } else {
            append_escaped(out, static_cast<unsigned char>(s[i]));
        }
        ++i;
    }
}

// Decodes escapes of unreserved characters only; everything else is kept as written.
void append_unreserved_decoded(std::string& out, std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            int v = escape_at(s, i);
            if (v >= 0 && has(static_cast<char>(v), kUnreserved)) {
                out.push_back(static_cast<char>(v));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
}

std::string unreserved_decoded(std::string_view s) {
    if (s.find('%') == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    append_unreserved_decoded(out, s);
    return out;
}

// Escapes every byte outside `allowed`, '%' included.
void append_strict(std::string& out, std::string_view s, uint8_t allowed) {
    for (char c : s) {
        if (has(c, allowed)) out.push_back(c);
        else append_escaped(out, static_cast<unsigned char>(c));
    }
}

// Full percent-decoding.
std::string decoded(std::string_view s) {
    if (s.find('%') == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        int v = s[i] == '%' ? escape_at(s, i) : -1;
        if (v >= 0) {
            out.push_back(static_cast<char>(v));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

void lower_ascii(std::string& s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::string_view cut_at_nul(std::string_view s) {
    size_t nul = s.find('\0');
    return nul == std::string_view::npos ? s : s.substr(0, nul);
}

// ---- paths ----------------------------------------------------------------------------------

// Collapses an absolute path: empty and '.' segments go, '..' removes the previous segment, and a
// trailing '', '.' or '..' segment leaves a trailing '/'.
std::string collapse_path(std::string_view p) {
    std::string out;
    out.reserve(p.size());
    size_t start = 1;
    bool trailing = true;
    while (start <= p.size()) {
        size_t end = p.find('/', start);
        if (end == std::string_view::npos) end = p.size();
        std::string_view seg = p.substr(start, end - start);
        trailing = seg.empty() || seg == "." || seg == "..";
        if (seg == "..") {
            size_t slash = out.rfind('/');
            out.resize(slash == std::string::npos ? 0 : slash);
        } else if (!trailing) {
            out.push_back('/');
            out.append(seg);
        }
        start = end + 1;
    }
    if (trailing || out.empty()) out.push_back('/');
    return out;
}

// Replaces each run of '/' by one (but a leading "//" with keep_leading).
std::string collapse_slashes(std::string s, bool keep_leading = false) {
    size_t out = keep_leading && s.compare(0, 2, "//") == 0 ? 2 : 0;
    for (size_t i = out; i < s.size(); ++i)
        if (!(s[i] == '/' && out > 0 && s[out - 1] == '/')) s[out++] = s[i];
    s.resize(out);
    return s;
}

// RFC 3986 5.2.4, for merged relative paths.
std::string remove_dot_segments(std::string_view in) {
    std::string out;
    while (!in.empty()) {
        if (in.substr(0, 3) == "../") in.remove_prefix(3);
        else if (in.substr(0, 2) == "./") in.remove_prefix(2);
        else if (in.substr(0, 3) == "/./") in.remove_prefix(2);
        else if (in == "/.") in = "/";
        else if (in.substr(0, 4) == "/../" || in == "/..") {
            in = in.size() == 3 ? std::string_view("/") : in.substr(3);
            size_t slash = out.rfind('/');
            out.resize(slash == std::string::npos ? 0 : slash);
        } else if (in == "." || in == "..") {
            in = {};
        } else {
            size_t next = in.find('/', 1);
            if (next == std::string_view::npos) next = in.size();
            out.append(in.substr(0, next));
            in.remove_prefix(next);
        }
    }
    return out;
}


// How the original resolves a merged relative path: leading "./" and "../" go first, then runs of
// '/' collapse (a leading "//" stays with keep_leading), then dot segments resolve (RFC 3986 5.2.4).
std::string resolve_path(std::string_view merged, bool keep_leading = false) {
    for (;;) {
        if (merged.substr(0, 2) == "./") merged.remove_prefix(2);
        else if (merged.substr(0, 3) == "../") merged.remove_prefix(3);
        else break;
    }
    return remove_dot_segments(collapse_slashes(std::string(merged), keep_leading));
}

// ---- parsing --------------------------------------------------------------------------------

// One component: absent, a view into the parsed string, or a transformed copy it owns.
struct Piece {
    bool present = false;
    std::string_view v;
    std::string buf;

    void set(std::string_view s) {
        present = true;
        v = s;
    }
    void own(std::string s) {
        present = true;
        buf = std::move(s);
        v = buf;
    }
    void view_of(const Piece& other) {
        present = other.present;
        v = other.v;
    }
    explicit operator bool() const { return present; }
};

// Equal as the original compares parts: an absent part equals an empty one.
bool same(const Piece& a, const Piece& b) { return a.v == b.v; }

bool has_upper(std::string_view s) {
    for (char c : s)
        if (c >= 'A' && c <= 'Z') return true;
    return false;
}

// Components in internal form (see the file comment); views point into the parsed string, which
// must outlive the Parts. path is always present.
struct Parts {
    Parts() = default;
    Parts(const Parts&) = delete;
    Parts& operator=(const Parts&) = delete;

    Piece scheme, user, host, port, path, query, fragment;
    bool raw = false;
    bool scheme_was_omni = false;
};

// Length of a scheme at the start of s (excluding ':'), or 0.
size_t scheme_length(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
    size_t i = 1;
    while (i < s.size() && has(s[i], kSchemeChar)) ++i;
    return (i < s.size() && s[i] == ':') ? i : 0;
}

// Whether an absolute path has '//', '.' or '..' segments to collapse.
bool needs_collapse(std::string_view p) {
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] != '/') continue;
        size_t rest = p.size() - i - 1;
        if (rest == 0) return false;
        if (p[i + 1] == '/') return true;
        if (p[i + 1] == '.') {
            if (rest == 1 || p[i + 2] == '/') return true;
            if (p[i + 2] == '.' && (rest == 2 || p[i + 3] == '/')) return true;
        }
    }
    return false;
}

void set_decoded(Piece& piece, std::string_view s, bool lower) {
    if (s.find('%') == std::string_view::npos && !(lower && has_upper(s))) {
        piece.set(s);
        return;
    }
    std::string d = decoded(s);
    if (lower) lower_ascii(d);
    piece.own(std::move(d));
}

void set_unreserved_decoded(Piece& piece, std::string_view s) {
    if (s.find('%') == std::string_view::npos) piece.set(s);
    else piece.own(unreserved_decoded(s));
}

void set_path(Piece& piece, std::string_view s) {
    set_unreserved_decoded(piece, s);
    if (!piece.v.empty() && piece.v[0] == '/' && needs_collapse(piece.v)) piece.own(collapse_path(piece.v));
}

void parse_reference(std::string_view s, Parts& p) {
    size_t pos = 0;
    if (size_t n = scheme_length(s)) {
        std::string_view scheme = s.substr(0, n);
        p.scheme_was_omni = scheme == "omni";
        set_decoded(p.scheme, scheme, true);
        pos = n + 1;
    }
    if (s.substr(pos, 2) == "//") {
        size_t begin = pos + 2;
        // "file:////server/share" names the server after four slashes (UNC).
        bool file = p.scheme && p.scheme.v == "file";
        if (file && s.substr(pos, 4) == "////") begin = pos + 4;
        size_t end = s.find_first_of("/?#", begin);
        if (end == std::string_view::npos) end = s.size();
        std::string_view authority = s.substr(begin, end - begin);
        pos = end;
        if (file) {
            // file: authorities are a host only, with no user or port.
            if (!authority.empty()) set_decoded(p.host, authority, true);
        } else {
            size_t at = authority.find('@');
            if (at != std::string_view::npos) {
                set_decoded(p.user, authority.substr(0, at), false);
                authority.remove_prefix(at + 1);
            }
            // The port follows the last ':' unless the host is "[...]" (IPv6) and that ':' is inside.
            size_t colon = authority.rfind(':');
            bool in_brackets = colon != std::string_view::npos && authority[0] == '[' &&
                               authority.find(']', colon) != std::string_view::npos;
            if (colon != std::string_view::npos && !in_brackets) {
                set_decoded(p.port, authority.substr(colon + 1), false);
                authority = authority.substr(0, colon);
            }
            set_decoded(p.host, authority, true);
        }
    }
    size_t path_end = s.find_first_of("?#", pos);
    if (path_end == std::string_view::npos) path_end = s.size();
    set_path(p.path, s.substr(pos, path_end - pos));
    pos = path_end;
    if (pos < s.size() && s[pos] == '?') {
        size_t end = s.find('#', pos + 1);
        if (end == std::string_view::npos) end = s.size();
        set_unreserved_decoded(p.query, s.substr(pos + 1, end - pos - 1));
        pos = end;
    }
    if (pos < s.size() && s[pos] == '#') set_unreserved_decoded(p.fragment, s.substr(pos + 1));
}

bool is_default_slash_scheme(const Piece& scheme) {
    return scheme && (scheme.v == "omniverse" || scheme.v == "omniverses" || scheme.v == "http" || scheme.v == "https");
}

bool equals_lower(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

// "http(s)://web/?omniverse://server/path" stands for the URL after the '?': its offset, or 0.
size_t unwraps(std::string_view s) {
    size_t n = scheme_length(s);
    if (n && (equals_lower(s.substr(0, n), "http") || equals_lower(s.substr(0, n), "https"))) {
        size_t q = s.find_first_of("?#", n + 1);
        if (q != std::string_view::npos && s[q] == '?' && s.substr(q + 1, 10) == "omniverse:") return q + 1;
    }
    return 0;
}

void parse_full(std::string_view s, Parts& p) {
    if (!s.empty() && s[0] == '/') {
        p.raw = true;
        if (needs_collapse(s)) p.path.own(collapse_path(s));
        else p.path.set(s);
        return;
    }
    if (size_t inner = unwraps(s)) return parse_full(s.substr(inner), p);
    parse_reference(s, p);
    if (p.scheme_was_omni) p.scheme.set("omniverse");
    if (p.path.v.empty() && is_default_slash_scheme(p.scheme)) p.path.set("/");
}

// What break_url hands out: path, user and host decoded, and cut at a decoded NUL as the
// original's C strings are.
std::string_view until_nul(std::string_view s) {
    size_t nul = s.find('\0');
    return nul == std::string_view::npos ? s : s.substr(0, nul);
}

std::optional<std::string_view> out_view(const Piece& piece) {
    if (!piece) return std::nullopt;
    return piece.v;
}

void emit(const Parts& p, UrlViewSink sink, void* context) {
    UrlView view;
    view.is_raw = p.raw;
    if (p.raw) {
        view.path = p.path.v;
        sink(view, context);
        return;
    }
    std::string path_storage;
    std::string_view path = p.path.v;
    if (path.find('%') != std::string_view::npos) {
        path_storage = decoded(path);
        path = path_storage;
    }
    // User, host and port are kept decoded once; break_url decodes them once more (so "%%41"
    // is "%A" inside and a byte outside), as the original does.
    std::string storage[3];
    const Piece* twice[3] = {&p.user, &p.host, &p.port};
    std::optional<std::string_view>* outs[3] = {&view.user, &view.host, &view.port};
    for (int i = 0; i < 3; ++i) {
        if (!*twice[i]) continue;
        std::string_view v = twice[i]->v;
        if (v.find('%') != std::string_view::npos) {
            storage[i] = decoded(v);
            v = storage[i];
        }
        *outs[i] = until_nul(v);
    }
    view.scheme = out_view(p.scheme);
    view.path = until_nul(path);
    view.query = out_view(p.query);
    view.fragment = out_view(p.fragment);
    sink(view, context);
}

std::optional<std::string> to_string(const std::optional<std::string_view>& v) {
    if (!v) return std::nullopt;
    return std::string(*v);
}

void to_url(const UrlView& view, void* context) {
    Url& u = *static_cast<Url*>(context);
    u.scheme = to_string(view.scheme);
    u.user = to_string(view.user);
    u.host = to_string(view.host);
    u.port = to_string(view.port);
    u.path = to_string(view.path);
    u.query = to_string(view.query);
    u.fragment = to_string(view.fragment);
    u.is_raw = view.is_raw;
}

// ---- composing ------------------------------------------------------------------------------

bool is_default_port(const Piece& scheme, std::string_view port) {
    return scheme && ((scheme.v == "http" && port == "80") || (scheme.v == "https" && port == "443"));
}

// The composition shared by make_url and normalize_url. A path alone (every other component
// absent) is a file path and is written as it is.
std::string compose(const Piece& scheme, const Piece& user, const Piece& host, const Piece& port, std::string_view path,
                    const Piece& query, const Piece& fragment) {
    std::string out;
    out.reserve(8 + scheme.v.size() + user.v.size() + host.v.size() + port.v.size() + path.size() + path.size() / 4 +
                query.v.size() + fragment.v.size());
    if (scheme) {
        append_unreserved_decoded(out, scheme.v);
        out.push_back(':');
    }
    if (host) {
        out += "//";
        if (user && !user.v.empty()) {
            append_encoded(out, user.v, kUser);
            out.push_back('@');
        }
        append_unreserved_decoded(out, host.v);
        if (port && !port.v.empty() && !is_default_port(scheme, port.v)) {
            out.push_back(':');
            append_unreserved_decoded(out, port.v);
        }
    }
    if (!scheme && !user && !host && !port && !query && !fragment) {
        out.append(path);
    } else {
        if (host && !path.empty() && path[0] != '/') out.push_back('/');
        append_encoded(out, path, kPath);
    }
    if (query) {
        out.push_back('?');
        append_encoded(out, query.v, kQuery);
    }
    if (fragment) {
        out.push_back('#');
        append_encoded(out, fragment.v, kQuery);
    }
    return out;
}

std::string compose_normalized(const Parts& p) {
    if (p.raw) return std::string(p.path.v);
    return compose(p.scheme, p.user, p.host, p.port, p.path.v, p.query, p.fragment);
}

std::string normalized(std::string_view s) {
    Parts p;
    parse_full(s, p);
    return compose_normalized(p);
}

// ---- state ----------------------------------------------------------------------------------

thread_local std::vector<std::string> t_base_urls;

struct AliasTable {
    std::shared_mutex mutex;
    std::map<std::string, std::string, std::less<>> aliases;
    // Read without the lock by with_aliases(), so that URL functions cost nothing extra while no
    // alias is set (the usual case).
    std::atomic<bool> any{false};
};

AliasTable& alias_table() {
    static AliasTable table;
    return table;
}

}  // namespace

std::string percent_decode(std::string_view s) { return decoded(s); }

void break_url_view(std::string_view url, bool reference, UrlViewSink sink, void* context) {
    url = cut_at_nul(url);
    Parts p;
    if (reference) parse_reference(url, p);
    else parse_full(url, p);
    emit(p, sink, context);
}

Url break_url_reference(std::string_view url) {
    Url u;
    break_url_view(url, true, to_url, &u);
    return u;
}

Url break_url(std::string_view url) {
    Url u;
    break_url_view(url, false, to_url, &u);
    return u;
}

std::string make_url(const Url& u) {
    Piece parts[7];
    const std::optional<std::string>* fields[] = {&u.scheme, &u.user, &u.host, &u.port, &u.path, &u.query, &u.fragment};
    for (size_t i = 0; i < 7; ++i)
        if (*fields[i]) parts[i].set(**fields[i]);
    return compose(parts[0], parts[1], parts[2], parts[3], parts[4].v, parts[5], parts[6]);
}

std::string normalize_url(std::string_view url) { return normalized(cut_at_nul(url)); }

std::string combine_urls(std::string_view base_url, std::string_view other_url) {
    base_url = cut_at_nul(base_url);
    other_url = cut_at_nul(other_url);
    if (other_url.empty()) return normalized(base_url);
    if (base_url.empty()) return normalized(other_url);
    Parts base;
    parse_full(base_url, base);
    bool other_absolute = scheme_length(other_url) || other_url[0] == '/';
    if (base.raw || (!base.scheme && !base.host)) {
        // A base that is a file path: the other string is appended to its folder as a path, and
        // '?' and '#' in it are not special. Dot segments and runs of '/' are resolved in the
        // order the original resolves them.
        std::string_view base_path = base.path.v;
        bool empty_base = !base.raw && base_path.empty();
        if (empty_base && (other_url.substr(0, 2) == "//" || !other_absolute))
            return resolve_path(other_url, true);
        if (other_absolute) return normalized(other_url);
        if (base.raw) {
            std::string merged(base_path.substr(0, base_path.rfind('/') + 1));
            merged.append(other_url);
            return needs_collapse(merged) ? collapse_path(merged) : merged;
        }
        // The folder of a path with no '/' is "/", as in the original.
        size_t slash = base_path.rfind('/');
        std::string folder(slash == std::string_view::npos ? std::string_view() : base_path.substr(0, slash));
        folder.push_back('/');
        folder.append(other_url);
        return resolve_path(folder);
    }
    other_url.remove_prefix(unwraps(other_url));
    Parts ref;
    parse_reference(other_url, ref);
    if (ref.scheme_was_omni) ref.scheme.set("omniverse");
    if (ref.scheme && base.scheme && ref.scheme.v == base.scheme.v && !ref.host) ref.scheme = Piece();
    if (ref.scheme) return normalized(other_url);
    Parts t;
    t.scheme.view_of(base.scheme);
    if (ref.host) {
        t.user.view_of(ref.user);
        t.host.view_of(ref.host);
        t.port.view_of(ref.port);
        t.path.view_of(ref.path);
        t.query.view_of(ref.query);
    } else {
        t.user.view_of(base.user);
        t.host.view_of(base.host);
        t.port.view_of(base.port);
        if (ref.path.v.empty()) {
            t.path.view_of(base.path);
            t.query.view_of(ref.query ? ref.query : base.query);  // both lvalues: no copy
        } else {
            if (ref.path.v[0] == '/') {
                t.path.view_of(ref.path);
            } else {
                std::string merged;
                if (t.host && base.path.v.empty()) merged = "/";
                else merged = base.path.v.substr(0, base.path.v.rfind('/') + 1);
                merged += ref.path.v;
                // Without a host, relative paths keep their dot segments.
                if (t.host) t.path.own(resolve_path(merged));
                else t.path.own(std::move(merged));
            }
            t.query.view_of(ref.query);
        }
    }
    t.fragment.view_of(ref.fragment);
    if (!t.path.v.empty() && t.path.v[0] == '/' && needs_collapse(t.path.v)) t.path.own(collapse_path(t.path.v));
    if (t.path.v.empty() && is_default_slash_scheme(t.scheme)) t.path.set("/");
    return compose_normalized(t);
}

std::string combine_with_base_url(std::string_view other_url) {
    if (!t_base_urls.empty()) {
        std::string storage;  // a base URL may start with an alias too
        return combine_urls(with_aliases(t_base_urls.back(), storage), other_url);
    }
    // An absolute URL or path does not depend on the working directory (a raw path): skip
    // asking the system for it. This is every operation's hot path.
    std::string_view cut = cut_at_nul(other_url);
    if (!cut.empty() && (scheme_length(cut) || cut[0] == '/')) return normalized(cut);
    // With no base, references resolve against the working directory, as file paths do.
    std::error_code ec;
    std::string cwd = std::filesystem::current_path(ec).string();
    if (ec || cwd.empty()) return std::string(cut_at_nul(other_url));
    if (cwd.back() != '/') cwd.push_back('/');
    return combine_urls(cwd, other_url);
}

void push_base_url(std::string_view base_url) { t_base_urls.emplace_back(cut_at_nul(base_url)); }

bool pop_base_url(std::string_view base_url) {
    if (t_base_urls.empty() || t_base_urls.back() != cut_at_nul(base_url)) return false;
    t_base_urls.pop_back();
    return true;
}

std::optional<std::string> get_base_url() {
    if (t_base_urls.empty()) return std::nullopt;
    return t_base_urls.back();
}

std::string make_relative_url(std::string_view base_url, std::string_view other_url) {
    Parts base;
    Parts other;
    parse_full(cut_at_nul(base_url), base);
    parse_full(cut_at_nul(other_url), other);
    if (!same(base.scheme, other.scheme) || !same(base.host, other.host) || !same(base.port, other.port) ||
        !same(base.user, other.user) || base.raw != other.raw)
        return compose_normalized(other);
    // The original compares decoded paths (raw paths are literal).
    std::string base_path = base.raw ? std::string(base.path.v) : decoded(base.path.v);
    std::string target = other.raw ? std::string(other.path.v) : decoded(other.path.v);
    std::string_view base_dir = std::string_view(base_path).substr(0, base_path.rfind('/') + 1);
    // Longest common prefix that ends with '/'.
    size_t common = 0;
    for (size_t i = 0; i < base_dir.size() && i < target.size() && base_dir[i] == target[i]; ++i)
        if (base_dir[i] == '/') common = i + 1;
    auto with_query_and_fragment = [&other](std::string out) {
        if (other.query) {
            out.push_back('?');
            append_encoded(out, other.query.v, kQuery);
        }
        if (other.fragment) {
            out.push_back('#');
            append_encoded(out, other.fragment.v, kQuery);
        }
        return out;
    };
    if (common == 0) {
        if (base.path.v.empty()) return compose_normalized(other);
        if (other.scheme || other.host) {
            std::string path;
            append_strict(path, target, kPath);
            return compose(other.scheme, other.user, other.host, other.port, path, other.query, other.fragment);
        }
        // Nothing in common: a bare path comes back decoded, as it is.
        if (other.raw || (!other.query && !other.fragment)) return target;
        std::string out;
        append_strict(out, target, kPath);
        return with_query_and_fragment(std::move(out));
    }
    std::string rel;
    size_t ups = 0;
    for (size_t i = common; i < base_dir.size(); ++i)
        if (base_dir[i] == '/') ++ups;
    std::string_view rest = std::string_view(target).substr(common);
    if (ups == 0 && !rest.empty()) rel = "./";
    for (size_t i = 0; i < ups; ++i) rel += "../";
    if (other.raw) return rel.append(rest);
    // The decoded rest is re-escaped: "%21" comes back as "!", as in the original.
    append_strict(rel, rest, kPath);
    return with_query_and_fragment(std::move(rel));
}

std::string make_file_url(std::string_view path) {
    path = cut_at_nul(path);
    std::string out = "file:";
    out.reserve(5 + path.size());
    append_strict(out, path, kPath);
    return out;
}

std::string make_printable(std::string_view url) {
    url = cut_at_nul(url);
    // Escapes of bytes >= 0x80 and of unreserved characters are decoded (a decoded NUL ends the
    // string), other escapes are kept in upper case; control characters and stray '%' are escaped.
    std::string bytes;
    bytes.reserve(url.size());
    for (size_t i = 0; i < url.size(); ++i) {
        auto c = static_cast<unsigned char>(url[i]);
        if (c == '%') {
            int v = escape_at(url, i);
            if (v == 0) break;
            if (v < 0) {
                bytes += "%25";
                continue;
            }
            if (v >= 0x80 || has(static_cast<char>(v), kUnreserved)) bytes.push_back(static_cast<char>(v));
            else append_escaped(bytes, static_cast<unsigned char>(v));
            i += 2;
        } else if (c < 0x20 || c == 0x7f) {
            append_escaped(bytes, c);
        } else {
            bytes.push_back(static_cast<char>(c));
        }
    }
    // Keep well-formed UTF-8 sequences, escape stray bytes.
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        bool ok = len > 0 && c <= 0xf4 && i + len <= bytes.size();
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(bytes[i + k]) & 0xc0) == 0x80;
        if (ok && len > 2) {
            auto c1 = static_cast<unsigned char>(bytes[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) && !(c == 0xf0 && c1 < 0x90) &&
                 !(c == 0xf4 && c1 >= 0x90);
        }
        if (ok) {
            out.append(bytes, i, len);
            i += len - 1;
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

std::optional<std::string> join(std::string_view base_url, std::string_view name) {
    base_url = cut_at_nul(base_url);
    name = cut_at_nul(name);
    if (base_url.empty() || name.empty() || name == "." || name == "..") return std::nullopt;
    // The path ends where the query or fragment starts; an authority with no path gets one.
    size_t after_scheme = scheme_length(base_url);
    if (after_scheme) ++after_scheme;
    size_t path_begin = after_scheme;
    if (base_url.substr(after_scheme, 2) == "//") {
        path_begin = base_url.find_first_of("/?#", after_scheme + 2);
        if (path_begin == std::string_view::npos) path_begin = base_url.size();
    }
    size_t path_end = base_url.find_first_of("?#", path_begin);
    if (path_end == std::string_view::npos) path_end = base_url.size();
    std::string out(base_url.substr(0, path_end));
    if (out.empty() || out.back() != '/') out.push_back('/');
    append_strict(out, name, kJoinName);
    out.append(base_url.substr(path_end));
    return out;
}

void set_alias(std::string_view alias, std::string_view value) {
    AliasTable& table = alias_table();
    std::unique_lock lock(table.mutex);
    table.aliases.insert_or_assign(std::string(cut_at_nul(alias)), std::string(cut_at_nul(value)));
    table.any.store(true, std::memory_order_relaxed);
}

void remove_alias(std::string_view alias) {
    AliasTable& table = alias_table();
    std::unique_lock lock(table.mutex);
    auto it = table.aliases.find(cut_at_nul(alias));
    if (it != table.aliases.end()) table.aliases.erase(it);
    table.any.store(!table.aliases.empty(), std::memory_order_relaxed);
}

std::string_view with_aliases(std::string_view url, std::string& storage) {
    if (!alias_table().any.load(std::memory_order_relaxed)) return url;
    storage = apply_aliases(url);
    return storage;
}

std::string apply_aliases(std::string_view url) {
    url = cut_at_nul(url);
    std::string out;
    // "omni:" is spelled "omniverse:" before aliases are matched, as in the original.
    if (url.substr(0, 5) == "omni:") {
        out = "omniverse:";
        out.append(url.substr(5));
    } else {
        out = std::string(url);
    }
    AliasTable& table = alias_table();
    std::shared_lock lock(table.mutex);
    if (table.aliases.empty()) return out;
    // The longest matching alias wins; each alias is applied at most once, so aliases that refer
    // to each other are followed without looping.
    std::vector<const std::string*> used;
    for (;;) {
        const std::pair<const std::string, std::string>* best = nullptr;
        for (const auto& entry : table.aliases) {
            const std::string& alias = entry.first;
            if (alias.empty() || out.compare(0, alias.size(), alias) != 0) continue;
            if (std::find(used.begin(), used.end(), &alias) != used.end()) continue;
            if (!best || alias.size() > best->first.size()) best = &entry;
        }
        if (!best) return out;
        used.push_back(&best->first);
        out.replace(0, best->first.size(), best->second);
    }
}

std::pair<std::string, uint64_t> get_branch_and_checkpoint_from_query(std::string_view query) {
    query = cut_at_nul(query);
    // strtoll's clamping and sign handling, seen as unsigned, as the original reports it.
    auto parse_checkpoint = [](std::string_view s) -> uint64_t {
        std::string text(s);
        return static_cast<uint64_t>(std::strtoll(text.c_str(), nullptr, 10));
    };
    std::string branch;
    uint64_t checkpoint = 0;
    // Parts are split on '&' first, then decoded (so "%26" stays inside a part).
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        size_t amp = query.find('&', start);
        parts.push_back(decoded(query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start)));
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    // "branch&checkpoint" positionally, unless the first part is a key=value pair.
    // A decoded NUL ends a value, as a C string (but not the part, for finding '=').
    auto value = [](std::string_view v) { return std::string(v.substr(0, v.find('\0'))); };
    // The default branch is named "" (as a whole decoded part: "default%00x" stays "default").
    auto branch_of = [&value](std::string_view v) { return v == "default" ? std::string() : value(v); };
    if (parts[0].find('=') == std::string::npos) {
        branch = branch_of(parts[0]);
        if (parts.size() > 1 && parts[1].find('=') == std::string::npos) checkpoint = parse_checkpoint(parts[1]);
    }
    for (std::string_view part : parts) {
        if (part.substr(0, 7) == "branch=") branch = branch_of(part.substr(7));
        else if (part.substr(0, 11) == "checkpoint=") checkpoint = parse_checkpoint(part.substr(11));
    }
    return {std::move(branch), checkpoint};
}

std::string make_query_from_branch_and_checkpoint(std::string_view branch, uint64_t checkpoint) {
    std::string out(cut_at_nul(branch));
    if (checkpoint != 0) {
        out.push_back('&');
        out += std::to_string(checkpoint);
    }
    return out;
}

}  // namespace omniclient::url
