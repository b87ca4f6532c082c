// The C API: converts C arguments to core calls and core answers to C callbacks. No logic of its own.
#include <omniclient/OmniClient.h>

#include "core/log.h"
#include "core/operations.h"
#include "core/registries.h"
#include "core/resolve.h"
#include "core/version.h"

#include <mutex>
#include <vector>

using namespace omniclient;

namespace {

OmniListEntry to_c(const ListEntry& e) {
    return OmniListEntry{e.relative_path.c_str(), e.access, e.flags, e.size, e.modified_time, e.created_time,
                         e.deleted_time, e.modified_by.c_str(), e.created_by.c_str(), e.deleted_by.c_str(),
                         e.locked_by.c_str(), e.version.c_str(), e.hash.c_str(), e.comment.c_str()};
}

OmniRequestId id_of(const RequestPtr& r) { return r ? r->id() : OMNI_INVALID_REQUEST_ID; }

Done<ResultOnly> result_cb(void* user, OmniResultCallback cb) {
    return [user, cb](ResultOnly&& a) { if (cb) cb(user, a.result); };
}

Done<ListResult> list_cb(void* user, OmniListCallback cb) {
    return [user, cb](ListResult&& a) {
        if (!cb) return;
        std::vector<OmniListEntry> entries;
        entries.reserve(a.entries.size());
        for (auto& e : a.entries) entries.push_back(to_c(e));
        cb(user, a.result, entries.size(), entries.data());
    };
}

Done<StatResult> stat_cb(void* user, OmniStatCallback cb) {
    return [user, cb](StatResult&& a) {
        if (!cb) return;
        OmniListEntry entry = to_c(a.entry);
        cb(user, a.result, &entry);
    };
}

Done<StringResult> string_cb(void* user, OmniStringCallback cb) {
    return [user, cb](StringResult&& a) { if (cb) cb(user, a.result, a.value.c_str()); };
}

Events<ListEventResult> event_cb(void* user, OmniListEventCallback cb) {
    return [user, cb](ListEventResult&& a) {
        if (!cb) return;
        OmniListEntry entry = to_c(a.entry);
        cb(user, a.result, a.event, &entry);
    };
}

Done<StringListResult> strings_cb(void* user, OmniStringListCallback cb) {
    return [user, cb](StringListResult&& a) {
        if (!cb) return;
        std::vector<const char*> values;
        values.reserve(a.values.size());
        for (auto& v : a.values) values.push_back(v.c_str());
        cb(user, a.result, values.size(), values.data());
    };
}

CopyArgs copy_args(OmniCopyBehavior behavior, const char* message) {
    CopyArgs args;
    args.behavior = behavior;
    args.message = message ? message : "";
    return args;
}

}  // namespace

extern "C" {

int omniClientInitialize(uint64_t version) { return Runtime::initialize(version) ? 1 : 0; }

void omniClientShutdown(void) { Runtime::shutdown(); }

const char* omniClientGetVersionString(void) { return kVersionString; }

void omniClientWait(OmniRequestId id) {
    if (auto r = Runtime::get()->find(id)) r->wait();
}

int omniClientWaitFor(OmniRequestId id, uint32_t timeoutMs) {
    auto r = Runtime::get()->find(id);
    return !r || r->wait_for_ms(timeoutMs) ? 1 : 0;
}

void omniClientStop(OmniRequestId id) {
    if (auto r = Runtime::get()->find(id)) r->stop();
}

void omniClientSetLogLevel(OmniLogLevel level) { set_log_level(level); }

void omniClientSetLogCallback(void* userData, OmniLogCallback callback) {
    if (!callback) return set_log_callback(nullptr);
    set_log_callback([userData, callback](const std::string& thread, const std::string& component, OmniLogLevel level, const std::string& message) {
        callback(userData, thread.c_str(), component.c_str(), level, message.c_str());
    });
}

void omniClientSetRetries(uint32_t maxMs, uint32_t baseMs, uint32_t jitterMs, uint32_t* oldMaxMs, uint32_t* oldBaseMs, uint32_t* oldJitterMs) {
    RetrySettings old = set_retry_settings(RetrySettings{maxMs, baseMs, jitterMs});
    if (oldMaxMs) *oldMaxMs = static_cast<uint32_t>(old.max_ms);
    if (oldBaseMs) *oldBaseMs = static_cast<uint32_t>(old.base_ms);
    if (oldJitterMs) *oldJitterMs = static_cast<uint32_t>(old.jitter_ms);
}

void omniClientSetHangDetectionTimeMs(uint32_t ms) { set_hang_detection_ms(ms); }

void omniClientSetProductInfo(const char* name, const char* version, const char* extra) {
    set_product_info(ProductInfo{name ? name : "", version ? version : "", extra ? extra : ""});
}

OmniRequestId omniClientStat(const char* url, OmniListIncludeOption include, void* userData, OmniStatCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::stat(url, include, Delivery::CallbackThread, stat_cb(userData, callback)));
}

