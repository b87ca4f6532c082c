// The narrow interface every storage backend implements. A provider declares the operations it
// supports; the core answers the others with ERROR_NOT_SUPPORTED before calling it. Cross-cutting
// concerns (retries, file status callbacks, tracing) are applied by the core around every
// provider, never inside one.
#pragma once

#include "core/ops.h"
#include "core/request.h"

#include <memory>
#include <string>
#include <vector>

namespace omniclient {

// What a provider sees of the request it serves. Cheap to copy; keep it for asynchronous work.
class OpContext {
public:
    explicit OpContext(RequestPtr request) : request_(std::move(request)) {}
    RequestId id() const { return request_->id(); }
    bool stopped() const { return request_->stopped(); }
    // `hook` runs once when the request is stopped (e.g. to abort a transfer or drop a watch).
    void on_stop(std::function<void()> hook) const { request_->on_stop(std::move(hook)); }
    // The coming answer is final (e.g. bad credentials): no retry even for ERROR_CONNECTION.
    void no_retry() const { request_->set_no_retry(); }

private:
    RequestPtr request_;
};

class Provider {
public:
    virtual ~Provider() = default;

    virtual const char* name() const = 0;
    virtual Capabilities capabilities() const = 0;
    // Local providers do blocking I/O: the core runs them inline for blocking calls and on its
    // worker pool otherwise. Other providers must return at once and answer later.
    virtual bool is_local() const { return false; }
    // Stops background work (watches, connections) before the core shuts down.
    virtual void shutdown() {}
    // Connection management for omni.client's sign_out / reconnect / authentication_cancel;
    // providers without connections have nothing to do.
    virtual void sign_out(const Target& /*target*/) {}
    virtual void reconnect(const Target& /*target*/) {}
    virtual void cancel_authentication(uint64_t /*handle*/) {}
    // Forgets what the provider caches of listings and stats for the server `target` names, so
    // that the next calls ask it again; false when the provider caches none.
    virtual bool clear_list_cache(const Target& /*target*/) { return false; }

    virtual void stat(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<StatResult> done);
    virtual void list(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<ListResult> done);
    virtual void read_file(OpContext ctx, const Target& target, Done<ReadResult> done);
    virtual void write_file(OpContext ctx, const Target& target, const WriteArgs& args, Done<WriteResult> done);
    virtual void create_folder(OpContext ctx, const Target& target, Done<ResultOnly> done);
    // `recursive` is false for delete_single.
    virtual void remove(OpContext ctx, const Target& target, bool recursive, Done<ResultOnly> done);
    virtual void copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done);
    virtual void move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done);
    virtual void create_checkpoint(OpContext ctx, const Target& target, const std::string& comment, bool force, Done<StringResult> done);
    virtual void list_checkpoints(OpContext ctx, const Target& target, Done<ListResult> done);
    virtual void get_acls(OpContext ctx, const Target& target, Done<AclsResult> done);
    virtual void set_acls(OpContext ctx, const Target& target, const std::vector<AclEntry>& acls, Done<ResultOnly> done);
    virtual void lock(OpContext ctx, const Target& target, Done<ResultOnly> done);
    virtual void unlock(OpContext ctx, const Target& target, Done<ResultOnly> done);
    virtual void undelete(OpContext ctx, const Target& target, Done<ResultOnly> done);
    virtual void obliterate(OpContext ctx, const Target& target, bool obliterate_checkpoints, Done<ResultOnly> done);
    virtual void get_local_file(OpContext ctx, const Target& target, bool download, Done<StringResult> done);
    virtual void create_with_hash(OpContext ctx, const Target& target, const std::string& hash, bool overwrite, const std::string& message, Done<CreateWithHashResult> done);
    virtual void get_server_info(OpContext ctx, const Target& target, Done<ServerInfoResult> done);
    virtual void get_users(OpContext ctx, const Target& target, Done<StringListResult> done);
    virtual void get_groups(OpContext ctx, const Target& target, Done<StringListResult> done);
    virtual void get_group_users(OpContext ctx, const Target& target, const std::string& group, Done<StringListResult> done);
    virtual void get_user_groups(OpContext ctx, const Target& target, const std::string& user, Done<StringListResult> done);
    virtual void create_group(OpContext ctx, const Target& target, const std::string& group, Done<ResultOnly> done);
    virtual void rename_group(OpContext ctx, const Target& target, const std::string& group, const std::string& new_group, Done<ResultOnly> done);
    virtual void remove_group(OpContext ctx, const Target& target, const std::string& group, Done<IntResult> done);
    virtual void add_user_to_group(OpContext ctx, const Target& target, const std::string& user, const std::string& group, Done<ResultOnly> done);
    virtual void remove_user_from_group(OpContext ctx, const Target& target, const std::string& user, const std::string& group, Done<ResultOnly> done);
    virtual void get_metadata(OpContext ctx, const Target& target, Done<MetadataResult> done);
    virtual void refresh_auth_token(OpContext ctx, const Target& target, Done<StringResult> done);
    // Subscriptions answer `first` once, then report changes through `events` until stopped.
    virtual void stat_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<StatResult> first, Events<ListEventResult> events);
    virtual void list_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<ListResult> first, Events<ListEventResult> events);
};

}  // namespace omniclient
