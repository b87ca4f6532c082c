#include "providers/nucleus/nucleus_provider.h"

#include "core/local_copy.h"
#include "core/pages.h"
#include "core/registries.h"
#include "core/reply.h"
#include "providers/nucleus/auth.h"
#include "providers/nucleus/channel.h"
#include "providers/nucleus/entries.h"
#include "providers/nucleus/folder_watch.h"
#include "providers/nucleus/lft.h"
#include "providers/nucleus/live_object.h"
#include "providers/nucleus/listing_cache.h"
#include "providers/nucleus/paths.h"
#include "providers/nucleus/server_link.h"
#include "providers/nucleus/status.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>

#include <unistd.h>

namespace omniclient {
namespace nucleus {
namespace {

using nlohmann::json;
using net::connlib::Answer;

// Result of a batch answer: any OK entry wins (the file or the folder form existed).
Result batch_result(const json& j, size_t expected) {
    auto responses = j.find("responses");
    if (responses == j.end() || !responses->is_array() || responses->size() != expected) return OMNI_RESULT_ERROR;
    Result worst = OMNI_RESULT_ERROR;
    for (auto& s : *responses) {
        std::string status = s.is_string() ? s.get<std::string>() : s.is_object() ? s.value("status", std::string()) : std::string();
        Result r = result_of_item_status(status);
        if (r == OMNI_RESULT_OK) return r;
        if (r != OMNI_RESULT_ERROR_NOT_FOUND) worst = r;
        else if (worst == OMNI_RESULT_ERROR) worst = r;
    }
    return worst;
}

json pair_of(const Target& src, const std::string& s, const Target& dst, const std::string& d, const std::string& message,
             bool with_message) {
    json p = {{"src", path_param(src, s)}, {"dst", path_param(dst, d)}};
    if (with_message) p["message"] = message;
    return p;
}

json names_of(uint32_t access) {
    json a = json::array();
    if (access & OMNI_ACCESS_READ) a.push_back("read");
    if (access & OMNI_ACCESS_WRITE) a.push_back("write");
    if (access & OMNI_ACCESS_ADMIN) a.push_back("admin");
    return a;
}

std::function<void(const json&, StringListResult&)> strings(const char* key) {
    return [key](const json& j, StringListResult& r) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_array()) return;
        for (auto& v : *it)
            if (v.is_string()) r.values.push_back(v.get<std::string>());
    };
}

std::string etag_of(const json& j) {
    return j.contains("etag") && j["etag"].is_string() ? j["etag"].get<std::string>() : std::string();
}

constexpr uint32_t kCheckpointFlags = OMNI_ITEM_READABLE_FILE | OMNI_ITEM_IS_CHECKPOINTED;  // as observed: 513

// A file written part by part (copies from other providers): through an LftStream when the
// content is large, else gathered and sent inline; `name` (create_asset) makes it the file's new
// version at commit. Until then the file keeps what it had.
class NucleusUpload final : public Upload {
public:
    using Name = std::function<void(json content_id, Content inline_bytes, Done<WriteResult> done)>;
    NucleusUpload(std::shared_ptr<LftStream> stream, std::shared_ptr<TransferControl> control, Name name)
        : stream_(std::move(stream)), control_(std::move(control)), name_(std::move(name)) {}

    void append(Content part, Done<ResultOnly> done) override {
        if (!stream_) {
            inline_.append(reinterpret_cast<const char*>(part.data()), part.size());
            return done(ResultOnly{OMNI_RESULT_OK});
        }
        stream_->append(std::move(part), [done](Result r) { done(ResultOnly{r}); });
    }
    void commit(Done<WriteResult> done) override {
        if (!stream_) return name_(json(), Content::from_string(std::move(inline_)), std::move(done));
        stream_->finish([name = name_, done](Result r, std::string content_id) {
            if (r != OMNI_RESULT_OK) return done(error_answer<WriteResult>(r));
            json id = content_id;
            char* end = nullptr;
            unsigned long long numeric = std::strtoull(content_id.c_str(), &end, 10);
            if (end && *end == '\0') id = numeric;
            name(id, Content(), done);
        });
    }
    void abort() override {
        if (control_) control_->cancel();
    }

private:
    std::shared_ptr<LftStream> stream_;
    std::shared_ptr<TransferControl> control_;
    Name name_;
    std::string inline_;
};

class NucleusProvider final : public ProviderImpl<NucleusProvider, Versions, Acls, Locks, Trash, Accounts, Server, Streams, Live> {
public:
    ~NucleusProvider() override { shutdown(); }

    const char* name() const override { return "nucleus"; }
    // Two servers are two stores: copies between them go through the core.
    bool shares_store(const Target& a, const Target& b) const override { return server_key(a) == server_key(b); }

    bool match(const Target& target) const override {
        const auto& scheme = target.parts.scheme;
        return scheme && (*scheme == "omniverse" || *scheme == "omniverses");
    }

    void shutdown() override { link_.shutdown(); }

    // --- reading ---

