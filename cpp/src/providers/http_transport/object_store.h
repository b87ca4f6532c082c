// What S3 and Azure Blob have in common, written once: a flat key space in a bucket/container,
// folders as key prefixes ending in '/' (create_folder writes a zero-byte `folder/` marker),
// stat as a lookup in the parent's delimited listing, a listing cache invalidated by our own
// writes, folder deletes and copies as operations on every key under a prefix, move = copy +
// delete. A backend derives from ObjectStoreProvider<Self, Endpoint> and supplies the primitives
// (see the "Backend primitives" comment below); Endpoint is how it addresses and signs requests.
#pragma once

#include "providers/http_transport/list_cache.h"
#include "providers/http_transport/parts.h"
#include "providers/http_transport/transport.h"
#include "providers/http_transport/web.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace omniclient::http {

struct ObjectInfo {
    std::string key;
    uint64_t size = 0;
    std::string etag;
    TimeNs modified = 0;
    std::string hash;
};

// One page of a listing: objects, sub-prefixes (with delimiter), and the token of the next page.
struct Page {
    std::vector<ObjectInfo> objects;
    std::vector<std::string> prefixes;
    std::string next;
};

inline constexpr int kParallelObjects = 4;

std::string without_trailing_slashes(std::string key);
ListEntry folder_entry(std::string name);
ListEntry file_entry(std::string name, const ObjectInfo& info);
// The entry named `name` among a folder's entries: a file before a folder of the same name (an
// object store allows both; the file is what a read gets).
std::optional<ListEntry> find_entry(const std::vector<ListEntry>& entries, const std::string& name);

template <class Self, class Endpoint>
class ObjectStoreProvider : public ProviderImpl<Self> {
public:
    explicit ObjectStoreProvider(std::shared_ptr<Transport> transport) : transport_(std::move(transport)) {}

    // Backend primitives, each answering once on the transport's thread:
    //   std::optional<Endpoint> endpoint(const Target&) const;   nullopt: not served
    //   std::string key_of(const Target&) const;                 the object key ("" for the root)
    //   std::string cache_server(const Endpoint&) const;         the cache's name for its container
    //   void list_page(ctx, transfers, ep, prefix, delimited, token, Done(Result, Page));
    //   net::HttpRequest get_request(const Endpoint&, key);
    //   void put_object(ctx, transfers, ep, key, Content, Done(Result, etag));
    //   void delete_objects(ctx, transfers, ep, keys, Done(Result));
    //   void copy_object(ctx, transfers, ep, from, to, Done(Result));
    //   void head_object(ctx, transfers, ep, key, Done(Result, ObjectInfo));  when listing is refused

    void shutdown() override { transport_->shutdown(); }

    bool clear_list_cache(const Target& target) override {
        if (auto ep = self().endpoint(target)) cache_.clear(self().cache_server(*ep));
        return true;
    }

    void stat(OpContext ctx, const Target& target, OmniListIncludeOption, Done<StatResult> done) override {
        auto ep = self().endpoint(target);
        if (!ep) return done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        stat_spelled(ctx, transport_->transfers(ctx), *ep, self().key_of(target), std::move(done));
    }

