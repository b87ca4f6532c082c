// What S3 and Azure Blob have in common, written once: a flat key space in a bucket/container,
// folders as key prefixes ending in '/' (create_folder writes a zero-byte `folder/` marker),
// stat as a lookup in the parent's delimited listing, a listing cache invalidated by our own
// writes, folder deletes and copies as operations on every key under a prefix, move = copy +
// delete. A backend derives from ObjectStoreProvider<Self, Endpoint> and supplies the primitives
// (see the "Backend primitives" comment below); Endpoint is how it addresses and signs requests.
#pragma once

#include "providers/http_transport/list_cache.h"
#include "providers/http_transport/multipart.h"
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
// write_file's content larger than this goes in parts of this size.
inline constexpr uint64_t kWritePartSize = 16 << 20;
// Parts of uploads streamed from other providers: the core appends 8 MiB at a time, each sent as
// it comes (larger for objects that would need more parts than the services allow), two in flight.
inline constexpr uint64_t kStreamedPartSize = 8 << 20;
inline constexpr uint64_t kMaxParts = 10000;
inline constexpr int kStreamedPartsInFlight = 2;

std::string without_trailing_slashes(std::string key);
ListEntry folder_entry(std::string name);
ListEntry file_entry(std::string name, const ObjectInfo& info);
// The entry named `name` among a folder's entries: a file before a folder of the same name (an
// object store allows both; the file is what a read gets).
std::optional<ListEntry> find_entry(const std::vector<ListEntry>& entries, const std::string& name);

template <class Self, class Endpoint>
class ObjectStoreProvider : public ProviderImpl<Self, Streams> {
public:
    explicit ObjectStoreProvider(std::shared_ptr<Transport> transport) : transport_(std::move(transport)) {}

    // Backend primitives, each answering once on the transport's thread:
    //   std::optional<Endpoint> endpoint(const Target&) const;   nullopt: not served
    //   std::string key_of(const Target&) const;                 the object key ("" for the root)
    //   std::string cache_server(const Endpoint&) const;         the cache's name for its container
    //   void list_page(ctx, transfers, ep, prefix, delimited, token, Done(Result, Page));
    //   net::HttpRequest get_request(const Endpoint&, key);
    //   void put_object(ctx, transfers, ep, key, Content, Done(Result, etag));    one request
    //   MultipartOps multipart(transfers, ep, key);                             an upload in parts
    //   void delete_objects(ctx, transfers, ep, keys, Done(Result));
    //   void copy_object(ctx, transfers, ep, from, to, size, Done(Result));
    //   void head_object(ctx, transfers, ep, key, Done(Result, ObjectInfo));  when listing is refused

    void shutdown() override { transport_->shutdown(); }

