#include "providers/nucleus/nucleus_provider.h"

#include "core/log.h"
#include "core/reply.h"
#include "core/registries.h"
#include "core/runtime.h"
#include "core/version.h"
#include "net/http_client.h"
#include "net/ws_loop.h"
#include "providers/nucleus/auth.h"
#include "providers/nucleus/entries.h"
#include "providers/nucleus/lft.h"
#include "providers/nucleus/paths.h"
#include "providers/nucleus/session.h"
#include "providers/nucleus/status.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <optional>

#include <sys/stat.h>
#include <unistd.h>

namespace omniclient {
namespace {

using nlohmann::json;
using nucleus::Session;
using nucleus::checkpoint_of;
using nucleus::folder_form;
using nucleus::parent_of;
using nucleus::path_of;
using nucleus::path_param;
using nucleus::server_key;
using nucleus::without_slash;
using net::connlib::Answer;

std::string status_of(const Answer& a) {
    auto it = a.json.find("status");
    return it != a.json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t env_ms(const char* name, int64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    int64_t n = std::atoll(v);
    return n > 0 ? n : fallback;
}

class NucleusProvider final : public Provider {
public:
    NucleusProvider() : loop_(std::make_unique<net::EventLoop>()), http_(std::make_unique<net::HttpClient>()) {
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
    ~NucleusProvider() override { shutdown(); }

    const char* name() const override { return "nucleus"; }
    Capabilities capabilities() const override {
        return capabilities_of({OpKind::Stat, OpKind::List, OpKind::ReadFile, OpKind::WriteFile, OpKind::CreateFolder,
                                OpKind::Delete, OpKind::Copy, OpKind::Move, OpKind::CreateCheckpoint, OpKind::ListCheckpoints,
                                OpKind::GetAcls, OpKind::SetAcls, OpKind::Lock, OpKind::Unlock, OpKind::Undelete,
                                OpKind::Obliterate, OpKind::CreateWithHash, OpKind::GetServerInfo, OpKind::GetLocalFile,
                                OpKind::GetUsers, OpKind::GetGroups, OpKind::GetGroupUsers, OpKind::GetUserGroups,
                                OpKind::CreateGroup, OpKind::RenameGroup, OpKind::RemoveGroup, OpKind::AddUserToGroup,
                                OpKind::RemoveUserFromGroup, OpKind::RefreshAuthToken, OpKind::StatSubscribe,
                                OpKind::ListSubscribe});
    }

    void shutdown() override {
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

    // Runs `fn` on the loop thread with the session serving `t`.
    void with_session(const Target& t, std::function<void(const std::shared_ptr<Session>&)> fn) {
        if (!loop_) return;
        std::string key = server_key(t);
        std::string host = t.parts.host.value_or("");
        int port = t.parts.port ? std::atoi(t.parts.port->c_str()) : 0;
        bool tls_only = t.parts.scheme && *t.parts.scheme == "omniverses";
        bool in_login = nucleus::server_authenticating_on_this_thread() == key;
        loop_->post([this, key, host, port, tls_only, in_login, fn = std::move(fn)] {
            auto& s = sessions_[key];
            if (!s) s = std::make_shared<Session>(*loop_, config_, key, host, port, tls_only);
            s->set_caller_in_login(in_login);
            fn(s);
            s->set_caller_in_login(false);
        });
    }

    // One ConnLib call for a request. `on_answer` returns true when complete; failures of the
    // connection come to `on_fail`.
    void request(OpContext ctx, const Target& t, std::string command, json params, std::optional<std::string> tail,
                 Session::OnAnswer on_answer, std::function<void(Result)> on_fail, bool subscription = false,
                 std::function<void()> on_resent = nullptr) {
        if (t.parts.host.value_or("").empty()) return on_fail(OMNI_RESULT_ERROR_BAD_REQUEST);
        with_session(t, [this, ctx, command = std::move(command), params = std::move(params), tail = std::move(tail),
                         on_answer = std::move(on_answer), on_fail = std::move(on_fail), subscription,
                         on_resent = std::move(on_resent)](const std::shared_ptr<Session>& s) mutable {
            if (ctx.stopped()) return;
            Session::Call call;
            call.command = std::move(command);
            call.params = std::move(params);
            call.tail = std::move(tail);
            call.on_answer = std::move(on_answer);
            call.on_fail = [ctx, on_fail](Result r, bool final) {
                if (final) ctx.no_retry();
                on_fail(r);
            };
            call.subscription = subscription;
            call.on_resent = std::move(on_resent);
            uint64_t handle = s->call(std::move(call));
            std::weak_ptr<Session> weak = s;
            ctx.on_stop([this, weak, handle] {
                if (!loop_) return;
                loop_->post([weak, handle] {
                    if (auto s2 = weak.lock()) s2->cancel(handle);
                });
            });
        });
    }

    // A call answered by one message whose status decides the Result.
    template <class R>
    void simple(OpContext ctx, const Target& t, std::string command, json params, Done<R> done,
                std::function<void(const json&, R&)> fill = nullptr, std::optional<std::string> tail = std::nullopt,
                Result (*map)(std::string_view) = nucleus::result_of_status) {
        Reply<R> reply(std::move(done));
        request(ctx, t, std::move(command), std::move(params), std::move(tail),
                [reply, fill, map](Answer&& a) {
                    R r{};
                    r.result = map(status_of(a));
                    if (r.result == OMNI_RESULT_OK && fill) fill(a.json, r);
                    reply(std::move(r));
                    return true;
                },
                [reply](Result r) { reply(error_answer<R>(r)); });
    }

    // --- reading ---

    void stat(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<StatResult> done) override {
        if (include != OMNI_LIST_NO_DELETED_FILES) return stat_deleted_too(ctx, t, include, std::move(done));
        std::string path = without_slash(path_of(t));
        if (path != "/" && !checkpoint_of(t) && !t.parts.host.value_or("").empty() && !list_cache_bypassed()) {
            std::string parent = parent_of(path);
            StatResult hit;
            switch (cached_entry(folder_key(t, parent), nucleus::name_of(path), hit.entry)) {
                case Lookup::Found: hit.result = OMNI_RESULT_OK; return done(std::move(hit));
                case Lookup::Missing: return done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                case Lookup::Miss: warm(t, parent, nullptr); break;  // later stats of its siblings are free
            }
        }
        simple<StatResult>(ctx, t, "stat2", {{"path", path_param(t, path)}}, std::move(done),
                           [path](const json& j, StatResult& r) { r.entry = nucleus::entry_of_stat2(j, path); },
                           std::nullopt, nucleus::result_of_item_status);
    }

    void list(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<ListResult> done) override {
        if (t.parts.host.value_or("").empty()) return done(error_answer<ListResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        if (include != OMNI_LIST_NO_DELETED_FILES) return list_deleted_too(ctx, t, include, std::move(done));
        if (list_cache_bypassed()) return list_uncached(ctx, t, std::move(done));
        std::string key = folder_key(t, folder_form(path_of(t)));
        ListResult hit;
        if (cached_list(key, hit.entries)) {
            hit.result = OMNI_RESULT_OK;
            return done(std::move(hit));
        }
        Reply<ListResult> reply(std::move(done));
        ctx.on_stop([this, key] { drop_folder(key, 0, OMNI_RESULT_ERROR); });
        warm(t, folder_form(path_of(t)), [this, key, reply](Result r) {
            ListResult out;
            out.result = r;
            if (r == OMNI_RESULT_OK && !cached_list(key, out.entries)) out.result = OMNI_RESULT_ERROR;
            reply(std::move(out));
        });
    }

    // A listing without the cache (for subscriptions, which keep their own).
    void list_uncached(OpContext ctx, const Target& t, Done<ListResult> done) {
        stream_entries(std::move(ctx), t, "list2", folder_form(path_of(t)), nucleus::entry_of_list2, std::move(done));
    }

    // The entries `command` (list2, list_deleted) streams for `folder`, until DONE.
    void stream_entries(OpContext ctx, const Target& t, const char* command, const std::string& folder,
                        ListEntry (*entry_of)(const json&), Done<ListResult> done) {
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
                        Result r = nucleus::result_of_item_status(status);
                        reply(error_answer<ListResult>(r == OMNI_RESULT_ERROR ? OMNI_RESULT_ERROR_NOT_FOUND : r));
                        acc->result = r;
                        return true;
                    }
                    auto entries = a.json.find("entries");
                    if (entries != a.json.end() && entries->is_array())
                        for (auto& e : *entries) acc->entries.push_back(entry_of(e));
                    return false;
                },
                [reply](Result r) { reply(error_answer<ListResult>(r)); });
    }

    // --- deleted items, through our server's list_deleted extension (omni1 has no way to list
    // them; docs/protocol.md section 12). Without it: what the original does.

    // Once connected to the server of `t`: `go(true)` when it lists `capability` (our extensions
    // undelete, list_deleted), `go(false)` when not; connection failures go to `failed`.
    void with_capability(OpContext ctx, const Target& t, const char* capability, std::function<void(bool)> go,
                         std::function<void(Result)> failed) {
        with_session(t, [ctx, capability, go, failed](const std::shared_ptr<Session>& s) {
            std::weak_ptr<Session> weak = s;
            s->when_connected([ctx, capability, go, failed, weak](Result r, bool final) {
                auto s2 = weak.lock();
                if (r != OMNI_RESULT_OK || !s2) {
                    if (final) ctx.no_retry();
                    return failed(r);
                }
                go(s2->info().server_capabilities.count(capability) != 0);
            });
        });
    }

    void list_deleted_too(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<ListResult> done) {
        Reply<ListResult> reply(std::move(done));
        std::string folder = folder_form(path_of(t));
        with_capability(
            ctx, t, "list_deleted",
            [this, ctx, t, include, folder, reply](bool can) {
                bool only = include == OMNI_LIST_ONLY_DELETED_FILES;
                if (!can) {
                    // The original sends nothing for ONLY_DELETED_FILES, a plain listing for INCLUDE.
                    if (only) return reply(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                    return list(ctx, t, OMNI_LIST_NO_DELETED_FILES, reply);
                }
                auto deleted = [reply](ListResult&& live, ListResult&& gone) {
                    if (gone.result != OMNI_RESULT_OK) return reply(std::move(live));
                    if (live.result != OMNI_RESULT_OK) return reply(std::move(gone));
                    for (auto& e : gone.entries) live.entries.push_back(std::move(e));
                    reply(std::move(live));
                };
                auto stream_deleted = [this, ctx, t, folder, deleted](ListResult&& live) {
                    auto kept = std::make_shared<ListResult>(std::move(live));
                    stream_entries(ctx, t, "list_deleted", folder, nucleus::entry_of_deleted,
                                   [kept, deleted](ListResult&& gone) { deleted(std::move(*kept), std::move(gone)); });
                };
                if (only) return stream_deleted(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                list_uncached(ctx, t, stream_deleted);
            },
            [reply](Result r) { reply(error_answer<ListResult>(r)); });
    }

    // stat of a deleted item: its entry in its folder's list_deleted (INCLUDE: only if it does not live).
    void stat_deleted_too(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<StatResult> done) {
        Reply<StatResult> reply(std::move(done));
        std::string path = without_slash(path_of(t));
        std::string name = nucleus::name_of(path);
        std::string parent = parent_of(path);
        auto from_trash = [this, ctx, t, parent, name, reply](StatResult&& live) {
            if (live.result != OMNI_RESULT_ERROR_NOT_FOUND) return reply(std::move(live));
            with_capability(
                ctx, t, "list_deleted",
                [this, ctx, t, parent, name, reply](bool can) {
                    if (!can) return reply(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                    stream_entries(ctx, t, "list_deleted", parent, nucleus::entry_of_deleted, [name, reply](ListResult&& gone) {
                        for (auto& e : gone.entries)
                            if (e.relative_path == name) return reply(StatResult{OMNI_RESULT_OK, std::move(e)});
                        reply(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                    });
                },
                [reply](Result r) { reply(error_answer<StatResult>(r)); });
        };
        if (include == OMNI_LIST_ONLY_DELETED_FILES) return from_trash(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        stat(ctx, t, OMNI_LIST_NO_DELETED_FILES, from_trash);
    }

    // What read_asset_version answered: a failure, the bytes inline, or where LFT serves them.
    struct Asset {
        Result result = OMNI_RESULT_ERROR;
        std::string version;
        Content content;       // inline bytes (when `redirect` is empty)
        std::string redirect;  // LFT URL of the content
        uint64_t size = 0;
    };

    void read_asset(OpContext ctx, const Target& t, std::function<void(Asset&&)> got) {
        std::string path = path_of(t);
        if (path.back() == '/') {
            Asset a;
            a.result = OMNI_RESULT_ERROR_NOT_FOUND;
            return got(std::move(a));
        }
        Reply<Asset> reply(std::move(got));
        request(ctx, t, "read_asset_version", {{"path", path_param(t, path)}}, std::nullopt,
                [reply](Answer&& a) {
                    Asset out;
                    out.result = nucleus::result_of_item_status(status_of(a));
                    if (out.result == OMNI_RESULT_OK) {
                        out.version = a.json.value("etag", std::string());
                        auto redirect = a.json.find("uri_redirection");
                        if (redirect != a.json.end() && redirect->is_string()) out.redirect = redirect->get<std::string>();
                        out.size = a.json.value("size", uint64_t(0));
                        if (out.redirect.empty() && a.has_tail) out.content = Content(a.message, reinterpret_cast<const uint8_t*>(a.tail_data()), a.tail_size());
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

    void read_file(OpContext ctx, const Target& t, Done<ReadResult> done) override {
        Reply<ReadResult> reply(std::move(done));
        read_asset(ctx, t, [this, ctx, t, reply](Asset&& a) {
            if (a.result != OMNI_RESULT_OK) return reply(error_answer<ReadResult>(a.result));
            if (a.redirect.empty()) {
                ReadResult r;
                r.result = OMNI_RESULT_OK;
                r.version = std::move(a.version);
                r.content = std::move(a.content);
                return reply(std::move(r));
            }
            with_lft(ctx, t, [this, a = std::move(a), reply](std::vector<std::string> headers, LftControl control, uint64_t part) {
                nucleus::lft_download(*http_, std::move(headers), a.redirect, a.size, part, control,
                                      [version = a.version, reply](Result r, Content content) {
                    ReadResult out;
                    out.result = r;
                    if (r == OMNI_RESULT_OK) {
                        out.version = version;
                        out.content = std::move(content);
                    }
                    reply(std::move(out));
                });
            });
        });
    }

    using LftControl = std::shared_ptr<nucleus::TransferControl>;
    // Loop thread (inside a read's answer): LFT requests carry the connection's tokens;
    // `start(headers, control, part_size)` begins the transfer, which stop() cancels.
    void with_lft(OpContext ctx, const Target& t, std::function<void(std::vector<std::string>, LftControl, uint64_t)> start) {
        std::string path = path_of(t);
        with_session(t, [this, ctx, path, start = std::move(start)](const std::shared_ptr<Session>& s) {
            auto control = std::make_shared<nucleus::TransferControl>(*http_);
            ctx.on_stop([control] { control->cancel(); });
            auto headers = nucleus::lft_headers(s->info(), path);
            headers.push_back("X-OV-Username: " + s->info().username);
            start(std::move(headers), control, s->info().multipart_chunk_size);
        });
    }

    // A local copy of the file's current version, kept under the file cache folder (one file per
    // server path and version, written once and renamed into place, so a reader never sees a
    // partial file). LFT content goes straight to disk, part by part. Without `download`, the
    // name that copy has (or would have): found from a stat, nothing downloaded.
    void get_local_file(OpContext ctx, const Target& t, bool download_it, Done<StringResult> done) override {
        std::string dir = local_cache_dir();
        if (dir.empty()) return done(error_answer<StringResult>(OMNI_RESULT_ERROR));
        Reply<StringResult> reply(std::move(done));
        auto name_for = [dir, key = server_key(t) + path_of(t), name = nucleus::name_of(path_of(t))](const std::string& version) {
            char id[17];
            std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(std::hash<std::string>()(key)));
            std::string v, safe;
            for (char c : version) v.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
            for (char c : name) safe.push_back(c == '/' || c == '\\' || c == '\0' ? '_' : c);
            return dir + "/" + id + "-" + v + "-" + safe;
        };
        auto answer = [reply](Result r, std::string file) {
            StringResult out;
            out.result = r;
            if (r == OMNI_RESULT_OK) out.value = std::move(file);
            reply(std::move(out));
        };
        if (!download_it) {
            if (path_of(t).back() == '/') return answer(OMNI_RESULT_ERROR_NOT_FOUND, {});  // as read_file
            return stat(ctx, t, OMNI_LIST_NO_DELETED_FILES, [name_for, answer](StatResult&& r) {
                if (r.result != OMNI_RESULT_OK) return answer(r.result, {});
                if (!(r.entry.flags & OMNI_ITEM_READABLE_FILE)) return answer(OMNI_RESULT_ERROR, {});  // a folder, as read_file
                answer(OMNI_RESULT_OK, name_for(r.entry.version));
            });
        }
        read_asset(ctx, t, [this, ctx, t, name_for, answer](Asset&& a) {
            if (a.result != OMNI_RESULT_OK) return answer(a.result, {});
            std::string file = name_for(a.version);
            if (::access(file.c_str(), F_OK) == 0) return answer(OMNI_RESULT_OK, file);  // no download for a copy we have
            auto out = PartFile::create(file);
            if (!out) return answer(OMNI_RESULT_ERROR, {});
            if (a.redirect.empty()) {
                bool ok = out->write(0, reinterpret_cast<const char*>(a.content.data()), a.content.size());
                return answer(ok && out->commit() ? OMNI_RESULT_OK : OMNI_RESULT_ERROR, file);
            }
            with_lft(ctx, t, [this, a = std::move(a), out, file, answer](std::vector<std::string> headers, LftControl control, uint64_t part) {
                nucleus::lft_download_to(*http_, std::move(headers), a.redirect, a.size, part, control,
                                         [out](uint64_t offset, const char* data, size_t n) { return out->write(offset, data, n); },
                                         [out, file, answer](Result r) {
                                             if (r == OMNI_RESULT_OK && !out->commit()) r = OMNI_RESULT_ERROR;
                                             answer(r, file);
                                         });
            });
        });
    }

    // A file written under a temporary name and renamed into place by commit(); removed if never
    // committed.
    class PartFile {
    public:
        static std::shared_ptr<PartFile> create(const std::string& path) {
            std::string tmp = path + ".part-XXXXXX";
            int fd = ::mkstemp(tmp.data());
            if (fd < 0) return nullptr;
            return std::shared_ptr<PartFile>(new PartFile(path, std::move(tmp), fd));
        }
        ~PartFile() {
            if (fd_ >= 0) ::close(fd_);
            if (!committed_) ::unlink(tmp_.c_str());
        }
        // Thread-safe (positional writes).
        bool write(uint64_t offset, const char* data, size_t n) {
            while (n > 0) {
                ssize_t w = ::pwrite(fd_, data, n, static_cast<off_t>(offset));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) return false;
                data += w;
                offset += static_cast<uint64_t>(w);
                n -= static_cast<size_t>(w);
            }
            return true;
        }
        bool commit() {
            bool ok = ::close(fd_) == 0;
            fd_ = -1;
            committed_ = ok && ::rename(tmp_.c_str(), path_.c_str()) == 0;
            return committed_;
        }

    private:
        PartFile(std::string path, std::string tmp, int fd) : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd) {}
        std::string path_, tmp_;
        int fd_;
        bool committed_ = false;
    };

    static std::string local_cache_dir() {
        std::string dir;
        if (const char* v = std::getenv("OMNI_CLIENT_FILE_CACHE"); v && *v) dir = v;
        else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = std::string(x) + "/omniclient-open/files";
        else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.cache/omniclient-open/files";
        else return {};
        for (size_t at = 1; at != std::string::npos;) {
            at = dir.find('/', at + 1);
            ::mkdir(dir.substr(0, at).c_str(), 0700);
        }
        return dir;
    }

    // --- writing ---

    // Parents of a new file, announced with create_directory as the original does (answers ignored).
    void ensure_parents(const std::shared_ptr<Session>& s, const std::string& path) {
        std::vector<std::string> missing;
        for (size_t at = path.find('/', 1); at != std::string::npos; at = path.find('/', at + 1)) {
            std::string folder = path.substr(0, at + 1);
            if (!s->known_folders().count(folder)) missing.push_back(folder);
        }
        for (auto& folder : missing) {
            s->known_folders().insert(folder);
            Session::Call call;
            call.command = "create_directory";
            call.params = {{"path", {{"branch", ""}, {"path", folder}}}};
            call.on_answer = [](Answer&&) { return true; };
            call.on_fail = [](Result, bool) {};
            s->call(std::move(call));
        }
    }

    void write_file(OpContext ctx, const Target& t, const WriteArgs& args, Done<WriteResult> done) override {
        done = changing<WriteResult>(t, {path_of(t)}, std::move(done));
        std::string path = path_of(t);
        if (checkpoint_of(t) || path.back() == '/') return done(error_answer<WriteResult>(checkpoint_of(t) ? OMNI_RESULT_ERROR_NOT_SUPPORTED : OMNI_RESULT_ERROR_BAD_REQUEST));
        Reply<WriteResult> reply(std::move(done));
        Content content = args.content;
        std::string message = args.message;
        bool skip_checkpoint = args.skip_checkpoint;
        with_session(t, [this, ctx, t, path, content, message, skip_checkpoint, reply](const std::shared_ptr<Session>& s) {
            if (ctx.stopped()) return;
            std::weak_ptr<Session> weak = s;
            s->when_connected([this, ctx, t, path, content, message, skip_checkpoint, reply, weak](Result r, bool final) {
                auto s2 = weak.lock();
                if (r != OMNI_RESULT_OK || !s2) {
                    if (final) ctx.no_retry();
                    return reply(error_answer<WriteResult>(r));
                }
                ensure_parents(s2, path);
                const auto& info = s2->info();
                bool checkpoint = info.checkpoints_enabled && !skip_checkpoint;
                bool lft = !info.lft_address.empty() && info.lft_threshold > 0 && content.size() > info.lft_threshold;
                if (!lft) {
                    std::string tail(reinterpret_cast<const char*>(content.data()), content.size());
                    return create_asset(ctx, t, path, message, json(), std::move(tail), checkpoint, reply);
                }
                auto control = std::make_shared<nucleus::TransferControl>(*http_);
                ctx.on_stop([control] { control->cancel(); });
                nucleus::lft_upload(*http_, nucleus::lft_headers(info, path), info.lft_address, path, content,
                                    info.multipart_chunk_size, control,
                                    [this, ctx, t, path, message, checkpoint, reply](Result up, std::string content_id) {
                    if (up != OMNI_RESULT_OK) return reply(error_answer<WriteResult>(up));
                    json id = content_id;
                    char* end = nullptr;
                    unsigned long long numeric = std::strtoull(content_id.c_str(), &end, 10);
                    if (end && *end == '\0') id = numeric;
                    create_asset(ctx, t, path, message, id, std::string(), checkpoint, reply);
                });
            });
        });
    }

    // With versioning on, as the original: the current version is checkpointed before it is
    // replaced (answer ignored: a new file has none) and the new one after, with the message.
    void create_asset(OpContext ctx, const Target& t, const std::string& path, const std::string& message, json content_id,
                      std::string tail, bool checkpoint, Reply<WriteResult> done) {
        json params = {{"overwrite", true}, {"path", {{"path", path}}}};
        if (!message.empty() && !checkpoint) params["message"] = message;  // else the checkpoint carries it
        if (!content_id.is_null()) params["content_id"] = content_id;
        if (checkpoint) checkpoint_quietly(ctx, t, path, "", nullptr);
        simple<WriteResult>(ctx, t, "create_asset", std::move(params),
                            [this, ctx, t, path, message, checkpoint, done](WriteResult&& r) {
                                if (r.result != OMNI_RESULT_OK || !checkpoint) return done(std::move(r));
                                // The original answers without waiting for this checkpoint; so do we,
                                // unless the caller gave a message: then it is visible on return.
                                if (message.empty()) {
                                    checkpoint_quietly(ctx, t, path, message, nullptr);
                                    return done(std::move(r));
                                }
                                auto written = std::make_shared<WriteResult>(std::move(r));
                                checkpoint_quietly(ctx, t, path, message, [written, done] { done(std::move(*written)); });
                            },
                            [](const json& j, WriteResult& r) {
                                r.info.version = j.contains("etag") && j["etag"].is_string() ? j["etag"].get<std::string>() : std::string();
                                r.info.hash = nucleus::hash_of(j);
                            },
                            std::move(tail));
    }

    // Tells `fn` (on the loop thread) whether the server of `t` has versioning on.
    void when_versioning(const Target& t, std::function<void(bool)> fn) {
        with_session(t, [fn](const std::shared_ptr<Session>& s) { fn(s->connected() && s->info().checkpoints_enabled); });
    }

    // checkpoint_version whose outcome does not change the operation's result; `then` (may be
    // null) runs once it is answered.
    void checkpoint_quietly(OpContext ctx, const Target& t, const std::string& path, const std::string& message,
                            std::function<void()> then) {
        request(ctx, t, "checkpoint_version", {{"message", message}, {"path", {{"branch", ""}, {"path", path}}}}, std::nullopt,
                [then](Answer&&) {
                    if (then) then();
                    return true;
                },
                [then](Result) {
                    if (then) then();
                });
    }

    void create_folder(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        std::string path = without_slash(path_of(t));
        if (path == "/") return done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_ALREADY_EXISTS));
        simple<ResultOnly>(ctx, t, "create", {{"type", 2}, {"uri", path}}, std::move(done), nullptr, std::string());
    }

    void remove(OpContext ctx, const Target& t, bool recursive, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        std::string path = path_of(t);
        if (!recursive) return delete2(ctx, t, path, std::move(done));
        Reply<ResultOnly> reply(std::move(done));
        auto first = std::make_shared<std::string>();
        request(ctx, t, "delete", {{"uri", without_slash(path)}}, std::nullopt,
                [reply, first](Answer&& a) {
                    std::string status = status_of(a);
                    if (status != "DONE") {
                        if (first->empty()) *first = status;
                        return false;
                    }
                    ResultOnly r;
                    r.result = nucleus::result_of_item_status(first->empty() ? "OK" : *first);
                    reply(std::move(r));
                    return true;
                },
                [reply](Result r) { reply(error_answer<ResultOnly>(r)); });
    }

    // delete2 with the file and folder forms of a path (folder URLs: the folder form only).
    void delete2(OpContext ctx, const Target& t, const std::string& path, Done<ResultOnly> done) {
        json paths = json::array();
        if (path.back() != '/') paths.push_back({{"branch", ""}, {"path", path}});
        paths.push_back({{"branch", ""}, {"path", folder_form(path)}});
        size_t n = paths.size();
        simple<ResultOnly>(ctx, t, "delete2", {{"paths_to_delete", paths}}, std::move(done), [n](const json& j, ResultOnly& r) {
            r.result = batch_result(j, n);
        }, std::nullopt, nucleus::result_of_item_status);
    }

    // Result of a batch answer: any OK entry wins (the file or the folder form existed).
    static Result batch_result(const json& j, size_t expected) {
        auto responses = j.find("responses");
        if (responses == j.end() || !responses->is_array() || responses->size() != expected) return OMNI_RESULT_ERROR;
        Result worst = OMNI_RESULT_ERROR;
        for (auto& s : *responses) {
            std::string status = s.is_string() ? s.get<std::string>() : s.is_object() ? s.value("status", std::string()) : std::string();
            Result r = nucleus::result_of_item_status(status);
            if (r == OMNI_RESULT_OK) return r;
            if (r != OMNI_RESULT_ERROR_NOT_FOUND) worst = r;
            else if (worst == OMNI_RESULT_ERROR) worst = r;
        }
        return worst;
    }

    json pair_of(const Target& src, const std::string& s, const Target& dst, const std::string& d, const std::string& message, bool with_message) {
        json p = {{"src", path_param(src, s)}, {"dst", path_param(dst, d)}};
        if (with_message) p["message"] = message;
        return p;
    }

    // ERROR_IF_EXISTS is checked here (the server's copy2/rename2 may overwrite), then `go` runs.
    void unless_exists(OpContext ctx, const Target& dst, const CopyArgs& args, std::function<void(Result)> go) {
        if (args.behavior == OMNI_COPY_OVERWRITE) return go(OMNI_RESULT_OK);
        std::string d = without_slash(path_of(dst));
        request(ctx, dst, "stat2", {{"path", path_param(dst, d)}}, std::nullopt,
                [go](Answer&& a) {
                    std::string status = status_of(a);
                    go(status == "OK" ? OMNI_RESULT_ERROR_ALREADY_EXISTS : OMNI_RESULT_OK);
                    return true;
                },
                [go](Result r) { go(r); });
    }

    void copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(dst, {path_of(dst)}, std::move(done));
        if (server_key(src) != server_key(dst)) return done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
        Reply<ResultOnly> reply(std::move(done));
        std::string s = without_slash(path_of(src)), d = without_slash(path_of(dst));
        if (s == d) return reply(error_answer<ResultOnly>(OMNI_RESULT_ERROR_SOURCE_IS_DEST));
        json pairs = json::array({pair_of(src, s, dst, d, args.message, true)});
        bool overwrite = args.behavior == OMNI_COPY_OVERWRITE;
        auto attempt = [this, ctx, src, pairs](Done<ResultOnly> answer) {
            simple<ResultOnly>(ctx, src, "copy2", {{"paths_to_copy", pairs}}, std::move(answer),
                               [](const json& j, ResultOnly& out) { out.result = batch_result(j, 1); }, std::nullopt,
                               nucleus::result_of_item_status);
        };
        unless_exists(ctx, dst, args, [this, ctx, dst, d, overwrite, attempt, reply](Result r) {
            if (r != OMNI_RESULT_OK) return reply(error_answer<ResultOnly>(r));
            attempt([this, ctx, dst, d, overwrite, attempt, reply](ResultOnly&& first) {
                if (first.result == OMNI_RESULT_OK) {
                    // With versioning on, the copy becomes a checkpoint, as the original does.
                    auto copied = std::make_shared<ResultOnly>(std::move(first));
                    return when_versioning(dst, [this, ctx, dst, d, copied, reply](bool on) {
                        if (!on) return reply(std::move(*copied));
                        checkpoint_quietly(ctx, dst, d, "", [copied, reply] { reply(std::move(*copied)); });
                    });
                }
                if (first.result != OMNI_RESULT_ERROR_ALREADY_EXISTS || !overwrite) return reply(std::move(first));
                remove_then(ctx, dst, d, [attempt, reply] { attempt(reply); });
            });
        });
    }

    void move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) override {
        done = changing<MoveResult>(src, {path_of(src), path_of(dst)}, std::move(done));
        if (server_key(src) != server_key(dst)) return done(error_answer<MoveResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
        Reply<MoveResult> reply(std::move(done));
        std::string s = without_slash(path_of(src)), d = without_slash(path_of(dst));
        if (s == d) return reply(error_answer<MoveResult>(OMNI_RESULT_ERROR_SOURCE_IS_DEST));
        json pairs = json::array();
        if (args.kind != CopyKind::FolderOnly) pairs.push_back(pair_of(src, s, dst, d, "", false));
        if (args.kind != CopyKind::FileOnly) pairs.push_back(pair_of(src, s + "/", dst, d + "/", "", false));
        size_t n = pairs.size();
        bool overwrite = args.behavior == OMNI_COPY_OVERWRITE;
        auto attempt = [this, ctx, src, pairs, n](Done<MoveResult> answer) {
            simple<MoveResult>(ctx, src, "rename2", {{"paths_to_rename", pairs}}, std::move(answer),
                               [n](const json& j, MoveResult& out) { out.result = batch_result(j, n); }, std::nullopt,
                               nucleus::result_of_item_status);
        };
        unless_exists(ctx, dst, args, [this, ctx, dst, d, overwrite, attempt, reply](Result r) {
            if (r != OMNI_RESULT_OK) return reply(error_answer<MoveResult>(r));
            attempt([this, ctx, dst, d, overwrite, attempt, reply](MoveResult&& first) {
                // A server that will not rename onto an existing item: remove it first, as for copy.
                if (first.result != OMNI_RESULT_ERROR_ALREADY_EXISTS || !overwrite) return reply(std::move(first));
                remove_then(ctx, dst, d, [attempt, reply] { attempt(reply); });
            });
        });
    }

    // Deletes `path` (ignoring the answer), then runs `next`.
    void remove_then(OpContext ctx, const Target& t, const std::string& path, std::function<void()> next) {
        request(ctx, t, "delete", {{"uri", path}}, std::nullopt,
                [next](Answer&& a) {
                    if (status_of(a) == "OK") return false;  // one answer per removed item, then DONE
                    next();
                    return true;
                },
                [next](Result) { next(); });
    }

    // --- versions, ACLs, locks ---

    void create_checkpoint(OpContext ctx, const Target& t, const std::string& comment, bool force, Done<StringResult> done) override {
        done = changing<StringResult>(t, {path_of(t)}, std::move(done));
        simple<StringResult>(ctx, t, "checkpoint_version",
                             {{"force", force}, {"message", comment}, {"path", path_param(t, without_slash(path_of(t)))}}, std::move(done),
                             [](const json& j, StringResult& r) {
                                 std::string branch = j.value("branch", std::string());
                                 auto cp = j.find("checkpoint");
                                 r.value = branch + "&" + (cp != j.end() && cp->is_number() ? cp->dump() : std::string());
                             });
    }

    // get_checkpoints, then (as the original) one stat2 per checkpoint for its size, times,
    // authors and version; a checkpoint whose stat2 fails keeps its name and comment.
    void list_checkpoints(OpContext ctx, const Target& t, Done<ListResult> done) override {
        std::string path = without_slash(path_of(t));
        Reply<ListResult> reply(std::move(done));
        request(ctx, t, "get_checkpoints", {{"path", path_param(t, path)}}, std::nullopt,
                [this, ctx, t, path, reply](Answer&& a) {
                    auto out = std::make_shared<ListResult>();
                    out->result = nucleus::result_of_status(status_of(a));
                    auto cps = a.json.find("checkpoints");
                    std::vector<json> ids;
                    if (out->result == OMNI_RESULT_OK && cps != a.json.end() && cps->is_array()) {
                        for (auto& c : *cps) {
                            if (!c.is_object() || !c.contains("checkpoint_id")) continue;
                            ids.push_back(c["checkpoint_id"]);
                            ListEntry e;
                            e.relative_path = "&" + ids.back().dump();
                            e.comment = c.value("message", std::string());
                            e.flags = kCheckpointFlags;
                            out->entries.push_back(std::move(e));
                        }
                    }
                    if (ids.empty()) {
                        reply(std::move(*out));
                        return true;
                    }
                    auto left = std::make_shared<size_t>(ids.size());
                    auto finish = [out, left, reply] {
                        if (--*left == 0) reply(std::move(*out));
                    };
                    for (size_t i = 0; i < ids.size(); ++i) {
                        json at = {{"branch", ""}, {"checkpoint", ids[i]}, {"path", path}};
                        request(ctx, t, "stat2", {{"path", at}}, std::nullopt,
                                [out, i, path, finish](Answer&& s) {
                                    if (status_of(s) == "OK") {
                                        ListEntry& e = out->entries[i];
                                        ListEntry stat = nucleus::entry_of_stat2(s.json, path);
                                        stat.relative_path = std::move(e.relative_path);
                                        stat.comment = std::move(e.comment);
                                        stat.flags = kCheckpointFlags;
                                        e = std::move(stat);
                                    }
                                    finish();
                                    return true;
                                },
                                [finish](Result) { finish(); });
                    }
                    return true;
                },
                [reply](Result r) { reply(error_answer<ListResult>(r)); });
    }
    static constexpr uint32_t kCheckpointFlags = OMNI_ITEM_READABLE_FILE | OMNI_ITEM_IS_CHECKPOINTED;  // as observed: 513

    static json names_of(uint32_t access) {
        json a = json::array();
        if (access & OMNI_ACCESS_READ) a.push_back("read");
        if (access & OMNI_ACCESS_WRITE) a.push_back("write");
        if (access & OMNI_ACCESS_ADMIN) a.push_back("admin");
        return a;
    }

    void get_acls(OpContext ctx, const Target& t, Done<AclsResult> done) override {
        simple<AclsResult>(ctx, t, "get_acl", {{"uri", without_slash(path_of(t))}}, std::move(done), [](const json& j, AclsResult& r) {
            auto acl = j.find("acl");
            if (acl == j.end() || !acl->is_object()) return;
            for (auto& [name, access] : acl->items()) r.acls.push_back(AclEntry{name, nucleus::access_of(access)});
        }, std::nullopt, nucleus::result_of_item_status);
    }

    void set_acls(OpContext ctx, const Target& t, const std::vector<AclEntry>& acls, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        json acl = json::object();
        for (auto& e : acls) acl[e.name] = names_of(e.access);
        simple<ResultOnly>(ctx, t, "change_acl", {{"acl", acl}, {"uri", without_slash(path_of(t))}}, std::move(done),
                           nullptr, std::nullopt, nucleus::result_of_item_status);
    }

    void lock(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        simple<ResultOnly>(ctx, t, "lock", {{"duration", 315360000}, {"etag", "0"}, {"uri", without_slash(path_of(t))}}, std::move(done),
                           nullptr, std::nullopt, nucleus::result_of_item_status);
    }

    void unlock(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        simple<ResultOnly>(ctx, t, "unlock", {{"uri", without_slash(path_of(t))}}, std::move(done), nullptr, std::nullopt,
                           nucleus::result_of_item_status);
    }

    // Our server's extension (see docs/client-protocol.md): only when it says it has it.
    void undelete(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        Reply<ResultOnly> reply(std::move(done));
        with_capability(
            ctx, t, "undelete",
            [this, ctx, t, reply](bool can) {
                if (!can) return reply(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
                simple<ResultOnly>(ctx, t, "undelete", {{"path", path_param(t, without_slash(path_of(t)))}},
                                   reply, nullptr, std::nullopt, nucleus::result_of_item_status);
            },
            [reply](Result r) { reply(error_answer<ResultOnly>(r)); });
    }

    void obliterate(OpContext ctx, const Target& t, bool, Done<ResultOnly> done) override {
        done = changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        delete2(ctx, t, path_of(t), std::move(done));
    }

    void create_with_hash(OpContext ctx, const Target& t, const std::string& hash, bool overwrite, const std::string& message,
                          Done<CreateWithHashResult> done) override {
        done = changing<CreateWithHashResult>(t, {path_of(t)}, std::move(done));
        // "<type>;<block size>;<value>", block size > 0, checked before anything is sent.
        size_t a = hash.find(';'), b = a == std::string::npos ? a : hash.find(';', a + 1);
        if (b == std::string::npos || hash.find(';', b + 1) != std::string::npos)
            return done(error_answer<CreateWithHashResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        std::string bsize_text = hash.substr(a + 1, b - a - 1);
        char* end = nullptr;
        unsigned long long bsize = std::strtoull(bsize_text.c_str(), &end, 10);
        if (bsize_text.empty() || !end || *end || bsize == 0) return done(error_answer<CreateWithHashResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        std::string path = path_of(t);
        json params = {{"hash_bsize", bsize}, {"hash_type", hash.substr(0, a)}, {"hash_value", hash.substr(b + 1)},
                       {"message", message}, {"path", {{"path", path}}}};
        if (overwrite) params["overwrite"] = true;
        simple<CreateWithHashResult>(ctx, t, "create_asset_with_hash", std::move(params), std::move(done),
                                     [](const json& j, CreateWithHashResult& r) {
                                         r.version = j.contains("etag") && j["etag"].is_string() ? j["etag"].get<std::string>() : std::string();
                                         r.hash = nucleus::hash_of(j);
                                     });
    }

    // --- server, users, groups ---

    void get_server_info(OpContext ctx, const Target& t, Done<ServerInfoResult> done) override {
        Reply<ServerInfoResult> reply(std::move(done));
        if (t.parts.host.value_or("").empty()) return reply(error_answer<ServerInfoResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        with_session(t, [ctx, reply](const std::shared_ptr<Session>& s) {
            std::weak_ptr<Session> weak = s;
            s->when_connected([ctx, reply, weak](Result r, bool final) {
                auto s2 = weak.lock();
                if (r != OMNI_RESULT_OK || !s2) {
                    if (final) ctx.no_retry();
                    return reply(error_answer<ServerInfoResult>(r));
                }
                const auto& i = s2->info();
                ServerInfoResult out;
                out.result = OMNI_RESULT_OK;
                out.info.version = i.version;
                out.info.username = i.username;
                out.info.auth_token = i.access_token;
                out.info.connection_id = i.connection_id;
                out.info.checkpoints_enabled = i.checkpoints_enabled;
                out.info.omniobjects_enabled = i.omniobjects_enabled;
                out.info.undelete_enabled = i.server_capabilities.count("undelete") != 0;
                reply(std::move(out));
            });
        });
    }

    static std::function<void(const json&, StringListResult&)> strings(const char* key) {
        return [key](const json& j, StringListResult& r) {
            auto it = j.find(key);
            if (it == j.end() || !it->is_array()) return;
            for (auto& v : *it)
                if (v.is_string()) r.values.push_back(v.get<std::string>());
        };
    }

    void get_users(OpContext ctx, const Target& t, Done<StringListResult> done) override {
        simple<StringListResult>(ctx, t, "get_users", json::object(), std::move(done), strings("users"));
    }
    void get_groups(OpContext ctx, const Target& t, Done<StringListResult> done) override {
        simple<StringListResult>(ctx, t, "get_groups", json::object(), std::move(done), strings("groups"));
    }
    void get_group_users(OpContext ctx, const Target& t, const std::string& group, Done<StringListResult> done) override {
        simple<StringListResult>(ctx, t, "get_group_users", {{"group_name", group}}, std::move(done), strings("users"));
    }
    void get_user_groups(OpContext ctx, const Target& t, const std::string& user, Done<StringListResult> done) override {
        simple<StringListResult>(ctx, t, "get_user_groups", {{"username", user}}, std::move(done), strings("groups"));
    }
    void create_group(OpContext ctx, const Target& t, const std::string& group, Done<ResultOnly> done) override {
        simple<ResultOnly>(ctx, t, "create_group", {{"group_name", group}}, std::move(done));
    }
    void rename_group(OpContext ctx, const Target& t, const std::string& group, const std::string& new_group, Done<ResultOnly> done) override {
        simple<ResultOnly>(ctx, t, "rename_group", {{"group_name", group}, {"new_group_name", new_group}}, std::move(done));
    }
    void remove_group(OpContext ctx, const Target& t, const std::string& group, Done<IntResult> done) override {
        simple<IntResult>(ctx, t, "remove_group", {{"group_name", group}}, std::move(done), [](const json& j, IntResult& r) {
            auto it = j.find("change_count");
            if (it != j.end() && it->is_number_integer()) r.value = it->get<int64_t>();
        });
    }
    void add_user_to_group(OpContext ctx, const Target& t, const std::string& user, const std::string& group, Done<ResultOnly> done) override {
        simple<ResultOnly>(ctx, t, "add_user_to_group", {{"group_name", group}, {"username", user}}, std::move(done));
    }
    void remove_user_from_group(OpContext ctx, const Target& t, const std::string& user, const std::string& group, Done<ResultOnly> done) override {
        simple<ResultOnly>(ctx, t, "remove_user_from_group", {{"group_name", group}, {"username", user}}, std::move(done));
    }

    void refresh_auth_token(OpContext ctx, const Target& t, Done<StringResult> done) override {
        Reply<StringResult> reply(std::move(done));
        with_session(t, [ctx, reply](const std::shared_ptr<Session>& s) {
            s->refresh_token([ctx, reply](Result r, std::string token) {
                if (r != OMNI_RESULT_OK) ctx.no_retry();
                StringResult out;
                out.result = r;
                out.value = std::move(token);
                reply(std::move(out));
            });
        });
    }

    // --- subscriptions ---

    // What a subscriber has been told of the items of a folder (those it watches). The server
    // does not replay what it sent while a socket was down: after a reconnect the folder is listed
    // again and the differences are told as events (those arriving meanwhile are held back).
    struct Told {
        std::mutex mu;
        std::map<std::string, ListEntry> entries;
        bool relisting = false;
        std::vector<ListEventResult> held;
    };

    static void remember(Told& told, const ListEventResult& ev) {
        if (ev.event == OMNI_LIST_EVENT_DELETED || ev.event == OMNI_LIST_EVENT_OBLITERATED) told.entries.erase(ev.entry.relative_path);
        else told.entries[ev.entry.relative_path] = ev.entry;
    }

    // Tells the subscriber of a change (later, while the folder is listed again).
    static void tell(Told& told, const Events<ListEventResult>& events, ListEventResult&& ev) {
        {
            std::lock_guard lock(told.mu);
            if (told.relisting) return told.held.push_back(std::move(ev));
            remember(told, ev);
        }
        events(std::move(ev));
    }

    // The events that turn `before` into `after`.
    static std::vector<ListEventResult> differences(const std::map<std::string, ListEntry>& before,
                                                    const std::map<std::string, ListEntry>& after) {
        std::vector<ListEventResult> out;
        auto add = [&out](OmniListEvent kind, const ListEntry& e) {
            ListEventResult ev;
            ev.result = OMNI_RESULT_OK;
            ev.event = kind;
            ev.entry = e;
            out.push_back(std::move(ev));
        };
        for (auto& [name, was] : before)
            if (!after.count(name)) add(OMNI_LIST_EVENT_DELETED, was);
        for (auto& [name, now] : after) {
            auto was = before.find(name);
            if (was == before.end()) add(OMNI_LIST_EVENT_CREATED, now);
            else if (was->second.version != now.version || was->second.size != now.size || was->second.modified_time != now.modified_time)
                add(OMNI_LIST_EVENT_UPDATED, now);
            else if (was->second.locked_by != now.locked_by)
                add(now.locked_by.empty() ? OMNI_LIST_EVENT_UNLOCKED : OMNI_LIST_EVENT_LOCKED, now);
        }
        return out;
    }

    // After a reconnect: lists `folder` and tells the subscriber what changed since it last heard.
    void relist(OpContext ctx, const Target& t, const std::string& folder, std::function<bool(const ListEntry&)> keep,
                Events<ListEventResult> events, std::shared_ptr<Told> told) {
        {
            std::lock_guard lock(told->mu);
            if (told->relisting) return;  // the listing under way answers for this reconnect too
            told->relisting = true;
        }
        stream_entries(ctx, t, "list2", folder, nucleus::entry_of_list2, [keep, events, told](ListResult&& now) {
            std::vector<ListEventResult> out;
            {
                std::lock_guard lock(told->mu);
                // Another failure (the socket again): what was held is told; the next reconnect lists again.
                if (now.result == OMNI_RESULT_OK || now.result == OMNI_RESULT_ERROR_NOT_FOUND) {
                    std::map<std::string, ListEntry> fresh;
                    for (auto& e : now.entries)
                        if (keep(e)) fresh[e.relative_path] = std::move(e);
                    out = differences(told->entries, fresh);
                    told->entries = std::move(fresh);
                }
                for (auto& ev : told->held) {
                    remember(*told, ev);
                    out.push_back(std::move(ev));
                }
                told->held.clear();
                told->relisting = false;
            }
            for (auto& ev : out) events(std::move(ev));
        });
    }

    // subscribe_list on `folder`; events whose entry passes `keep` go to `events`. The caller
    // seeds the answer with what it first told the subscriber.
    std::shared_ptr<Told> subscribe_folder(OpContext ctx, const Target& t, const std::string& folder,
                                           std::function<bool(const ListEntry&)> keep, Events<ListEventResult> events,
                                           std::function<void(Result)> failed) {
        auto told = std::make_shared<Told>();
        request(ctx, t, "subscribe_list", {{"path", {{"branch", ""}, {"path", folder}}}}, std::nullopt,
                [keep, events, folder, told](Answer&& a) {
                    std::string status = status_of(a);
                    ListEventResult ev;
                    if (status == "DONE") {
                        ev.result = OMNI_RESULT_OK;
                        events(std::move(ev));
                        return true;
                    }
                    if (status != "OK") {
                        ev.result = nucleus::result_of_status(status);
                        events(std::move(ev));
                        return true;
                    }
                    auto kind = a.json.find("event");
                    auto entry = a.json.find("entry");
                    if (kind == a.json.end() || !kind->is_string() || entry == a.json.end() || !entry->is_object()) return false;
                    std::string k = kind->get<std::string>();
                    ListEntry e = nucleus::entry_of_list2(*entry);
                    auto destination = entry->find("destination");
                    // A copy is the creation of its destination, when that is in this folder.
                    if (k == "copy") {
                        if (!copies_into(*entry, folder)) return false;
                        ev.result = OMNI_RESULT_OK;
                        ev.event = OMNI_LIST_EVENT_CREATED;
                        ev.entry = std::move(e);
                        ev.entry.relative_path = nucleus::name_of(destination->get<std::string>());
                        if (keep(ev.entry)) tell(*told, events, std::move(ev));
                        return false;
                    }
                    if (k == "rename" && destination != entry->end() && destination->is_string()) {
                        ev.result = OMNI_RESULT_OK;
                        ev.event = OMNI_LIST_EVENT_DELETED;
                        ev.entry = e;
                        if (keep(ev.entry)) tell(*told, events, ListEventResult(ev));
                        ev.event = OMNI_LIST_EVENT_CREATED;
                        ev.entry.relative_path = nucleus::name_of(destination->get<std::string>());
                        if (keep(ev.entry)) tell(*told, events, std::move(ev));
                        return false;
                    }
                    ev.result = OMNI_RESULT_OK;
                    ev.event = nucleus::list_event_of(k);
                    if (ev.event == OMNI_LIST_EVENT_UNKNOWN) return false;
                    ev.entry = std::move(e);
                    if (keep(ev.entry)) tell(*told, events, std::move(ev));
                    return false;
                },
                std::move(failed), true,
                [this, ctx, t, folder, keep, events, told] { relist(ctx, t, folder, keep, events, told); });
        return told;
    }

    void list_subscribe(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<ListResult> first,
                        Events<ListEventResult> events) override {
        std::string folder = folder_form(path_of(t));
        Reply<ListResult> first_reply(std::move(first));
        auto first_done = std::make_shared<bool>(false);
        auto told = subscribe_folder(ctx, t, folder, [](const ListEntry&) { return true; }, events,
                                     [first_reply, first_done, events](Result r) {
            if (!*first_done) {
                *first_done = true;
                return first_reply(error_answer<ListResult>(r));
            }
            ListEventResult ev;
            ev.result = r;
            events(std::move(ev));
        });
        (void)include;
        list_uncached(ctx, t, [first_reply, first_done, told](ListResult&& r) {
            if (*first_done) return;
            *first_done = true;
            if (r.result == OMNI_RESULT_OK) {
                std::lock_guard lock(told->mu);
                for (auto& e : r.entries) told->entries.emplace(e.relative_path, e);  // events that came first are newer
            }
            first_reply(std::move(r));
        });
    }

    void stat_subscribe(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<StatResult> first,
                        Events<ListEventResult> events) override {
        std::string path = without_slash(path_of(t));
        std::string name = nucleus::name_of(path);
        std::string parent = parent_of(path);
        Reply<StatResult> first_reply(std::move(first));
        auto first_done = std::make_shared<bool>(false);
        auto told = subscribe_folder(ctx, t, parent, [name](const ListEntry& e) { return e.relative_path == name; }, events,
                                     [first_reply, first_done, events](Result r) {
            if (!*first_done) {
                *first_done = true;
                return first_reply(error_answer<StatResult>(r));
            }
            ListEventResult ev;
            ev.result = r;
            events(std::move(ev));
        });
        stat(ctx, t, include, [first_reply, first_done, told, name](StatResult&& r) {
            if (*first_done) return;
            *first_done = true;
            if (r.result == OMNI_RESULT_OK) {
                std::lock_guard lock(told->mu);
                ListEntry seen = r.entry;
                seen.relative_path = name;
                told->entries.emplace(name, std::move(seen));
            }
            first_reply(std::move(r));
        });
    }

    // Returns once signed out, so a following request already sees it.
    void sign_out(const Target& t) override {
        if (loop_ && loop_->in_loop_thread()) return with_session(t, [](const std::shared_ptr<Session>& s) { s->sign_out(); });
        auto signed_out = std::make_shared<std::promise<void>>();
        with_session(t, [signed_out](const std::shared_ptr<Session>& s) {
            s->sign_out();
            signed_out->set_value();
        });
        signed_out->get_future().wait_for(std::chrono::seconds(5));
    }
    void reconnect(const Target& t) override {
        with_session(t, [](const std::shared_ptr<Session>& s) { s->reconnect(); });
    }
    void cancel_authentication(uint64_t handle) override { nucleus::cancel_device_flow(handle); }

    bool clear_list_cache(const Target& t) override {
        std::string server = server_key(t) + "/";  // folder keys: the server, then the folder's path
        std::vector<std::string> keys;
        {
            std::lock_guard lock(cache_mu_);
            for (auto it = folders_.lower_bound(server); it != folders_.end() && it->first.compare(0, server.size(), server) == 0; ++it)
                keys.push_back(it->first);
        }
        for (auto& k : keys) drop_folder(k, 0, OMNI_RESULT_ERROR);
        return true;
    }

private:
    // --- the listing cache: folders kept fresh by subscribe_list, serving stat and list at once
    // (NVIDIA's client does the same). Our own changes drop the folders they touch.

    struct Folder {
        uint64_t id = 0;
        bool ready = false;
        std::map<std::string, ListEntry> entries;
        std::vector<std::pair<std::string, nlohmann::json>> early;  // events before the listing arrived
        std::vector<std::function<void(Result)>> waiters;
        uint64_t subscription = 0;  // session call handle (loop thread)
        std::weak_ptr<Session> session;
        uint64_t used = 0;
    };
    static constexpr size_t kCachedFolders = 32;

    static std::string folder_key(const Target& t, const std::string& folder) { return server_key(t) + folder; }

    // Whether a copy event's destination is an item of `folder` (a folder path ending in '/').
    static bool copies_into(const json& entry, const std::string& folder) {
        auto destination = entry.find("destination");
        if (destination == entry.end() || !destination->is_string()) return false;
        const std::string& to = destination->get_ref<const std::string&>();
        return to.substr(0, to.rfind('/') + 1) == folder;
    }

    // Applies one subscribe_list event to a folder's entries (copies into it only: see copies_into).
    static void apply_event(Folder& f, const std::string& kind, const json& e) {
        ListEntry entry = nucleus::entry_of_list2(e);
        auto destination = e.find("destination");
        if (kind == "copy") {
            entry.relative_path = nucleus::name_of(destination->get<std::string>());
            f.entries[entry.relative_path] = std::move(entry);
        } else if (kind == "rename") {
            f.entries.erase(entry.relative_path);
            if (destination != e.end() && destination->is_string()) {
                entry.relative_path = nucleus::name_of(destination->get<std::string>());
                f.entries[entry.relative_path] = std::move(entry);
            }
        } else if (kind == "delete") {
            f.entries.erase(entry.relative_path);
        } else if (nucleus::list_event_of(kind) != OMNI_LIST_EVENT_UNKNOWN && !entry.relative_path.empty()) {
            f.entries[entry.relative_path] = std::move(entry);
        }
    }

    // Drops a folder (the subscription is stopped); its waiters get `why`.
    void drop_folder(const std::string& key, uint64_t id, Result why) {
        std::vector<std::function<void(Result)>> waiters;
        std::weak_ptr<Session> session;
        uint64_t subscription = 0;
        {
            std::lock_guard lock(cache_mu_);
            auto it = folders_.find(key);
            if (it == folders_.end() || (id && it->second.id != id)) return;
            waiters = std::move(it->second.waiters);
            session = it->second.session;
            subscription = it->second.subscription;
            folders_.erase(it);
        }
        if (subscription && loop_) loop_->post([session, subscription] {
            if (auto s = session.lock()) s->cancel(subscription);
        });
        for (auto& w : waiters) w(why);
    }

    // Drops the cached parent of `path` and every cached folder at or below it.
    void invalidate(const Target& t, const std::string& path) {
        std::string p = without_slash(path);
        std::string below = folder_key(t, folder_form(p));
        std::vector<std::string> keys{folder_key(t, parent_of(p))};
        {
            std::lock_guard lock(cache_mu_);
            for (auto it = folders_.lower_bound(below); it != folders_.end() && it->first.compare(0, below.size(), below) == 0; ++it)
                keys.push_back(it->first);
        }
        for (auto& k : keys) drop_folder(k, 0, OMNI_RESULT_ERROR);
    }

    // Wraps an answer so the folders `paths` touch are dropped before the caller hears of it.
    template <class R>
    Done<R> changing(const Target& t, std::vector<std::string> paths, Done<R> done) {
        for (auto& p : paths) invalidate(t, p);
        return [this, t, paths, done = std::move(done)](R&& r) {
            for (auto& p : paths) invalidate(t, p);
            done(std::move(r));
        };
    }

    // Answers from the cache: Found/Missing for a name in a ready folder; Miss otherwise.
    enum class Lookup { Miss, Found, Missing };
    Lookup cached_entry(const std::string& key, const std::string& name, ListEntry& out) {
        std::lock_guard lock(cache_mu_);
        auto it = folders_.find(key);
        if (it == folders_.end() || !it->second.ready) return Lookup::Miss;
        it->second.used = ++cache_clock_;
        auto e = it->second.entries.find(name);
        if (e == it->second.entries.end()) return Lookup::Missing;
        out = e->second;
        return Lookup::Found;
    }

    bool cached_list(const std::string& key, std::vector<ListEntry>& out) {
        std::lock_guard lock(cache_mu_);
        auto it = folders_.find(key);
        if (it == folders_.end() || !it->second.ready) return false;
        it->second.used = ++cache_clock_;
        out.reserve(it->second.entries.size());
        for (auto& [name, e] : it->second.entries) out.push_back(e);
        return true;
    }

    // Starts caching `folder` (subscribe_list, then list2); `ready` (may be null) hears the outcome.
    void warm(const Target& t, const std::string& folder, std::function<void(Result)> ready) {
        std::string key = folder_key(t, folder);
        uint64_t id = 0;
        std::vector<std::string> evict;
        bool answer_now = false, created = false;
        {
            std::lock_guard lock(cache_mu_);
            auto it = folders_.find(key);
            if (it != folders_.end()) {
                if (ready && it->second.ready) answer_now = true;
                else if (ready) it->second.waiters.push_back(std::move(ready));
            } else {
                Folder& f = folders_[key];
                created = true;
                f.id = id = ++cache_ids_;
                f.used = ++cache_clock_;
                if (ready) f.waiters.push_back(std::move(ready));
                if (folders_.size() > kCachedFolders) {
                    auto lru = folders_.end();
                    for (auto i = folders_.begin(); i != folders_.end(); ++i)
                        if (i->second.ready && (lru == folders_.end() || i->second.used < lru->second.used)) lru = i;
                    if (lru != folders_.end()) evict.push_back(lru->first);
                }
            }
        }
        if (answer_now) return ready(OMNI_RESULT_OK);
        if (!created) return;
        for (auto& k : evict) drop_folder(k, 0, OMNI_RESULT_ERROR);
        with_session(t, [this, key, id, folder](const std::shared_ptr<Session>& s) {
            Session::Call sub;
            sub.command = "subscribe_list";
            sub.params = {{"path", {{"branch", ""}, {"path", folder}}}};
            sub.subscription = true;
            sub.resubscribe = false;  // events missed while disconnected: drop the folder instead
            sub.on_answer = [this, key, id, folder](Answer&& a) {
                std::string status = status_of(a);
                if (status != "OK") {
                    drop_folder(key, id, nucleus::result_of_item_status(status));
                    return true;
                }
                auto kind = a.json.find("event");
                auto entry = a.json.find("entry");
                if (kind == a.json.end() || !kind->is_string() || entry == a.json.end() || !entry->is_object()) return false;
                if (*kind == "copy" && !copies_into(*entry, folder)) return false;
                std::lock_guard lock(cache_mu_);
                auto it = folders_.find(key);
                if (it == folders_.end() || it->second.id != id) return false;
                if (it->second.ready) apply_event(it->second, kind->get<std::string>(), *entry);
                else it->second.early.emplace_back(kind->get<std::string>(), *entry);
                return false;
            };
            sub.on_fail = [this, key, id](Result r, bool) { drop_folder(key, id, r); };
            uint64_t handle = s->call(std::move(sub));
            {
                std::lock_guard lock(cache_mu_);
                auto it = folders_.find(key);
                if (it == folders_.end() || it->second.id != id) {
                    s->cancel(handle);
                    return;
                }
                it->second.subscription = handle;
                it->second.session = s;
            }
            auto acc = std::make_shared<std::map<std::string, ListEntry>>();
            Session::Call listing;
            listing.command = "list2";
            listing.params = {{"path", folder}};
            listing.on_answer = [this, key, id, acc](Answer&& a) {
                std::string status = status_of(a);
                if (status == "OK") {
                    auto entries = a.json.find("entries");
                    if (entries != a.json.end() && entries->is_array())
                        for (auto& e : *entries) {
                            ListEntry entry = nucleus::entry_of_list2(e);
                            (*acc)[entry.relative_path] = std::move(entry);
                        }
                    return false;
                }
                if (status != "DONE") {
                    Result r = nucleus::result_of_item_status(status);
                    drop_folder(key, id, r == OMNI_RESULT_ERROR ? OMNI_RESULT_ERROR_NOT_FOUND : r);
                    return true;
                }
                std::vector<std::function<void(Result)>> waiters;
                {
                    std::lock_guard lock(cache_mu_);
                    auto it = folders_.find(key);
                    if (it == folders_.end() || it->second.id != id) return true;
                    Folder& f = it->second;
                    f.entries = std::move(*acc);
                    for (auto& [kind, e] : f.early) apply_event(f, kind, e);
                    f.early.clear();
                    f.ready = true;
                    waiters = std::move(f.waiters);
                }
                for (auto& w : waiters) w(OMNI_RESULT_OK);
                return true;
            };
            listing.on_fail = [this, key, id](Result r, bool) { drop_folder(key, id, r); };
            s->call(std::move(listing));
        });
    }

    std::mutex cache_mu_;
    std::map<std::string, Folder> folders_;
    uint64_t cache_ids_ = 0;
    uint64_t cache_clock_ = 0;

    std::unique_ptr<net::EventLoop> loop_;
    std::unique_ptr<net::HttpClient> http_;
    std::mutex auth_mu_;
    std::unique_ptr<WorkerPool> auth_pool_;  // asks authentication callbacks (created on first login)
    nucleus::SessionConfig config_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;  // loop thread only
};

}  // namespace

std::unique_ptr<Provider> make_nucleus_provider() { return std::make_unique<NucleusProvider>(); }

}  // namespace omniclient