    void list(OpContext ctx, const Target& target, OmniListIncludeOption, Done<ListResult> done) override {
        auto ep = self().endpoint(target);
        if (!ep) return done(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        list_folder(ctx, transport_->transfers(ctx), *ep, without_trailing_slashes(self().key_of(target)),
                    [done](Result r, std::vector<ListEntry> entries) { done(ListResult{r, std::move(entries)}); });
    }

    void read_file(OpContext ctx, const Target& target, Done<ReadResult> done) override {
        auto ep = self().endpoint(target);
        std::string key = self().key_of(target);
        if (!ep) return done(error_answer<ReadResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        if (key.empty()) return done(error_answer<ReadResult>(OMNI_RESULT_ERROR));  // the container: a folder
        auto make = [this, ep = *ep, key] { return self().get_request(ep, key); };
        auto transfers = transport_->transfers(ctx);
        ranged_read(*transport_, transfers, make, [this, ctx, transfers, ep = *ep, key, done](RangedRead&& read) {
            if (read.result == OMNI_RESULT_ERROR_NOT_FOUND) {  // a folder cannot be read: an error, not a missing file
                return stat_key(ctx, transfers, ep, without_trailing_slashes(key), [done](StatResult&& st) {
                    bool folder = st.result == OMNI_RESULT_OK && (st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN);
                    done(error_answer<ReadResult>(folder ? OMNI_RESULT_ERROR : OMNI_RESULT_ERROR_NOT_FOUND));
                });
            }
            if (read.result != OMNI_RESULT_OK) return done(error_answer<ReadResult>(read.result));
            done(ReadResult{OMNI_RESULT_OK, unquote_etag(read.head.header("etag")), std::move(read.content)});
        });
    }

    void write_file(OpContext ctx, const Target& target, const WriteArgs& args, Done<WriteResult> done) override {
        auto ep = self().endpoint(target);
        std::string key = self().key_of(target);
        if (!ep || key.empty() || key.back() == '/') return done(error_answer<WriteResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        auto transfers = transport_->transfers(ctx);
        check_writable(ctx, transfers, *ep, key, true, [this, ctx, transfers, ep = *ep, key, content = args.content, done](Result ok) {
            if (ok != OMNI_RESULT_OK) return done(error_answer<WriteResult>(ok));
            invalidate(ep, key);
            self().put_object(ctx, transfers, ep, key, content, [this, ep, key, done](Result r, std::string etag) {
                invalidate(ep, key);
                done(WriteResult{r, {unquote_etag(etag), ""}});
            });
        });
    }

    void create_folder(OpContext ctx, const Target& target, Done<ResultOnly> done) override {
        auto ep = self().endpoint(target);
        std::string key = without_trailing_slashes(self().key_of(target));
        if (!ep || key.empty()) return done(ResultOnly{OMNI_RESULT_ERROR_ALREADY_EXISTS});
        auto transfers = transport_->transfers(ctx);
        stat_key(ctx, transfers, *ep, key, [this, ctx, transfers, ep = *ep, key, done](StatResult&& st) {
            if (st.result == OMNI_RESULT_OK) return done(ResultOnly{OMNI_RESULT_ERROR_ALREADY_EXISTS});
            if (st.result != OMNI_RESULT_ERROR_NOT_FOUND) return done(ResultOnly{st.result});
            check_writable(ctx, transfers, ep, key, false, [this, ctx, transfers, ep, key, done](Result ok) {
                if (ok != OMNI_RESULT_OK) return done(ResultOnly{ok});
                self().put_object(ctx, transfers, ep, key + "/", Content(), [this, ep, key, done](Result r, std::string) {
                    invalidate(ep, key);
                    done(ResultOnly{r});
                });
            });
        });
    }

    void remove(OpContext ctx, const Target& target, bool recursive, Done<ResultOnly> done) override {
        auto ep = self().endpoint(target);
        std::string key = without_trailing_slashes(self().key_of(target));
        if (!ep || key.empty()) return done(ResultOnly{OMNI_RESULT_ERROR_ACCESS_DENIED});  // not the container itself
        auto transfers = transport_->transfers(ctx);
        stat_spelled(ctx, transfers, *ep, self().key_of(target), [this, ctx, transfers, ep = *ep, key, recursive, done](StatResult&& st) {
            if (st.result != OMNI_RESULT_OK) return done(ResultOnly{st.result});
            auto finish = [this, ctx, transfers, ep, key, done](Result r) {
                invalidate(ep, key);
                if (r != OMNI_RESULT_OK) return done(ResultOnly{r});
                keep_folder(ctx, transfers, ep, parent_of(key), [done](Result kept) { done(ResultOnly{kept}); });
            };
            if (!(st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN))
                return self().delete_objects(ctx, transfers, ep, std::vector<std::string>{key}, finish);
            list_keys(ctx, transfers, ep, key + "/", [this, ctx, transfers, ep, key, recursive, finish](Result r, std::vector<std::string> keys) {
                if (r != OMNI_RESULT_OK) return finish(r);
                bool only_marker = keys.size() == 1 && keys.front() == key + "/";
                if (!recursive && !keys.empty() && !only_marker) return finish(OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY);
                self().delete_objects(ctx, transfers, ep, std::move(keys), finish);
            });
        });
    }

    void copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) override {
        copy_within(ctx, src, dst, args, [done](Result r) { done(ResultOnly{r}); });
    }

    void move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) override {
        copy_within(ctx, src, dst, args, [this, ctx, src, done](Result r) {
            if (r != OMNI_RESULT_OK) return done(MoveResult{r, false});
            // (copied: false; the service copied, no content came through the client)
            remove(ctx, src, true, [done](ResultOnly&& removed) { done(MoveResult{removed.result, false}); });
        });
    }

    // The services tell no changes: subscriptions give their first answer only.
    void stat_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<StatResult> first,
                        Events<ListEventResult>) override {
        stat(ctx, target, include, std::move(first));
    }
    void list_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<ListResult> first,
                        Events<ListEventResult>) override {
        list(ctx, target, include, std::move(first));
    }

