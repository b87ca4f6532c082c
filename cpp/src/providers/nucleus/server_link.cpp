#include "providers/nucleus/server_link.h"

#include "core/version.h"
#include "providers/nucleus/auth.h"
#include "providers/nucleus/paths.h"

#include <chrono>
#include <cstdlib>
#include <future>

namespace omniclient::nucleus {
namespace {

using net::connlib::Answer;

int64_t env_ms(const char* name, int64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    int64_t n = std::atoll(v);
    return n > 0 ? n : fallback;
}

}  // namespace

std::string status_of(const Answer& a) { return std::string(a.string("status").value_or("")); }

ServerLink::ServerLink() : loop_(std::make_unique<net::EventLoop>()), http_(std::make_unique<net::HttpClient>()) {
    config_.user_agent = std::string("OmniClientOpen/") + kVersionString + " (linux-x86_64)";
    config_.connect_timeout_ms = env_ms("OMNI_NUCLEUS_CONNECT_TIMEOUT_MS", 10000);
    config_.stall_ms = env_ms("OMNI_NUCLEUS_STALL_MS", 20000);
    config_.offload = [this](std::function<void()> task) {
        std::lock_guard lock(auth_mu_);
        // Two threads: a callback may make a blocking call to another server, which logs in too.
        if (!auth_pool_) auth_pool_ = std::make_unique<WorkerPool>("omni-auth", 2);
        auth_pool_->post(std::move(task));
    };
}

ServerLink::~ServerLink() { shutdown(); }

void ServerLink::shutdown() {
    if (!loop_) return;
    std::promise<void> closed;
    loop_->post([this, &closed] {
        for (auto& [key, s] : sessions_) s->shutdown();
        sessions_.clear();
        closed.set_value();
    });
    closed.get_future().wait_for(std::chrono::seconds(5));
    std::unique_ptr<WorkerPool> auth_pool;
    {
        std::lock_guard lock(auth_mu_);
        auth_pool = std::move(auth_pool_);
    }
    auth_pool.reset();  // callbacks still being asked finish (their answers reach the loop)
    http_.reset();  // cancels transfers; their answers come back as errors
    loop_.reset();
}

void ServerLink::post(std::function<void()> fn) {
    if (loop_) loop_->post(std::move(fn));
}

void ServerLink::with_session(const Target& t, std::function<void(const std::shared_ptr<Session>&)> fn) {
    if (!loop_) return;
    std::string key = server_key(t);
    std::string host = t.parts.host.value_or("");
    int port = t.parts.port ? std::atoi(t.parts.port->c_str()) : 0;
    bool tls_only = t.parts.scheme && *t.parts.scheme == "omniverses";
    bool in_login = server_authenticating_on_this_thread() == key;
    loop_->post([this, key, host, port, tls_only, in_login, fn = std::move(fn)] {
        auto& s = sessions_[key];
        if (!s) {
            s = std::make_shared<Session>(*loop_, config_, key, host, port, tls_only);
            std::lock_guard lock(clocks_mu_);
            clocks_[key] = s->clock();
        }
        s->set_caller_in_login(in_login);
        fn(s);
        s->set_caller_in_login(false);
    });
}

void ServerLink::when_connected(OpContext ctx, const Target& t, std::function<void(Session&)> go,
                                std::function<void(Result)> failed) {
    // Each callable is moved, not copied, on its way (a copy clones all a request's lambda holds).
    with_session(t, [ctx, go = std::move(go), failed = std::move(failed)](const std::shared_ptr<Session>& s) mutable {
        if (ctx.stopped()) return;
        std::weak_ptr<Session> weak = s;
        s->when_connected([ctx, go = std::move(go), failed = std::move(failed), weak](Result r, bool final) {
            auto s2 = weak.lock();
            if (r != OMNI_RESULT_OK || !s2) {
                if (final) ctx.no_retry();
                return failed(r);
            }
            go(*s2);
        });
    });
}

void ServerLink::with_capability(OpContext ctx, const Target& t, const char* capability, std::function<void(bool)> go,
                                 std::function<void(Result)> failed) {
    when_connected(ctx, t, [capability, go = std::move(go)](Session& s) { go(s.info().server_capabilities.count(capability) != 0); },
                   std::move(failed));
}

void ServerLink::request(OpContext ctx, const Target& t, std::string command, nlohmann::json params,
                         std::optional<Content> tail, Session::OnAnswer on_answer, std::function<void(Result)> on_fail,
                         bool subscription, std::function<void()> on_resent,
                         std::function<void(nlohmann::json&)> before_resend) {
    if (t.parts.host.value_or("").empty()) return on_fail(OMNI_RESULT_ERROR_BAD_REQUEST);
    with_session(t, [this, ctx, command = std::move(command), params = std::move(params), tail = std::move(tail),
                     on_answer = std::move(on_answer), on_fail = std::move(on_fail), subscription,
                     on_resent = std::move(on_resent), before_resend = std::move(before_resend)](const std::shared_ptr<Session>& s) mutable {
        request_on(*s, ctx, std::move(command), std::move(params), std::move(tail), std::move(on_answer), std::move(on_fail),
                   subscription, std::move(on_resent), std::move(before_resend));
    });
}

void ServerLink::request_on(Session& s, OpContext ctx, std::string command, nlohmann::json params, std::optional<Content> tail,
                            Session::OnAnswer on_answer, std::function<void(Result)> on_fail, bool subscription,
                            std::function<void()> on_resent, std::function<void(nlohmann::json&)> before_resend) {
    Session::Call call;
    call.command = std::move(command);
    call.params = std::move(params);
    call.tail = std::move(tail);
    call.on_answer = std::move(on_answer);
    call.subscription = subscription;
    call.on_resent = std::move(on_resent);
    call.before_resend = std::move(before_resend);
    call_on(s, ctx, std::move(call), std::move(on_fail));
}

void ServerLink::call_on(Session& s, OpContext ctx, Session::Call call, std::function<void(Result)> on_fail) {
    if (ctx.stopped()) return;
    call.on_fail = [ctx, on_fail = std::move(on_fail)](Result r, bool final) {
        if (final) ctx.no_retry();
        on_fail(r);
    };
    uint64_t handle = s.call(std::move(call));
    std::weak_ptr<Session> weak = s.weak_from_this();
    ctx.on_stop([this, weak, handle] {
        post([weak, handle] {
            if (auto s2 = weak.lock()) s2->cancel(handle);
        });
    });
}

void ServerLink::stream_entries(OpContext ctx, const Target& t, const char* command, const std::string& folder,
                                ListEntry (*entry_of)(const nlohmann::json&), Done<ListResult> done) {
    Reply<ListResult> reply(std::move(done));
    auto acc = std::make_shared<ListResult>();
    acc->result = OMNI_RESULT_OK;
    request(ctx, t, command, {{"path", folder}}, std::nullopt,
            [reply, acc, entry_of](Answer&& a) {
                std::string status = status_of(a);
                if (status == "DONE") {
                    reply(std::move(*acc));
                    return true;
                }
                if (status != "OK") {
                    // A file named as a folder, or a missing folder: NOT_FOUND, as the original.
                    Result r = result_of_item_status(status);
                    reply(error_answer<ListResult>(r == OMNI_RESULT_ERROR ? OMNI_RESULT_ERROR_NOT_FOUND : r));
                    return true;
                }
                auto entries = a.json().find("entries");
                if (entries != a.json().end() && entries->is_array())
                    for (auto& e : *entries) acc->entries.push_back(entry_of(e));
                return false;
            },
            [reply](Result r) { reply(error_answer<ListResult>(r)); });
}

void ServerLink::read_asset(OpContext ctx, const Target& t, Done<Asset> got) {
    // A path ending in '/' goes to the server as it is, as the original sends it: the server tells
    // a folder (ERROR) from a file named with a slash (NOT_FOUND).
    std::string path = path_of(t);
    Reply<Asset> reply(std::move(got));
    request(ctx, t, "read_asset_version", {{"path", path_param(t, path)}}, std::nullopt,
            [reply](Answer&& a) {
                Asset out;
                out.result = result_of_item_status(status_of(a));
                if (out.result == OMNI_RESULT_OK) {
                    out.version = a.json().value("etag", std::string());
                    auto redirect = a.json().find("uri_redirection");
                    if (redirect != a.json().end() && redirect->is_string()) out.redirect = redirect->get<std::string>();
                    out.size = a.json().value("size", uint64_t(0));
                    if (out.redirect.empty() && a.has_tail)
                        out.content = Content(a.message, reinterpret_cast<const uint8_t*>(a.tail_data()), a.tail_size());
                }
                reply(std::move(out));
                return true;
            },
            [reply](Result r) {
                Asset out;
                out.result = r;
                reply(std::move(out));
            });
}

void ServerLink::with_lft(OpContext ctx, const Target& t,
                          std::function<void(std::vector<std::string>, LftControl, uint64_t)> start) {
    std::string path = path_of(t);
    with_session(t, [this, ctx, path, start = std::move(start)](const std::shared_ptr<Session>& s) {
        auto control = std::make_shared<TransferControl>(*http_);
        ctx.on_stop([control] { control->cancel(); });
        auto headers = lft_headers(s->info(), path);
        headers.push_back("X-OV-Username: " + s->info().username);
        start(std::move(headers), control, s->info().multipart_chunk_size);
    });
}

void ServerLink::create_parents(Session& s, const std::string& path) {
    std::vector<std::string> missing;
    for (size_t at = path.find('/', 1); at != std::string::npos; at = path.find('/', at + 1)) {
        std::string folder = path.substr(0, at + 1);
        if (!s.known_folders().count(folder)) missing.push_back(folder);
    }
    for (auto& folder : missing) {
        s.known_folders().insert(folder);
        Session::Call call;
        call.command = "create_directory";
        call.params = {{"path", {{"branch", ""}, {"path", folder}}}};
        call.on_answer = [](Answer&&) { return true; };
        call.on_fail = [](Result, bool) {};
        s.call(std::move(call));
    }
}

std::optional<uint64_t> ServerLink::server_time(const Target& t) {
    std::lock_guard lock(clocks_mu_);
    auto it = clocks_.find(server_key(t));
    return it == clocks_.end() ? std::nullopt : it->second->now();
}

void ServerLink::sign_out(const Target& t) {
    if (loop_ && loop_->in_loop_thread()) return with_session(t, [](const std::shared_ptr<Session>& s) { s->sign_out(); });
    auto signed_out = std::make_shared<std::promise<void>>();
    with_session(t, [signed_out](const std::shared_ptr<Session>& s) {
        s->sign_out();
        signed_out->set_value();
    });
    signed_out->get_future().wait_for(std::chrono::seconds(5));
}

void ServerLink::reconnect(const Target& t) {
    with_session(t, [](const std::shared_ptr<Session>& s) { s->reconnect(); });
}

}  // namespace omniclient::nucleus