OmniRequestId omniClientList(const char* url, OmniListIncludeOption include, void* userData, OmniListCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::list(url, include, Delivery::CallbackThread, list_cb(userData, callback)));
}

OmniRequestId omniClientReadFile(const char* url, void* userData, OmniReadCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::read_file(url, Delivery::CallbackThread, [userData, callback](ReadResult&& a) {
        if (callback) callback(userData, a.result, a.version.c_str(), a.content.data(), a.content.size());
    }));
}

OmniRequestId omniClientWriteFile(const char* url, const void* data, size_t size, const char* message, void* userData, OmniWriteCallback callback) {
    return omniClientWriteFileEx(url, data, size, message, 0, userData, callback);
}

OmniRequestId omniClientCreateWithHash(const char* url, const char* hash, int overwrite, const char* message, void* userData,
                                       OmniWriteCallback callback) {
    if (!url || !hash) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::create_with_hash(url, hash, overwrite != 0, message ? message : "", Delivery::CallbackThread,
                                       [userData, callback](CreateWithHashResult&& a) {
                                           if (callback) callback(userData, a.result, a.version.c_str(), a.hash.c_str());
                                       }));
}

OmniRequestId omniClientWriteFileEx(const char* url, const void* data, size_t size, const char* message, int skipCheckpoint,
                                    void* userData, OmniWriteCallback callback) {
    if (!url || (!data && size)) return OMNI_INVALID_REQUEST_ID;
    const auto* bytes = static_cast<const uint8_t*>(data);
    WriteArgs args;
    args.content = Content::from_vector(std::vector<uint8_t>(bytes, bytes + size));
    args.message = message ? message : "";
    args.skip_checkpoint = skipCheckpoint != 0;
    return id_of(ops::write_file(url, std::move(args), Delivery::CallbackThread, [userData, callback](WriteResult&& a) {
        if (callback) callback(userData, a.result, a.info.version.c_str(), a.info.hash.c_str());
    }));
}

