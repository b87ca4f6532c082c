// The C API's operations on files, folders, checkpoints, ACLs, metadata, users and groups:
// each converts its arguments, calls the core's ops:: entry point and converts the answer.
#include "capi/support.h"

#include "core/resolve.h"

using namespace omniclient;
using namespace omniclient::capi;

namespace {

// deliver(userData, callback): the answer converted for a C callback, the conversion chosen by the
// callback's type (the (userData, result) one is in support.h). Every function below is its
// arguments converted, one ops:: call and deliver(). Pointers handed to a callback live until it
// returns. A NULL callback is never called.
using capi::deliver;

Done<StatResult> deliver(void* user, OmniClientStatCallback cb) {
    return [user, cb](StatResult&& a) {
        if (!cb) return;
        OmniClientListEntry entry = to_c(a.entry);
        cb(user, to_c(a.result), &entry);
    };
}

Done<ListResult> deliver(void* user, OmniClientListCallback cb) {
    return [user, cb](ListResult&& a) {
        if (!cb) return;
        auto entries = to_c(a.entries);
        cb(user, to_c(a.result), static_cast<uint32_t>(entries.size()), entries.data());
    };
}

Events<ListEventResult> deliver(void* user, OmniClientListSubscribeCallback cb) {
    return [user, cb](ListEventResult&& e) {
        if (!cb) return;
        OmniClientListEntry entry = to_c(e.entry);
        cb(user, to_c(e.result), static_cast<OmniClientListEvent>(e.event), &entry);
    };
}

Done<ReadResult> deliver(void* user, OmniClientReadFileCallback cb) {
    return [user, cb](ReadResult&& a) {
        if (!cb) return;
        if (a.result != OMNI_RESULT_OK) {  // no content at all, as the original: not even a release function
            OmniClientContent none{nullptr, 0, nullptr};
            cb(user, to_c(a.result), a.version.c_str(), &none);
            return;
        }
        with_content(a.content, [&](OmniClientContent* content) { cb(user, to_c(a.result), a.version.c_str(), content); });
    };
}

Done<WriteResult> deliver(void* user, OmniClientWriteFileExCallback cb) {
    return [user, cb](WriteResult&& a) {
        if (!cb) return;
        OmniClientWriteFileExInfo info{a.info.version.c_str(), a.info.hash.c_str()};
        cb(user, to_c(a.result), &info);
    };
}

Done<CreateWithHashResult> deliver(void* user, OmniClientCreateWithHashCallback cb) {
    return [user, cb](CreateWithHashResult&& a) { if (cb) cb(user, to_c(a.result), a.version.c_str(), a.hash.c_str()); };
}

Done<MoveResult> deliver(void* user, OmniClientMoveCallback cb) {
    return [user, cb](MoveResult&& a) { if (cb) cb(user, to_c(a.result), a.copied); };
}

Done<StringResult> deliver(void* user, void (*cb)(void*, OmniClientResult, const char*)) {
    return [user, cb](StringResult&& a) { if (cb) cb(user, to_c(a.result), a.value.c_str()); };
}

Done<StringListResult> deliver(void* user, void (*cb)(void*, OmniClientResult, uint64_t, const char**)) {
    return [user, cb](StringListResult&& a) {
        if (!cb) return;
        auto values = c_strings(a.values);
        cb(user, to_c(a.result), static_cast<uint64_t>(values.size()), values.data());
    };
}

Done<IntResult> deliver(void* user, OmniClientRemoveGroupCallback cb) {
    return [user, cb](IntResult&& a) { if (cb) cb(user, to_c(a.result), static_cast<uint64_t>(a.value)); };
}

Done<ResolveResult> deliver(void* user, OmniClientResolveCallback cb) {
    return [user, cb](ResolveResult&& a) {
        if (!cb) return;
        OmniClientListEntry entry = to_c(a.entry);
        cb(user, to_c(a.result), &entry, a.url.c_str());
    };
}

Events<ResolveEventResult> deliver(void* user, OmniClientResolveSubscribeCallback cb) {
    return [user, cb](ResolveEventResult&& e) {
        if (!cb) return;
        OmniClientListEntry entry = to_c(e.entry);
        cb(user, to_c(e.result), static_cast<OmniClientListEvent>(e.event), &entry, e.url.c_str());
    };
}

Done<AclsResult> deliver(void* user, OmniClientGetAclsCallback cb) {
    return [user, cb](AclsResult&& a) {
        if (!cb) return;
        std::vector<OmniClientAclEntry> entries;
        entries.reserve(a.acls.size());
        for (auto& e : a.acls) entries.push_back(OmniClientAclEntry{e.name.c_str(), e.access});
        cb(user, to_c(a.result), static_cast<uint32_t>(entries.size()), entries.data());
    };
}

Done<MetadataResult> deliver(void* user, OmniClientGetMetadataCallback cb) {
    return [user, cb](MetadataResult&& a) {
        if (!cb) return;
        std::vector<OmniClientMetadataEntry> entries;
        entries.reserve(a.entries.size());
        for (auto& e : a.entries)
            entries.push_back(OmniClientMetadataEntry{e.key.c_str(), e.value.c_str(), e.etag.c_str(), static_cast<OmniClientMetadataValueKind>(e.kind)});
        cb(user, to_c(a.result), static_cast<uint32_t>(entries.size()), entries.data());
    };
}

Done<ServerInfoResult> deliver(void* user, OmniClientGetServerInfoCallback cb) {
    return [user, cb](ServerInfoResult&& a) {
        if (!cb) return;
        const ServerInfo& i = a.info;
        // The core does not know whether checkpoints are atomic: reported as not.
        OmniClientServerInfo info{i.version.c_str(), i.username.c_str(), i.auth_token.c_str(), i.connection_id.c_str(),
                                  i.cache_enabled, i.omniobjects_enabled, i.checkpoints_enabled, false, i.undelete_enabled};
        cb(user, to_c(a.result), &info);
    };
}

CopyArgs copy_args(OmniClientCopyBehavior behavior, const char* message, CopyKind kind) {
    return CopyArgs{static_cast<OmniCopyBehavior>(behavior), str(message), kind};
}

WriteArgs write_args(OmniClientContent* content, const char* message, bool skip_checkpoint) {
    return WriteArgs{take_content(content), str(message), skip_checkpoint};
}

OmniClientRequestId copy(const char* src, const char* dst, void* user, OmniClientCopyCallback cb, OmniClientCopyBehavior behavior,
                         const char* message, CopyKind kind) {
    return id_of(ops::copy(sv(src), sv(dst), copy_args(behavior, message, kind), kDelivery, deliver(user, cb)));
}

OmniClientRequestId move(const char* src, const char* dst, void* user, OmniClientMoveCallback cb, OmniClientCopyBehavior behavior,
                         const char* message, CopyKind kind) {
    return id_of(ops::move(sv(src), sv(dst), copy_args(behavior, message, kind), kDelivery, deliver(user, cb)));
}

OmniListIncludeOption include_of(OmniClientListIncludeOption option) { return static_cast<OmniListIncludeOption>(option); }

std::vector<std::string> search_list(const char* const* paths, uint32_t count) {
    std::vector<std::string> out;
    for (uint32_t i = 0; paths && i < count; ++i)
        if (paths[i]) out.emplace_back(paths[i]);
    return out;
}

}  // namespace

