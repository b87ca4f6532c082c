/* The struct layouts and enum sizes of NVIDIA's C API on Linux x86-64 (LP64), checked at compile
 * time in C and in C++: a change that would break programs built against the original fails the build. */
#ifndef OMNICLIENT_ABI_LAYOUT_H
#define OMNICLIENT_ABI_LAYOUT_H

#include <OmniClient.h>

#include <stddef.h>

#ifdef __cplusplus
#define ABI_ASSERT(condition) static_assert(condition, #condition)
#else
#define ABI_ASSERT(condition) _Static_assert(condition, #condition)
#endif

ABI_ASSERT(sizeof(OmniClientRequestId) == 8);
ABI_ASSERT(sizeof(OmniClientResult) == 4 && sizeof(OmniClientListEvent) == 4 && sizeof(OmniClientLogLevel) == 4);
ABI_ASSERT(sizeof(bool) == 1);

ABI_ASSERT(sizeof(struct OmniClientContent) == 24);
ABI_ASSERT(offsetof(struct OmniClientContent, size) == 8 && offsetof(struct OmniClientContent, free) == 16);

ABI_ASSERT(sizeof(struct OmniClientUrl) == 64);
ABI_ASSERT(offsetof(struct OmniClientUrl, path) == 32 && offsetof(struct OmniClientUrl, fragment) == 48);
ABI_ASSERT(offsetof(struct OmniClientUrl, isRaw) == 56);

ABI_ASSERT(sizeof(struct OmniClientListEntry) == 104);
ABI_ASSERT(offsetof(struct OmniClientListEntry, access) == 8 && offsetof(struct OmniClientListEntry, flags) == 12);
ABI_ASSERT(offsetof(struct OmniClientListEntry, size) == 16 && offsetof(struct OmniClientListEntry, modifiedTimeNs) == 24);
ABI_ASSERT(offsetof(struct OmniClientListEntry, createdTimeNs) == 32 && offsetof(struct OmniClientListEntry, modifiedBy) == 40);
ABI_ASSERT(offsetof(struct OmniClientListEntry, createdBy) == 48 && offsetof(struct OmniClientListEntry, version) == 56);
ABI_ASSERT(offsetof(struct OmniClientListEntry, hash) == 64 && offsetof(struct OmniClientListEntry, comment) == 72);
ABI_ASSERT(offsetof(struct OmniClientListEntry, deletedTimeNs) == 80 && offsetof(struct OmniClientListEntry, deletedBy) == 88);
ABI_ASSERT(offsetof(struct OmniClientListEntry, lockedBy) == 96);

ABI_ASSERT(sizeof(struct OmniClientWriteFileExInfo) == 16);
ABI_ASSERT(sizeof(struct OmniClientBranchAndCheckpoint) == 16 && offsetof(struct OmniClientBranchAndCheckpoint, checkpoint) == 8);
ABI_ASSERT(sizeof(struct OmniClientAclEntry) == 16 && offsetof(struct OmniClientAclEntry, access) == 8);
ABI_ASSERT(sizeof(struct OmniClientCredentials) == 80);
ABI_ASSERT(offsetof(struct OmniClientCredentials, token) == 8 && offsetof(struct OmniClientCredentials, username) == 32);
ABI_ASSERT(offsetof(struct OmniClientCredentials, password) == 56);
ABI_ASSERT(sizeof(struct OmniClientRetryBehavior) == 12 && offsetof(struct OmniClientRetryBehavior, jitterMs) == 8);
ABI_ASSERT(sizeof(struct OmniClientServerInfo) == 40);
ABI_ASSERT(offsetof(struct OmniClientServerInfo, cacheEnabled) == 32 && offsetof(struct OmniClientServerInfo, undeleteEnabled) == 36);
ABI_ASSERT(sizeof(struct OmniClientBookmark) == 16);
ABI_ASSERT(sizeof(struct OmniClientAuthDeviceFlowParams) == 32 && offsetof(struct OmniClientAuthDeviceFlowParams, expiration) == 24);
ABI_ASSERT(sizeof(struct OmniClientLiveSessionInfo) == 32 && offsetof(struct OmniClientLiveSessionInfo, modifiedTimestamp) == 24);
ABI_ASSERT(sizeof(struct OmniClientLiveSessionEvent) == 48 && offsetof(struct OmniClientLiveSessionEvent, connectionId) == 8);
ABI_ASSERT(offsetof(struct OmniClientLiveSessionEvent, messageSize) == 40);
ABI_ASSERT(sizeof(struct OmniClientMetadataEntry) == 32 && offsetof(struct OmniClientMetadataEntry, kind) == 24);
ABI_ASSERT(sizeof(struct OmniClientMetricsGrpc) == 32 && offsetof(struct OmniClientMetricsGrpc, durationNs) == 8);
ABI_ASSERT(sizeof(struct OmniClientMetricsHttp) == 48 && offsetof(struct OmniClientMetricsHttp, bytesDownloaded) == 40);

/* Values a program may have compiled in. */
ABI_ASSERT(eOmniClientResult_ErrorNotFound == 7 && eOmniClientResult_ErrorBadVersion == 8);
ABI_ASSERT(eOmniClientResult_ErrorUnsupportedVersion == 16 && eOmniClientResult_FolderNotEmpty == 14);
ABI_ASSERT(eOmniClientConnectionStatus_NoUsername == 5 && eOmniClientConnectionStatus_InvalidHost == 11);
ABI_ASSERT(eOmniClientFileStatus_Listing == 8 && eOmniClientFileStatus_Stating == 9);
ABI_ASSERT(fOmniClientAccess_Full == 7 && fOmniClientItem_IsDeleted == 1024);
ABI_ASSERT(eOmniClientListEvent_Obliterated == 7 && eOmniClientCopy_Overwrite == 1);
ABI_ASSERT(eOmniClientChannelEvent_Deleted == 5 && eOmniClientLiveUpdateType_More == 2);
ABI_ASSERT(eOmniClientCacheBypassStatus_Disabled == 1 && eOmniClientMetricsEvent_Http == 101);
ABI_ASSERT(kOmniClientVersion == 0x0002004B00000001ULL);

#endif
