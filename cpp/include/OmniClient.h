/* OmniClient.h: the C API of the Omniverse Client Library, source- and binary-compatible with
 * NVIDIA's 2.75 release on Linux x86-64 (the same names, types, values and layouts), written from
 * docs/c-api.md's facts. Types come first, then every function.
 *
 * Rules that hold for every call:
 * - Asynchronous calls return an OmniClientRequestId (0 = invalid) at once and call their
 *   callback once, on a library thread. omniClientWait blocks until that callback has returned
 *   (for subscriptions: until the first answer), omniClientStop cancels and returns only when no
 *   callback of the request is running or will run again.
 * - Pointers handed to a callback are valid only until it returns; copy what you keep.
 * - An OmniClientContent passed *to* the library is taken over (the library frees it); one passed
 *   to a callback is freed after the callback unless it calls omniClientMoveContent.
 * - Functions filling a caller's buffer take (char* buffer, size_t* bufferSize): *bufferSize holds
 *   the capacity and receives the size needed including the NUL; NULL is returned when too small.
 */
#ifndef OMNICLIENT_H
#define OMNICLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(OMNICLIENT_BUILDING)
#define OMNICLIENT_API __attribute__((visibility("default")))
#else
#define OMNICLIENT_API
#endif
#ifdef __cplusplus
#define OMNICLIENT_NOEXCEPT noexcept
#else
#define OMNICLIENT_NOEXCEPT
#endif

