/* The omni.client C API: URL-based access to files, folders and servers for C and C++ programs.
 *
 * Conventions (as in libcurl):
 * - Every operation returns an OmniRequestId at once and calls its callback exactly once, on the
 *   library's callback thread, with (userData, result, ...). Pointers passed to a callback are
 *   valid only during that call: copy what you keep.
 * - omniClientWait() blocks until a request's callback has returned; omniClientStop() cancels it
 *   (its callback then gets an error result).
 * - Functions returning strings use the buffer-size protocol: pass a buffer and its size in
 *   *bufferSize; when it is too small they return NULL and set *bufferSize to the size needed
 *   (including the terminating NUL).
 */
#ifndef OMNICLIENT_H
#define OMNICLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "OmniClientTypes.h"

#if defined(OMNICLIENT_BUILDING)
#define OMNICLIENT_API __attribute__((visibility("default")))
#else
#define OMNICLIENT_API
#endif

#include "OmniClientUrl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t OmniRequestId;
/* Returned instead of a request id when the call itself was invalid (for example a NULL URL). */
#define OMNI_INVALID_REQUEST_ID 0

/* One item of a folder listing or a stat. Times are nanoseconds since the Unix epoch (0: unknown). */
typedef struct OmniListEntry {
    const char* relativePath;
    uint32_t access;
    uint32_t flags;
    uint64_t size;
    int64_t modifiedTimeNs;
    int64_t createdTimeNs;
    int64_t deletedTimeNs;
    const char* modifiedBy;
    const char* createdBy;
    const char* deletedBy;
    const char* lockedBy;
    const char* version;
    const char* hash;
    const char* comment;
} OmniListEntry;

typedef void (*OmniResultCallback)(void* userData, OmniResult result);
typedef void (*OmniStatCallback)(void* userData, OmniResult result, const OmniListEntry* entry);
typedef void (*OmniListCallback)(void* userData, OmniResult result, size_t count, const OmniListEntry* entries);
typedef void (*OmniReadCallback)(void* userData, OmniResult result, const char* version, const void* data, size_t size);
typedef void (*OmniWriteCallback)(void* userData, OmniResult result, const char* version, const char* hash);
typedef void (*OmniMoveCallback)(void* userData, OmniResult result, int copied);
typedef void (*OmniStringCallback)(void* userData, OmniResult result, const char* value);
/* A subscription's change: what happened to which entry. */
typedef void (*OmniListEventCallback)(void* userData, OmniResult result, OmniListEvent event, const OmniListEntry* entry);
/* What a server said about itself and the connection (omniClientGetServerInfo). */
typedef struct OmniServerInfo {
    const char* version;
    const char* username;
    const char* authToken;
    const char* connectionId;
    int cacheEnabled;
    int checkpointsEnabled;
    int omniObjectsEnabled;
    int undeleteEnabled;
} OmniServerInfo;

/* One access control entry: a user or group name and its OmniAccessFlags. */
typedef struct OmniAclEntry {
    const char* name;
    uint32_t access;
} OmniAclEntry;

typedef void (*OmniServerInfoCallback)(void* userData, OmniResult result, const OmniServerInfo* info);
typedef void (*OmniAclsCallback)(void* userData, OmniResult result, size_t count, const OmniAclEntry* entries);
typedef void (*OmniStringListCallback)(void* userData, OmniResult result, size_t count, const char* const* values);
typedef void (*OmniIntCallback)(void* userData, OmniResult result, int64_t value);
typedef void (*OmniLogCallback)(void* userData, const char* thread, const char* component, OmniLogLevel level, const char* message);

/* --- lifetime ------------------------------------------------------------------------------ */

/* Starts the library (it also starts on first use). Returns 1 on success, 0 if `version` is incompatible. */
OMNICLIENT_API int omniClientInitialize(uint64_t version);
/* Stops every request (their callbacks get an error result), joins the library's threads. */
OMNICLIENT_API void omniClientShutdown(void);
/* The library's version string, valid for the life of the process. */
OMNICLIENT_API const char* omniClientGetVersionString(void);

/* --- requests ------------------------------------------------------------------------------ */

/* Blocks until the request's callback has returned (at once if it already has or is unknown). */
OMNICLIENT_API void omniClientWait(OmniRequestId id);
/* Blocks up to `timeoutMs`; returns 1 if the request finished, 0 on timeout. */
OMNICLIENT_API int omniClientWaitFor(OmniRequestId id, uint32_t timeoutMs);
/* Cancels a request; its callback is called with an error result unless it already ran. */
OMNICLIENT_API void omniClientStop(OmniRequestId id);

/* --- settings ------------------------------------------------------------------------------ */

