#include "providers/nucleus/auth.h"

#include "core/log.h"
#include "core/posix_io.h"
#include "core/registries.h"
#include "core/runtime.h"
#include "providers/nucleus/sows_socket.h"
#include "url/url.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace omniclient::nucleus {
namespace {

using nlohmann::json;

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// Cached refresh tokens: one small JSON file per server, mode 0600, in a 0700 folder.
std::string cache_dir() {
    std::string base = env("OMNI_CLIENT_TOKEN_CACHE");
    if (!base.empty()) return base;
    std::string xdg = env("XDG_CACHE_HOME");
    if (xdg.empty()) {
        std::string home = env("HOME");
        if (home.empty()) return {};
        xdg = home + "/.cache";
    }
    return xdg + "/omniclient-open/tokens";
}

std::string cache_file(const std::string& server) {
    std::string dir = cache_dir();
    if (dir.empty()) return {};
    std::string name;
    for (char c : server) name.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_');
    return dir + "/" + name + ".json";
}

void save_cached_token(const std::string& server, const Tokens& tokens) {
    std::string file = cache_file(server);
    if (file.empty() || tokens.refresh_token.empty()) return;
    std::string dir = file.substr(0, file.rfind('/'));
    posix::make_folders(dir, 0700);  // private; a failure shows when the file cannot be made
    std::string text = json{{"refresh_token", tokens.refresh_token}, {"username", tokens.username}}.dump();
    std::string tmp = file + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    bool ok = posix::write_fully(fd, text.data(), text.size());
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) ::unlink(tmp.c_str());
}

// The cached sign-in for a server (its refresh token and user name), or empty tokens.
Tokens load_cached_token(const std::string& server) {
    std::string file = cache_file(server);
    struct stat st{};
    if (file.empty() || ::stat(file.c_str(), &st) != 0) return {};
    if ((st.st_mode & 077) != 0 || st.st_uid != ::getuid()) return {};  // not ours alone: ignore
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j.contains("refresh_token") || !j["refresh_token"].is_string()) return {};
    Tokens cached;
    cached.refresh_token = j["refresh_token"].get<std::string>();
    if (j.contains("username") && j["username"].is_string()) cached.username = j["username"].get<std::string>();
    return cached;
}

Tokens tokens_of(const json& answer) {
    Tokens t;
    t.access_token = answer.value("access_token", std::string());
    t.refresh_token = answer.value("refresh_token", std::string());
    t.username = answer.value("username", std::string());
    return t;
}

std::mutex g_device_mu;
std::set<uint64_t> g_device_cancelled;
std::atomic<uint64_t> g_device_next{1};

bool device_cancelled(uint64_t handle) {
    std::lock_guard lock(g_device_mu);
    return g_device_cancelled.count(handle) != 0;
}

using Done = std::function<void(AuthOutcome, Tokens, std::string)>;

// One SOWS call on a fresh socket to `url`; the socket closes after the answer.
void one_call(net::EventLoop& loop, const std::string& url, const std::string& method, const json& params,
              std::function<void(bool, json, std::string)> reply) {
    auto socket = SowsSocket::open(loop, url, {});
    socket->call(method, params, [socket, reply = std::move(reply)](bool ok, json answer, std::string error) {
        socket->close();
        reply(ok, std::move(answer), std::move(error));
    });
}

void login(net::EventLoop& loop, const Services& services, const std::string& server, const std::string& user,
           const std::string& password, Done done) {
    if (services.credentials_url.empty()) {
        done(AuthOutcome::Error, {}, "the server offers no Credentials service");
        return;
    }
    one_call(loop, services.credentials_url, "Credentials.auth", {{"password", password}, {"username", user}, {"version", 2}},
             [server, done](bool ok, json answer, std::string error) {
        if (!ok) return done(AuthOutcome::Error, {}, "Credentials.auth: " + error);
        if (answer.value("status", std::string()) != "OK") return done(AuthOutcome::Denied, {}, "Credentials.auth: " + answer.value("status", std::string("no status")));
        Tokens t = tokens_of(answer);
        save_cached_token(server, t);
        done(AuthOutcome::Ok, std::move(t), {});
    });
}

