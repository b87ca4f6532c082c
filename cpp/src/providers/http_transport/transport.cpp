#include "providers/http_transport/transport.h"

#include "core/log.h"
#include "core/registries.h"
#include "core/version.h"
#include "net/proxy.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <random>

namespace omniclient::http {

namespace {

// An integer environment variable within [min, max]; `fallback` when unset or invalid.
int64_t env_int(const char* name, int64_t fallback, int64_t min, int64_t max) {
    const char* text = std::getenv(name);
    if (!text || !*text) return fallback;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text, text + std::char_traits<char>::length(text), value);
    if (ec != std::errc() || *end) {
        log(OMNI_LOG_WARNING, "http", std::string(name) + "=" + text + " is not a number; using " + std::to_string(fallback));
        return fallback;
    }
    if (value < min || value > max) {
        int64_t clamped = std::clamp(value, min, max);
        log(OMNI_LOG_WARNING, "http", std::string(name) + "=" + text + " is invalid; clamping to " + std::to_string(clamped));
        return clamped;
    }
    return value;
}

const std::string& user_agent() {
    static const std::string agent = std::string("User-Agent: OmniClient/") + kVersionString + " (linux-x86_64)";
    return agent;
}

// Back-off before attempt `number` (1-based): about 0.1 s doubling, with jitter, at most 15 s.
std::chrono::milliseconds backoff(int number) {
    thread_local std::mt19937 random{std::random_device{}()};
    int64_t base = 100LL << std::min(number - 1, 7);
    int64_t jittered = base / 2 + static_cast<int64_t>(random() % static_cast<uint64_t>(base));
    return std::chrono::milliseconds(std::min<int64_t>(jittered, 15000));
}

}  // namespace

Settings settings_from_environment() {
    Settings s;
    s.retries = static_cast<int>(env_int("OMNICLIENT_HTTP_RETRIES", s.retries, 0, 100));
    s.stall_timeout_s = env_int("OMNICLIENT_HTTP_TIMEOUT", s.stall_timeout_s, 1, 24 * 3600);
    s.concurrent_ops = static_cast<size_t>(env_int("OMNICLIENT_HTTP_CONCURRENT_OPS", static_cast<int64_t>(s.concurrent_ops), 1, 1024));
    s.proxy = net::configured_proxy();
    if (const char* verbose = std::getenv("OMNICLIENT_HTTP_VERBOSE"); verbose && *verbose && std::string_view(verbose) != "0")
        s.verbose = true;
    return s;
}

Result result_of(const net::HttpResponse& r) {
    if (!r.transport_ok) return r.cancelled ? OMNI_RESULT_ERROR : OMNI_RESULT_ERROR_CONNECTION;
    if (r.status >= 200 && r.status < 300) return OMNI_RESULT_OK;
    if (r.status == 400) return OMNI_RESULT_ERROR_BAD_REQUEST;
    if (r.status == 401 || r.status == 403) return OMNI_RESULT_ERROR_ACCESS_DENIED;
    if (r.status == 404) return OMNI_RESULT_ERROR_NOT_FOUND;
    return OMNI_RESULT_ERROR;
}

bool is_transient(const net::HttpResponse& r) {
    if (r.cancelled) return false;
    if (!r.transport_ok) return true;
    return r.status >= 500 || r.status == 429;
}

void Transfers::cancel() {
    std::vector<uint64_t> ids;
    {
        std::lock_guard lock(mu_);
        cancelled_ = true;
        ids.swap(ids_);
    }
    for (uint64_t id : ids) client_.cancel(id);
}

bool Transfers::track(uint64_t id) {
    {
        std::lock_guard lock(mu_);
        if (!cancelled_) {
            ids_.push_back(id);
            return true;
        }
    }
    client_.cancel(id);
    return false;
}

void Transfers::untrack(uint64_t id) {
    std::lock_guard lock(mu_);
    std::erase(ids_, id);
}

Transport::Transport() : client_(settings_from_environment().concurrent_ops) {}

std::shared_ptr<Transfers> Transport::transfers(const OpContext& ctx) {
    // Each request was already retried here as OMNICLIENT_HTTP_RETRIES says: the core must not
    // retry the whole operation on top (set_retries does not apply to these providers).
    ctx.no_retry();
    auto transfers = std::make_shared<Transfers>(client_);
    ctx.on_stop([weak = std::weak_ptr<Transfers>(transfers)] {
        if (auto t = weak.lock()) t->cancel();
    });
    return transfers;
}

void Transport::send(std::shared_ptr<Transfers> transfers, MakeRequest make, ResponseDone done) {
    attempt(std::move(transfers), std::move(make), std::move(done), 0, settings_from_environment());
}

void Transport::attempt(std::shared_ptr<Transfers> transfers, MakeRequest make, ResponseDone done, int number,
                        const Settings& settings) {
    if (transfers->cancelled()) {
        net::HttpResponse cancelled;
        cancelled.cancelled = true;
        cancelled.error = "cancelled";
        return done(std::move(cancelled));
    }
    net::HttpRequest rq = make();
    rq.headers.push_back(user_agent());
    rq.headers.push_back("Accept: */*");
    rq.headers.push_back("Accept-Encoding: identity");
    rq.headers.push_back("Expect:");  // no 100-continue round trip before each upload
    for (const auto& [key, value] : http_headers())
        if (!value.empty()) rq.headers.push_back(key + ": " + value);
    rq.connect_timeout_ms = settings.stall_timeout_s * 1000;
    rq.low_speed_s = settings.stall_timeout_s;
    rq.proxy = settings.proxy;
    rq.verbose = settings.verbose;
    if (number > 0) rq.not_before = std::chrono::steady_clock::now() + backoff(number);
    std::string url = rq.url;
    auto id = std::make_shared<std::atomic<uint64_t>>(0);
    uint64_t started = client_.start(std::move(rq), [this, transfers, make, done, number, settings, id, url](net::HttpResponse&& r) {
        transfers->untrack(*id);
        int retries = transfers->cleanup() ? std::max(settings.retries, Transfers::kCleanupRetries) : settings.retries;
        if (is_transient(r) && number < retries && !transfers->cancelled()) {
            log(OMNI_LOG_VERBOSE, "http", url + ": attempt " + std::to_string(number + 1) + " failed (" +
                (r.transport_ok ? "HTTP " + std::to_string(r.status) : r.error) + "), retrying");
            return attempt(transfers, make, done, number + 1, settings);
        }
        done(std::move(r));
    });
    *id = started;
    transfers->track(started);
}

}  // namespace omniclient::http
