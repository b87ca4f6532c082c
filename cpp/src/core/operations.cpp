#include "core/operations.h"

#include "core/registries.h"

namespace omniclient::ops {

RequestPtr stat(std::string_view url, OmniListIncludeOption include, Delivery delivery, Done<StatResult> done) {
    return run_op<StatResult>(
        {OpKind::Stat, {url}, delivery, true},
        [include](Provider& p, OpContext c, const std::vector<Target>& t, Done<StatResult> reply) { p.stat(c, t[0], include, std::move(reply)); },
        std::move(done));
}

RequestPtr list(std::string_view url, OmniListIncludeOption include, Delivery delivery, Done<ListResult> done) {
    return run_op<ListResult>(
        {OpKind::List, {url}, delivery, true},
        [include](Provider& p, OpContext c, const std::vector<Target>& t, Done<ListResult> reply) { p.list(c, t[0], include, std::move(reply)); },
        std::move(done));
}

RequestPtr read_file(std::string_view url, Delivery delivery, Done<ReadResult> done) {
    return run_op<ReadResult>(
        {OpKind::ReadFile, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ReadResult> reply) { p.read_file(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr write_file(std::string_view url, WriteArgs args, Delivery delivery, Done<WriteResult> done) {
    return run_op<WriteResult>(
        {OpKind::WriteFile, {url}, delivery, false},
        [args = std::move(args)](Provider& p, OpContext c, const std::vector<Target>& t, Done<WriteResult> reply) { p.write_file(c, t[0], args, std::move(reply)); },
        std::move(done));
}

RequestPtr create_folder(std::string_view url, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::CreateFolder, {url}, delivery, false},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.create_folder(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr remove(std::string_view url, bool recursive, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Delete, {url}, delivery, false},
        [recursive](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.remove(c, t[0], recursive, std::move(reply)); },
        std::move(done));
}

RequestPtr copy(std::string_view src_url, std::string_view dst_url, CopyArgs args, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Copy, {src_url, dst_url}, delivery, false},
        [args = std::move(args)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.copy(c, t[0], t[1], args, std::move(reply)); },
        std::move(done));
}

RequestPtr move(std::string_view src_url, std::string_view dst_url, CopyArgs args, Delivery delivery, Done<MoveResult> done) {
    return run_op<MoveResult>(
        {OpKind::Move, {src_url, dst_url}, delivery, false},
        [args = std::move(args)](Provider& p, OpContext c, const std::vector<Target>& t, Done<MoveResult> reply) { p.move(c, t[0], t[1], args, std::move(reply)); },
        std::move(done));
}

RequestPtr create_checkpoint(std::string_view url, std::string comment, bool force, Delivery delivery, Done<StringResult> done) {
    return run_op<StringResult>(
        {OpKind::CreateCheckpoint, {url}, delivery, false},
        [comment = std::move(comment), force](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringResult> reply) { p.create_checkpoint(c, t[0], comment, force, std::move(reply)); },
        std::move(done));
}

RequestPtr list_checkpoints(std::string_view url, Delivery delivery, Done<ListResult> done) {
    return run_op<ListResult>(
        {OpKind::ListCheckpoints, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ListResult> reply) { p.list_checkpoints(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr get_acls(std::string_view url, Delivery delivery, Done<AclsResult> done) {
    return run_op<AclsResult>(
        {OpKind::GetAcls, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<AclsResult> reply) { p.get_acls(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr set_acls(std::string_view url, std::vector<AclEntry> acls, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::SetAcls, {url}, delivery, true},
        [acls = std::move(acls)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.set_acls(c, t[0], acls, std::move(reply)); },
        std::move(done));
}

RequestPtr lock(std::string_view url, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Lock, {url}, delivery, false},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.lock(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr unlock(std::string_view url, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Unlock, {url}, delivery, false},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.unlock(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr undelete(std::string_view url, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Undelete, {url}, delivery, false},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.undelete(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr obliterate(std::string_view url, bool obliterate_checkpoints, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::Obliterate, {url}, delivery, false},
        [obliterate_checkpoints](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.obliterate(c, t[0], obliterate_checkpoints, std::move(reply)); },
        std::move(done));
}

RequestPtr get_local_file(std::string_view url, bool download, Delivery delivery, Done<StringResult> done) {
    return run_op<StringResult>(
        {OpKind::GetLocalFile, {url}, delivery, true},
        [download](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringResult> reply) { p.get_local_file(c, t[0], download, std::move(reply)); },
        std::move(done));
}

RequestPtr create_with_hash(std::string_view url, std::string hash, bool overwrite, std::string message, Delivery delivery, Done<CreateWithHashResult> done) {
    return run_op<CreateWithHashResult>(
        {OpKind::CreateWithHash, {url}, delivery, false},
        [hash = std::move(hash), overwrite, message = std::move(message)](Provider& p, OpContext c, const std::vector<Target>& t, Done<CreateWithHashResult> reply) { p.create_with_hash(c, t[0], hash, overwrite, message, std::move(reply)); },
        std::move(done));
}

RequestPtr get_server_info(std::string_view url, Delivery delivery, Done<ServerInfoResult> done) {
    return run_op<ServerInfoResult>(
        {OpKind::GetServerInfo, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<ServerInfoResult> reply) { p.get_server_info(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr get_users(std::string_view url, Delivery delivery, Done<StringListResult> done) {
    return run_op<StringListResult>(
        {OpKind::GetUsers, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringListResult> reply) { p.get_users(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr get_groups(std::string_view url, Delivery delivery, Done<StringListResult> done) {
    return run_op<StringListResult>(
        {OpKind::GetGroups, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringListResult> reply) { p.get_groups(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr get_group_users(std::string_view url, std::string group, Delivery delivery, Done<StringListResult> done) {
    return run_op<StringListResult>(
        {OpKind::GetGroupUsers, {url}, delivery, true},
        [group = std::move(group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringListResult> reply) { p.get_group_users(c, t[0], group, std::move(reply)); },
        std::move(done));
}

RequestPtr get_user_groups(std::string_view url, std::string user, Delivery delivery, Done<StringListResult> done) {
    return run_op<StringListResult>(
        {OpKind::GetUserGroups, {url}, delivery, true},
        [user = std::move(user)](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringListResult> reply) { p.get_user_groups(c, t[0], user, std::move(reply)); },
        std::move(done));
}

RequestPtr create_group(std::string_view url, std::string group, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::CreateGroup, {url}, delivery, false},
        [group = std::move(group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.create_group(c, t[0], group, std::move(reply)); },
        std::move(done));
}

RequestPtr rename_group(std::string_view url, std::string group, std::string new_group, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::RenameGroup, {url}, delivery, false},
        [group = std::move(group), new_group = std::move(new_group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.rename_group(c, t[0], group, new_group, std::move(reply)); },
        std::move(done));
}

RequestPtr remove_group(std::string_view url, std::string group, Delivery delivery, Done<IntResult> done) {
    return run_op<IntResult>(
        {OpKind::RemoveGroup, {url}, delivery, false},
        [group = std::move(group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<IntResult> reply) { p.remove_group(c, t[0], group, std::move(reply)); },
        std::move(done));
}

RequestPtr add_user_to_group(std::string_view url, std::string user, std::string group, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::AddUserToGroup, {url}, delivery, true},
        [user = std::move(user), group = std::move(group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.add_user_to_group(c, t[0], user, group, std::move(reply)); },
        std::move(done));
}

RequestPtr remove_user_from_group(std::string_view url, std::string user, std::string group, Delivery delivery, Done<ResultOnly> done) {
    return run_op<ResultOnly>(
        {OpKind::RemoveUserFromGroup, {url}, delivery, true},
        [user = std::move(user), group = std::move(group)](Provider& p, OpContext c, const std::vector<Target>& t, Done<ResultOnly> reply) { p.remove_user_from_group(c, t[0], user, group, std::move(reply)); },
        std::move(done));
}

RequestPtr get_metadata(std::string_view url, Delivery delivery, Done<MetadataResult> done) {
    return run_op<MetadataResult>(
        {OpKind::GetMetadata, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<MetadataResult> reply) { p.get_metadata(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr refresh_auth_token(std::string_view url, Delivery delivery, Done<StringResult> done) {
    return run_op<StringResult>(
        {OpKind::RefreshAuthToken, {url}, delivery, true},
        [](Provider& p, OpContext c, const std::vector<Target>& t, Done<StringResult> reply) { p.refresh_auth_token(c, t[0], std::move(reply)); },
        std::move(done));
}

RequestPtr stat_subscribe(std::string_view url, OmniListIncludeOption include, Done<StatResult> first, Events<ListEventResult> events) {
    return run_subscription<StatResult, ListEventResult>(
        OpKind::StatSubscribe, url,
        [include](Provider& p, OpContext c, const Target& t, Done<StatResult> f, Events<ListEventResult> e) { p.stat_subscribe(c, t, include, std::move(f), std::move(e)); },
        std::move(first), std::move(events));
}

RequestPtr list_subscribe(std::string_view url, OmniListIncludeOption include, Done<ListResult> first, Events<ListEventResult> events) {
    return run_subscription<ListResult, ListEventResult>(
        OpKind::ListSubscribe, url,
        [include](Provider& p, OpContext c, const Target& t, Done<ListResult> f, Events<ListEventResult> e) { p.list_subscribe(c, t, include, std::move(f), std::move(e)); },
        std::move(first), std::move(events));
}

void sign_out(std::string_view url) {
    Target target = Runtime::make_target(url);
    if (Provider* p = Runtime::get()->route(target)) p->sign_out(target);
}

void reconnect(std::string_view url) {
    Target target = Runtime::make_target(url);
    if (Provider* p = Runtime::get()->route(target)) p->reconnect(target);
}

bool clear_list_cache(std::string_view url) {
    if (invalid_url_reason(url)) return false;
    Target target = Runtime::make_target(url);
    Provider* p = Runtime::get()->route(target);
    return p && p->clear_list_cache(target);
}

void cancel_authentication(uint64_t handle) {
    for (auto& p : Runtime::get()->providers()) p->cancel_authentication(handle);
}

RequestPtr bookmarks_subscribe(std::function<void(const std::vector<std::pair<std::string, std::string>>&)> report) {
    auto rt = Runtime::get();
    RequestPtr request = rt->new_request();
    auto deliver = [report = std::move(report)] { report(bookmarks()); };
    uint64_t handle = bookmark_listeners().add(deliver);
    request->set_stop_handler([request, handle, weak_rt = std::weak_ptr<Runtime>(rt)] {
        bookmark_listeners().remove(handle);
        if (!request->try_complete()) return;
        if (auto r = weak_rt.lock()) r->forget(request->id());
        request->finish();
    });
    rt->callbacks().post(deliver);
    return request;
}

}  // namespace omniclient::ops
