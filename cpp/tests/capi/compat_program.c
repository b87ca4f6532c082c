/* A program written against NVIDIA's C API, built as C and as C++ with -Wall -Wextra -Werror, and
 * run against this library: every exported function is called at least once, with odd inputs
 * (NULL, empty strings, huge sizes) that must give a result, never a crash.
 *
 * Usage: compat_program <folder URL ending in '/'> [<user> <password>]
 * With a user, the folder is on a server, signed in through omniClientRegisterAuthCallback.
 * Prints one line per answer; exits 0 when every check held. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "abi_layout.h"
#include "program_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;
#define CHECK(condition)                                                                   \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            ++failures;                                                                    \
        }                                                                                  \
    } while (0)

/* What a callback saw. Written on the library's thread, read after omniClientWait. */
struct Answer {
    int calls;
    int events;
    OmniClientResult result;
    uint64_t number;
    bool flag;
    char text[1024];
};

static struct Answer answer;
static void reset(void) { memset(&answer, 0, sizeof answer); answer.result = Count_eOmniClientResult; }
static struct Answer* seen(void* user) { return (struct Answer*)user; }
static void keep_text(void* user, const char* text) {
    if (text) snprintf(seen(user)->text, sizeof seen(user)->text, "%s", text);
}
static bool valid_result(OmniClientResult r) { return r >= eOmniClientResult_Ok && r < Count_eOmniClientResult; }

/* Prints an answer and checks it came exactly once with a valid result. */
static OmniClientResult report(const char* what, OmniClientRequestId id) {
    omniClientWait(id);
    printf("%s: %s\n", what, omniClientGetResultString(answer.result));
    CHECK(answer.calls == 1);
    CHECK(valid_result(answer.result));
    return answer.result;
}

static void on_result(void* user, OmniClientResult r) { seen(user)->result = r; seen(user)->calls++; }
static void on_stat(void* user, OmniClientResult r, const struct OmniClientListEntry* e) {
    on_result(user, r);
    if (r == eOmniClientResult_Ok) { seen(user)->number = e->size; seen(user)->flag = (e->flags & fOmniClientItem_ReadableFile) != 0; }
}
static void on_list(void* user, OmniClientResult r, uint32_t n, const struct OmniClientListEntry* entries) {
    on_result(user, r);
    seen(user)->number = n;
    if (n) keep_text(user, entries[0].relativePath);
}
static void on_event(void* user, OmniClientResult r, OmniClientListEvent e, const struct OmniClientListEntry* entry) {
    (void)r; (void)e; (void)entry;
    __atomic_add_fetch(&seen(user)->events, 1, __ATOMIC_SEQ_CST);
}
static void on_read(void* user, OmniClientResult r, const char* version, struct OmniClientContent* content) {
    (void)version;
    on_result(user, r);
    if (!content || !content->buffer) return;
    struct OmniClientContent kept = omniClientMoveContent(content); /* ours now: the library must not free it */
    CHECK(content->buffer == NULL);
    seen(user)->number = kept.size;
    snprintf(seen(user)->text, sizeof seen(user)->text, "%.*s", (int)kept.size, (const char*)kept.buffer);
    omniClientFreeContent(&kept);
}
static void on_write_ex(void* user, OmniClientResult r, const struct OmniClientWriteFileExInfo* info) {
    on_result(user, r);
    seen(user)->flag = info && info->version && info->hash;
}
static void on_move(void* user, OmniClientResult r, bool copied) { on_result(user, r); seen(user)->flag = copied; }
static void on_text(void* user, OmniClientResult r, const char* text) { on_result(user, r); keep_text(user, text); }
static void on_names(void* user, OmniClientResult r, uint64_t n, const char** names) {
    on_result(user, r);
    seen(user)->number = n;
    if (n) keep_text(user, names[0]);
}
static void on_count(void* user, OmniClientResult r, uint64_t n) { on_result(user, r); seen(user)->number = n; }
static void on_acls(void* user, OmniClientResult r, uint32_t n, struct OmniClientAclEntry* e) { (void)e; on_result(user, r); seen(user)->number = n; }
static void on_metadata(void* user, OmniClientResult r, uint32_t n, struct OmniClientMetadataEntry* e) { (void)e; on_result(user, r); seen(user)->number = n; }
static void on_info(void* user, OmniClientResult r, const struct OmniClientServerInfo* info) { on_result(user, r); if (info) keep_text(user, info->version); }
static void on_resolve(void* user, OmniClientResult r, const struct OmniClientListEntry* e, const char* url) { (void)e; on_result(user, r); keep_text(user, url); }
static void on_resolve_event(void* user, OmniClientResult r, OmniClientListEvent ev, const struct OmniClientListEntry* e, const char* url) {
    (void)url; on_event(user, r, ev, e);
}
static void on_hash(void* user, OmniClientResult r, const char* version, const char* hash) { (void)version; on_text(user, r, hash); }
static void on_bookmarks(void* user, const struct OmniClientBookmark* marks, size_t n) {
    seen(user)->result = eOmniClientResult_Ok;
    seen(user)->number = n;
    if (n) keep_text(user, marks[0].url);
    __atomic_add_fetch(&seen(user)->calls, 1, __ATOMIC_SEQ_CST); /* last: the main thread polls it */
}
/* A live read's first answer only (OK_LATEST and later versions may follow before the check). */
static void on_live_read(void* user, OmniClientResult r, uint64_t id, uint64_t seq, struct OmniClientContent* c) {
    (void)id; (void)seq; (void)c;
    if (seen(user)->calls == 0) on_result(user, r);
}
static void on_live_ids(void* user, OmniClientResult r, uint64_t a, uint64_t b) { (void)b; on_result(user, r); seen(user)->number = a; }
static void on_sessions(void* user, OmniClientResult r, uint32_t n, const struct OmniClientLiveSessionInfo* s) {
    on_result(user, r);
    seen(user)->number = n;
    if (n == 1) {
        keep_text(user, s[0].sessionOwner);
        seen(user)->flag = strcmp(s[0].sessionName, "s") == 0 && s[0].modifiedTimestamp > (uint64_t)1000000000 * 1000000000;
    }
}
static void on_session_event(void* user, OmniClientResult r, const struct OmniClientLiveSessionEvent* e) {
    on_result(user, r);
    seen(user)->number = e ? (uint64_t)e->eventType : 99;
    if (e) keep_text(user, e->connectionId);
}
static void on_channel(void* user, OmniClientResult r, OmniClientChannelEvent e, const char* from, struct OmniClientContent* c) {
    (void)c;
    on_result(user, r);
    seen(user)->number = (uint64_t)e;
    keep_text(user, from);
}
static void on_storage(void* user, OmniClientResult r, uint32_t n, const char** urls) { (void)n; (void)urls; on_result(user, r); }

