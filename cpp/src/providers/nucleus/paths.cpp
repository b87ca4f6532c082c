#include "providers/nucleus/paths.h"

#include <cstdlib>

namespace omniclient::nucleus {

std::string server_key(const Target& t) {
    std::string_view scheme = t.parts.scheme ? std::string_view(*t.parts.scheme) : "omniverse";
    std::string_view host = t.parts.host ? std::string_view(*t.parts.host) : "";
    std::string_view port = t.parts.port ? std::string_view(*t.parts.port) : "";
    std::string key;  // built in one allocation: every request to a server asks for it
    key.reserve(scheme.size() + 3 + host.size() + 1 + port.size());
    key.append(scheme).append("://").append(host);
    if (!port.empty()) key.append(":").append(port);
    return key;
}

std::string path_of(const Target& t) {
    std::string p = t.parts.path ? url::percent_decode(*t.parts.path) : std::string("/");
    if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
    return p;
}

std::string without_slash(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}

std::string folder_form(const std::string& p) { return p.back() == '/' ? p : p + "/"; }

std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/') + 1); }

int64_t checkpoint_of(const Target& t) {
    if (!t.parts.query) return 0;
    const std::string& q = *t.parts.query;
    size_t amp = q.find('&');
    if (amp == std::string::npos) return 0;
    return std::atoll(q.c_str() + amp + 1);
}

nlohmann::json path_param(const Target& t, const std::string& path) {
    nlohmann::json p = {{"path", path}, {"branch", ""}};
    if (int64_t cp = checkpoint_of(t)) p["checkpoint"] = cp;
    return p;
}

}  // namespace omniclient::nucleus