/* Only messages at `level` or above are logged. */
OMNICLIENT_API void omniClientSetLogLevel(OmniLogLevel level);
/* Sends log messages to `callback` on a background thread; NULL restores standard error. */
OMNICLIENT_API void omniClientSetLogCallback(void* userData, OmniLogCallback callback);
/* Sets retry timing (see omni.client.set_retries); the previous values are written to the out pointers if not NULL. */
OMNICLIENT_API void omniClientSetRetries(uint32_t maxMs, uint32_t baseMs, uint32_t jitterMs,
                                         uint32_t* oldMaxMs, uint32_t* oldBaseMs, uint32_t* oldJitterMs);
/* Blocking waits on this thread longer than `ms` log a warning; 0 disables. */
OMNICLIENT_API void omniClientSetHangDetectionTimeMs(uint32_t ms);
/* Names the application in what is sent to servers. Any argument may be NULL. */
OMNICLIENT_API void omniClientSetProductInfo(const char* name, const char* version, const char* extra);

/* --- operations ------------------------------------------------------------------------------ */

/* Information about one item. */
OMNICLIENT_API OmniRequestId omniClientStat(const char* url, OmniListIncludeOption include, void* userData, OmniStatCallback callback);
/* The items in a folder. */
OMNICLIENT_API OmniRequestId omniClientList(const char* url, OmniListIncludeOption include, void* userData, OmniListCallback callback);
/* A file's whole content. */
OMNICLIENT_API OmniRequestId omniClientReadFile(const char* url, void* userData, OmniReadCallback callback);
/* Writes `size` bytes (copied before the call returns) as the file's new content. */
OMNICLIENT_API OmniRequestId omniClientWriteFile(const char* url, const void* data, size_t size, const char* message, void* userData, OmniWriteCallback callback);
/* Creates a folder. */
OMNICLIENT_API OmniRequestId omniClientCreateFolder(const char* url, void* userData, OmniResultCallback callback);
/* Deletes an item; folders with everything in them. */
OMNICLIENT_API OmniRequestId omniClientDelete(const char* url, void* userData, OmniResultCallback callback);
/* Deletes one item; a folder must be empty. */
OMNICLIENT_API OmniRequestId omniClientDeleteSingle(const char* url, void* userData, OmniResultCallback callback);
/* Copies a file or a folder. */
OMNICLIENT_API OmniRequestId omniClientCopy(const char* srcUrl, const char* dstUrl, OmniCopyBehavior behavior, const char* message, void* userData, OmniResultCallback callback);
/* Moves a file or a folder; `copied` tells whether it was copied then deleted. */
OMNICLIENT_API OmniRequestId omniClientMove(const char* srcUrl, const char* dstUrl, OmniCopyBehavior behavior, const char* message, void* userData, OmniMoveCallback callback);
/* Makes a checkpoint of a file; the callback gets its query ("branch&number"). */
OMNICLIENT_API OmniRequestId omniClientCreateCheckpoint(const char* url, const char* comment, int force, void* userData, OmniStringCallback callback);
/* The checkpoints of a file. */
OMNICLIENT_API OmniRequestId omniClientListCheckpoints(const char* url, void* userData, OmniListCallback callback);
/* Locks a file against others' changes. */
OMNICLIENT_API OmniRequestId omniClientLock(const char* url, void* userData, OmniResultCallback callback);
/* Releases a lock. */
OMNICLIENT_API OmniRequestId omniClientUnlock(const char* url, void* userData, OmniResultCallback callback);
/* Restores a deleted item. */
OMNICLIENT_API OmniRequestId omniClientUndelete(const char* url, void* userData, OmniResultCallback callback);
/* Removes an item for good (and its checkpoints if asked). */
OMNICLIENT_API OmniRequestId omniClientObliterate(const char* url, int obliterateCheckpoints, void* userData, OmniResultCallback callback);
/* A local file path holding the item's content. */
OMNICLIENT_API OmniRequestId omniClientGetLocalFile(const char* url, int download, void* userData, OmniStringCallback callback);
/* Like omniClientWriteFile; `skipCheckpoint` asks a versioning server not to checkpoint the write. */
OMNICLIENT_API OmniRequestId omniClientWriteFileEx(const char* url, const void* data, size_t size, const char* message, int skipCheckpoint,
                                                   void* userData, OmniWriteCallback callback);
/* Creates (or with `overwrite` replaces) a file from content the server already holds, named by its hash.
 * The callback gets the new version and the hash (as OmniWriteCallback's version and hash). */
OMNICLIENT_API OmniRequestId omniClientCreateWithHash(const char* url, const char* hash, int overwrite, const char* message,
                                                      void* userData, OmniWriteCallback callback);