OmniRequestId omniClientCreateFolder(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::create_folder(url, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientDelete(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::remove(url, true, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientDeleteSingle(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::remove(url, false, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientCopy(const char* srcUrl, const char* dstUrl, OmniCopyBehavior behavior, const char* message, void* userData, OmniResultCallback callback) {
    if (!srcUrl || !dstUrl) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::copy(srcUrl, dstUrl, copy_args(behavior, message), Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientMove(const char* srcUrl, const char* dstUrl, OmniCopyBehavior behavior, const char* message, void* userData, OmniMoveCallback callback) {
    if (!srcUrl || !dstUrl) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::move(srcUrl, dstUrl, copy_args(behavior, message), Delivery::CallbackThread, [userData, callback](MoveResult&& a) {
        if (callback) callback(userData, a.result, a.copied ? 1 : 0);
    }));
}

OmniRequestId omniClientCreateCheckpoint(const char* url, const char* comment, int force, void* userData, OmniStringCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::create_checkpoint(url, comment ? comment : "", force != 0, Delivery::CallbackThread, string_cb(userData, callback)));
}

OmniRequestId omniClientListCheckpoints(const char* url, void* userData, OmniListCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::list_checkpoints(url, Delivery::CallbackThread, list_cb(userData, callback)));
}

OmniRequestId omniClientLock(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::lock(url, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientUnlock(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::unlock(url, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientUndelete(const char* url, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::undelete(url, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientObliterate(const char* url, int obliterateCheckpoints, void* userData, OmniResultCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::obliterate(url, obliterateCheckpoints != 0, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientGetLocalFile(const char* url, int download, void* userData, OmniStringCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_local_file(url, download != 0, Delivery::CallbackThread, string_cb(userData, callback)));
}

OmniRequestId omniClientStatSubscribe(const char* url, OmniListIncludeOption include, void* userData, OmniStatCallback statCallback, OmniListEventCallback eventCallback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::stat_subscribe(url, include, stat_cb(userData, statCallback), event_cb(userData, eventCallback)));
}

OmniRequestId omniClientListSubscribe(const char* url, OmniListIncludeOption include, void* userData, OmniListCallback listCallback, OmniListEventCallback eventCallback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::list_subscribe(url, include, list_cb(userData, listCallback), event_cb(userData, eventCallback)));
}

OmniRequestId omniClientResolve(const char* url, const char* const* searchUrls, size_t searchCount, void* userData, OmniResolveCallback callback) {
    if (!url || (!searchUrls && searchCount)) return OMNI_INVALID_REQUEST_ID;
    std::vector<std::string> search(searchUrls, searchUrls + searchCount);
    return id_of(ops::resolve(url, search, Delivery::CallbackThread, [userData, callback](ResolveResult&& a) {
        if (!callback) return;
        OmniListEntry entry = to_c(a.entry);
        callback(userData, a.result, &entry, a.url.c_str());
    }));
}

OmniRequestId omniClientResolveSubscribe(const char* url, const char* const* searchUrls, size_t searchCount, void* userData,
                                         OmniResolveCallback resolveCallback, OmniResolveEventCallback eventCallback) {
    if (!url || (!searchUrls && searchCount)) return OMNI_INVALID_REQUEST_ID;
    std::vector<std::string> search(searchUrls, searchUrls + searchCount);
    return id_of(ops::resolve_subscribe(
        url, search,
        [userData, resolveCallback](ResolveResult&& a) {
            if (!resolveCallback) return;
            OmniListEntry entry = to_c(a.entry);
            resolveCallback(userData, a.result, &entry, a.url.c_str());
        },
        [userData, eventCallback](ResolveEventResult&& e) {
            if (!eventCallback) return;
            OmniListEntry entry = to_c(e.entry);
            eventCallback(userData, e.result, e.event, &entry, e.url.c_str());
        }));
}

void omniClientAddDefaultSearchPath(const char* searchPath) {
    if (searchPath) add_default_search_path(searchPath);
}

void omniClientRemoveDefaultSearchPath(const char* searchPath) {
    if (searchPath) remove_default_search_path(searchPath);
}

void omniClientGetDefaultSearchPaths(const char** paths, size_t* count) {
    if (!count) return;
    // The strings handed out stay valid until the next call.
    static std::mutex mu;
    static std::vector<std::string> held;
    std::lock_guard lock(mu);
    held = default_search_paths();
    for (size_t i = 0; paths && i < *count && i < held.size(); ++i) paths[i] = held[i].c_str();
    *count = held.size();
}

OmniRequestId omniClientGetServerInfo(const char* url, void* userData, OmniServerInfoCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_server_info(url, Delivery::CallbackThread, [userData, callback](ServerInfoResult&& a) {
        if (!callback) return;
        const ServerInfo& i = a.info;
        OmniServerInfo info{i.version.c_str(), i.username.c_str(), i.auth_token.c_str(), i.connection_id.c_str(),
                            i.cache_enabled, i.checkpoints_enabled, i.omniobjects_enabled, i.undelete_enabled};
        callback(userData, a.result, &info);
    }));
}

OmniRequestId omniClientGetAcls(const char* url, void* userData, OmniAclsCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_acls(url, Delivery::CallbackThread, [userData, callback](AclsResult&& a) {
        if (!callback) return;
        std::vector<OmniAclEntry> entries;
        entries.reserve(a.acls.size());
        for (auto& e : a.acls) entries.push_back(OmniAclEntry{e.name.c_str(), e.access});
        callback(userData, a.result, entries.size(), entries.data());
    }));
}

OmniRequestId omniClientSetAcls(const char* url, size_t count, const OmniAclEntry* entries, void* userData, OmniResultCallback callback) {
    if (!url || (count && !entries)) return OMNI_INVALID_REQUEST_ID;
    std::vector<AclEntry> acls;
    for (size_t i = 0; i < count; ++i) {
        if (!entries[i].name) return OMNI_INVALID_REQUEST_ID;
        acls.push_back(AclEntry{entries[i].name, entries[i].access});
    }
    return id_of(ops::set_acls(url, std::move(acls), Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientGetUsers(const char* url, void* userData, OmniStringListCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_users(url, Delivery::CallbackThread, strings_cb(userData, callback)));
}

OmniRequestId omniClientGetGroups(const char* url, void* userData, OmniStringListCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_groups(url, Delivery::CallbackThread, strings_cb(userData, callback)));
}

OmniRequestId omniClientGetGroupUsers(const char* url, const char* group, void* userData, OmniStringListCallback callback) {
    if (!url || !group) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_group_users(url, group, Delivery::CallbackThread, strings_cb(userData, callback)));
}

OmniRequestId omniClientGetUserGroups(const char* url, const char* user, void* userData, OmniStringListCallback callback) {
    if (!url || !user) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::get_user_groups(url, user, Delivery::CallbackThread, strings_cb(userData, callback)));
}

OmniRequestId omniClientCreateGroup(const char* url, const char* group, void* userData, OmniResultCallback callback) {
    if (!url || !group) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::create_group(url, group, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientRenameGroup(const char* url, const char* group, const char* newGroup, void* userData, OmniResultCallback callback) {
    if (!url || !group || !newGroup) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::rename_group(url, group, newGroup, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientRemoveGroup(const char* url, const char* group, void* userData, OmniIntCallback callback) {
    if (!url || !group) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::remove_group(url, group, Delivery::CallbackThread, [userData, callback](IntResult&& a) {
        if (callback) callback(userData, a.result, a.value);
    }));
}

OmniRequestId omniClientAddUserToGroup(const char* url, const char* user, const char* group, void* userData, OmniResultCallback callback) {
    if (!url || !user || !group) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::add_user_to_group(url, user, group, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientRemoveUserFromGroup(const char* url, const char* user, const char* group, void* userData, OmniResultCallback callback) {
    if (!url || !user || !group) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::remove_user_from_group(url, user, group, Delivery::CallbackThread, result_cb(userData, callback)));
}

OmniRequestId omniClientRefreshAuthToken(const char* url, void* userData, OmniStringCallback callback) {
    if (!url) return OMNI_INVALID_REQUEST_ID;
    return id_of(ops::refresh_auth_token(url, Delivery::CallbackThread, string_cb(userData, callback)));
}

void omniClientSignOut(const char* url) {
    if (url) ops::sign_out(url);
}

void omniClientReconnect(const char* url) {
    if (url) ops::reconnect(url);
}

void omniClientBypassListCache(bool bypass) { set_list_cache_bypass(bypass); }

bool omniClientClearListCache(const char* url) { return url && ops::clear_list_cache(url); }

}  // extern "C"