static int connected;
static void on_connection(void* user, const char* url, OmniClientConnectionStatus status) {
    (void)user; (void)url;
    if (status == eOmniClientConnectionStatus_Connected) __atomic_add_fetch(&connected, 1, __ATOMIC_SEQ_CST);
}
static int file_statuses;
static void on_file_status(void* user, const char* url, OmniClientFileStatus status, int percentage) {
    (void)user; (void)url; (void)status; (void)percentage;
    __atomic_add_fetch(&file_statuses, 1, __ATOMIC_SEQ_CST);
}
static void on_log(const char* thread, const char* component, OmniClientLogLevel level, const char* message) {
    (void)thread; (void)component; (void)level; (void)message;
}

/* Waits up to five seconds for a subscription's first event. */
static void wait_for_event(void) {
    for (int i = 0; i < 500 && __atomic_load_n(&answer.events, __ATOMIC_SEQ_CST) == 0; ++i) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

static void files(const char* base, bool server) {
    const char* dir = join(base, "capi/");
    const char* a = join(dir, "a.txt");
    const char* b = join(dir, "b.txt");
    const char* c = join(dir, "c.txt");
    const char* d = join(dir, "d.txt");
    const char* e = join(dir, "e.txt");

    reset(); CHECK(report("create folder", omniClientCreateFolder(dir, &answer, on_result)) == eOmniClientResult_Ok);
    struct OmniClientContent hello = text_content("hello");
    reset(); CHECK(report("write", omniClientWriteFile(a, &hello, &answer, on_result, "first")) == eOmniClientResult_Ok);
    CHECK(hello.buffer == NULL); /* taken over */
    char mine[] = "referenced";
    struct OmniClientContent view = omniClientReferenceContent(mine, strlen(mine));
    reset(); CHECK(report("write ex", omniClientWriteFileEx(b, &view, &answer, on_write_ex, NULL)) == eOmniClientResult_Ok);
    CHECK(answer.flag);
    struct OmniClientWriteFileEx2Options options = {1, true, "options"};
    struct OmniClientContent again = text_content("hello!");
    reset(); CHECK(report("write ex2", omniClientWriteFileEx2(b, &again, &answer, on_write_ex, &options)) == eOmniClientResult_Ok);

    reset(); CHECK(report("stat", omniClientStat(a, &answer, on_stat)) == eOmniClientResult_Ok);
    CHECK(answer.number == 5 && answer.flag);
    reset(); CHECK(report("stat2", omniClientStat2(b, eOmniClientListIncludeOption_IncludeDeleted, &answer, on_stat)) == eOmniClientResult_Ok);
    CHECK(answer.number == 6);
    reset(); CHECK(report("stat missing", omniClientStat(join(dir, "none"), &answer, on_stat)) == eOmniClientResult_ErrorNotFound);
    reset(); CHECK(report("list", omniClientList(dir, &answer, on_list)) == eOmniClientResult_Ok);
    CHECK(answer.number == 2);
    reset(); CHECK(report("list2", omniClientList2(dir, eOmniClientListIncludeOption_DefaultNotDeleted, &answer, on_list)) == eOmniClientResult_Ok);
    reset(); CHECK(report("read", omniClientReadFile(a, &answer, on_read)) == eOmniClientResult_Ok);
    CHECK(strcmp(answer.text, "hello") == 0);

    reset(); CHECK(report("copy", omniClientCopy(a, c, &answer, on_result, eOmniClientCopy_ErrorIfExists, "copied")) == eOmniClientResult_Ok);
    reset(); CHECK(report("copy onto existing", omniClientCopy(a, c, &answer, on_result, eOmniClientCopy_ErrorIfExists, NULL)) == eOmniClientResult_ErrorAlreadyExists);
    reset(); CHECK(report("copy file", omniClientCopyFile(a, c, &answer, on_result, eOmniClientCopy_Overwrite, NULL)) == eOmniClientResult_Ok);
    reset(); CHECK(report("move", omniClientMove(c, d, &answer, on_move, eOmniClientCopy_ErrorIfExists, NULL)) == eOmniClientResult_Ok);
    reset(); CHECK(report("move file", omniClientMoveFile(d, c, &answer, on_move, eOmniClientCopy_Overwrite, NULL)) == eOmniClientResult_Ok);
    /* Whether a folder copy or move of a file is refused depends on the store: printed only. */
    reset(); report("copy folder of a file", omniClientCopyFolder(a, e, &answer, on_result, eOmniClientCopy_Overwrite, NULL));
    reset(); report("move folder of a file", omniClientMoveFolder(c, e, &answer, on_move, eOmniClientCopy_Overwrite, NULL));
    omniClientWait(omniClientDelete(e, NULL, NULL));

    reset();
    OmniClientRequestId watch = omniClientStatSubscribe(a, &answer, on_stat, on_event);
    CHECK(report("stat subscribe", watch) == eOmniClientResult_Ok); /* a subscription's wait ends at its first answer */
    struct OmniClientContent change = text_content("changed");
    struct Answer written;
    memset(&written, 0, sizeof written);
    omniClientWait(omniClientWriteFile(a, &change, &written, on_result, NULL));
    wait_for_event();
    printf("stat subscribe events: %s\n", answer.events > 0 ? "some" : "none");
    CHECK(answer.events > 0);
    omniClientStop(watch);
    reset(); CHECK(report("stat subscribe2", omniClientStatSubscribe2(a, eOmniClientListIncludeOption_DefaultNotDeleted, &answer, on_stat, on_event)) == eOmniClientResult_Ok);
    reset();
    watch = omniClientListSubscribe(dir, &answer, on_list, on_event);
    CHECK(report("list subscribe", watch) == eOmniClientResult_Ok);
    struct OmniClientContent created = text_content("new");
    omniClientWait(omniClientWriteFile(d, &created, &written, on_result, NULL));
    wait_for_event();
    CHECK(answer.events > 0);
    omniClientStop(watch);
    reset(); CHECK(report("list subscribe2", omniClientListSubscribe2(dir, eOmniClientListIncludeOption_IncludeDeleted, &answer, on_list, on_event)) == eOmniClientResult_Ok);

    const char* search[] = {join(base, "elsewhere/"), dir};
    reset(); CHECK(report("resolve", omniClientResolve("a.txt", search, 2, &answer, on_resolve)) == eOmniClientResult_Ok);
    CHECK(strlen(answer.text) > 10 && strcmp(answer.text + strlen(answer.text) - 10, "capi/a.txt") == 0);
    reset(); CHECK(report("resolve subscribe", omniClientResolveSubscribe("a.txt", search, 2, &answer, on_resolve, on_resolve_event)) == eOmniClientResult_Ok);
    reset(); CHECK(report("get local file", omniClientGetLocalFile(a, true, &answer, on_text)) == eOmniClientResult_Ok);
    CHECK(answer.text[0] == '/');

    /* Answers that depend on what the store offers: printed, checked for shape only. */
    reset(); report("create checkpoint", omniClientCreateCheckpoint(a, "a comment", true, &answer, on_text));
    reset(); report("list checkpoints", omniClientListCheckpoints(a, &answer, on_list));
    reset(); report("lock", omniClientLock(a, &answer, on_result));
    reset(); report("unlock", omniClientUnlock(a, &answer, on_result));
    reset(); report("get acls", omniClientGetAcls(dir, &answer, on_acls));
    struct OmniClientAclEntry acl = {"users", fOmniClientAccess_Read};
    reset(); report("set acls", omniClientSetAcls(a, 1, &acl, &answer, on_result));
    reset(); report("get metadata", omniClientGetMetadata(a, &answer, on_metadata));
    reset(); report("create with hash", omniClientCreateWithHash(d, "sha256;0;0", false, &answer, on_hash, NULL));
    reset(); report("refresh auth token", omniClientRefreshAuthToken(base, &answer, on_text));
    reset(); report("server info", omniClientGetServerInfo(base, &answer, on_info));
    if (server) CHECK(answer.result == eOmniClientResult_Ok && answer.text[0]);
    reset(); report("get users", omniClientGetUsers(base, &answer, on_names));
    if (server) CHECK(answer.result == eOmniClientResult_Ok && answer.number > 0);
    reset(); report("get groups", omniClientGetGroups(base, &answer, on_names));
    reset(); report("create group", omniClientCreateGroup(base, "capi-group", &answer, on_result));
    reset(); report("rename group", omniClientRenameGroup(base, "capi-group", "capi-group2", &answer, on_result));
    reset(); report("add user to group", omniClientAddUserToGroup(base, auth_user ? auth_user : "u", "capi-group2", &answer, on_result));
    reset(); report("get group users", omniClientGetGroupUsers(base, "capi-group2", &answer, on_names));
    reset(); report("get user groups", omniClientGetUserGroups(base, auth_user ? auth_user : "u", &answer, on_names));
    reset(); report("remove user from group", omniClientRemoveUserFromGroup(base, auth_user ? auth_user : "u", "capi-group2", &answer, on_result));
    reset(); report("remove group", omniClientRemoveGroup(base, "capi-group2", &answer, on_count));

    reset(); CHECK(report("delete single of a folder with items", omniClientDeleteSingle(dir, &answer, on_result)) != eOmniClientResult_Ok);
    reset(); CHECK(report("delete", omniClientDelete(b, &answer, on_result)) == eOmniClientResult_Ok);
    reset(); report("undelete", omniClientUndelete(b, &answer, on_result));
    reset(); report("obliterate", omniClientObliterate(a, false, &answer, on_result));
    reset(); CHECK(report("delete folder", omniClientDelete(dir, &answer, on_result)) == eOmniClientResult_Ok);
}

/* NULL, empty and huge inputs: a result, never a crash. */
static void odd_inputs(const char* base) {
    reset(); CHECK(report("stat NULL", omniClientStat(NULL, &answer, on_stat)) == eOmniClientResult_ErrorBadRequest);
    reset(); CHECK(report("list empty", omniClientList("", &answer, on_list)) == eOmniClientResult_ErrorBadRequest);
    reset(); report("write NULL content", omniClientWriteFile(join(base, "capi-null.txt"), NULL, &answer, on_result, NULL));
    reset(); report("delete it", omniClientDelete(join(base, "capi-null.txt"), &answer, on_result));
    reset(); CHECK(report("read NULL", omniClientReadFile(NULL, &answer, on_read)) == eOmniClientResult_ErrorBadRequest);
    reset(); CHECK(report("copy NULL", omniClientCopy(NULL, NULL, &answer, on_result, eOmniClientCopy_Overwrite, NULL)) == eOmniClientResult_ErrorBadRequest);
    reset(); report("resolve NULL", omniClientResolve(NULL, NULL, 7, &answer, on_resolve));
    reset(); report("set acls NULL", omniClientSetAcls(base, 3, NULL, &answer, on_result));
    OmniClientRequestId quiet = omniClientStat(base, NULL, NULL); /* no callback at all */
    CHECK(quiet != 0);
    omniClientWait(quiet);
    omniClientWait(0);
    omniClientStop(0);
    CHECK(omniClientWaitFor(123456789, 1));

    struct OmniClientContent huge = omniClientAllocContent((size_t)-1);
    CHECK(huge.buffer == NULL);
    omniClientFreeContent(&huge);
    omniClientFreeContent(NULL);
    struct OmniClientContent none = omniClientMoveContent(NULL);
    CHECK(none.buffer == NULL);
    none = omniClientCopyContent(NULL);
    CHECK(none.buffer == NULL);

    size_t size = 0;
    CHECK(omniClientNormalizeUrl("omniverse://h/a/./b/../c", NULL, &size) == NULL);
    CHECK(size == strlen("omniverse://h/a/c") + 1);
    CHECK(omniClientMakeUrl(NULL, NULL, NULL) == NULL);
    struct OmniClientUrl* parsed = omniClientBreakUrl(NULL);
    CHECK(parsed != NULL);
    omniClientFreeUrl(parsed);
    omniClientFreeUrl(NULL);
    CHECK(omniClientGetResultString((OmniClientResult)1000) != NULL);
    CHECK(omniClientGetConnectionStatusString((OmniClientConnectionStatus)-5) != NULL);
    CHECK(omniClientGetFileStatusString((OmniClientFileStatus)99) != NULL);
    CHECK(omniClientGetLogLevelString((OmniClientLogLevel)99) != NULL);
    omniClientLog(NULL, (OmniClientLogLevel)99, NULL);
    omniClientSetAlias(NULL, NULL);
    omniClientPushBaseUrl(NULL);
    omniClientPopBaseUrl(NULL);
    omniClientAddDefaultSearchPath(NULL);
    omniClientRemoveDefaultSearchPath(NULL);
    omniClientSetHttpHeader(NULL, NULL);
    omniClientSetProductInfo(NULL, NULL, NULL);
    omniClientSignOut(NULL);
    omniClientReconnect(NULL);
    CHECK(!omniClientClearListCache(NULL));
    omniClientAddBookmark(NULL, NULL);
    omniClientRemoveBookmark(NULL);
}

static void urls(void) {
    char buffer[256];
    size_t size = sizeof buffer;
    CHECK(omniClientMakeFileUrl("/tmp/x", buffer, &size) == buffer && strcmp(buffer, "file:/tmp/x") == 0);
    size = sizeof buffer;
    CHECK(omniClientCombineUrls("omniverse://h/a/b", "c", buffer, &size) && strcmp(buffer, "omniverse://h/a/c") == 0);
    size = sizeof buffer;
    CHECK(omniClientMakeRelativeUrl("omniverse://h/a/b/c", "omniverse://h/a/d", buffer, &size) && strcmp(buffer, "../d") == 0);
    size = sizeof buffer;
    CHECK(omniClientMakePrintable("a b", buffer, &size) != NULL);
    size = 4;
    CHECK(omniClientNormalizeUrl("omniverse://h/a", buffer, &size) == NULL && size == strlen("omniverse://h/a") + 1);
    struct OmniClientUrl* url = omniClientBreakUrl("omniverse://user@host:3009/p?q#f");
    CHECK(url && strcmp(url->host, "host") == 0 && strcmp(url->port, "3009") == 0 && !url->isRaw);
    size = sizeof buffer;
    CHECK(omniClientMakeUrl(url, buffer, &size) && strcmp(buffer, "omniverse://user@host:3009/p?q#f") == 0);
    struct OmniClientUrl* combined = omniClientCombineUrls2(url, "x");
    CHECK(combined && strcmp(combined->path, "/x") == 0);
    omniClientFreeUrl(combined);
    omniClientFreeUrl(url);
    url = omniClientBreakUrlReference("../a?b");
    CHECK(url && url->scheme == NULL && strcmp(url->path, "../a") == 0);
    omniClientFreeUrl(url);
    omniClientPushBaseUrl("omniverse://h/base/");
    CHECK(omniClientGetBaseUrl() && strcmp(omniClientGetBaseUrl(), "omniverse://h/base/") == 0);
    size = sizeof buffer;
    CHECK(omniClientCombineWithBaseUrl("x", buffer, &size) && strcmp(buffer, "omniverse://h/base/x") == 0);
    url = omniClientCombineWithBaseUrl2("y");
    CHECK(url && strcmp(url->path, "/base/y") == 0);
    omniClientFreeUrl(url);
    CHECK(!omniClientPopBaseUrl("omniverse://h/other/"));
    CHECK(omniClientPopBaseUrl("omniverse://h/base/"));
    CHECK(omniClientGetBaseUrl() == NULL);
    size = sizeof buffer;
    CHECK(omniClientAppendChild("omniverse://h/a", "b c", buffer, &size) && strcmp(buffer, "omniverse://h/a/b%20c") == 0);
    struct OmniClientBranchAndCheckpoint* bc = omniClientGetBranchAndCheckpointFromQuery("branch=main&checkpoint=3");
    CHECK(bc && strcmp(bc->branch, "main") == 0 && bc->checkpoint == 3);
    omniClientFreeBranchAndCheckpoint(bc);
    size = sizeof buffer;
    CHECK(omniClientMakeQueryFromBranchAndCheckpoint("main", 3, buffer, &size) != NULL);
}

/* Channels and live sessions: on a server, one member joins, sends, and leaves (what several
 * members see of each other is tested from Python, tests/interop); a local folder has none. */
static void channels(const char* base, bool server) {
    const char* channel = join(base, "capi.channel");
    const char* layer = join(base, "stage.usd");
    OmniClientResult expected = server ? eOmniClientResult_Ok : eOmniClientResult_ErrorNotSupported;
    reset();
    OmniClientRequestId joined = omniClientJoinChannel(channel, &answer, on_channel);
    CHECK(report("join channel", joined) == expected);
    CHECK(answer.number == (uint64_t)(server ? eOmniClientChannelEvent_Join : eOmniClientChannelEvent_Error));
    struct OmniClientContent hello = text_content("to the channel");
    reset(); CHECK(report("send message", omniClientSendMessage(joined, &hello, &answer, on_result)) == (server ? eOmniClientResult_Ok : eOmniClientResult_ErrorNotFound));
    CHECK(hello.buffer == NULL);
    omniClientStop(joined);
    struct OmniClientContent late = text_content("late");
    reset(); CHECK(report("send message after leaving", omniClientSendMessage(joined, &late, &answer, on_result)) == eOmniClientResult_ErrorNotFound);

    reset(); CHECK(report("live create session", omniClientLiveCreateSession(layer, "s", &answer, on_text)) == expected);
    char session[1024];
    snprintf(session, sizeof session, "%s", answer.text);
    if (server) CHECK(strstr(session, "/.live/stage.live/s.live") != NULL);
    reset(); CHECK(report("live list sessions", omniClientLiveListSessions(layer, &answer, on_sessions)) == expected);
    if (server) CHECK(answer.number == 1 && answer.flag && strcmp(answer.text, auth_user) == 0);
    reset();
    OmniClientRequestId in_session = omniClientLiveJoinSession(server ? session : layer, "capi", &answer, on_session_event);
    CHECK(report("live join session", in_session) == expected);
    CHECK(answer.number == (uint64_t)eOmniClientLiveSessionEvent_Connection);
    if (server) CHECK(answer.text[0] != '\0'); /* our connection id */
    struct OmniClientContent text = text_content("in session");
    reset(); CHECK(report("live send message", omniClientLiveSendMessage(in_session, &text, &answer, on_result)) == (server ? eOmniClientResult_Ok : eOmniClientResult_ErrorNotFound));
    omniClientStop(in_session);
}

/* Live objects: a server has them (create answers the object id the updates name); local files
   answer ERROR_NOT_SUPPORTED through the callback. The content handed in is taken either way. */
static void live_objects(const char* base, bool server) {
    const char* live = join(base, "x.live");
    OmniClientResult expected = server ? eOmniClientResult_Ok : eOmniClientResult_ErrorNotSupported;
    struct OmniClientContent c1 = text_content("x"), c2 = text_content("y"), c3 = text_content("z");
    reset(); CHECK(report("live create", omniClientLiveCreate(live, &c1, &answer, on_live_ids)) == expected);
    uint64_t object_id = answer.number;
    CHECK(!server || object_id != 0);
    reset(); CHECK(report("live update", omniClientLiveUpdate(live, object_id, &c2, &answer, on_live_ids)) == expected);
    reset(); CHECK(report("live update2", omniClientLiveUpdate2(live, object_id, &c3, &answer, on_live_ids)) == expected);
    CHECK(c1.buffer == NULL && c2.buffer == NULL && c3.buffer == NULL);
    omniClientLiveWaitForPendingUpdates();
    reset();
    OmniClientRequestId read = omniClientLiveRead(live, 0, 0, &answer, on_live_read);
    CHECK(report("live read", read) == expected);
    omniClientStop(read);
    reset();
    read = omniClientLiveRead2(live, 0, 0, &answer, on_live_read);
    CHECK(report("live read2", read) == expected);
    omniClientStop(read);
    omniClientLiveProcess();
    CHECK((omniClientLiveGetLatestServerTime(live) != 0) == server); /* the newest version's server time */
}

/* Subsystems this library does not have answer through the callback, like any request. */
static void unsupported(const char* base) {
    const char* live = join(base, "x.live");
    struct OmniClientContent c4 = text_content("w"), c5 = text_content("v");
    reset(); CHECK(report("live send message", omniClientLiveSendMessage(1, &c4, &answer, on_result)) == eOmniClientResult_ErrorNotFound);
    reset(); CHECK(report("send message", omniClientSendMessage(1, &c5, &answer, on_result)) == eOmniClientResult_ErrorNotFound);
    CHECK(c4.buffer == NULL && c5.buffer == NULL);
    reset(); CHECK(report("hub version", omniClientGetOmniHubVersion(&answer, on_text)) == eOmniClientResult_ErrorConnection);
    reset(); CHECK(report("hub uri", omniClientGetOmniHubHttpUri(&answer, on_text)) == eOmniClientResult_ErrorConnection);
    reset(); CHECK(report("register storage", omniClientRegisterStorageFromDiscovery(base, &answer, on_storage)) == eOmniClientResult_ErrorNotSupported);
    reset(); CHECK(report("register storage direct", omniClientRegisterStorageDirect(NULL, &answer, on_storage)) == eOmniClientResult_ErrorNotSupported);
    /* cloud storage settings: validated and recorded (in this process only: writeConfig false) */
    CHECK(omniClientSetS3Configuration("capi.example", "b", "r", "k", "s", NULL, false, false) == eOmniClientResult_Ok);
    CHECK(omniClientSetS3Configuration2("https://capi2.example/", "b", "r", "k", "s", "t", NULL, false, false) == eOmniClientResult_Ok);
    CHECK(omniClientSetS3Configuration3("capi3.example", "b", "r", "k", "s", "t", NULL, false, false, "h") == eOmniClientResult_Ok);
    CHECK(omniClientSetS3Configuration("capi.example", "b", NULL, "k", "s", NULL, false, false) == eOmniClientResult_Error); /* bucket without region */
    CHECK(omniClientSetS3Configuration(base, "b", "r", "k", "s", NULL, false, false) == eOmniClientResult_Error);            /* not http(s) */
    CHECK(omniClientSetAzureSASToken("acct.blob.core.windows.net", "c", "sv=1&sig=x", false) == eOmniClientResult_Ok);
    omniClientLiveSetQueuedCallback(NULL);
    omniClientUnregisterCallback(omniClientLiveRegisterQueuedCallback2(NULL, NULL));
    omniClientUnregisterCallback(omniClientLiveRegisterProcessUpdatesCallback(NULL, NULL));
    omniClientLiveProcess();
    omniClientLiveProcessUpTo(live, 0);
    omniClientLiveWaitForPendingUpdates();
    omniClientLiveConfigureJitterReduction(0, 0, 0);
    CHECK(omniClientGetReactor() == NULL);
    CHECK(omniClientBlockCacheStat(NULL, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(omniClientBlockCacheGetOpen(NULL, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(omniClientBlockCacheGetClose(NULL, NULL, NULL, NULL) == 0);
    CHECK(omniClientBlockCachePutOpen(NULL, NULL, NULL, NULL) == 0);
    CHECK(omniClientBlockCachePutCommit(NULL, NULL, NULL, NULL) == 0);
    CHECK(omniClientBlockCachePutAbort(NULL, NULL, NULL, NULL) == 0);
    omniClientTestDisconnect(0);
    omniClientTestFailAuthentication(NULL, 0);
    omniClientTestFailConnection(0);
    omniClientTestFailDiscovery(NULL, 0);
    CHECK(!omniClientTestEnvironmentVariableEquals("OMNICLIENT_CAPI_NO_SUCH_VARIABLE", "x"));
    CHECK(!omniClientTestEnvironmentVariableEquals(NULL, NULL));
}

static void settings(void) {
    struct OmniClientRetryBehavior quick = {5000, 10, 10};
    struct OmniClientRetryBehavior previous = omniClientSetRetries(quick);
    CHECK(previous.maxMs == 120000 && previous.baseMs == 100 && previous.jitterMs == 100);
    omniClientBypassListCache(true);
    omniClientBypassListCache(false);
    omniClientSetHttpHeader("X-Capi-Test", "1");
    omniClientSetHttpHeader("X-Capi-Test", NULL);
    /* No cache service: the status stays Disabled, as the original's without Hub. */
    CHECK(omniClientSetCacheBypassStatus(eOmniClientCacheBypassStatus_Enabled) == eOmniClientCacheBypassStatus_Disabled);
    CHECK(omniClientSetCacheBypassStatus(eOmniClientCacheBypassStatus_Disabled) == eOmniClientCacheBypassStatus_Disabled);
    CHECK(strcmp(omniClientGetCacheBypassStatusString(eOmniClientCacheBypassStatus_Enabled), "Enabled") == 0);
    omniClientConfigReload();
    const char* value = omniClientConfigGetString("capi.test");
    omniClientConfigFreeString(value);
    omniClientConfigSetInt("capi.test", 1);
    omniClientSetProductInfo("capi-compat", "1.0", "test");
    omniClientSetLogLevel(eOmniClientLogLevel_Warning);
    CHECK(omniClientGetLogLevelChar(eOmniClientLogLevel_Warning) == 'W');
    CHECK(strcmp(omniClientGetLogLevelString(eOmniClientLogLevel_Info), "Info") == 0);
    omniClientLog("capi-compat", eOmniClientLogLevel_Info, "below the level");
    CHECK(omniClientTraceStart());
    omniClientTraceStop();
    omniClientWriteChromeTrace();
    CHECK(!omniClientIsShuttingDown());
    CHECK(omniClientGetVersionString()[0] != 0);
    omniClientAuthenticationCancel(12345);
    CHECK(!omniClientSetStorageAccessToken(1, "token"));
    omniClientSetAuthenticationMessageBoxCallback(NULL, NULL);

    omniClientAddDefaultSearchPath("omniverse://h/capi-search/");
    const char* paths[4] = {NULL, NULL, NULL, NULL};
    CHECK(omniClientGetDefaultSearchPaths(paths, 4) == 0 && paths[0] == NULL); /* deprecated: gives nothing */
    const char* const* list = omniClientGetDefaultSearchPaths2();
    CHECK(list && list[0] && strcmp(list[0], "omniverse://h/capi-search/") == 0);
    omniClientFreeStringList(list);
    omniClientRemoveDefaultSearchPath("omniverse://h/capi-search/");
    list = omniClientGetDefaultSearchPaths2();
    CHECK(list && list[0] == NULL);
    omniClientFreeStringList(list);

    omniClientAddBookmark("capi", "omniverse://h/bookmarked/");
    reset();
    OmniClientRequestId marks = omniClientListBookmarks(&answer, on_bookmarks);
    /* Polled, not omniClientWait: the original's never returns for this subscription. */
    for (int i = 0; i < 500 && __atomic_load_n(&answer.calls, __ATOMIC_SEQ_CST) == 0; ++i) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    CHECK(answer.calls >= 1 && answer.number >= 1);
    omniClientStop(marks);
    omniClientRemoveBookmark("capi");
}

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: %s <folder URL ending in '/'> [<user> <password>]\n", argv[0]);
        return 2;
    }
    omniClientSetLogCallback(on_log); /* valid before initialize */
    CHECK(!omniClientInitialize(kOmniClientVersion + ((uint64_t)1 << 32))); /* built for a newer minor */
    if (!omniClientInitialize(kOmniClientVersion)) return 1;
    bool server = argc == 4;
    auth_user = server ? argv[2] : NULL;
    auth_password = server ? argv[3] : NULL;
    uint32_t auth = omniClientRegisterAuthCallback(NULL, on_auth);
    uint32_t connection = omniClientRegisterConnectionStatusCallback(NULL, on_connection);
    uint32_t file_status = omniClientRegisterFileStatusCallback(NULL, on_file_status);
    uint32_t bypass = omniClientRegisterCacheBypassStatusCallback(NULL, NULL);
    uint32_t errors = omniClientRegisterErrorCallback(NULL, NULL);
    uint32_t metrics = omniClientRegisterMetricsCallback(NULL, NULL);
    uint32_t device = omniClientRegisterAuthDeviceFlowCallback(NULL, NULL);
    uint32_t storage = omniClientRegisterStorageAuthCallback(NULL, NULL);
    /* NULL callbacks are refused (0), and cache bypass registrations too (no cache service), as the original. */
    CHECK(auth != 0 && connection != 0 && file_status != 0 && bypass == 0 && metrics == 0 && auth != connection);

    settings();
    urls();
    files(argv[1], server);
    odd_inputs(argv[1]);
    live_objects(argv[1], server);
    unsupported(argv[1]);
    channels(argv[1], server);
    CHECK(__atomic_load_n(&file_statuses, __ATOMIC_SEQ_CST) > 0);
    if (server) {
        CHECK(__atomic_load_n(&auth_asked, __ATOMIC_SEQ_CST) > 0);
        CHECK(__atomic_load_n(&connected, __ATOMIC_SEQ_CST) > 0);
        CHECK(omniClientClearListCache(argv[1]));
        omniClientSignOut(argv[1]);
        omniClientReconnect(argv[1]);
    }

    uint32_t handles[] = {auth, connection, file_status, bypass, errors, metrics, device, storage};
    for (size_t i = 0; i < sizeof handles / sizeof handles[0]; ++i) omniClientUnregisterCallback(handles[i]);
    omniClientShutdown();
    printf("%s: %d failed checks\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}