extern "C" {

OmniClientRequestId omniClientStat(const char* url, void* userData, OmniClientStatCallback callback) noexcept {
    return omniClientStat2(url, eOmniClientListIncludeOption_DefaultNotDeleted, userData, callback);
}

OmniClientRequestId omniClientStat2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientStatCallback callback) noexcept {
    return id_of(ops::stat(sv(url), include_of(includeOption), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientStatSubscribe(const char* url, void* userData, OmniClientStatCallback callback,
                                            OmniClientStatSubscribeCallback subscribeCallback) noexcept {
    return omniClientStatSubscribe2(url, eOmniClientListIncludeOption_DefaultNotDeleted, userData, callback, subscribeCallback);
}

OmniClientRequestId omniClientStatSubscribe2(const char* url, OmniClientListIncludeOption includeOption, void* userData,
                                             OmniClientStatCallback callback, OmniClientStatSubscribeCallback subscribeCallback) noexcept {
    return subscribe<StatResult, ListEventResult>(deliver(userData, callback), deliver(userData, subscribeCallback),
                                                  [&](Done<StatResult> first, Events<ListEventResult> events) {
                                                      return ops::stat_subscribe(sv(url), include_of(includeOption), std::move(first), std::move(events));
                                                  });
}

OmniClientRequestId omniClientList(const char* url, void* userData, OmniClientListCallback callback) noexcept {
    return omniClientList2(url, eOmniClientListIncludeOption_DefaultNotDeleted, userData, callback);
}

OmniClientRequestId omniClientList2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientListCallback callback) noexcept {
    return id_of(ops::list(sv(url), include_of(includeOption), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientListSubscribe(const char* url, void* userData, OmniClientListCallback callback,
                                            OmniClientListSubscribeCallback subscribeCallback) noexcept {
    return omniClientListSubscribe2(url, eOmniClientListIncludeOption_DefaultNotDeleted, userData, callback, subscribeCallback);
}

OmniClientRequestId omniClientListSubscribe2(const char* url, OmniClientListIncludeOption includeOption, void* userData,
                                             OmniClientListCallback callback, OmniClientListSubscribeCallback subscribeCallback) noexcept {
    return subscribe<ListResult, ListEventResult>(deliver(userData, callback), deliver(userData, subscribeCallback),
                                                  [&](Done<ListResult> first, Events<ListEventResult> events) {
                                                      return ops::list_subscribe(sv(url), include_of(includeOption), std::move(first), std::move(events));
                                                  });
}

OmniClientRequestId omniClientReadFile(const char* url, void* userData, OmniClientReadFileCallback callback) noexcept {
    return id_of(ops::read_file(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientWriteFile(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileCallback callback,
                                        const char* message) noexcept {
    return id_of(ops::write_file(sv(url), write_args(content, message, false), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientWriteFileEx(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileExCallback callback,
                                          const char* message) noexcept {
    return id_of(ops::write_file(sv(url), write_args(content, message, false), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientWriteFileEx2(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileExCallback callback,
                                           const struct OmniClientWriteFileEx2Options* options) noexcept {
    // Only version 1 of the options exists. The original starts a request that never answers for
    // other options (or none) and leaves the content with the caller; here the request answers
    // ERROR_BAD_REQUEST, and the content stays with the caller too.
    if (!options || options->version != 1)
        return id_of(answer_op(OpKind::WriteFile, kDelivery, OMNI_RESULT_ERROR_BAD_REQUEST, deliver(userData, callback)));
    return id_of(ops::write_file(sv(url), write_args(content, options->message, options->skip_checkpoint), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientCreateWithHash(const char* url, const char* hash, bool overwrite, void* userData,
                                             OmniClientCreateWithHashCallback callback, const char* message) noexcept {
    return id_of(ops::create_with_hash(sv(url), str(hash), overwrite, str(message), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetLocalFile(const char* url, bool download, void* userData, OmniClientGetLocalFileCallback callback) noexcept {
    return id_of(ops::get_local_file(sv(url), download, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientCreateFolder(const char* url, void* userData, OmniClientCreateFolderCallback callback) noexcept {
    return id_of(ops::create_folder(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientDelete(const char* url, void* userData, OmniClientDeleteCallback callback) noexcept {
    return id_of(ops::remove(sv(url), true, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientDeleteSingle(const char* url, void* userData, OmniClientDeleteCallback callback) noexcept {
    return id_of(ops::remove(sv(url), false, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientUndelete(const char* url, void* userData, OmniClientUndeleteCallback callback) noexcept {
    return id_of(ops::undelete(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientObliterate(const char* url, bool obliterateCheckpoints, void* userData, OmniClientObliterateCallback callback) noexcept {
    return id_of(ops::obliterate(sv(url), obliterateCheckpoints, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientCopy(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback,
                                   OmniClientCopyBehavior behavior, const char* message) noexcept {
    return copy(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::Any);
}

OmniClientRequestId omniClientCopyFile(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback,
                                       OmniClientCopyBehavior behavior, const char* message) noexcept {
    return copy(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::FileOnly);
}

OmniClientRequestId omniClientCopyFolder(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback,
                                         OmniClientCopyBehavior behavior, const char* message) noexcept {
    return copy(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::FolderOnly);
}

OmniClientRequestId omniClientMove(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback,
                                   OmniClientCopyBehavior behavior, const char* message) noexcept {
    return move(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::Any);
}

OmniClientRequestId omniClientMoveFile(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback,
                                       OmniClientCopyBehavior behavior, const char* message) noexcept {
    return move(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::FileOnly);
}

OmniClientRequestId omniClientMoveFolder(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback,
                                         OmniClientCopyBehavior behavior, const char* message) noexcept {
    return move(srcUrl, dstUrl, userData, callback, behavior, message, CopyKind::FolderOnly);
}

OmniClientRequestId omniClientResolve(const char* relativePath, const char* const* searchPaths, uint32_t numSearchPaths, void* userData,
                                      OmniClientResolveCallback callback) noexcept {
    return id_of(ops::resolve(sv(relativePath), search_list(searchPaths, numSearchPaths), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientResolveSubscribe(const char* relativePath, const char* const* searchPaths, uint32_t numSearchPaths, void* userData,
                                               OmniClientResolveCallback callback, OmniClientResolveSubscribeCallback subscribeCallback) noexcept {
    return subscribe<ResolveResult, ResolveEventResult>(deliver(userData, callback), deliver(userData, subscribeCallback),
                                                        [&](Done<ResolveResult> first, Events<ResolveEventResult> changes) {
                                                            return ops::resolve_subscribe(sv(relativePath), search_list(searchPaths, numSearchPaths),
                                                                                          std::move(first), std::move(changes));
                                                        });
}

OmniClientRequestId omniClientLock(const char* url, void* userData, OmniClientLockCallback callback) noexcept {
    return id_of(ops::lock(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientUnlock(const char* url, void* userData, OmniClientUnlockCallback callback) noexcept {
    return id_of(ops::unlock(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetAcls(const char* url, void* userData, OmniClientGetAclsCallback callback) noexcept {
    return id_of(ops::get_acls(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientSetAcls(const char* url, uint32_t numEntries, struct OmniClientAclEntry* entries, void* userData,
                                      OmniClientSetAclsCallback callback) noexcept {
    std::vector<AclEntry> acls;
    for (uint32_t i = 0; entries && i < numEntries; ++i) acls.push_back(AclEntry{str(entries[i].name), entries[i].access});
    return id_of(ops::set_acls(sv(url), acls, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetMetadata(const char* url, void* userData, OmniClientGetMetadataCallback callback) noexcept {
    return id_of(ops::get_metadata(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientCreateCheckpoint(const char* url, const char* comment, bool force, void* userData,
                                               OmniClientCreateCheckpointCallback callback) noexcept {
    return id_of(ops::create_checkpoint(sv(url), str(comment), force, kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientListCheckpoints(const char* url, void* userData, OmniClientListCheckpointsCallback callback) noexcept {
    return id_of(ops::list_checkpoints(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientRefreshAuthToken(const char* url, void* userData, OmniClientRefreshAuthTokenCallback callback) noexcept {
    return id_of(ops::refresh_auth_token(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetServerInfo(const char* url, void* userData, OmniClientGetServerInfoCallback callback) noexcept {
    return id_of(ops::get_server_info(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetGroups(const char* url, void* userData, OmniClientGetGroupsCallback callback) noexcept {
    return id_of(ops::get_groups(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetGroupUsers(const char* url, const char* group, void* userData, OmniClientGetGroupUsersCallback callback) noexcept {
    return id_of(ops::get_group_users(sv(url), str(group), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientCreateGroup(const char* url, const char* group, void* userData, OmniClientCreateGroupCallback callback) noexcept {
    return id_of(ops::create_group(sv(url), str(group), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientRenameGroup(const char* url, const char* group, const char* newGroup, void* userData,
                                          OmniClientRenameGroupCallback callback) noexcept {
    return id_of(ops::rename_group(sv(url), str(group), str(newGroup), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientRemoveGroup(const char* url, const char* group, void* userData, OmniClientRemoveGroupCallback callback) noexcept {
    return id_of(ops::remove_group(sv(url), str(group), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetUsers(const char* url, void* userData, OmniClientGetUsersCallback callback) noexcept {
    return id_of(ops::get_users(sv(url), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientGetUserGroups(const char* url, const char* user, void* userData, OmniClientGetUserGroupsCallback callback) noexcept {
    return id_of(ops::get_user_groups(sv(url), str(user), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientAddUserToGroup(const char* url, const char* user, const char* group, void* userData,
                                             OmniClientAddUserToGroupCallback callback) noexcept {
    return id_of(ops::add_user_to_group(sv(url), str(user), str(group), kDelivery, deliver(userData, callback)));
}

OmniClientRequestId omniClientRemoveUserFromGroup(const char* url, const char* user, const char* group, void* userData,
                                                  OmniClientRemoveUserFromGroupCallback callback) noexcept {
    return id_of(ops::remove_user_from_group(sv(url), str(user), str(group), kDelivery, deliver(userData, callback)));
}

}  // extern "C"