    void stat(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<StatResult> done) override {
        if (include != OMNI_LIST_NO_DELETED_FILES) return stat_deleted_too(ctx, t, include, std::move(done));
        std::string path = without_slash(path_of(t));
        if (path != "/" && !checkpoint_of(t) && !t.parts.host.value_or("").empty() && !list_cache_bypassed()) {
            std::string parent = parent_of(path);
            StatResult hit;
            switch (cache_.entry(t, parent, name_of(path), hit.entry)) {
                case ListingCache::Lookup::Found: hit.result = OMNI_RESULT_OK; return done(std::move(hit));
                case ListingCache::Lookup::Missing: return done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                case ListingCache::Lookup::Miss: cache_.warm(t, parent, nullptr); break;  // later stats of its siblings are free
            }
            // The answer is kept by the folder being filled: its listing may be older than this.
            done = [this, t, parent, done = std::move(done)](StatResult&& r) {
                if (r.result == OMNI_RESULT_OK) cache_.saw(t, parent, r.entry);
                done(std::move(r));
            };
        }
        link_.simple<StatResult>(ctx, t, "stat2", {{"path", path_param(t, path)}}, std::move(done),
                                 [path](const json& j, StatResult& r) { r.entry = entry_of_stat2(j, path); },
                                 std::nullopt, result_of_item_status);
    }

