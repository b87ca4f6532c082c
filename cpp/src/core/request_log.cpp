#include "core/request_log.h"

#include "core/log.h"
#include "url/url.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <set>

namespace omniclient {
namespace {

// Servers some request could not reach, whose retries were already announced: the next
// announcement waits until one of their requests is answered.
std::mutex g_unreachable_mu;
std::set<std::string> g_unreachable;
std::atomic<size_t> g_unreachable_count{0};  // its size, read without the lock by every request's end

// Where a URL's requests go: scheme, user and host, port.
std::string server_of(std::string_view url) {
    url::Url parts = url::break_url(url);
    url::Url server;
    server.scheme = parts.scheme;
    server.host = parts.host;
    server.port = parts.port;
    return url::make_url(server);
}

bool is_secret_query_key(std::string key) {
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* const secrets[] = {"sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
                                          "token", "access_token", "auth_token", "password"};
    return std::any_of(std::begin(secrets), std::end(secrets), [&](const char* s) { return key == s; });
}

// A query with the values of secret-bearing keys (signatures, tokens) replaced.
std::string masked_query(std::string_view query) {
    std::string out;
    while (true) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        size_t eq = pair.find('=');
        if (eq != std::string_view::npos && is_secret_query_key(std::string(pair.substr(0, eq))))
            out.append(pair.substr(0, eq + 1)).append("***");
        else
            out.append(pair);
        if (amp == std::string_view::npos) return out;
        out += '&';
        query.remove_prefix(amp + 1);
    }
}

std::string seconds_text(int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g s", static_cast<double>(ms) / 1000);
    return text;
}

}  // namespace

const char* result_name(Result result) {
    static const char* const names[] = {"OK", "OK_LATEST", "OK_NOT_YET_FOUND", "ERROR", "ERROR_CONNECTION", "ERROR_NOT_SUPPORTED",
                                        "ERROR_ACCESS_DENIED", "ERROR_NOT_FOUND", "ERROR_BAD_VERSION", "ERROR_ALREADY_EXISTS",
                                        "ERROR_SOURCE_IS_DEST", "ERROR_ACCESS_LOST", "ERROR_LOCKED", "ERROR_BAD_REQUEST",
                                        "ERROR_FOLDER_NOT_EMPTY", "ERROR_WRONG_TYPE", "ERROR_UNSUPPORTED_VERSION"};
    auto i = static_cast<size_t>(result);
    return i < std::size(names) ? names[i] : "ERROR";
}

std::string url_for_log(std::string_view url) {
    std::string out(url);
    // the password of "scheme://user:password@host"
    if (size_t scheme_end = out.find("://"); scheme_end != std::string::npos) {
        size_t authority = scheme_end + 3;
        size_t authority_end = std::min(out.find_first_of("/?#", authority), out.size());
        size_t at = out.rfind('@', authority_end - 1);
        if (at != std::string::npos && at >= authority) {
            size_t colon = out.find(':', authority);
            if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    if (size_t question = out.find('?'); question != std::string::npos) {
        size_t fragment = std::min(out.find('#', question), out.size());
        out.replace(question + 1, fragment - question - 1, masked_query(std::string_view(out).substr(question + 1, fragment - question - 1)));
    }
    return url::make_printable(out);
}

void RequestLogLayer::on_finish(OpKind kind, const std::string& url, Result result, int64_t start_us) {
    if (result != OMNI_RESULT_ERROR_CONNECTION && g_unreachable_count.load(std::memory_order_relaxed) > 0) {
        std::string server = server_of(url);
        std::lock_guard lock(g_unreachable_mu);
        if (g_unreachable.erase(server)) {
            g_unreachable_count = g_unreachable.size();
            log(OMNI_LOG_INFO, "core", url_for_log(server) + " answers again");
        }
    }
    if (!log_enabled(OMNI_LOG_VERBOSE)) return;
    int64_t ms = (steady_now_us() - start_us) / 1000;
    std::string what = url.empty() ? op_name(kind) : std::string(op_name(kind)) + " " + url_for_log(url);
    log(OMNI_LOG_VERBOSE, "core", what + ": " + result_name(result) + " in " + std::to_string(ms) + " ms");
}

void log_retry(OpKind kind, const std::string& url, int count, int64_t delay_ms, int64_t max_ms) {
    std::string server = server_of(url);
    bool first;
    {
        std::lock_guard lock(g_unreachable_mu);
        first = g_unreachable.insert(server).second;
        g_unreachable_count = g_unreachable.size();
    }
    if (first)
        log(OMNI_LOG_WARNING, "core", "Cannot reach " + url_for_log(server) + "; its requests are tried again for up to " +
            seconds_text(max_ms));
    if (log_enabled(OMNI_LOG_VERBOSE))
        log(OMNI_LOG_VERBOSE, "core", std::string(op_name(kind)) + " " + url_for_log(url) + ": cannot connect; try " +
            std::to_string(count + 1) + " in " + std::to_string(delay_ms) + " ms");
}

}  // namespace omniclient