struct DeviceFlow : std::enable_shared_from_this<DeviceFlow> {
    net::EventLoop& loop;
    std::string url, server, client_id, device_code;
    uint64_t handle = 0;
    bool shown = false;  // the page and code went to the callbacks: they hear when it is over
    int64_t interval_ms = 5000;
    std::chrono::steady_clock::time_point deadline;
    Done done;
    explicit DeviceFlow(net::EventLoop& l) : loop(l) {}

    void finish(AuthOutcome outcome, Tokens tokens, std::string error) {
        if (shown) post_to_callback_thread([handle = handle] { device_flow_callbacks().call(handle, nullptr); });
        done(outcome, std::move(tokens), std::move(error));
    }

    void start() {
        auto self = shared_from_this();
        one_call(loop, url, "DeviceFlow.authorize", {{"client_id", client_id}, {"version", 0}}, [self](bool ok, json a, std::string error) {
            if (!ok || !a.contains("device_code") || !a["device_code"].is_string())
                return self->finish(AuthOutcome::Error, {}, "DeviceFlow.authorize: " + (ok ? std::string("no device code") : error));
            self->device_code = a["device_code"].get<std::string>();
            int64_t interval = a.value("interval", int64_t(5)), expires = a.value("expires_in", int64_t(600));
            self->interval_ms = std::clamp<int64_t>(interval, 1, 60) * 1000;
            self->deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::clamp<int64_t>(expires, 1, 3600));
            // As the original: the server's host, and the page without the code in it (the code is shown apart).
            DeviceFlowParams p;
            p.server = url::break_url(self->server).host.value_or(self->server);
            p.url = a.value("verification_uri", a.value("verification_uri_complete", std::string()));
            p.code = a.value("user_code", std::string());
            p.expiration = expires;
            // Without an application to show it, the person must see it at the default level.
            log(device_flow_callbacks().empty() ? OMNI_LOG_WARNING : OMNI_LOG_INFO, "nucleus",
                "To sign in to " + p.server + ", open " + p.url + " and enter the code " + p.code);
            post_to_callback_thread([handle = self->handle, p] { device_flow_callbacks().call(handle, &p); });
            self->shown = true;
            self->poll_later();
        });
    }

    void poll_later() {
        auto self = shared_from_this();
        loop.add_timer(interval_ms, [self] { self->poll(); });
    }

    void poll() {
        if (device_cancelled(handle)) return finish(AuthOutcome::Cancelled, {}, "device flow cancelled");
        if (std::chrono::steady_clock::now() > deadline) return finish(AuthOutcome::Cancelled, {}, "device flow expired");
        auto self = shared_from_this();
        one_call(loop, url, "DeviceFlow.token", {{"client_id", client_id}, {"device_code", device_code}, {"version", 0}},
                 [self](bool ok, json a, std::string error) {
            if (!ok) return self->finish(AuthOutcome::Error, {}, "DeviceFlow.token: " + error);
            std::string status = a.value("status", std::string());
            if (status == "OK") {
                Tokens t = tokens_of(a);
                save_cached_token(self->server, t);
                return self->finish(AuthOutcome::Ok, std::move(t), {});
            }
            if (status == "PENDING" || status == "SLOW_DOWN") return self->poll_later();
            self->finish(AuthOutcome::Denied, {}, "DeviceFlow.token: " + status);
        });
    }
};

}  // namespace

void cancel_device_flow(uint64_t handle) {
    std::lock_guard lock(g_device_mu);
    g_device_cancelled.insert(handle);
}

void forget_cached_token(const std::string& server) {
    std::string file = cache_file(server);
    if (!file.empty()) ::unlink(file.c_str());
}

void refresh_tokens(net::EventLoop& loop, const Services& services, const std::string& refresh_token, Done done) {
    if (services.tokens_url.empty() || refresh_token.empty()) {
        done(AuthOutcome::Error, {}, "no Tokens service or refresh token");
        return;
    }
    one_call(loop, services.tokens_url, "Tokens.refresh", {{"refresh_token", refresh_token}, {"version", 1}},
             [done](bool ok, json answer, std::string error) {
        if (!ok) return done(AuthOutcome::Error, {}, "Tokens.refresh: " + error);
        if (answer.value("status", std::string()) != "OK") return done(AuthOutcome::Denied, {}, "Tokens.refresh: " + answer.value("status", std::string()));
        done(AuthOutcome::Ok, tokens_of(answer), {});
    });
}