    void list(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<ListResult> done) override {
        if (t.parts.host.value_or("").empty()) return done(error_answer<ListResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        if (include != OMNI_LIST_NO_DELETED_FILES) return list_deleted_too(ctx, t, include, std::move(done));
        if (list_cache_bypassed()) return list_uncached(ctx, t, std::move(done));
        std::string folder = folder_form(path_of(t));
        ListResult hit;
        if (cache_.list(t, folder, hit.entries)) {
            hit.result = OMNI_RESULT_OK;
            return done(std::move(hit));
        }
        Reply<ListResult> reply(std::move(done));
        ctx.on_stop([this, t, folder] { cache_.drop(t, folder); });
        cache_.warm(t, folder, [this, t, folder, reply](Result r) {
            ListResult out;
            out.result = r;
            if (r == OMNI_RESULT_OK && !cache_.list(t, folder, out.entries)) out.result = OMNI_RESULT_ERROR;
            reply(std::move(out));
        });
    }

    // A listing without the cache (for subscriptions, which keep their own).
    void list_uncached(OpContext ctx, const Target& t, Done<ListResult> done) {
        link_.stream_entries(std::move(ctx), t, "list2", folder_form(path_of(t)), entry_of_list2, std::move(done));
    }

    // --- deleted items, through our server's list_deleted extension (omni1 has no way to list
    // them; docs/protocol.md section 12). Without it: what the original does.

    void list_deleted_too(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<ListResult> done) {
        Reply<ListResult> reply(std::move(done));
        std::string folder = folder_form(path_of(t));
        link_.with_capability(
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
                    link_.stream_entries(ctx, t, "list_deleted", folder, entry_of_deleted,
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
        std::string name = name_of(path);
        std::string parent = parent_of(path);
        auto from_trash = [this, ctx, t, parent, name, reply](StatResult&& live) {
            if (live.result != OMNI_RESULT_ERROR_NOT_FOUND) return reply(std::move(live));
            link_.with_capability(
                ctx, t, "list_deleted",
                [this, ctx, t, parent, name, reply](bool can) {
                    if (!can) return reply(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
                    link_.stream_entries(ctx, t, "list_deleted", parent, entry_of_deleted, [name, reply](ListResult&& gone) {
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

    void read_file(OpContext ctx, const Target& t, Done<ReadResult> done) override {
        Reply<ReadResult> reply(std::move(done));
        link_.read_asset(ctx, t, [this, ctx, t, reply](Asset&& a) {
            if (a.result != OMNI_RESULT_OK) return reply(error_answer<ReadResult>(a.result));
            if (a.redirect.empty()) {
                ReadResult r;
                r.result = OMNI_RESULT_OK;
                r.version = std::move(a.version);
                r.content = std::move(a.content);
                return reply(std::move(r));
            }
            link_.with_lft(ctx, t, [this, ctx, a = std::move(a), reply](std::vector<std::string> headers, LftControl control, uint64_t part) {
                lft_download(link_.http(), std::move(headers), a.redirect, ctx.buffer(a.size), a.size, part, control,
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

    // A local copy of the file's current version, kept under the file cache folder. LFT content
    // goes straight to disk, part by part. Without `download`, the name that copy has (or would
    // have): found from a stat, nothing downloaded.
    void get_local_file(OpContext ctx, const Target& t, bool download_it, Done<StringResult> done) override {
        std::string dir = local_cache_dir();
        if (dir.empty()) return done(error_answer<StringResult>(OMNI_RESULT_ERROR));
        Reply<StringResult> reply(std::move(done));
        auto name_for = [dir, key = server_key(t) + path_of(t), name = name_of(path_of(t))](const std::string& version) {
            return local_copy_name(dir, key, name, version);
        };
        auto answer = [reply](Result r, std::string file) {
            StringResult out;
            out.result = r;
            if (r == OMNI_RESULT_OK) out.value = std::move(file);
            reply(std::move(out));
        };
        if (!download_it) {
            bool slash = path_of(t).back() == '/';
            return stat(ctx, t, OMNI_LIST_NO_DELETED_FILES, [name_for, answer, slash](StatResult&& r) {
                if (r.result != OMNI_RESULT_OK) return answer(r.result, {});
                if (!(r.entry.flags & OMNI_ITEM_READABLE_FILE)) return answer(OMNI_RESULT_ERROR, {});  // a folder, as read_file
                if (slash) return answer(OMNI_RESULT_ERROR_NOT_FOUND, {});  // a file's name has no '/', as read_file
                answer(OMNI_RESULT_OK, name_for(r.entry.version));
            });
        }
        link_.read_asset(ctx, t, [this, ctx, t, name_for, answer](Asset&& a) {
            if (a.result != OMNI_RESULT_OK) return answer(a.result, {});
            std::string file = name_for(a.version);
            if (::access(file.c_str(), F_OK) == 0) return answer(OMNI_RESULT_OK, file);  // no download for a copy we have
            auto out = PartFile::create(file);
            if (!out) return answer(OMNI_RESULT_ERROR, {});
            if (a.redirect.empty()) {
                bool ok = out->write(0, reinterpret_cast<const char*>(a.content.data()), a.content.size());
                return answer(ok && out->commit() ? OMNI_RESULT_OK : OMNI_RESULT_ERROR, file);
            }
            link_.with_lft(ctx, t, [this, a = std::move(a), out, file, answer](std::vector<std::string> headers, LftControl control, uint64_t part) {
                lft_download_to(link_.http(), std::move(headers), a.redirect, 0, a.size, part, control,
                                [out](uint64_t offset, const char* data, size_t n) { return out->write(offset, data, n); },
                                [out, file, answer](Result r) {
                                    if (r == OMNI_RESULT_OK && !out->commit()) r = OMNI_RESULT_ERROR;
                                    answer(r, file);
                                });
            });
        });
    }

    // --- content in parts (copies from and to other providers) ---

    void read_range(OpContext ctx, const Target& t, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        Reply<ReadResult> reply(std::move(done));
        link_.read_asset(ctx, t, [this, ctx, t, offset, length, reply](Asset&& a) {
            if (a.result != OMNI_RESULT_OK) return reply(error_answer<ReadResult>(a.result));
            ReadResult out;
            out.result = OMNI_RESULT_OK;
            out.version = std::move(a.version);
            if (a.redirect.empty()) {
                size_t from = std::min<size_t>(offset, a.content.size());
                out.content = a.content.slice(from, std::min<size_t>(length, a.content.size() - from));
                return reply(std::move(out));
            }
            uint64_t size = offset >= a.size ? 0 : std::min(length, a.size - offset);
            if (size == 0) return reply(std::move(out));
            std::shared_ptr<uint8_t> buffer = ctx.buffer(size);
            if (!buffer) return reply(error_answer<ReadResult>(OMNI_RESULT_ERROR));
            link_.with_lft(ctx, t, [this, a = std::move(a), offset, size, buffer, out, reply](std::vector<std::string> headers, LftControl control,
                                                                                               uint64_t part) mutable {
                lft_download_to(link_.http(), std::move(headers), a.redirect, offset, size, part, control,
                                [buffer](uint64_t at, const char* data, size_t n) {
                                    std::memcpy(buffer.get() + at, data, n);
                                    return true;
                                },
                                [buffer, size, out, reply](Result r) mutable {
                                    if (r != OMNI_RESULT_OK) return reply(error_answer<ReadResult>(r));
                                    out.content = Content(buffer, buffer.get(), size);
                                    reply(std::move(out));
                                });
            });
        });
    }

    void open_upload(OpContext ctx, const Target& t, const UploadArgs& args, Done<UploadResult> done) override {
        std::string path = path_of(t);
        if (checkpoint_of(t) || path.back() == '/')
            return done(error_answer<UploadResult>(checkpoint_of(t) ? OMNI_RESULT_ERROR_NOT_SUPPORTED : OMNI_RESULT_ERROR_BAD_REQUEST));
        Reply<UploadResult> reply(std::move(done));
        // Refused before any byte moves when it cannot end well; create_asset checks again at the end.
        stat(ctx, t, OMNI_LIST_NO_DELETED_FILES, [this, ctx, t, path, args, reply](StatResult&& st) {
            if (st.result == OMNI_RESULT_OK && (st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN))
                return reply(error_answer<UploadResult>(OMNI_RESULT_ERROR_WRONG_TYPE));
            if (st.result == OMNI_RESULT_OK && !args.overwrite) return reply(error_answer<UploadResult>(OMNI_RESULT_ERROR_ALREADY_EXISTS));
            if (st.result != OMNI_RESULT_OK && st.result != OMNI_RESULT_ERROR_NOT_FOUND) return reply(error_answer<UploadResult>(st.result));
            link_.when_connected(
                ctx, t,
                [this, ctx, t, path, args, reply](Session& s) {
                    ServerLink::create_parents(s, path);
                    const auto& info = s.info();
                    bool checkpoint = info.checkpoints_enabled;
                    NucleusUpload::Name name = [this, ctx, t, path, message = args.message, checkpoint,
                                                overwrite = args.overwrite](json id, Content tail, Done<WriteResult> done) {
                        done = cache_.changing<WriteResult>(t, {path}, std::move(done));
                        create_asset(ctx, t, path, message, std::move(id), std::move(tail), checkpoint, Reply<WriteResult>(std::move(done)), overwrite);
                    };
                    bool lft = !info.lft_address.empty() && info.lft_threshold > 0 && args.size > info.lft_threshold;
                    if (!lft) return reply(UploadResult{OMNI_RESULT_OK, std::make_shared<NucleusUpload>(nullptr, nullptr, std::move(name))});
                    auto control = std::make_shared<TransferControl>(link_.http());
                    auto stream = std::make_shared<LftStream>(link_.http(), lft_headers(info, path), info.lft_address, path,
                                                              info.multipart_chunk_size, control);
                    stream->open([stream, control, name, reply](Result r) {
                        if (r != OMNI_RESULT_OK) return reply(error_answer<UploadResult>(r));
                        reply(UploadResult{OMNI_RESULT_OK, std::make_shared<NucleusUpload>(stream, control, name)});
                    });
                },
                [reply](Result r) { reply(error_answer<UploadResult>(r)); });
        });
    }

    // --- writing ---

    void write_file(OpContext ctx, const Target& t, const WriteArgs& args, Done<WriteResult> done) override {
        done = cache_.changing<WriteResult>(t, {path_of(t)}, std::move(done));
        std::string path = path_of(t);
        if (checkpoint_of(t) || path.back() == '/')
            return done(error_answer<WriteResult>(checkpoint_of(t) ? OMNI_RESULT_ERROR_NOT_SUPPORTED : OMNI_RESULT_ERROR_BAD_REQUEST));
        Reply<WriteResult> reply(std::move(done));
        Content content = args.content;
        std::string message = args.message;
        bool skip_checkpoint = args.skip_checkpoint;
        link_.when_connected(
            ctx, t,
            [this, ctx, t, path, content, message, skip_checkpoint, reply](Session& s) {
                ServerLink::create_parents(s, path);
                const auto& info = s.info();
                bool checkpoint = info.checkpoints_enabled && !skip_checkpoint;
                bool lft = !info.lft_address.empty() && info.lft_threshold > 0 && content.size() > info.lft_threshold;
                if (!lft) return create_asset(ctx, t, path, message, json(), content, checkpoint, reply);
                auto control = std::make_shared<TransferControl>(link_.http());
                ctx.on_stop([control] { control->cancel(); });
                lft_upload(link_.http(), lft_headers(info, path), info.lft_address, path, content, info.multipart_chunk_size,
                           control, [this, ctx, t, path, message, checkpoint, reply](Result up, std::string content_id) {
                    if (up != OMNI_RESULT_OK) return reply(error_answer<WriteResult>(up));
                    json id = content_id;
                    char* end = nullptr;
                    unsigned long long numeric = std::strtoull(content_id.c_str(), &end, 10);
                    if (end && *end == '\0') id = numeric;
                    create_asset(ctx, t, path, message, id, Content(), checkpoint, reply);
                });
            },
            [reply](Result r) { reply(error_answer<WriteResult>(r)); });
    }

    // With versioning on, as the original: the current version is checkpointed before it is
    // replaced (answer ignored: a new file has none) and the new one after, with the message. The
    // server runs requests naming the same file in the order they came, so the second checkpoint
    // is sent at once, and the write is answered once both are: a subscription opened after the
    // write returns hears nothing of it (the original answers before its checkpoint is done, and
    // such a subscriber heard that checkpoint's event).
    void create_asset(OpContext ctx, const Target& t, const std::string& path, const std::string& message, json content_id,
                      Content tail, bool checkpoint, Reply<WriteResult> done, bool overwrite = true) {
        json params = {{"overwrite", overwrite}, {"path", {{"path", path}}}};
        if (!message.empty() && !checkpoint) params["message"] = message;  // else the checkpoint carries it
        if (!content_id.is_null()) params["content_id"] = content_id;
        if (checkpoint) checkpoint_quietly(ctx, t, path, "", nullptr);
        auto written = std::make_shared<WriteResult>();
        // Answers the write when the last of its requests is answered.
        auto pending = std::make_shared<std::atomic<int>>(checkpoint ? 2 : 1);
        auto answered = [written, done, pending] {
            if (--*pending == 0) done(std::move(*written));
        };
        link_.simple<WriteResult>(ctx, t, "create_asset", std::move(params),
                                  [written, answered](WriteResult&& r) {
                                      *written = std::move(r);
                                      answered();
                                  },
                                  [](const json& j, WriteResult& r) {
                                      r.info.version = etag_of(j);
                                      r.info.hash = hash_of(j);
                                  },
                                  std::move(tail));
        if (checkpoint) checkpoint_quietly(ctx, t, path, message, answered);
    }

    // Tells `fn` (on the loop thread) whether the server of `t` has versioning on.
    void when_versioning(const Target& t, std::function<void(bool)> fn) {
        link_.with_session(t, [fn](const std::shared_ptr<Session>& s) { fn(s->connected() && s->info().checkpoints_enabled); });
    }

    // checkpoint_version whose outcome does not change the operation's result; `then` (may be
    // null) runs once it is answered.
    void checkpoint_quietly(OpContext ctx, const Target& t, const std::string& path, const std::string& message,
                            std::function<void()> then) {
        link_.request(ctx, t, "checkpoint_version", {{"message", message}, {"path", {{"branch", ""}, {"path", path}}}},
                      std::nullopt,
                      [then](Answer&&) {
                          if (then) then();
                          return true;
                      },
                      [then](Result) {
                          if (then) then();
                      });
    }

    void create_folder(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        std::string path = without_slash(path_of(t));
        if (path == "/") return done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_ALREADY_EXISTS));
        link_.simple<ResultOnly>(ctx, t, "create", {{"type", 2}, {"uri", path}}, std::move(done), nullptr, Content());
    }

    void remove(OpContext ctx, const Target& t, bool recursive, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        std::string path = path_of(t);
        if (!recursive) return delete2(ctx, t, path, std::move(done));
        Reply<ResultOnly> reply(std::move(done));
        auto first = std::make_shared<std::string>();
        link_.request(ctx, t, "delete", {{"uri", without_slash(path)}}, std::nullopt,
                      [reply, first](Answer&& a) {
                          std::string status = status_of(a);
                          if (status != "DONE") {
                              if (first->empty()) *first = status;
                              return false;
                          }
                          ResultOnly r;
                          r.result = result_of_item_status(first->empty() ? "OK" : *first);
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
        link_.simple<ResultOnly>(ctx, t, "delete2", {{"paths_to_delete", paths}}, std::move(done),
                                 [n](const json& j, ResultOnly& r) { r.result = batch_result(j, n); }, std::nullopt,
                                 result_of_item_status);
    }

    // ERROR_IF_EXISTS is checked here (the server's copy2/rename2 may overwrite), then `go` runs.
    void unless_exists(OpContext ctx, const Target& dst, const CopyArgs& args, std::function<void(Result)> go) {
        if (args.behavior == OMNI_COPY_OVERWRITE) return go(OMNI_RESULT_OK);
        std::string d = without_slash(path_of(dst));
        link_.request(ctx, dst, "stat2", {{"path", path_param(dst, d)}}, std::nullopt,
                      [go](Answer&& a) {
                          go(status_of(a) == "OK" ? OMNI_RESULT_ERROR_ALREADY_EXISTS : OMNI_RESULT_OK);
                          return true;
                      },
                      [go](Result r) { go(r); });
    }

    // copy_file / copy_folder / move_file / move_folder: the source's kind is checked first (the
    // server's copy2 and rename2 take either), through stat, which the listing cache may answer.
    void of_kind(OpContext ctx, const Target& src, CopyKind kind, std::function<void(Result)> go) {
        if (kind == CopyKind::Any) return go(OMNI_RESULT_OK);
        stat(ctx, src, OMNI_LIST_NO_DELETED_FILES, [kind, go](StatResult&& st) {
            if (st.result != OMNI_RESULT_OK) return go(st.result);
            go(wrong_kind(kind, st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN) ? OMNI_RESULT_ERROR_WRONG_TYPE : OMNI_RESULT_OK);
        });
    }

    // An OVERWRITE that the server refused because the destination exists: an item replaces only
    // one of its own kind (ERROR_WRONG_TYPE otherwise, as the original answers). `go` gets that and
    // whether the source is a folder; a destination gone meanwhile is nothing to protect.
    void replaceable(OpContext ctx, const Target& src, const Target& dst, std::function<void(Result, bool)> go) {
        stat(ctx, src, OMNI_LIST_NO_DELETED_FILES, [this, ctx, dst, go](StatResult&& from) {
            if (from.result != OMNI_RESULT_OK) return go(from.result, false);
            bool folder = from.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN;
            stat(ctx, dst, OMNI_LIST_NO_DELETED_FILES, [folder, go](StatResult&& to) {
                bool same = to.result != OMNI_RESULT_OK || folder == bool(to.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN);
                go(same ? OMNI_RESULT_OK : OMNI_RESULT_ERROR_WRONG_TYPE, folder);
            });
        });
    }

    void copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(dst, {path_of(dst)}, std::move(done));
        if (server_key(src) != server_key(dst)) return done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
        Reply<ResultOnly> reply(std::move(done));
        std::string s = without_slash(path_of(src)), d = without_slash(path_of(dst));
        if (s == d) return reply(error_answer<ResultOnly>(OMNI_RESULT_ERROR_SOURCE_IS_DEST));
        json pairs = json::array({pair_of(src, s, dst, d, args.message, true)});
        bool overwrite = args.behavior == OMNI_COPY_OVERWRITE;
        auto attempt = [this, ctx, src, pairs](Done<ResultOnly> answer) {
            link_.simple<ResultOnly>(ctx, src, "copy2", {{"paths_to_copy", pairs}}, std::move(answer),
                                     [](const json& j, ResultOnly& out) { out.result = batch_result(j, 1); }, std::nullopt,
                                     result_of_item_status);
        };
        auto go = [this, ctx, src, dst, d, overwrite, attempt, reply](Result r) {
            if (r != OMNI_RESULT_OK) return reply(error_answer<ResultOnly>(r));
            attempt([this, ctx, src, dst, d, overwrite, attempt, reply](ResultOnly&& first) {
                if (first.result == OMNI_RESULT_OK) {
                    // With versioning on, the copy becomes a checkpoint, as the original does.
                    auto copied = std::make_shared<ResultOnly>(std::move(first));
                    return when_versioning(dst, [this, ctx, dst, d, copied, reply](bool on) {
                        if (!on) return reply(std::move(*copied));
                        checkpoint_quietly(ctx, dst, d, "", [copied, reply] { reply(std::move(*copied)); });
                    });
                }
                if (first.result != OMNI_RESULT_ERROR_ALREADY_EXISTS || !overwrite) return reply(std::move(first));
                replaceable(ctx, src, dst, [this, ctx, dst, d, attempt, reply](Result r, bool) {
                    if (r != OMNI_RESULT_OK) return reply(error_answer<ResultOnly>(r));
                    remove_then(ctx, dst, d, [attempt, reply] { attempt(reply); });
                });
            });
        };
        of_kind(ctx, src, args.kind, [this, ctx, dst, args, go](Result r) {
            if (r != OMNI_RESULT_OK) return go(r);
            unless_exists(ctx, dst, args, go);
        });
    }

    void move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) override {
        done = cache_.changing<MoveResult>(src, {path_of(src), path_of(dst)}, std::move(done));
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
            link_.simple<MoveResult>(ctx, src, "rename2", {{"paths_to_rename", pairs}}, std::move(answer),
                                     [n](const json& j, MoveResult& out) { out.result = batch_result(j, n); }, std::nullopt,
                                     result_of_item_status);
        };
        auto go = [this, ctx, src, dst, s, d, overwrite, attempt, reply](Result r) {
            if (r != OMNI_RESULT_OK) return reply(error_answer<MoveResult>(r));
            attempt([this, ctx, src, dst, s, d, overwrite, attempt, reply](MoveResult&& first) {
                if (first.result != OMNI_RESULT_ERROR_ALREADY_EXISTS || !overwrite) return reply(std::move(first));
                // The server will not rename onto an existing item. A file becomes a new version of
                // the destination, then the source goes: copied, as the original answers. A folder
                // replaces the destination folder: removed, then renamed.
                replaceable(ctx, src, dst, [this, ctx, src, dst, s, d, attempt, reply](Result r, bool folder) {
                    if (r != OMNI_RESULT_OK) return reply(error_answer<MoveResult>(r));
                    if (folder) return remove_then(ctx, dst, d, [attempt, reply] { attempt(reply); });
                    replace_version(ctx, src, s, d, [this, ctx, src, s, reply](Result replaced) {
                        if (replaced != OMNI_RESULT_OK) return reply(error_answer<MoveResult>(replaced));
                        remove_then(ctx, src, s, [reply] {
                            MoveResult moved;
                            moved.result = OMNI_RESULT_OK;
                            moved.copied = true;
                            reply(std::move(moved));
                        });
                    });
                });
            });
        };
        of_kind(ctx, src, args.kind, [this, ctx, dst, args, go](Result r) {
            if (r != OMNI_RESULT_OK) return go(r);
            unless_exists(ctx, dst, args, go);
        });
    }

    // The latest version of the file `src_path` becomes a new version of the file `dst_path`.
    void replace_version(OpContext ctx, const Target& src, const std::string& src_path, const std::string& dst_path,
                         std::function<void(Result)> then) {
        json params = {{"dst_path", {{"branch", ""}, {"path", dst_path}}}, {"message", ""},
                       {"src_path", {{"branch", ""}, {"path", src_path}}}};
        link_.simple<ResultOnly>(ctx, src, "replace_version", params, [then](ResultOnly&& r) { then(r.result); });
    }

    // Deletes `path` (ignoring the answer), then runs `next`.
    void remove_then(OpContext ctx, const Target& t, const std::string& path, std::function<void()> next) {
        link_.request(ctx, t, "delete", {{"uri", path}}, std::nullopt,
                      [next](Answer&& a) {
                          if (status_of(a) == "OK") return false;  // one answer per removed item, then DONE
                          next();
                          return true;
                      },
                      [next](Result) { next(); });
    }

    // --- versions, ACLs, locks ---

    void create_checkpoint(OpContext ctx, const Target& t, const std::string& comment, bool force, Done<StringResult> done) override {
        done = cache_.changing<StringResult>(t, {path_of(t)}, std::move(done));
        link_.simple<StringResult>(ctx, t, "checkpoint_version",
                                   {{"force", force}, {"message", comment}, {"path", path_param(t, without_slash(path_of(t)))}},
                                   std::move(done), [](const json& j, StringResult& r) {
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
        link_.request(ctx, t, "get_checkpoints", {{"path", path_param(t, path)}}, std::nullopt,
                      [this, ctx, t, path, reply](Answer&& a) {
                          auto out = std::make_shared<ListResult>();
                          out->result = result_of_status(status_of(a));
                          auto cps = a.json().find("checkpoints");
                          std::vector<json> ids;
                          if (out->result == OMNI_RESULT_OK && cps != a.json().end() && cps->is_array()) {
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
                              link_.request(ctx, t, "stat2", {{"path", at}}, std::nullopt,
                                            [out, i, path, finish](Answer&& s) {
                                                if (status_of(s) == "OK") {
                                                    ListEntry& e = out->entries[i];
                                                    ListEntry stat = entry_of_stat2(s.json(), path);
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

    void get_acls(OpContext ctx, const Target& t, Done<AclsResult> done) override {
        link_.simple<AclsResult>(ctx, t, "get_acl", {{"uri", without_slash(path_of(t))}}, std::move(done),
                                 [](const json& j, AclsResult& r) {
                                     auto acl = j.find("acl");
                                     if (acl == j.end() || !acl->is_object()) return;
                                     for (auto& [name, access] : acl->items()) r.acls.push_back(AclEntry{name, access_of(access)});
                                 },
                                 std::nullopt, result_of_item_status);
    }

    void set_acls(OpContext ctx, const Target& t, const std::vector<AclEntry>& acls, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        json acl = json::object();
        for (auto& e : acls) acl[e.name] = names_of(e.access);
        link_.simple<ResultOnly>(ctx, t, "change_acl", {{"acl", acl}, {"uri", without_slash(path_of(t))}}, std::move(done),
                                 nullptr, std::nullopt, result_of_item_status);
    }

    void lock(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        link_.simple<ResultOnly>(ctx, t, "lock", {{"duration", 315360000}, {"etag", "0"}, {"uri", without_slash(path_of(t))}},
                                 std::move(done), nullptr, std::nullopt, result_of_item_status);
    }

    void unlock(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        link_.simple<ResultOnly>(ctx, t, "unlock", {{"uri", without_slash(path_of(t))}}, std::move(done), nullptr, std::nullopt,
                                 result_of_item_status);
    }

    // Our server's extension (see docs/client-protocol.md): only when it says it has it.
    void undelete(OpContext ctx, const Target& t, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        Reply<ResultOnly> reply(std::move(done));
        link_.with_capability(
            ctx, t, "undelete",
            [this, ctx, t, reply](bool can) {
                if (!can) return reply(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED));
                link_.simple<ResultOnly>(ctx, t, "undelete", {{"path", path_param(t, without_slash(path_of(t)))}}, reply,
                                         nullptr, std::nullopt, result_of_item_status);
            },
            [reply](Result r) { reply(error_answer<ResultOnly>(r)); });
    }

    // As the original: delete2 (one item; a folder must be empty). Where our server lists its
    // extension, the copy that went to the trash is then purged too (also one deleted before):
    // see docs/client-protocol.md.
    void obliterate(OpContext ctx, const Target& t, bool, Done<ResultOnly> done) override {
        done = cache_.changing<ResultOnly>(t, {path_of(t)}, std::move(done));
        Reply<ResultOnly> reply(std::move(done));
        link_.with_capability(
            ctx, t, "obliterate",
            [this, ctx, t, reply](bool can) {
                if (!can) return delete2(ctx, t, path_of(t), reply);
                delete2(ctx, t, path_of(t), [this, ctx, t, reply](ResultOnly&& deleted) {
                    if (deleted.result != OMNI_RESULT_OK && deleted.result != OMNI_RESULT_ERROR_NOT_FOUND) return reply(std::move(deleted));
                    json paths = json::array({{{"branch", ""}, {"path", without_slash(path_of(t))}}});
                    link_.simple<ResultOnly>(ctx, t, "obliterate", {{"paths", paths}}, reply,
                                             [](const json& j, ResultOnly& r) { r.result = batch_result(j, 1); }, std::nullopt,
                                             result_of_item_status);
                });
            },
            [reply](Result r) { reply(error_answer<ResultOnly>(r)); });
    }

    void create_with_hash(OpContext ctx, const Target& t, const std::string& hash, bool overwrite, const std::string& message,
                          Done<CreateWithHashResult> done) override {
        done = cache_.changing<CreateWithHashResult>(t, {path_of(t)}, std::move(done));
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
        link_.simple<CreateWithHashResult>(ctx, t, "create_asset_with_hash", std::move(params), std::move(done),
                                           [](const json& j, CreateWithHashResult& r) {
                                               r.version = etag_of(j);
                                               r.hash = hash_of(j);
                                           });
    }

    // --- server, users, groups ---

    void get_server_info(OpContext ctx, const Target& t, Done<ServerInfoResult> done) override {
        if (t.parts.host.value_or("").empty()) return done(error_answer<ServerInfoResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        Reply<ServerInfoResult> reply(std::move(done));
        link_.when_connected(
            ctx, t,
            [reply](Session& s) {
                const auto& i = s.info();
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
            },
            [reply](Result r) { reply(error_answer<ServerInfoResult>(r)); });
    }

    void get_users(OpContext ctx, const Target& t, Done<StringListResult> done) override {
        link_.simple<StringListResult>(ctx, t, "get_users", json::object(), std::move(done), strings("users"));
    }
    void get_groups(OpContext ctx, const Target& t, Done<StringListResult> done) override {
        link_.simple<StringListResult>(ctx, t, "get_groups", json::object(), std::move(done), strings("groups"));
    }
    void get_group_users(OpContext ctx, const Target& t, const std::string& group, Done<StringListResult> done) override {
        link_.simple<StringListResult>(ctx, t, "get_group_users", {{"group_name", group}}, std::move(done), strings("users"));
    }
    void get_user_groups(OpContext ctx, const Target& t, const std::string& user, Done<StringListResult> done) override {
        link_.simple<StringListResult>(ctx, t, "get_user_groups", {{"username", user}}, std::move(done), strings("groups"));
    }
    void create_group(OpContext ctx, const Target& t, const std::string& group, Done<ResultOnly> done) override {
        link_.simple<ResultOnly>(ctx, t, "create_group", {{"group_name", group}}, std::move(done));
    }
    void rename_group(OpContext ctx, const Target& t, const std::string& group, const std::string& new_group, Done<ResultOnly> done) override {
        link_.simple<ResultOnly>(ctx, t, "rename_group", {{"group_name", group}, {"new_group_name", new_group}}, std::move(done));
    }
    void remove_group(OpContext ctx, const Target& t, const std::string& group, Done<IntResult> done) override {
        link_.simple<IntResult>(ctx, t, "remove_group", {{"group_name", group}}, std::move(done), [](const json& j, IntResult& r) {
            auto it = j.find("change_count");
            if (it != j.end() && it->is_number_integer()) r.value = it->get<int64_t>();
        });
    }
    void add_user_to_group(OpContext ctx, const Target& t, const std::string& user, const std::string& group, Done<ResultOnly> done) override {
        link_.simple<ResultOnly>(ctx, t, "add_user_to_group", {{"group_name", group}, {"username", user}}, std::move(done));
    }
    void remove_user_from_group(OpContext ctx, const Target& t, const std::string& user, const std::string& group, Done<ResultOnly> done) override {
        link_.simple<ResultOnly>(ctx, t, "remove_user_from_group", {{"group_name", group}, {"username", user}}, std::move(done));
    }

    void refresh_auth_token(OpContext ctx, const Target& t, Done<StringResult> done) override {
        Reply<StringResult> reply(std::move(done));
        link_.with_session(t, [ctx, reply](const std::shared_ptr<Session>& s) {
            s->refresh_token([ctx, reply](Result r, std::string token) {
                if (r != OMNI_RESULT_OK) ctx.no_retry();
                StringResult out;
                out.result = r;
                out.value = std::move(token);
                reply(std::move(out));
            });
        });
    }

    // --- subscriptions: a first answer, then the folder's changes (see folder_watch.h) ---

    void list_subscribe(OpContext ctx, const Target& t, OmniListIncludeOption, Done<ListResult> first,
                        Events<ListEventResult> events) override {
        subscribe_with_first_answer<ListResult>(
            link_, ctx, t, folder_form(path_of(t)), [](const ListEntry&) { return true; }, std::move(first), std::move(events),
            [this, ctx, t](Done<ListResult> answer) { list_uncached(ctx, t, std::move(answer)); },
            [](const ListResult& r) { return r.entries; });
    }

    void stat_subscribe(OpContext ctx, const Target& t, OmniListIncludeOption include, Done<StatResult> first,
                        Events<ListEventResult> events) override {
        std::string path = without_slash(path_of(t));
        std::string name = name_of(path);
        subscribe_with_first_answer<StatResult>(
            link_, ctx, t, parent_of(path), [name](const ListEntry& e) { return e.relative_path == name; }, std::move(first),
            std::move(events), [this, ctx, t, include](Done<StatResult> answer) { stat(ctx, t, include, std::move(answer)); },
            [name](const StatResult& r) {
                ListEntry seen = r.entry;
                seen.relative_path = name;
                return std::vector<ListEntry>{std::move(seen)};
            });
    }

    // --- channels (see channel.h) ---

    void join_channel(OpContext ctx, const Target& t, Done<ChannelEventResult> first, Events<ChannelEventResult> events) override {
        channels_.join(ctx, t, std::move(first), std::move(events));
    }
    void send_message(OpContext ctx, const Target& t, RequestId join, const Content& content, Done<ResultOnly> done) override {
        channels_.send(ctx, t, join, content, std::move(done));
    }

    void sign_out(const Target& t) override { link_.sign_out(t); }
    void reconnect(const Target& t) override { link_.reconnect(t); }
    void cancel_authentication(uint64_t handle) override { cancel_device_flow(handle); }

    // Live objects: providers/nucleus/live_object.cpp.
    void live_create(OpContext ctx, const Target& t, const Content& content, Done<LiveObjectResult> done) override {
        nucleus::live_create(link_, ctx, t, content, std::move(done));
    }
    void live_update(OpContext ctx, const Target& t, uint64_t object_id, const Content& content, Done<LiveObjectResult> done) override {
        nucleus::live_update(link_, ctx, t, object_id, content, std::move(done));
    }
    void live_read(OpContext ctx, const Target& t, uint64_t have_object_id, uint64_t have_sequence, Done<LiveReadResult> first,
                   Events<LiveReadResult> events) override {
        nucleus::live_read(link_, ctx, t, have_object_id, have_sequence, std::move(first), std::move(events));
    }

    bool clear_list_cache(const Target& t) override {
        cache_.clear(t);
        return true;
    }

private:
    ServerLink link_;
    ListingCache cache_{link_};
    Channels channels_{link_};
};

}  // namespace
}  // namespace nucleus

std::unique_ptr<Provider> make_nucleus_provider() { return std::make_unique<nucleus::NucleusProvider>(); }

}  // namespace omniclient