/* Calls `statCallback` once, then `eventCallback` for each change of the item until stopped. */
OMNICLIENT_API OmniRequestId omniClientStatSubscribe(const char* url, OmniListIncludeOption include, void* userData, OmniStatCallback statCallback, OmniListEventCallback eventCallback);
/* Calls `listCallback` once, then `eventCallback` for each change in the folder until stopped. */
OMNICLIENT_API OmniRequestId omniClientListSubscribe(const char* url, OmniListIncludeOption include, void* userData, OmniListCallback listCallback, OmniListEventCallback eventCallback);

/* --- resolve ---------------------------------------------------------------------------------- */

/* The item a resolve found, and the URL where it was found ("" when nothing was). */
typedef void (*OmniResolveCallback)(void* userData, OmniResult result, const OmniListEntry* entry, const char* url);
typedef void (*OmniResolveEventCallback)(void* userData, OmniResult result, OmniListEvent event, const OmniListEntry* entry, const char* url);
/* Finds `url` as given (relative to the base URL or working folder), then, unless it is absolute or
 * starts with "./", joined to each of the `searchCount` search URLs and then to each default search
 * path; answers the first that exists, or ERROR_NOT_FOUND. */
OMNICLIENT_API OmniRequestId omniClientResolve(const char* url, const char* const* searchUrls, size_t searchCount, void* userData, OmniResolveCallback callback);
/* Calls `resolveCallback` once (OK_NOT_YET_FOUND when nothing exists yet), then `eventCallback` each
 * time the resolution changes, until stopped. */
OMNICLIENT_API OmniRequestId omniClientResolveSubscribe(const char* url, const char* const* searchUrls, size_t searchCount, void* userData,
                                                        OmniResolveCallback resolveCallback, OmniResolveEventCallback eventCallback);
/* Default search paths, tried after the ones a resolve passes; newest first, no duplicates. */
OMNICLIENT_API void omniClientAddDefaultSearchPath(const char* searchPath);
OMNICLIENT_API void omniClientRemoveDefaultSearchPath(const char* searchPath);
/* Writes up to `*count` paths (valid until the next call) and sets `*count` to how many there are. */
OMNICLIENT_API void omniClientGetDefaultSearchPaths(const char** paths, size_t* count);

/* --- servers, access control, users and groups (omniverse:// servers) ------------------------- */
/* Credentials come from OMNI_USER/OMNI_PASS (or OMNI_USERNAME/OMNI_PASSWORD) for C programs. */

OMNICLIENT_API OmniRequestId omniClientGetServerInfo(const char* url, void* userData, OmniServerInfoCallback callback);
OMNICLIENT_API OmniRequestId omniClientGetAcls(const char* url, void* userData, OmniAclsCallback callback);
OMNICLIENT_API OmniRequestId omniClientSetAcls(const char* url, size_t count, const OmniAclEntry* entries, void* userData, OmniResultCallback callback);
OMNICLIENT_API OmniRequestId omniClientGetUsers(const char* url, void* userData, OmniStringListCallback callback);
OMNICLIENT_API OmniRequestId omniClientGetGroups(const char* url, void* userData, OmniStringListCallback callback);
OMNICLIENT_API OmniRequestId omniClientGetGroupUsers(const char* url, const char* group, void* userData, OmniStringListCallback callback);
OMNICLIENT_API OmniRequestId omniClientGetUserGroups(const char* url, const char* user, void* userData, OmniStringListCallback callback);
OMNICLIENT_API OmniRequestId omniClientCreateGroup(const char* url, const char* group, void* userData, OmniResultCallback callback);
OMNICLIENT_API OmniRequestId omniClientRenameGroup(const char* url, const char* group, const char* newGroup, void* userData, OmniResultCallback callback);
/* The callback's value is the number of changes the server made. */
OMNICLIENT_API OmniRequestId omniClientRemoveGroup(const char* url, const char* group, void* userData, OmniIntCallback callback);
OMNICLIENT_API OmniRequestId omniClientAddUserToGroup(const char* url, const char* user, const char* group, void* userData, OmniResultCallback callback);
OMNICLIENT_API OmniRequestId omniClientRemoveUserFromGroup(const char* url, const char* user, const char* group, void* userData, OmniResultCallback callback);
OMNICLIENT_API OmniRequestId omniClientRefreshAuthToken(const char* url, void* userData, OmniStringCallback callback);
/* Closes the connection to the server of `url`; requests fail with ERROR_CONNECTION until omniClientReconnect. */
OMNICLIENT_API void omniClientSignOut(const char* url);
OMNICLIENT_API void omniClientReconnect(const char* url);
/* While `bypass` is true, stat and list ask the server every time instead of a listing cache. */
OMNICLIENT_API void omniClientBypassListCache(bool bypass);
/* Forgets the cached listings of the server of `url`; false if its provider keeps none. */
OMNICLIENT_API bool omniClientClearListCache(const char* url);

#ifdef __cplusplus
}
#endif

#endif /* OMNICLIENT_H */