namespace {

thread_local std::string t_authenticating;

// Signs in with a cached refresh token (the rotated one is cached in its place); when the server
// refuses it, signs in by `otherwise`.
void resume_cached_login(net::EventLoop& loop, const Services& services, const std::string& server, const std::string& refresh_token,
                         std::function<void(Done)> otherwise, Done done) {
    refresh_tokens(loop, services, refresh_token, [server, otherwise, done](AuthOutcome outcome, Tokens t, std::string error) {
        if (outcome == AuthOutcome::Ok) {
            save_cached_token(server, t);
            return done(outcome, std::move(t), {});
        }
        log(OMNI_LOG_INFO, "nucleus", "cached login for " + server + " no longer works (" + error + ")");
        otherwise(done);
    });
}

// Loop thread: the rest of the login, once the callbacks have answered.
void authenticate_with(net::EventLoop& loop, const Services& services, const std::string& server, const std::string& user_agent,
                       const AuthAnswer& answer, Done done) {
    switch (answer.kind) {
        case AuthAnswer::Kind::Abort:
            return done(AuthOutcome::Aborted, {}, "authentication aborted by the application");
        case AuthAnswer::Kind::Credentials:
            return login(loop, services, server, answer.username, answer.password_or_token, std::move(done));
        case AuthAnswer::Kind::Token:
            if (!answer.username.empty())  // ("$omni-api-token", token): sent as Credentials.auth, as the original does
                return login(loop, services, server, answer.username, answer.password_or_token, std::move(done));
            return done(AuthOutcome::Ok, Tokens{answer.password_or_token, {}, {}}, {});
        case AuthAnswer::Kind::None: break;
    }
    std::string user = env("OMNI_USER"), pass = env("OMNI_PASS");
    if (user.empty()) user = env("OMNI_USERNAME");
    if (pass.empty()) pass = env("OMNI_PASSWORD");
    if (!user.empty()) {
        // A sign-in cached for that same user is tried first: a refresh costs the server far less
        // than checking a password (a slow hash by design), and every new process would pay it.
        // A refused token falls back to the password, so a stale cache never locks anyone out.
        Tokens cached = load_cached_token(server);
        if (cached.refresh_token.empty() || cached.username != user) return login(loop, services, server, user, pass, std::move(done));
        auto with_password = [&loop, services, server, user, pass](Done d) { login(loop, services, server, user, pass, std::move(d)); };
        return resume_cached_login(loop, services, server, cached.refresh_token, with_password, std::move(done));
    }

    auto device = [&loop, services, server, user_agent](Done d) {
        if (services.device_flow_url.empty()) return d(AuthOutcome::NoMethod, {}, server + " supports no device flow and no credentials were given");
        auto flow = std::make_shared<DeviceFlow>(loop);
        flow->url = services.device_flow_url;
        flow->server = server;
        flow->client_id = user_agent;
        flow->handle = g_device_next++;
        flow->done = std::move(d);
        flow->start();
    };
    std::string cached = load_cached_token(server).refresh_token;
    if (cached.empty()) return device(std::move(done));
    resume_cached_login(loop, services, server, cached, device, std::move(done));
}

}  // namespace

const std::string& server_authenticating_on_this_thread() { return t_authenticating; }

void authenticate(net::EventLoop& loop, const Offload& offload, const Services& services, const std::string& server,
                  const std::string& user_agent, Done done) {
    if (authentication_callbacks().empty()) return authenticate_with(loop, services, server, user_agent, {}, std::move(done));
    offload([&loop, services, server, user_agent, done = std::move(done)] {
        AuthAnswer answer;
        t_authenticating = server;
        authentication_callbacks().call_newest_first(server, answer);
        t_authenticating.clear();
        loop.post([&loop, services, server, user_agent, answer, done] { authenticate_with(loop, services, server, user_agent, answer, done); });
    });
}

}  // namespace omniclient::nucleus