protected:
    using Transfers_ = std::shared_ptr<Transfers>;
    using Listed = std::function<void(Result, std::vector<ListEntry>)>;
    using Keys = std::function<void(Result, std::vector<std::string>)>;

    Self& self() { return static_cast<Self&>(*this); }
    const Self& self() const { return static_cast<const Self&>(*this); }
    Transport& transport() { return *transport_; }

    // Default: no way to look at one object but its parent's listing.
    void head_object(const OpContext&, Transfers_, const Endpoint&, const std::string&,
                     std::function<void(Result, ObjectInfo)> done) {
        done(OMNI_RESULT_ERROR_ACCESS_DENIED, {});
    }

private:
    // A write at `key` may create its folders (prefixes) at every level: the listings of its
    // ancestors change, and its own if it was a folder.
    void invalidate(const Endpoint& ep, const std::string& key) {
        std::string server = self().cache_server(ep);
        std::string path = without_trailing_slashes(key);
        cache_.invalidate(server, path);
        while (!path.empty()) {
            path = parent_of(path);
            cache_.forget(server, path);
        }
    }

    // A folder stays when its last item goes: it gets a marker if nothing else keeps its prefix.
    void keep_folder(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& folder,
                     std::function<void(Result)> done) {
        if (folder.empty()) return done(OMNI_RESULT_OK);
        list_folder(ctx, transfers, ep, folder, [this, ctx, transfers, ep, folder, done](Result r, std::vector<ListEntry>) {
            if (r != OMNI_RESULT_ERROR_NOT_FOUND) return done(OMNI_RESULT_OK);
            self().put_object(ctx, transfers, ep, folder + "/", Content(), [this, ep, folder, done](Result put, std::string) {
                invalidate(ep, folder);
                done(put);
            });
        });
    }

    // stat of a key as the URL spells it: "file/" names a folder, so it is the wrong type.
    void stat_spelled(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& spelled, Done<StatResult> done) {
        bool as_folder = spelled.ends_with('/');
        stat_key(ctx, transfers, ep, without_trailing_slashes(spelled), [as_folder, done](StatResult&& st) {
            if (st.result == OMNI_RESULT_OK && as_folder && !(st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN))
                return done(error_answer<StatResult>(OMNI_RESULT_ERROR_WRONG_TYPE));
            done(std::move(st));
        });
    }

    // Whether `key` may be written as a file (`as_file`) or a folder: no folder already there for
    // a file, and no file among its ancestors (a store would accept both: we keep a tree).
    void check_writable(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& key, bool as_file,
                        std::function<void(Result)> done) {
        auto check_ancestors = [this, ctx, transfers, ep, key, done] { check_no_file_above(ctx, transfers, ep, parent_of(key), done); };
        if (!as_file) return check_ancestors();
        stat_key(ctx, transfers, ep, key, [check_ancestors, done](StatResult&& st) {
            if (st.result == OMNI_RESULT_OK && (st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN)) return done(OMNI_RESULT_ERROR_WRONG_TYPE);
            if (st.result != OMNI_RESULT_OK && st.result != OMNI_RESULT_ERROR_NOT_FOUND) return done(st.result);
            check_ancestors();
        });
    }

    void check_no_file_above(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& folder,
                             std::function<void(Result)> done) {
        if (folder.empty()) return done(OMNI_RESULT_OK);
        stat_key(ctx, transfers, ep, folder, [this, ctx, transfers, ep, folder, done](StatResult&& st) {
            if (st.result == OMNI_RESULT_OK && !(st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN)) return done(OMNI_RESULT_ERROR_WRONG_TYPE);
            if (st.result == OMNI_RESULT_OK) return done(OMNI_RESULT_OK);  // an existing folder: nothing above it is a file
            if (st.result != OMNI_RESULT_ERROR_NOT_FOUND) return done(st.result);
            check_no_file_above(ctx, transfers, ep, parent_of(folder), done);
        });
    }

    void stat_key(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& key, Done<StatResult> done) {
        if (key.empty()) return done(StatResult{OMNI_RESULT_OK, folder_entry("")});
        std::string name = name_of(key);
        list_folder(ctx, transfers, ep, parent_of(key), [this, ctx, transfers, ep, key, name, done](Result r, std::vector<ListEntry> entries) {
            if (r == OMNI_RESULT_ERROR_ACCESS_DENIED) {  // a key that may read but not list
                return self().head_object(ctx, transfers, ep, key, [name, done](Result h, ObjectInfo info) {
                    if (h != OMNI_RESULT_OK) return done(error_answer<StatResult>(h));
                    done(StatResult{OMNI_RESULT_OK, file_entry(name, info)});
                });
            }
            if (r != OMNI_RESULT_OK) return done(error_answer<StatResult>(r));
            auto entry = find_entry(entries, name);
            if (!entry) return done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
            done(StatResult{OMNI_RESULT_OK, std::move(*entry)});
        });
    }

    // The entries of `folder` ("" for the root), from the cache or the listing's pages.
    void list_folder(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& folder, Listed done) {
        std::string server = self().cache_server(ep);
        if (auto cached = cache_.find(server, folder)) return done(OMNI_RESULT_OK, std::move(*cached));
        struct State {
            std::vector<ListEntry> entries;
            bool exists = false;  // the prefix has entries or its folder marker
        };
        auto state = std::make_shared<State>();
        std::string prefix = folder.empty() ? "" : folder + "/";
        auto on_page = [prefix, state](const Page& page) {
            for (const auto& object : page.objects) {
                state->exists = true;
                if (object.key.size() > prefix.size())  // not the folder's own marker
                    state->entries.push_back(file_entry(object.key.substr(prefix.size()), object));
            }
            for (const auto& sub : page.prefixes) {
                state->exists = true;
                if (sub.size() > prefix.size() + 1) state->entries.push_back(folder_entry(without_trailing_slashes(sub.substr(prefix.size()))));
            }
        };
        pages(ctx, transfers, ep, prefix, true, "", on_page, [this, server, folder, state, done](Result r) {
            if (r != OMNI_RESULT_OK) return done(r, {});
            if (!state->exists && !folder.empty()) return done(OMNI_RESULT_ERROR_NOT_FOUND, {});
            cache_.store(server, folder, state->entries);
            done(OMNI_RESULT_OK, std::move(state->entries));
        });
    }

    // Every key under `prefix`, at any depth.
    void list_keys(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& prefix, Keys done) {
        auto keys = std::make_shared<std::vector<std::string>>();
        auto on_page = [keys](const Page& page) {
            for (const auto& object : page.objects) keys->push_back(object.key);
        };
        pages(ctx, transfers, ep, prefix, false, "", on_page, [keys, done](Result r) { done(r, std::move(*keys)); });
    }

    void pages(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& prefix, bool delimited,
               const std::string& token, std::function<void(const Page&)> on_page, std::function<void(Result)> done) {
        self().list_page(ctx, transfers, ep, prefix, delimited, token,
                         [this, ctx, transfers, ep, prefix, delimited, on_page, done](Result r, Page page) {
                             if (r != OMNI_RESULT_OK) return done(r);
                             on_page(page);
                             if (page.next.empty()) return done(OMNI_RESULT_OK);
                             pages(ctx, transfers, ep, prefix, delimited, page.next, on_page, done);
                         });
    }

    // A copy within one container: the backend's server-side copy for each object.
    void copy_within(const OpContext& ctx, const Target& src, const Target& dst, const CopyArgs& args,
                     std::function<void(Result)> done) {
        auto from = self().endpoint(src), to = self().endpoint(dst);
        if (!from || !to || self().cache_server(*from) != self().cache_server(*to)) return done(OMNI_RESULT_ERROR_NOT_SUPPORTED);
        std::string src_key = without_trailing_slashes(self().key_of(src)), dst_key = without_trailing_slashes(self().key_of(dst));
        if (src_key.empty() || dst_key.empty()) return done(OMNI_RESULT_ERROR_BAD_REQUEST);
        if (src_key == dst_key) return done(OMNI_RESULT_ERROR_SOURCE_IS_DEST);
        auto transfers = transport_->transfers(ctx);
        Endpoint ep = *to;
        stat_key(ctx, transfers, ep, src_key, [this, ctx, transfers, ep, src_key, dst_key, args, done](StatResult&& st) {
            if (st.result != OMNI_RESULT_OK) return done(st.result);
            bool folder = st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN;
            if (wrong_kind(args.kind, folder))
                return done(OMNI_RESULT_ERROR_BAD_REQUEST);
            stat_key(ctx, transfers, ep, dst_key, [this, ctx, transfers, ep, src_key, dst_key, args, folder, done](StatResult&& existing) {
                if (existing.result == OMNI_RESULT_OK && args.behavior != OMNI_COPY_OVERWRITE)
                    return done(OMNI_RESULT_ERROR_ALREADY_EXISTS);
                check_writable(ctx, transfers, ep, dst_key, !folder, [this, ctx, transfers, ep, src_key, dst_key, folder, done](Result ok) {
                    if (ok != OMNI_RESULT_OK) return done(ok);
                    copy_objects(ctx, transfers, ep, src_key, dst_key, folder, [this, ep, dst_key, done](Result r) {
                        invalidate(ep, dst_key);
                        done(r);
                    });
                });
            });
        });
    }

    // The object `src_key`, or every object under the folder `src_key`, to `dst_key`.
    void copy_objects(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& src_key,
                      const std::string& dst_key, bool folder, std::function<void(Result)> done) {
        if (!folder) return self().copy_object(ctx, transfers, ep, src_key, dst_key, done);
        list_keys(ctx, transfers, ep, src_key + "/", [this, ctx, transfers, ep, src_key, dst_key, done](Result r, std::vector<std::string> found) {
            if (r != OMNI_RESULT_OK) return done(r);
            auto keys = std::make_shared<std::vector<std::string>>(std::move(found));
            auto copy_one = [this, ctx, transfers, ep, src_key, dst_key, keys](uint64_t i, PartDone part_done) {
                const std::string& key = (*keys)[i];
                self().copy_object(ctx, transfers, ep, key, dst_key + key.substr(src_key.size()), part_done);
            };
            run_parts(keys->size(), kParallelObjects, copy_one, done);
        });
    }

    ListCache cache_;  // (before transport_: the transport's last callbacks may use it)
    std::shared_ptr<Transport> transport_;
};

}  // namespace omniclient::http
