/* URL functions of the omni.client C API: parse, compose, combine, relative, normalize.
 *
 * Pure functions, callable from any thread, with or without omniClientInitialize(). Inputs are
 * NUL-terminated UTF-8; a NULL input is treated as "". Functions returning strings use the
 * buffer-size protocol: pass a buffer and its size in *bufferSize; on success the result is copied
 * (NUL-terminated), *bufferSize is set to its size including the NUL and `buffer` is returned; when
 * the buffer is NULL or too small they return NULL and set *bufferSize to the size needed.
 */
#ifndef OMNICLIENT_URL_H
#define OMNICLIENT_URL_H

#include <stddef.h>
#include <stdint.h>

#ifndef OMNICLIENT_API
#if defined(OMNICLIENT_BUILDING)
#define OMNICLIENT_API __attribute__((visibility("default")))
#else
#define OMNICLIENT_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The parts of a URL; a NULL member is an absent part. Strings are UTF-8, percent-decoded for
 * user, host and path. isRaw is 1 when the URL was a raw local path (only path is set). */
typedef struct OmniUrl {
    const char* scheme;
    const char* user;
    const char* host;
    const char* port;
    const char* path;
    const char* query;
    const char* fragment;
    int isRaw;
} OmniUrl;

/* Breaks a full URL or raw local path ("/..." is raw) into parts; free with omniClientFreeUrl(). */
OMNICLIENT_API OmniUrl* omniClientBreakUrl(const char* url);
/* Breaks a URL reference (may be relative; no raw paths, no "omni:" mapping, no unwrapping). */
OMNICLIENT_API OmniUrl* omniClientBreakUrlReference(const char* url);
/* Frees a URL returned by omniClientBreakUrl() or omniClientBreakUrlReference(); NULL is ignored. */
OMNICLIENT_API void omniClientFreeUrl(OmniUrl* url);

/* Composes a URL from parts (NULL members are absent; isRaw is ignored), escaping each part as needed. */
OMNICLIENT_API char* omniClientMakeUrl(const OmniUrl* parts, char* buffer, size_t* bufferSize);
/* Resolves otherUrl against baseUrl (RFC 3986, non-strict) and normalizes the result. */
OMNICLIENT_API char* omniClientCombineUrls(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize);
/* Resolves otherUrl against this thread's base URL (or the working directory when none is pushed). */
OMNICLIENT_API char* omniClientCombineWithBaseUrl(const char* otherUrl, char* buffer, size_t* bufferSize);
/* Pushes a base URL on this thread's stack. */
OMNICLIENT_API void omniClientPushBaseUrl(const char* baseUrl);
/* Pops baseUrl if it is exactly the top of this thread's stack: returns 1, else 0. */
OMNICLIENT_API int omniClientPopBaseUrl(const char* baseUrl);
/* The top of this thread's base URL stack; NULL with *bufferSize = 0 when the stack is empty. */
OMNICLIENT_API char* omniClientGetBaseUrl(char* buffer, size_t* bufferSize);
/* A reference that gives otherUrl when combined with baseUrl (otherUrl normalized if they share no server). */
OMNICLIENT_API char* omniClientMakeRelativeUrl(const char* baseUrl, const char* otherUrl, char* buffer, size_t* bufferSize);
/* Parses and recomposes a URL: lower-case scheme and host, default ports dropped, dot segments resolved. */
OMNICLIENT_API char* omniClientNormalizeUrl(const char* url, char* buffer, size_t* bufferSize);
/* A "file:" URL for a local path ('%', ' ', '#', '?', '\' and non-ASCII escaped). */
OMNICLIENT_API char* omniClientMakeFileUrl(const char* path, char* buffer, size_t* bufferSize);
/* The URL with control characters, stray '%' and invalid UTF-8 escaped, safe to print. */
OMNICLIENT_API char* omniClientMakePrintable(const char* url, char* buffer, size_t* bufferSize);
/* baseUrl's path with the escaped child `name` appended; NULL with *bufferSize = 0 when baseUrl is
 * empty or name is "", "." or "..". */
OMNICLIENT_API char* omniClientJoinUrl(const char* baseUrl, const char* name, char* buffer, size_t* bufferSize);

/* Makes URLs starting with `alias` start with `value` instead, for every operation; value NULL removes it. */
OMNICLIENT_API void omniClientSetAlias(const char* alias, const char* value);
/* The URL with aliases applied, as operations see it. */
OMNICLIENT_API char* omniClientApplyAliases(const char* url, char* buffer, size_t* bufferSize);

/* Reads "branch&checkpoint" (or "branch=..&checkpoint=..") from a query: the branch goes to the
 * buffer, the checkpoint (0 when absent) to *checkpoint. */
OMNICLIENT_API char* omniClientGetBranchAndCheckpointFromQuery(const char* query, uint64_t* checkpoint, char* buffer,
                                                               size_t* bufferSize);
/* The query naming a branch and checkpoint ("branch&N", or "branch" when checkpoint is 0). */
OMNICLIENT_API char* omniClientMakeQueryFromBranchAndCheckpoint(const char* branch, uint64_t checkpoint, char* buffer,
                                                                size_t* bufferSize);

#ifdef __cplusplus
}
#endif

#endif /* OMNICLIENT_URL_H */