    // Two buckets or containers are two stores: the core copies between them.
    bool shares_store(const Target& a, const Target& b) const override {
        auto from = self().endpoint(a), to = self().endpoint(b);
        return from && to && self().cache_server(*from) == self().cache_server(*to);
    }

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
                    [done](Result r, Listing entries) { done(ListResult{r, entries ? *entries : std::vector<ListEntry>()}); });
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
            auto written = [this, ep, key, done](WriteResult&& a) {
                invalidate(ep, key);
                done(std::move(a));
            };
            if (content.size() <= kWritePartSize) {
                return self().put_object(ctx, transfers, ep, key, content, [written](Result r, std::string etag) {
                    written(WriteResult{r, {unquote_etag(etag), ""}});
                });
            }
            auto upload = std::make_shared<PartUpload>(self().multipart(transfers, ep, key), transfers, kWritePartSize, kParallelObjects);
            upload_content(upload, content, kWritePartSize, written);
        });
    }

    void read_range(OpContext ctx, const Target& target, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        auto ep = self().endpoint(target);
        std::string key = self().key_of(target);
        if (!ep) return done(error_answer<ReadResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        if (key.empty()) return done(error_answer<ReadResult>(OMNI_RESULT_ERROR));  // the container: a folder
        http::read_range(*transport_, transport_->transfers(ctx), [this, ep = *ep, key] { return self().get_request(ep, key); },
                         offset, length, std::move(done));
    }

    void get_local_file(OpContext ctx, const Target& target, bool download, Done<StringResult> done) override {
        auto ep = self().endpoint(target);
        if (!ep) return done(error_answer<StringResult>(OMNI_RESULT_ERROR_NOT_FOUND));
        std::string key = self().key_of(target);
        auto transfers = transport_->transfers(ctx);
        stat_spelled(ctx, transfers, *ep, key, [this, transfers, ep = *ep, key, download, done](StatResult&& st) {
            if (st.result != OMNI_RESULT_OK) return done(error_answer<StringResult>(st.result));
            if (st.entry.flags & OMNI_ITEM_CAN_HAVE_CHILDREN) return done(error_answer<StringResult>(OMNI_RESULT_ERROR));  // as read_file
            local_copy(*transport_, transfers, [this, ep, key] { return self().get_request(ep, key); }, self().cache_server(ep) + "/" + key,
                       st.entry, download, done);
        });
    }

    // An upload in parts (one request for content smaller than a part), committed when the last
    // part is in: until then the object keeps what it had.
    void open_upload(OpContext ctx, const Target& target, const UploadArgs& args, Done<UploadResult> done) override {
        auto ep = self().endpoint(target);
        std::string key = self().key_of(target);
        if (!ep || key.empty() || key.back() == '/') return done(error_answer<UploadResult>(OMNI_RESULT_ERROR_BAD_REQUEST));
        auto transfers = transport_->transfers(ctx);
        uint64_t part_size = part_size_for(args.size, kStreamedPartSize, kMaxParts);
        stat_key(ctx, transfers, *ep, key, [this, ctx, transfers, ep = *ep, key, args, part_size, done](StatResult&& existing) {
            if (existing.result == OMNI_RESULT_OK && !args.overwrite) return done(error_answer<UploadResult>(OMNI_RESULT_ERROR_ALREADY_EXISTS));
            check_writable(ctx, transfers, ep, key, true, [this, transfers, ep, key, part_size, done](Result ok) {
                if (ok != OMNI_RESULT_OK) return done(error_answer<UploadResult>(ok));
                done(UploadResult{OMNI_RESULT_OK, std::make_shared<PartUpload>(seen_at_once(self().multipart(transfers, ep, key), ep, key),
                                                                               transfers, part_size, kStreamedPartsInFlight)});
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
            list_objects(ctx, transfers, ep, key + "/", [this, ctx, transfers, ep, key, recursive, finish](Result r, std::vector<ObjectInfo> found) {
                if (r != OMNI_RESULT_OK) return finish(r);
                std::vector<std::string> keys;
                for (auto& object : found) keys.push_back(std::move(object.key));
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
    using Listed = std::function<void(Result, Listing)>;  // nullptr unless OK
    using Objects = std::function<void(Result, std::vector<ObjectInfo>)>;

    Self& self() { return static_cast<Self&>(*this); }
    const Self& self() const { return static_cast<const Self&>(*this); }
    Transport& transport() { return *transport_; }

    // Default: no way to look at one object but its parent's listing.
    void head_object(const OpContext&, Transfers_, const Endpoint&, const std::string&,
                     std::function<void(Result, ObjectInfo)> done) {
        done(OMNI_RESULT_ERROR_ACCESS_DENIED, {});
    }

private:
    // `ops` that forget the listings showing `key` once it is written: our own writes are seen at once.
    MultipartOps seen_at_once(MultipartOps ops, const Endpoint& ep, const std::string& key) {
        auto forget = [this, ep, key](MultipartOps::Tagged then) {
            return [this, ep, key, then](Result r, std::string etag) {
                invalidate(ep, key);
                then(r, std::move(etag));
            };
        };
        ops.commit = [commit = std::move(ops.commit), forget](const std::string& id, std::vector<std::string> tags, MultipartOps::Tagged then) {
            commit(id, std::move(tags), forget(std::move(then)));
        };
        ops.put_whole = [put_whole = std::move(ops.put_whole), forget](Content content, MultipartOps::Tagged then) {
            put_whole(std::move(content), forget(std::move(then)));
        };
        return ops;
    }

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
        list_folder(ctx, transfers, ep, folder, [this, ctx, transfers, ep, folder, done](Result r, Listing) {
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
        list_folder(ctx, transfers, ep, parent_of(key), [this, ctx, transfers, ep, key, name, done](Result r, Listing entries) {
            if (r == OMNI_RESULT_ERROR_ACCESS_DENIED) {  // a key that may read but not list
                return self().head_object(ctx, transfers, ep, key, [name, done](Result h, ObjectInfo info) {
                    if (h != OMNI_RESULT_OK) return done(error_answer<StatResult>(h));
                    done(StatResult{OMNI_RESULT_OK, file_entry(name, info)});
                });
            }
            if (r != OMNI_RESULT_OK) return done(error_answer<StatResult>(r));
            auto entry = find_entry(*entries, name);
            if (!entry) return done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_FOUND));
            done(StatResult{OMNI_RESULT_OK, std::move(*entry)});
        });
    }

    // The entries of `folder` ("" for the root), from the cache or the listing's pages.
    void list_folder(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& folder, Listed done) {
        std::string server = self().cache_server(ep);
        if (auto cached = cache_.find(server, folder)) return done(OMNI_RESULT_OK, std::move(cached));
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
            if (r != OMNI_RESULT_OK) return done(r, nullptr);
            if (!state->exists && !folder.empty()) return done(OMNI_RESULT_ERROR_NOT_FOUND, nullptr);
            auto listing = std::make_shared<const std::vector<ListEntry>>(std::move(state->entries));
            cache_.store(server, folder, listing);
            done(OMNI_RESULT_OK, std::move(listing));
        });
    }

    // Every object under `prefix`, at any depth.
    void list_objects(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& prefix, Objects done) {
        auto objects = std::make_shared<std::vector<ObjectInfo>>();
        auto on_page = [objects](const Page& page) { objects->insert(objects->end(), page.objects.begin(), page.objects.end()); };
        pages(ctx, transfers, ep, prefix, false, "", on_page, [objects, done](Result r) { done(r, std::move(*objects)); });
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
            uint64_t size = st.entry.size;
            if (wrong_kind(args.kind, folder))
                return done(OMNI_RESULT_ERROR_BAD_REQUEST);
            stat_key(ctx, transfers, ep, dst_key, [this, ctx, transfers, ep, src_key, dst_key, args, folder, size, done](StatResult&& existing) {
                if (existing.result == OMNI_RESULT_OK && args.behavior != OMNI_COPY_OVERWRITE)
                    return done(OMNI_RESULT_ERROR_ALREADY_EXISTS);
                check_writable(ctx, transfers, ep, dst_key, !folder, [this, ctx, transfers, ep, src_key, dst_key, folder, size, done](Result ok) {
                    if (ok != OMNI_RESULT_OK) return done(ok);
                    copy_objects(ctx, transfers, ep, src_key, dst_key, folder, size, [this, ep, dst_key, done](Result r) {
                        invalidate(ep, dst_key);
                        done(r);
                    });
                });
            });
        });
    }

    // The object `src_key` (of `size` bytes), or every object under the folder `src_key`, to `dst_key`.
    void copy_objects(const OpContext& ctx, Transfers_ transfers, const Endpoint& ep, const std::string& src_key,
                      const std::string& dst_key, bool folder, uint64_t size, std::function<void(Result)> done) {
        if (!folder) return self().copy_object(ctx, transfers, ep, src_key, dst_key, size, done);
        list_objects(ctx, transfers, ep, src_key + "/", [this, ctx, transfers, ep, src_key, dst_key, done](Result r, std::vector<ObjectInfo> found) {
            if (r != OMNI_RESULT_OK) return done(r);
            auto objects = std::make_shared<std::vector<ObjectInfo>>(std::move(found));
            auto copy_one = [this, ctx, transfers, ep, src_key, dst_key, objects](uint64_t i, PartDone part_done) {
                const ObjectInfo& object = (*objects)[i];
                self().copy_object(ctx, transfers, ep, object.key, dst_key + object.key.substr(src_key.size()), object.size, part_done);
            };
            run_parts(objects->size(), kParallelObjects, copy_one, done);
        });
    }

    ListCache cache_;  // (before transport_: the transport's last callbacks may use it)
    std::shared_ptr<Transport> transport_;
};

}  // namespace omniclient::http