/* The version this header describes, for omniClientInitialize: major << 48 | minor << 32 | patch. */
#define OMNICLIENT_VERSION_MAJOR 2
#define OMNICLIENT_VERSION_MINOR 75
#define OMNICLIENT_VERSION_PATCH 1
#define kOmniClientVersion \
    (((uint64_t)OMNICLIENT_VERSION_MAJOR << 48) | ((uint64_t)OMNICLIENT_VERSION_MINOR << 32) | (uint64_t)OMNICLIENT_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/* Identifies an asynchronous request; 0 is never a valid one. */
typedef uint64_t OmniClientRequestId;

/* ---- enumerations (all int-sized) --------------------------------------------------------- */

typedef enum OmniClientResult {
    eOmniClientResult_Ok = 0,
    eOmniClientResult_OkLatest = 1,       /* the item did not change since the version the caller has */
    eOmniClientResult_OkNotYetFound = 2,  /* a subscription whose item does not exist yet */
    eOmniClientResult_Error = 3,
    eOmniClientResult_ErrorConnection = 4,
    eOmniClientResult_ErrorNotSupported = 5,
    eOmniClientResult_ErrorAccessDenied = 6,
    eOmniClientResult_ErrorNotFound = 7,
    eOmniClientResult_ErrorBadVersion = 8,
    eOmniClientResult_ErrorAlreadyExists = 9,
    eOmniClientResult_ErrorSourceIsDest = 10,
    eOmniClientResult_ErrorAccessLost = 11,
    eOmniClientResult_ErrorLocked = 12,
    eOmniClientResult_ErrorBadRequest = 13,
    eOmniClientResult_FolderNotEmpty = 14,
    eOmniClientResult_ErrorFolderNotEmpty = 14,  /* the same, named like its neighbours */
    eOmniClientResult_ErrorWrongType = 15,
    eOmniClientResult_ErrorUnsupportedVersion = 16,
    Count_eOmniClientResult
} OmniClientResult;

typedef enum OmniClientLogLevel {
    eOmniClientLogLevel_Debug = 0,
    eOmniClientLogLevel_Verbose = 1,
    eOmniClientLogLevel_Info = 2,
    eOmniClientLogLevel_Warning = 3,
    eOmniClientLogLevel_Error = 4,
    Count_eOmniClientLogLevel
} OmniClientLogLevel;

typedef enum OmniClientConnectionStatus {
    eOmniClientConnectionStatus_Connecting = 0,
    eOmniClientConnectionStatus_Connected = 1,
    eOmniClientConnectionStatus_ConnectError = 2,
    eOmniClientConnectionStatus_Disconnected = 3,
    eOmniClientConnectionStatus_SignedOut = 4,
    eOmniClientConnectionStatus_NoUsername = 5,  /* no longer reported; keeps its value */
    eOmniClientConnectionStatus_AuthAbort = 6,
    eOmniClientConnectionStatus_AuthCancelled = 7,
    eOmniClientConnectionStatus_AuthError = 8,
    eOmniClientConnectionStatus_AuthFailed = 9,
    eOmniClientConnectionStatus_ServerIncompatible = 10,
    eOmniClientConnectionStatus_InvalidHost = 11,
    Count_eOmniClientConnectionStatus
} OmniClientConnectionStatus;

typedef enum OmniClientFileStatus {
    eOmniClientFileStatus_Reading = 0,
    eOmniClientFileStatus_Writing = 1,
    eOmniClientFileStatus_Copying = 2,
    eOmniClientFileStatus_Moving = 3,
    eOmniClientFileStatus_Deleting = 4,
    eOmniClientFileStatus_Obliterating = 5,
    eOmniClientFileStatus_LiveUpdateSending = 6,
    eOmniClientFileStatus_LiveUpdateReceived = 7,  /* deprecated */
    eOmniClientFileStatus_Listing = 8,
    eOmniClientFileStatus_Stating = 9,
    Count_eOmniClientFileStatus
} OmniClientFileStatus;

/* Bits of OmniClientListEntry.access and OmniClientAclEntry.access. */
typedef enum OmniClientAccessFlags {
    fOmniClientAccess_Read = 1,
    fOmniClientAccess_Write = 2,
    fOmniClientAccess_Admin = 4,
    fOmniClientAccess_Full = 7
} OmniClientAccessFlags;

/* Bits of OmniClientListEntry.flags. */
typedef enum OmniClientItemFlags {
    fOmniClientItem_ReadableFile = 1,
    fOmniClientItem_WriteableFile = 2,
    fOmniClientItem_CanHaveChildren = 4,
    fOmniClientItem_DoesNotHaveChildren = 8,
    fOmniClientItem_IsMount = 16,
    fOmniClientItem_IsInsideMount = 32,
    fOmniClientItem_CanLiveUpdate = 64,
    fOmniClientItem_IsOmniObject = 128,
    fOmniClientItem_IsChannel = 256,
    fOmniClientItem_IsCheckpointed = 512,
    fOmniClientItem_IsDeleted = 1024
} OmniClientItemFlags;

typedef enum OmniClientListIncludeOption {
    eOmniClientListIncludeOption_DefaultNotDeleted = 0,
    eOmniClientListIncludeOption_IncludeDeleted = 1,
    eOmniClientListIncludeOption_OnlyDeleted = 2,
    Count_eOmniClientListIncludeOption
} OmniClientListIncludeOption;

typedef enum OmniClientListEvent {
    eOmniClientListEvent_Unknown = 0,
    eOmniClientListEvent_Created = 1,
    eOmniClientListEvent_Updated = 2,
    eOmniClientListEvent_Deleted = 3,
    eOmniClientListEvent_Metadata = 4,
    eOmniClientListEvent_Locked = 5,
    eOmniClientListEvent_Unlocked = 6,
    eOmniClientListEvent_Obliterated = 7,
    Count_eOmniClientListEvent
} OmniClientListEvent;

typedef enum OmniClientCopyBehavior {
    eOmniClientCopy_ErrorIfExists = 0,
    eOmniClientCopy_Overwrite = 1,
    Count_eOmniClientCopy
} OmniClientCopyBehavior;

typedef enum OmniClientChannelEvent {
    eOmniClientChannelEvent_Error = 0,
    eOmniClientChannelEvent_Message = 1,
    eOmniClientChannelEvent_Hello = 2,
    eOmniClientChannelEvent_Join = 3,
    eOmniClientChannelEvent_Left = 4,
    eOmniClientChannelEvent_Deleted = 5,
    Count_eOmniClientChannelEvent
} OmniClientChannelEvent;

typedef enum OmniClientLiveUpdateType {
    eOmniClientLiveUpdateType_Remote = 0,
    eOmniClientLiveUpdateType_Local = 1,
    eOmniClientLiveUpdateType_More = 2,
    Count_eOmniClientLiveUpdateType
} OmniClientLiveUpdateType;

typedef enum OmniClientCacheBypassStatus {
    eOmniClientCacheBypassStatus_Enabled = 0,
    eOmniClientCacheBypassStatus_Disabled = 1,
    Count_eOmniClientCacheBypassStatus
} OmniClientCacheBypassStatus;

typedef enum OmniClientMetricsEvent {
    eOmniClientMetricsEvent_Grpc = 100,  /* extraInfo is a const OmniClientMetricsGrpc* */
    eOmniClientMetricsEvent_Http = 101   /* extraInfo is a const OmniClientMetricsHttp* */
} OmniClientMetricsEvent;

typedef enum OmniClientMetadataValueKind {
    eOmniClientMetadataValue_Null = 0,
    eOmniClientMetadataValue_String = 1,
    eOmniClientMetadataValue_Bool = 2,
    eOmniClientMetadataValue_Number = 3,
    eOmniClientMetadataValue_Json = 4
} OmniClientMetadataValueKind;

typedef enum OmniClientLiveSessionEventType {
    eOmniClientLiveSessionEvent_Connection = 0,
    eOmniClientLiveSessionEvent_Joined = 1,
    eOmniClientLiveSessionEvent_Left = 2,
    eOmniClientLiveSessionEvent_Message = 3
} OmniClientLiveSessionEventType;

/* ---- structures (LP64 sizes in comments; checked by cpp/tests/capi/abi_layout.c) ----------- */

/* Bytes with their release function: `free` NULL means the memory belongs to someone else. (24) */
typedef struct OmniClientContent {
    void* buffer;
    size_t size;
    void (*free)(void* buffer);
} OmniClientContent;

/* A parsed URL; absent parts are NULL. isRaw: it was a raw local path (only `path` set). (64) */
typedef struct OmniClientUrl {
    const char* scheme;
    const char* user;
    const char* host;
    const char* port;
    const char* path;
    const char* query;
    const char* fragment;
    bool isRaw;
} OmniClientUrl;

/* One item of a listing or a stat; times are nanoseconds since 1970 (0: unknown). (104) */
typedef struct OmniClientListEntry {
    const char* relativePath;
    uint32_t access;  /* OmniClientAccessFlags */
    uint32_t flags;   /* OmniClientItemFlags */
    uint64_t size;
    uint64_t modifiedTimeNs;
    uint64_t createdTimeNs;
    const char* modifiedBy;
    const char* createdBy;
    const char* version;
    const char* hash;
    const char* comment;
    uint64_t deletedTimeNs;
    const char* deletedBy;
    const char* lockedBy;
} OmniClientListEntry;

/* What a write produced. (16) */
typedef struct OmniClientWriteFileExInfo {
    const char* version;
    const char* hash;
} OmniClientWriteFileExInfo;

/* Options of omniClientWriteFileEx2; set version to 1. [layout: D only, unverified] */
typedef struct OmniClientWriteFileEx2Options {
    uint32_t version;
    bool skip_checkpoint;
    const char* message;
} OmniClientWriteFileEx2Options;

/* A branch and a checkpoint number, from a query. (16) */
typedef struct OmniClientBranchAndCheckpoint {
    const char* branch;
    uint64_t checkpoint;
} OmniClientBranchAndCheckpoint;

/* A user or group and its OmniClientAccessFlags. (16) */
typedef struct OmniClientAclEntry {
    const char* name;
    uint32_t access;
} OmniClientAclEntry;

/* What an authentication callback fills: abort, or a token, or a username and password. (80) */
typedef struct OmniClientCredentials {
    bool abort;
    struct OmniClientContent token;
    struct OmniClientContent username;
    struct OmniClientContent password;
} OmniClientCredentials;

/* Retry timing of transient failures, in milliseconds (defaults 120000, 100, 100). (12) */
typedef struct OmniClientRetryBehavior {
    uint32_t maxMs;
    uint32_t baseMs;
    uint32_t jitterMs;
} OmniClientRetryBehavior;

/* What a server says about itself and the connection. (40) */
typedef struct OmniClientServerInfo {
    const char* version;
    const char* username;
    const char* authToken;
    const char* connectionId;
    bool cacheEnabled;
    bool omniObjectsEnabled;
    bool checkpointsEnabled;
    bool atomicCheckpoints;
    bool undeleteEnabled;
} OmniClientServerInfo;

/* A named URL. (16) */
typedef struct OmniClientBookmark {
    const char* name;
    const char* url;
} OmniClientBookmark;

/* The codes of a device sign-in. (32) [D only] */
typedef struct OmniClientAuthDeviceFlowParams {
    const char* server;
    const char* url;
    const char* code;
    uint32_t expiration;
} OmniClientAuthDeviceFlowParams;

/* One live session of a layer. (32) [D only] */
typedef struct OmniClientLiveSessionInfo {
    const char* sessionUrl;
    const char* sessionName;
    const char* sessionOwner;
    uint64_t modifiedTimestamp;
} OmniClientLiveSessionInfo;

/* Something that happened in a joined live session. (48) [D only] */
typedef struct OmniClientLiveSessionEvent {
    OmniClientLiveSessionEventType eventType;
    const char* connectionId;
    const char* userName;
    const char* appName;
    const void* messageData;
    size_t messageSize;
} OmniClientLiveSessionEvent;

/* One user metadata value of an item. (32) [D only] */
typedef struct OmniClientMetadataEntry {
    const char* key;
    const char* value;
    const char* etag;
    OmniClientMetadataValueKind kind;
} OmniClientMetadataEntry;

/* Metrics of one gRPC call. (32) [D only] */
typedef struct OmniClientMetricsGrpc {
    uint16_t grpcStatusCode;
    uint64_t durationNs;
    const char* callName;
    const char* parameters;
} OmniClientMetricsGrpc;

/* Metrics of one HTTP request. (48) [D only] */
typedef struct OmniClientMetricsHttp {
    uint16_t httpStatusCode;
    uint64_t durationNs;
    const char* method;
    const char* url;
    uint64_t bytesUploaded;
    uint64_t bytesDownloaded;
} OmniClientMetricsHttp;

/* A failed server request, for omniClientRegisterErrorCallback. [layout: this library's; the original's is unpublished] */
typedef struct OmniClientErrorInfo {
    const char* operation;
    const char* url;
    const char* message;
    int32_t httpErrorCode;
    int32_t grpcErrorCode;
} OmniClientErrorInfo;

/* Opaque: their layouts are unpublished. */
struct OmniIDLCPPInitializerReactor;
struct OmniClientStorageRegistrationInfo;

/* What a queued-update callback (omniClientLiveRegisterQueuedCallback2) is told: a version of
   `url` was queued (Remote), or live processing left versions waiting (More: `url` NULL, ids 0,
   `serverTime` that of the next one). Valid during the callback only. The layout is the one the
   2.75.1 binary passes (seen from a C program; its header is unpublished). */
typedef struct OmniClientLiveUpdateInfo {
    OmniClientLiveUpdateType updateType;
    OmniClientResult result;
    const struct OmniClientUrl* url;
    uint64_t objectId;
    uint64_t sequenceNum;
    uint64_t serverTime; /* µs since the epoch, the server's clock */
} OmniClientLiveUpdateInfo;

/* ---- callbacks ----------------------------------------------------------------------------- */

typedef void (*OmniClientLogCallback)(const char* threadName, const char* component, OmniClientLogLevel level, const char* message);
typedef void (*OmniClientConnectionStatusCallback)(void* userData, const char* url, OmniClientConnectionStatus status);
typedef void (*OmniClientFileStatusCallback)(void* userData, const char* url, OmniClientFileStatus status, int percentage);
typedef void (*OmniClientCacheBypassStatusCallback)(void* userData, OmniClientCacheBypassStatus status);
typedef void (*OmniClientErrorCallback)(void* userData, const struct OmniClientErrorInfo* info);
typedef void (*OmniClientMetricsCallback)(void* userData, OmniClientMetricsEvent event, const void* extraInfo);
/* Returns true when it filled `credentials`; false lets the next registration (or a sign-in) answer. */
typedef bool (*OmniClientAuthCallback)(void* userData, const char* prefix, struct OmniClientCredentials* credentials);
typedef void (*OmniClientAuthenticationMessageBoxCallback)(void* userData, bool show, const char* server, uint32_t authHandle);
/* `params` NULL: the sign-in `authHandle` is over. */
typedef void (*OmniClientAuthDeviceFlowCallback)(void* userData, uint32_t authHandle, const struct OmniClientAuthDeviceFlowParams* params);
typedef bool (*OmniClientStorageAuthCallback)(void* userData, uint32_t authHandle, const char* server);

typedef void (*OmniClientStatCallback)(void* userData, OmniClientResult result, const struct OmniClientListEntry* entry);
typedef void (*OmniClientStatSubscribeCallback)(void* userData, OmniClientResult result, OmniClientListEvent listEvent, const struct OmniClientListEntry* entry);
typedef void (*OmniClientListCallback)(void* userData, OmniClientResult result, uint32_t numEntries, const struct OmniClientListEntry* entries);
typedef void (*OmniClientListCheckpointsCallback)(void* userData, OmniClientResult result, uint32_t numEntries, const struct OmniClientListEntry* entries);
typedef void (*OmniClientListSubscribeCallback)(void* userData, OmniClientResult result, OmniClientListEvent listEvent, const struct OmniClientListEntry* entry);
typedef void (*OmniClientResolveCallback)(void* userData, OmniClientResult result, const struct OmniClientListEntry* entry, const char* url);
typedef void (*OmniClientResolveSubscribeCallback)(void* userData, OmniClientResult result, OmniClientListEvent listEvent, const struct OmniClientListEntry* entry, const char* url);
typedef void (*OmniClientDeleteCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientUndeleteCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientObliterateCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientCopyCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientCreateFolderCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientWriteFileCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientSendMessageCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientLiveSendMessageCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientSetAclsCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientLockCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientUnlockCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientCreateGroupCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientRenameGroupCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientAddUserToGroupCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientRemoveUserFromGroupCallback)(void* userData, OmniClientResult result);
typedef void (*OmniClientMoveCallback)(void* userData, OmniClientResult result, bool copied);
typedef void (*OmniClientWriteFileExCallback)(void* userData, OmniClientResult result, const struct OmniClientWriteFileExInfo* info);
/* [D/P only] the new file's version and hash. */
typedef void (*OmniClientCreateWithHashCallback)(void* userData, OmniClientResult result, const char* version, const char* hash);
typedef void (*OmniClientReadFileCallback)(void* userData, OmniClientResult result, const char* version, struct OmniClientContent* content);
typedef void (*OmniClientGetLocalFileCallback)(void* userData, OmniClientResult result, const char* localFilePath);
typedef void (*OmniClientJoinChannelCallback)(void* userData, OmniClientResult result, OmniClientChannelEvent eventType, const char* from, struct OmniClientContent* content);
typedef void (*OmniClientGetAclsCallback)(void* userData, OmniClientResult result, uint32_t numEntries, struct OmniClientAclEntry* entries);
typedef void (*OmniClientGetMetadataCallback)(void* userData, OmniClientResult result, uint32_t numEntries, struct OmniClientMetadataEntry* entries);
typedef void (*OmniClientCreateCheckpointCallback)(void* userData, OmniClientResult result, const char* checkpointQuery);
typedef void (*OmniClientGetGroupsCallback)(void* userData, OmniClientResult result, uint64_t count, const char** groups);
typedef void (*OmniClientGetGroupUsersCallback)(void* userData, OmniClientResult result, uint64_t count, const char** users);
typedef void (*OmniClientGetUsersCallback)(void* userData, OmniClientResult result, uint64_t count, const char** users);
typedef void (*OmniClientGetUserGroupsCallback)(void* userData, OmniClientResult result, uint64_t count, const char** groups);
typedef void (*OmniClientRemoveGroupCallback)(void* userData, OmniClientResult result, uint64_t changeCount);
typedef void (*OmniClientGetServerInfoCallback)(void* userData, OmniClientResult result, const struct OmniClientServerInfo* info);
typedef void (*OmniClientRefreshAuthTokenCallback)(void* userData, OmniClientResult result, const char* authToken);
typedef void (*OmniClientGetOmniHubVersionCallback)(void* userData, OmniClientResult result, const char* version);
typedef void (*OmniClientGetOmniHubHttpUriCallback)(void* userData, OmniClientResult result, const char* uri);
/* [D/P only] the storage URLs registered. */
typedef void (*OmniClientRegisterStorageCallback)(void* userData, OmniClientResult result, uint32_t count, const char** urls);
typedef void (*OmniClientBookmarkCallback)(void* userData, const struct OmniClientBookmark* bookmarks, size_t numBookmarks);
typedef void (*OmniClientLiveQueuedCallback)(void);
typedef void (*OmniClientLiveQueuedCallback2)(void* userData, struct OmniClientLiveUpdateInfo* info);
typedef void (*OmniClientLiveProcessUpdatesCallback)(void* userData);
typedef void (*OmniClientLiveReadCallback)(void* userData, OmniClientResult result, uint64_t objectId, uint64_t sequenceNum, struct OmniClientContent* content);
typedef void (*OmniClientLiveCreateCallback)(void* userData, OmniClientResult result, uint64_t objectId, uint64_t sequenceNum);
typedef void (*OmniClientLiveUpdateCallback)(void* userData, OmniClientResult result, uint64_t sequenceNum, uint64_t requestId);
typedef void (*OmniClientLiveListSessionsCallback)(void* userData, OmniClientResult result, uint32_t count, const struct OmniClientLiveSessionInfo* sessions);
typedef void (*OmniClientLiveCreateSessionCallback)(void* userData, OmniClientResult result, const char* sessionUrl);
/* [callback shape: D only, unverified] */
typedef void (*OmniClientLiveSessionEventCallback)(void* userData, OmniClientResult result, const struct OmniClientLiveSessionEvent* event);

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- lifetime ---------------------------------------------------------------------------- */

/* Starts the library for a caller built against `version` (pass kOmniClientVersion); false when
 * the versions are incompatible. Optional: the first call of any other function starts it too. */
OMNICLIENT_API bool omniClientInitialize(uint64_t version) OMNICLIENT_NOEXCEPT;
/* Cancels every request (their callbacks get an error) and stops the library's threads; done at
 * exit for a program that does not call it. */
OMNICLIENT_API void omniClientShutdown(void) OMNICLIENT_NOEXCEPT;
/* True while omniClientShutdown is running. */
OMNICLIENT_API bool omniClientIsShuttingDown(void) OMNICLIENT_NOEXCEPT;
/* This library's version text; static, never free it. */
OMNICLIENT_API const char* omniClientGetVersionString(void) OMNICLIENT_NOEXCEPT;
/* Names the application (any argument may be NULL) in what is sent to servers. */
OMNICLIENT_API void omniClientSetProductInfo(const char* name, const char* version, const char* extra) OMNICLIENT_NOEXCEPT;
/* Static English text for a result. */
OMNICLIENT_API const char* omniClientGetResultString(OmniClientResult result) OMNICLIENT_NOEXCEPT;
/* Cancels a request; when it returns, none of the request's callbacks runs or will run. */
OMNICLIENT_API void omniClientStop(OmniClientRequestId requestId) OMNICLIENT_NOEXCEPT;
/* Blocks until the request's callback has returned (a subscription's first one); at once for unknown ids. */
OMNICLIENT_API void omniClientWait(OmniClientRequestId requestId) OMNICLIENT_NOEXCEPT;
/* omniClientWait for at most `milliseconds`: false if the request is still running then. */
OMNICLIENT_API bool omniClientWaitFor(OmniClientRequestId requestId, uint64_t milliseconds) OMNICLIENT_NOEXCEPT;
/* The original's internal event reactor; this library has none and returns NULL. */
OMNICLIENT_API struct OmniIDLCPPInitializerReactor* omniClientGetReactor(void) OMNICLIENT_NOEXCEPT;
/* Writes the operations recorded since omniClientTraceStart to a Chrome trace file
 * ($OMNI_TRACE_FILE, or omniclient-trace-<pid>.json in the temp folder). */
OMNICLIENT_API void omniClientWriteChromeTrace(void) OMNICLIENT_NOEXCEPT;
/* Starts recording every operation as a trace span; true when recording. */
OMNICLIENT_API bool omniClientTraceStart(void) OMNICLIENT_NOEXCEPT;
/* Stops recording trace spans. */
OMNICLIENT_API void omniClientTraceStop(void) OMNICLIENT_NOEXCEPT;

/* ---- logging (valid before omniClientInitialize) ------------------------------------------ */

/* Sends log messages to `callback` on the library's log thread; NULL prints them to stderr again. */
OMNICLIENT_API void omniClientSetLogCallback(OmniClientLogCallback callback) OMNICLIENT_NOEXCEPT;
/* Drops messages below `level`. */
OMNICLIENT_API void omniClientSetLogLevel(OmniClientLogLevel level) OMNICLIENT_NOEXCEPT;
/* Static name of a level ("Debug", ..., "Error"). */
OMNICLIENT_API const char* omniClientGetLogLevelString(OmniClientLogLevel level) OMNICLIENT_NOEXCEPT;
/* One-letter name of a level ('D', 'V', 'I', 'W', 'E'). */
OMNICLIENT_API char omniClientGetLogLevelChar(OmniClientLogLevel level) OMNICLIENT_NOEXCEPT;
/* Logs `message` under `component` (NULL: "") through the library's log sink. [signature: B, by disassembly] */
OMNICLIENT_API void omniClientLog(const char* component, OmniClientLogLevel level, const char* message) OMNICLIENT_NOEXCEPT;

/* ---- settings ------------------------------------------------------------------------------ */

/* Makes URLs starting with `src` start with `dst` instead; dst NULL removes the alias. */
OMNICLIENT_API void omniClientSetAlias(const char* src, const char* dst) OMNICLIENT_NOEXCEPT;
/* Sets how transient failures are retried; returns the previous setting. */
OMNICLIENT_API struct OmniClientRetryBehavior omniClientSetRetries(struct OmniClientRetryBehavior behavior) OMNICLIENT_NOEXCEPT;
/* While true, stat and list ask the server every time instead of a listing cache. */
OMNICLIENT_API void omniClientBypassListCache(bool bypass) OMNICLIENT_NOEXCEPT;
/* Forgets cached listings of the server of `url`; false when its provider keeps none. */
OMNICLIENT_API bool omniClientClearListCache(const char* url) OMNICLIENT_NOEXCEPT;
/* Adds an HTTP header to every HTTP request; value NULL removes it. */
OMNICLIENT_API void omniClientSetHttpHeader(const char* key, const char* value) OMNICLIENT_NOEXCEPT;
/* Sets whether the Nucleus cache service is bypassed; returns the status. No such service here: always Disabled. */
OMNICLIENT_API OmniClientCacheBypassStatus omniClientSetCacheBypassStatus(OmniClientCacheBypassStatus status) OMNICLIENT_NOEXCEPT;
/* Static name of a cache bypass status. */
OMNICLIENT_API const char* omniClientGetCacheBypassStatusString(OmniClientCacheBypassStatus status) OMNICLIENT_NOEXCEPT;
/* Re-reads the configuration (this library reads none: no effect). */
OMNICLIENT_API void omniClientConfigReload(void) OMNICLIENT_NOEXCEPT;
/* A configuration value as text (free with omniClientConfigFreeString), or NULL: this library has none. */
OMNICLIENT_API const char* omniClientConfigGetString(const char* key) OMNICLIENT_NOEXCEPT;
/* Frees a string from omniClientConfigGetString; NULL is ignored. */
OMNICLIENT_API void omniClientConfigFreeString(const char* value) OMNICLIENT_NOEXCEPT;
/* Sets a configuration value (this library has no configuration: no effect). */
OMNICLIENT_API void omniClientConfigSetInt(const char* key, int64_t value) OMNICLIENT_NOEXCEPT;

/* ---- registrations: each returns a handle for omniClientUnregisterCallback ------------------ */

/* Calls `callback` whenever a connection to a server changes state. */
OMNICLIENT_API uint32_t omniClientRegisterConnectionStatusCallback(void* userData, OmniClientConnectionStatusCallback callback) OMNICLIENT_NOEXCEPT;
/* Static description of a connection status. */
OMNICLIENT_API const char* omniClientGetConnectionStatusString(OmniClientConnectionStatus status) OMNICLIENT_NOEXCEPT;
/* Calls `callback` when file operations start (0) and end (100), and in between as a copy between
 * stores (e.g. a local file to a server) moves its parts. */
OMNICLIENT_API uint32_t omniClientRegisterFileStatusCallback(void* userData, OmniClientFileStatusCallback callback) OMNICLIENT_NOEXCEPT;
/* Static name of a file status. */
OMNICLIENT_API const char* omniClientGetFileStatusString(OmniClientFileStatus status) OMNICLIENT_NOEXCEPT;
/* Registers for cache bypass changes; 0 (refused) here, where there is no cache service. */
OMNICLIENT_API uint32_t omniClientRegisterCacheBypassStatusCallback(void* userData, OmniClientCacheBypassStatusCallback callback) OMNICLIENT_NOEXCEPT;
/* Removes any registration; once it returns, that callback never runs again. */
OMNICLIENT_API void omniClientUnregisterCallback(uint32_t handle) OMNICLIENT_NOEXCEPT;
/* Calls `callback` with the details of failed server requests. */
OMNICLIENT_API uint32_t omniClientRegisterErrorCallback(void* userData, OmniClientErrorCallback callback) OMNICLIENT_NOEXCEPT;
/* Registers for per-request gRPC/HTTP metrics (not collected here: never called); 0 for a NULL callback. */
OMNICLIENT_API uint32_t omniClientRegisterMetricsCallback(void* userData, OmniClientMetricsCallback callback) OMNICLIENT_NOEXCEPT;
/* Replaces the "sign in with a browser" notice (none is shown here: never called). */
OMNICLIENT_API void omniClientSetAuthenticationMessageBoxCallback(void* userData, OmniClientAuthenticationMessageBoxCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- content ------------------------------------------------------------------------------- */

/* A new owned buffer of `size` bytes (uninitialized); for 0, no buffer but a release function. */
OMNICLIENT_API struct OmniClientContent omniClientAllocContent(size_t size) OMNICLIENT_NOEXCEPT;
/* A view of the caller's memory: the caller keeps ownership (free is NULL). */
OMNICLIENT_API struct OmniClientContent omniClientReferenceContent(void* buffer, size_t size) OMNICLIENT_NOEXCEPT;
/* Takes an owned content and empties `content`; a referenced one is copied instead. */
OMNICLIENT_API struct OmniClientContent omniClientMoveContent(struct OmniClientContent* content) OMNICLIENT_NOEXCEPT;
/* An owned copy of `content`. */
OMNICLIENT_API struct OmniClientContent omniClientCopyContent(const struct OmniClientContent* content) OMNICLIENT_NOEXCEPT;
/* Frees an owned content, then zeroes all its fields (content without a buffer is left as it is). */
OMNICLIENT_API void omniClientFreeContent(struct OmniClientContent* content) OMNICLIENT_NOEXCEPT;

/* ---- URLs (pure functions, callable from any thread) --------------------------------------- */

/* Parses a URL or a raw local path (then only `path` is set and isRaw is true); free with omniClientFreeUrl. */
OMNICLIENT_API struct OmniClientUrl* omniClientBreakUrl(const char* url) OMNICLIENT_NOEXCEPT;
/* Parses an RFC 3986 reference (may be relative, never raw); free with omniClientFreeUrl. */
OMNICLIENT_API struct OmniClientUrl* omniClientBreakUrlReference(const char* urlReference) OMNICLIENT_NOEXCEPT;
/* Frees a parsed URL; NULL is ignored. */
OMNICLIENT_API void omniClientFreeUrl(struct OmniClientUrl* url) OMNICLIENT_NOEXCEPT;
/* Composes a URL from its parts, escaping them as needed. */
OMNICLIENT_API char* omniClientMakeUrl(const struct OmniClientUrl* url, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* The "file:" URL of a local path. */
OMNICLIENT_API char* omniClientMakeFileUrl(const char* path, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* The URL parsed and composed again: dot segments resolved, case and ports normalized. */
OMNICLIENT_API char* omniClientNormalizeUrl(const char* url, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* Resolves `otherUrl` against `baseUrl` (RFC 3986; a trailing slash on the base matters). */
OMNICLIENT_API char* omniClientCombineUrls(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* omniClientCombineUrls with a parsed base and a parsed result; free with omniClientFreeUrl. */
OMNICLIENT_API struct OmniClientUrl* omniClientCombineUrls2(const struct OmniClientUrl* baseUrl, const char* otherUrl) OMNICLIENT_NOEXCEPT;
/* Resolves `otherUrl` against this thread's base URL (or the working folder). */
OMNICLIENT_API char* omniClientCombineWithBaseUrl(const char* otherUrl, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* omniClientCombineWithBaseUrl with a parsed result; free with omniClientFreeUrl. */
OMNICLIENT_API struct OmniClientUrl* omniClientCombineWithBaseUrl2(const char* otherUrl) OMNICLIENT_NOEXCEPT;
/* The shortest reference that gives `otherUrl` when combined with `baseUrl`. */
OMNICLIENT_API char* omniClientMakeRelativeUrl(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* The URL made safe to print: unsafe bytes escaped, safe escapes decoded. */
OMNICLIENT_API char* omniClientMakePrintable(const char* string, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* Pushes a base URL on this thread's stack. */
OMNICLIENT_API void omniClientPushBaseUrl(const char* baseUrl) OMNICLIENT_NOEXCEPT;
/* Pops `baseUrl` if it is the top of this thread's stack; false otherwise. */
OMNICLIENT_API bool omniClientPopBaseUrl(const char* baseUrl) OMNICLIENT_NOEXCEPT;
/* The top of this thread's base URL stack (valid until the stack changes), or NULL. */
OMNICLIENT_API const char* omniClientGetBaseUrl(void) OMNICLIENT_NOEXCEPT;
/* `url` with the escaped child name `childName` appended to its path. [signature: B, by disassembly] */
OMNICLIENT_API char* omniClientAppendChild(const char* url, const char* childName, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;
/* Reads "branch&checkpoint" from a query; free with omniClientFreeBranchAndCheckpoint. */
OMNICLIENT_API struct OmniClientBranchAndCheckpoint* omniClientGetBranchAndCheckpointFromQuery(const char* query) OMNICLIENT_NOEXCEPT;
/* Frees the result of omniClientGetBranchAndCheckpointFromQuery; NULL is ignored. */
OMNICLIENT_API void omniClientFreeBranchAndCheckpoint(struct OmniClientBranchAndCheckpoint* branchAndCheckpoint) OMNICLIENT_NOEXCEPT;
/* The query naming a branch and a checkpoint. */
OMNICLIENT_API char* omniClientMakeQueryFromBranchAndCheckpoint(const char* branch, uint64_t checkpoint, char* buffer, size_t* bufferSize) OMNICLIENT_NOEXCEPT;

/* ---- files and folders --------------------------------------------------------------------- */

/* Information about one item. */
OMNICLIENT_API OmniClientRequestId omniClientStat(const char* url, void* userData, OmniClientStatCallback callback) OMNICLIENT_NOEXCEPT;
/* omniClientStat that can also see deleted items. */
OMNICLIENT_API OmniClientRequestId omniClientStat2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientStatCallback callback) OMNICLIENT_NOEXCEPT;
/* Stats the item, then reports each change of it until stopped. */
OMNICLIENT_API OmniClientRequestId omniClientStatSubscribe(const char* url, void* userData, OmniClientStatCallback callback, OmniClientStatSubscribeCallback subscribeCallback) OMNICLIENT_NOEXCEPT;
/* omniClientStatSubscribe that can also see deleted items. */
OMNICLIENT_API OmniClientRequestId omniClientStatSubscribe2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientStatCallback callback, OmniClientStatSubscribeCallback subscribeCallback) OMNICLIENT_NOEXCEPT;
/* The items of a folder. */
OMNICLIENT_API OmniClientRequestId omniClientList(const char* url, void* userData, OmniClientListCallback callback) OMNICLIENT_NOEXCEPT;
/* omniClientList that can also list deleted items. */
OMNICLIENT_API OmniClientRequestId omniClientList2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientListCallback callback) OMNICLIENT_NOEXCEPT;
/* Lists the folder, then reports each change in it until stopped. */
OMNICLIENT_API OmniClientRequestId omniClientListSubscribe(const char* url, void* userData, OmniClientListCallback callback, OmniClientListSubscribeCallback subscribeCallback) OMNICLIENT_NOEXCEPT;
/* omniClientListSubscribe that can also see deleted items. */
OMNICLIENT_API OmniClientRequestId omniClientListSubscribe2(const char* url, OmniClientListIncludeOption includeOption, void* userData, OmniClientListCallback callback, OmniClientListSubscribeCallback subscribeCallback) OMNICLIENT_NOEXCEPT;
/* A file's whole content (the callback may keep it with omniClientMoveContent). */
OMNICLIENT_API OmniClientRequestId omniClientReadFile(const char* url, void* userData, OmniClientReadFileCallback callback) OMNICLIENT_NOEXCEPT;
/* Replaces a file's content; takes over `content`. */
OMNICLIENT_API OmniClientRequestId omniClientWriteFile(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileCallback callback, const char* message) OMNICLIENT_NOEXCEPT;
/* omniClientWriteFile whose callback gets the new version and hash. */
OMNICLIENT_API OmniClientRequestId omniClientWriteFileEx(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileExCallback callback, const char* message) OMNICLIENT_NOEXCEPT;
/* omniClientWriteFileEx with options, whose version must be 1: other options (or NULL) answer
 * ERROR_BAD_REQUEST and leave `content` with the caller. [options layout: D only, unverified] */
OMNICLIENT_API OmniClientRequestId omniClientWriteFileEx2(const char* url, struct OmniClientContent* content, void* userData, OmniClientWriteFileExCallback callback, const struct OmniClientWriteFileEx2Options* options) OMNICLIENT_NOEXCEPT;
/* Creates (or overwrites) a file from content the server already holds under `hash`. */
OMNICLIENT_API OmniClientRequestId omniClientCreateWithHash(const char* url, const char* hash, bool overwrite, void* userData, OmniClientCreateWithHashCallback callback, const char* message) OMNICLIENT_NOEXCEPT;
/* A local file holding the item's content (downloaded when `download`). */
OMNICLIENT_API OmniClientRequestId omniClientGetLocalFile(const char* url, bool download, void* userData, OmniClientGetLocalFileCallback callback) OMNICLIENT_NOEXCEPT;
/* Creates a folder. */
OMNICLIENT_API OmniClientRequestId omniClientCreateFolder(const char* url, void* userData, OmniClientCreateFolderCallback callback) OMNICLIENT_NOEXCEPT;
/* Deletes an item; a folder with everything in it. */
OMNICLIENT_API OmniClientRequestId omniClientDelete(const char* url, void* userData, OmniClientDeleteCallback callback) OMNICLIENT_NOEXCEPT;
/* Deletes a file or an empty folder. */
OMNICLIENT_API OmniClientRequestId omniClientDeleteSingle(const char* url, void* userData, OmniClientDeleteCallback callback) OMNICLIENT_NOEXCEPT;
/* Brings a deleted item back. */
OMNICLIENT_API OmniClientRequestId omniClientUndelete(const char* url, void* userData, OmniClientUndeleteCallback callback) OMNICLIENT_NOEXCEPT;
/* Removes an item for good (with its checkpoints when asked). */
OMNICLIENT_API OmniClientRequestId omniClientObliterate(const char* url, bool obliterateCheckpoints, void* userData, OmniClientObliterateCallback callback) OMNICLIENT_NOEXCEPT;
/* Copies a file or folder. */
OMNICLIENT_API OmniClientRequestId omniClientCopy(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Copies a file (a folder source is ERROR_WRONG_TYPE). */
OMNICLIENT_API OmniClientRequestId omniClientCopyFile(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Copies a folder (a file source is ERROR_WRONG_TYPE). */
OMNICLIENT_API OmniClientRequestId omniClientCopyFolder(const char* srcUrl, const char* dstUrl, void* userData, OmniClientCopyCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Moves a file or folder; the callback says whether it was copied then deleted. */
OMNICLIENT_API OmniClientRequestId omniClientMove(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Moves a file (a folder source is ERROR_WRONG_TYPE). */
OMNICLIENT_API OmniClientRequestId omniClientMoveFile(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Moves a folder (a file source is ERROR_WRONG_TYPE). */
OMNICLIENT_API OmniClientRequestId omniClientMoveFolder(const char* srcUrl, const char* dstUrl, void* userData, OmniClientMoveCallback callback, OmniClientCopyBehavior behavior, const char* message) OMNICLIENT_NOEXCEPT;
/* Finds `relativePath` as given, then under each search path and each default search path. */
OMNICLIENT_API OmniClientRequestId omniClientResolve(const char* relativePath, const char* const* searchPaths, uint32_t numSearchPaths, void* userData, OmniClientResolveCallback callback) OMNICLIENT_NOEXCEPT;
/* Resolves, then reports each change of the resolution until stopped. */
OMNICLIENT_API OmniClientRequestId omniClientResolveSubscribe(const char* relativePath, const char* const* searchPaths, uint32_t numSearchPaths, void* userData, OmniClientResolveCallback callback, OmniClientResolveSubscribeCallback subscribeCallback) OMNICLIENT_NOEXCEPT;
/* Locks a file against other users' changes. */
OMNICLIENT_API OmniClientRequestId omniClientLock(const char* url, void* userData, OmniClientLockCallback callback) OMNICLIENT_NOEXCEPT;
/* Releases a lock. */
OMNICLIENT_API OmniClientRequestId omniClientUnlock(const char* url, void* userData, OmniClientUnlockCallback callback) OMNICLIENT_NOEXCEPT;
/* The access control list of an item. */
OMNICLIENT_API OmniClientRequestId omniClientGetAcls(const char* url, void* userData, OmniClientGetAclsCallback callback) OMNICLIENT_NOEXCEPT;
/* Replaces the access control list of an item. */
OMNICLIENT_API OmniClientRequestId omniClientSetAcls(const char* url, uint32_t numEntries, struct OmniClientAclEntry* entries, void* userData, OmniClientSetAclsCallback callback) OMNICLIENT_NOEXCEPT;
/* The user metadata of an item. */
OMNICLIENT_API OmniClientRequestId omniClientGetMetadata(const char* url, void* userData, OmniClientGetMetadataCallback callback) OMNICLIENT_NOEXCEPT;
/* Checkpoints a file; the callback gets the checkpoint's query. */
OMNICLIENT_API OmniClientRequestId omniClientCreateCheckpoint(const char* url, const char* comment, bool force, void* userData, OmniClientCreateCheckpointCallback callback) OMNICLIENT_NOEXCEPT;
/* The checkpoints of a file. */
OMNICLIENT_API OmniClientRequestId omniClientListCheckpoints(const char* url, void* userData, OmniClientListCheckpointsCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- default search paths ------------------------------------------------------------------ */

/* Adds a path that every resolve tries after its own (newest first). */
OMNICLIENT_API void omniClientAddDefaultSearchPath(const char* searchPath) OMNICLIENT_NOEXCEPT;
/* Removes a default search path. */
OMNICLIENT_API void omniClientRemoveDefaultSearchPath(const char* searchPath) OMNICLIENT_NOEXCEPT;
/* Deprecated: writes nothing and returns 0, as the original 2.75; use omniClientGetDefaultSearchPaths2. */
OMNICLIENT_API uint32_t omniClientGetDefaultSearchPaths(const char** searchPaths, uint32_t maxSearchPaths) OMNICLIENT_NOEXCEPT;
/* The default search paths as a NULL-terminated list; free with omniClientFreeStringList. */
OMNICLIENT_API const char* const* omniClientGetDefaultSearchPaths2(void) OMNICLIENT_NOEXCEPT;
/* Frees a list from omniClientGetDefaultSearchPaths2; NULL is ignored. */
OMNICLIENT_API void omniClientFreeStringList(const char* const* list) OMNICLIENT_NOEXCEPT;

/* ---- authentication ------------------------------------------------------------------------ */

/* Asks `callback` for credentials when a server wants them (newest registration first). */
OMNICLIENT_API uint32_t omniClientRegisterAuthCallback(void* userData, OmniClientAuthCallback callback) OMNICLIENT_NOEXCEPT;
/* Cancels the interactive sign-in `authHandle`. */
OMNICLIENT_API void omniClientAuthenticationCancel(uint32_t authHandle) OMNICLIENT_NOEXCEPT;
/* Disconnects from the server of `url` and forgets its token. */
OMNICLIENT_API void omniClientSignOut(const char* url) OMNICLIENT_NOEXCEPT;
/* Retries the connection to the server of `url` now. */
OMNICLIENT_API void omniClientReconnect(const char* url) OMNICLIENT_NOEXCEPT;
/* A fresh authentication token for the server of `url`. */
OMNICLIENT_API OmniClientRequestId omniClientRefreshAuthToken(const char* url, void* userData, OmniClientRefreshAuthTokenCallback callback) OMNICLIENT_NOEXCEPT;
/* Calls `callback` with the codes of a device sign-in, then with NULL when it is over. */
OMNICLIENT_API uint32_t omniClientRegisterAuthDeviceFlowCallback(void* userData, OmniClientAuthDeviceFlowCallback callback) OMNICLIENT_NOEXCEPT;
/* Calls `callback` when a storage server wants an access token. */
OMNICLIENT_API uint32_t omniClientRegisterStorageAuthCallback(void* userData, OmniClientStorageAuthCallback callback) OMNICLIENT_NOEXCEPT;
/* Answers a storage authentication request (no storage provider here: false). */
OMNICLIENT_API bool omniClientSetStorageAccessToken(uint32_t authHandle, const char* token) OMNICLIENT_NOEXCEPT;

/* ---- servers, storage and Hub -------------------------------------------------------------- */

/* What the server of `url` says about itself and the connection. */
OMNICLIENT_API OmniClientRequestId omniClientGetServerInfo(const char* url, void* userData, OmniClientGetServerInfoCallback callback) OMNICLIENT_NOEXCEPT;
/* Configures the S3 bucket served at the host of `url` (ERROR when invalid, e.g. a bucket without a region). */
OMNICLIENT_API OmniClientResult omniClientSetS3Configuration(const char* url, const char* bucket, const char* region, const char* accessKeyId, const char* secretAccessKey, const char* cloudfrontUrl, bool cloudfrontForList, bool writeConfig) OMNICLIENT_NOEXCEPT;
/* omniClientSetS3Configuration with a session token. [parameter order: unverified] */
OMNICLIENT_API OmniClientResult omniClientSetS3Configuration2(const char* url, const char* bucket, const char* region, const char* accessKeyId, const char* secretAccessKey, const char* sessionToken, const char* cloudfrontUrl, bool cloudfrontForList, bool writeConfig) OMNICLIENT_NOEXCEPT;
/* omniClientSetS3Configuration2 with a canonical host. [parameter order: unverified] */
OMNICLIENT_API OmniClientResult omniClientSetS3Configuration3(const char* url, const char* bucket, const char* region, const char* accessKeyId, const char* secretAccessKey, const char* sessionToken, const char* cloudfrontUrl, bool cloudfrontForList, bool writeConfig, const char* canonicalHost) OMNICLIENT_NOEXCEPT;
/* Configures an Azure container's SAS token. */
OMNICLIENT_API OmniClientResult omniClientSetAzureSASToken(const char* host, const char* container, const char* sasToken, bool writeConfig) OMNICLIENT_NOEXCEPT;
/* Registers storage found through a discovery service (answers ERROR_NOT_SUPPORTED). */
OMNICLIENT_API OmniClientRequestId omniClientRegisterStorageFromDiscovery(const char* discoveryUrl, void* userData, OmniClientRegisterStorageCallback callback) OMNICLIENT_NOEXCEPT;
/* Registers storage described by `info` (answers ERROR_NOT_SUPPORTED). */
OMNICLIENT_API OmniClientRequestId omniClientRegisterStorageDirect(const struct OmniClientStorageRegistrationInfo* info, void* userData, OmniClientRegisterStorageCallback callback) OMNICLIENT_NOEXCEPT;
/* The local Hub's version (no Hub here: ERROR_NOT_SUPPORTED). */
OMNICLIENT_API OmniClientRequestId omniClientGetOmniHubVersion(void* userData, OmniClientGetOmniHubVersionCallback callback) OMNICLIENT_NOEXCEPT;
/* The local Hub's HTTP address (no Hub here: ERROR_NOT_SUPPORTED). */
OMNICLIENT_API OmniClientRequestId omniClientGetOmniHubHttpUri(void* userData, OmniClientGetOmniHubHttpUriCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- users and groups ---------------------------------------------------------------------- */

/* The groups of the server of `url`. */
OMNICLIENT_API OmniClientRequestId omniClientGetGroups(const char* url, void* userData, OmniClientGetGroupsCallback callback) OMNICLIENT_NOEXCEPT;
/* The members of `group`. */
OMNICLIENT_API OmniClientRequestId omniClientGetGroupUsers(const char* url, const char* group, void* userData, OmniClientGetGroupUsersCallback callback) OMNICLIENT_NOEXCEPT;
/* Creates a group. */
OMNICLIENT_API OmniClientRequestId omniClientCreateGroup(const char* url, const char* group, void* userData, OmniClientCreateGroupCallback callback) OMNICLIENT_NOEXCEPT;
/* Renames a group. */
OMNICLIENT_API OmniClientRequestId omniClientRenameGroup(const char* url, const char* group, const char* newGroup, void* userData, OmniClientRenameGroupCallback callback) OMNICLIENT_NOEXCEPT;
/* Removes a group; the callback gets how many changes the server made. */
OMNICLIENT_API OmniClientRequestId omniClientRemoveGroup(const char* url, const char* group, void* userData, OmniClientRemoveGroupCallback callback) OMNICLIENT_NOEXCEPT;
/* The users of the server of `url`. */
OMNICLIENT_API OmniClientRequestId omniClientGetUsers(const char* url, void* userData, OmniClientGetUsersCallback callback) OMNICLIENT_NOEXCEPT;
/* The groups `user` belongs to. */
OMNICLIENT_API OmniClientRequestId omniClientGetUserGroups(const char* url, const char* user, void* userData, OmniClientGetUserGroupsCallback callback) OMNICLIENT_NOEXCEPT;
/* Adds `user` to `group`. */
OMNICLIENT_API OmniClientRequestId omniClientAddUserToGroup(const char* url, const char* user, const char* group, void* userData, OmniClientAddUserToGroupCallback callback) OMNICLIENT_NOEXCEPT;
/* Removes `user` from `group`. */
OMNICLIENT_API OmniClientRequestId omniClientRemoveUserFromGroup(const char* url, const char* user, const char* group, void* userData, OmniClientRemoveUserFromGroupCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- bookmarks ----------------------------------------------------------------------------- */

/* Saves a named URL in the user's Omniverse settings. */
OMNICLIENT_API void omniClientAddBookmark(const char* name, const char* url) OMNICLIENT_NOEXCEPT;
/* Removes a saved bookmark. */
OMNICLIENT_API void omniClientRemoveBookmark(const char* name) OMNICLIENT_NOEXCEPT;
/* Calls `callback` with all bookmarks now and after each change, until stopped. */
OMNICLIENT_API OmniClientRequestId omniClientListBookmarks(void* userData, OmniClientBookmarkCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- live layers, sessions and channels ---------------------------------------------------- */

/* Deprecated: sets one function called once per batch of live versions queued. */
OMNICLIENT_API void omniClientLiveSetQueuedCallback(OmniClientLiveQueuedCallback callback) OMNICLIENT_NOEXCEPT;
/* Registers `callback`, called on the callback thread whenever a live version is queued for
   omniClientLiveProcess and when omniClientLiveProcessUpTo left versions waiting. */
OMNICLIENT_API uint32_t omniClientLiveRegisterQueuedCallback2(void* userData, OmniClientLiveQueuedCallback2 callback) OMNICLIENT_NOEXCEPT;
/* Registers a hook run before queued updates are applied (never called here). */
OMNICLIENT_API uint32_t omniClientLiveRegisterProcessUpdatesCallback(void* userData, OmniClientLiveProcessUpdatesCallback callback) OMNICLIENT_NOEXCEPT;
/* Applies the queued live updates on the calling (main) thread. */
OMNICLIENT_API void omniClientLiveProcess(void) OMNICLIENT_NOEXCEPT;
/* Applies the queued live updates of `url` up to `serverTime`. */
OMNICLIENT_API void omniClientLiveProcessUpTo(const char* url, uint64_t serverTime) OMNICLIENT_NOEXCEPT;
/* The newest server time seen for `url` (0: none). */
OMNICLIENT_API uint64_t omniClientLiveGetLatestServerTime(const char* url) OMNICLIENT_NOEXCEPT;
/* Waits until the live updates sent are acknowledged. */
OMNICLIENT_API void omniClientLiveWaitForPendingUpdates(void) OMNICLIENT_NOEXCEPT;
/* Tunes the delay that smooths received live updates (no effect here). */
OMNICLIENT_API void omniClientLiveConfigureJitterReduction(uint32_t delayConstantMs, uint32_t delayMultiple, uint32_t delayMaximumMs) OMNICLIENT_NOEXCEPT;
/* Reads a live object and subscribes to its updates. */
OMNICLIENT_API OmniClientRequestId omniClientLiveRead(const char* url, uint64_t haveObjectId, uint64_t haveSequenceNum, void* userData, OmniClientLiveReadCallback callback) OMNICLIENT_NOEXCEPT;
/* omniClientLiveRead, newer protocol. */
OMNICLIENT_API OmniClientRequestId omniClientLiveRead2(const char* url, uint64_t haveObjectId, uint64_t haveSequenceNum, void* userData, OmniClientLiveReadCallback callback) OMNICLIENT_NOEXCEPT;
/* Creates a live object from `content` (taken over). */
OMNICLIENT_API OmniClientRequestId omniClientLiveCreate(const char* url, struct OmniClientContent* content, void* userData, OmniClientLiveCreateCallback callback) OMNICLIENT_NOEXCEPT;
/* Sends an update of a live object (`content` taken over). */
OMNICLIENT_API OmniClientRequestId omniClientLiveUpdate(const char* url, uint64_t objectId, struct OmniClientContent* content, void* userData, OmniClientLiveUpdateCallback callback) OMNICLIENT_NOEXCEPT;
/* omniClientLiveUpdate, newer protocol. */
OMNICLIENT_API OmniClientRequestId omniClientLiveUpdate2(const char* url, uint64_t objectId, struct OmniClientContent* content, void* userData, OmniClientLiveUpdateCallback callback) OMNICLIENT_NOEXCEPT;
/* The live sessions of a layer. */
OMNICLIENT_API OmniClientRequestId omniClientLiveListSessions(const char* baseLayerUrl, void* userData, OmniClientLiveListSessionsCallback callback) OMNICLIENT_NOEXCEPT;
/* Creates a live session of a layer; the callback gets its URL. */
OMNICLIENT_API OmniClientRequestId omniClientLiveCreateSession(const char* baseLayerUrl, const char* sessionName, void* userData, OmniClientLiveCreateSessionCallback callback) OMNICLIENT_NOEXCEPT;
/* Joins a live session; stopping the request leaves it. */
OMNICLIENT_API OmniClientRequestId omniClientLiveJoinSession(const char* sessionUrl, const char* appName, void* userData, OmniClientLiveSessionEventCallback callback) OMNICLIENT_NOEXCEPT;
/* Sends a message to a joined session (`content` taken over). */
OMNICLIENT_API OmniClientRequestId omniClientLiveSendMessage(OmniClientRequestId sessionId, struct OmniClientContent* content, void* userData, OmniClientLiveSendMessageCallback callback) OMNICLIENT_NOEXCEPT;
/* Deprecated channels: joins the channel of `url`; stopping the request leaves it. */
OMNICLIENT_API OmniClientRequestId omniClientJoinChannel(const char* url, void* userData, OmniClientJoinChannelCallback callback) OMNICLIENT_NOEXCEPT;
/* Deprecated channels: sends a message to a joined channel (`content` taken over). */
OMNICLIENT_API OmniClientRequestId omniClientSendMessage(OmniClientRequestId joinRequestId, struct OmniClientContent* content, void* userData, OmniClientSendMessageCallback callback) OMNICLIENT_NOEXCEPT;

/* ---- internal hooks of the original, exported for binary compatibility --------------------- */
/* Their signatures come from disassembly (argument counts) and their meaning is undocumented:
 * here they have no effect, and the block cache functions return 0. */

OMNICLIENT_API uint64_t omniClientBlockCacheStat(const char* a, const char* b, void* c, void* d, void* e, void* f) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API uint64_t omniClientBlockCacheGetOpen(const char* a, const char* b, void* c, void* d, void* e, void* f) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API uint64_t omniClientBlockCacheGetClose(void* a, void* b, void* c, void* d) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API uint64_t omniClientBlockCachePutOpen(void* a, void* b, void* c, void* d) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API uint64_t omniClientBlockCachePutCommit(void* a, void* b, void* c, void* d) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API uint64_t omniClientBlockCachePutAbort(void* a, void* b, void* c, void* d) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API void omniClientTestDisconnect(int enable) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API bool omniClientTestEnvironmentVariableEquals(const char* name, const char* value) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API void omniClientTestFailAuthentication(const char* url, int enable) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API void omniClientTestFailConnection(int enable) OMNICLIENT_NOEXCEPT;
OMNICLIENT_API void omniClientTestFailDiscovery(const char* url, int enable) OMNICLIENT_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* OMNICLIENT_H */
