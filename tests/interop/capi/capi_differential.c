/* One program against NVIDIA's C API, built once against this library's OmniClient.h and run
 * against the original's libomniclient.so and against ours (LD_LIBRARY_PATH picks one): it prints
 * what it observes, one line per answer, and test_capi_differential.py requires the same lines.
 *
 * Usage: capi_differential <folder URL ending in '/'> [<user> <password>]
 * With a user, the folder is on a server, signed in through omniClientRegisterAuthCallback.
 *
 * Only what both libraries define is printed: results, sizes, contents, names and flags, never
 * versions, hashes, times or request ids. Where the original's behaviour is an artefact we do not
 * copy, the call is still made and the line left out, with the reason next to it. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <OmniClient.h>
#include <program_support.h> /* cpp/tests/capi */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What a callback saw. Written on the library's thread, read after omniClientWait. */
struct Answer {
    int calls;
    OmniClientResult result;
    char text[2048];
};
static struct Answer answer;

static void reset(void) { memset(&answer, 0, sizeof answer); answer.result = Count_eOmniClientResult; }
static struct Answer* seen(void* user) { return (struct Answer*)user; }
static void append(void* user, const char* text) {
    struct Answer* a = seen(user);
    size_t used = strlen(a->text);
    snprintf(a->text + used, sizeof a->text - used, "%s", text ? text : "(null)");
}

/* Waits for the request and prints its result and whatever its callback noted. */
static OmniClientResult report(const char* what, OmniClientRequestId id) {
    omniClientWait(id);
    printf("%s: %s%s%s", what, omniClientGetResultString(answer.result), answer.text[0] ? " " : "", answer.text);
    printf(answer.calls == 1 ? "\n" : " (callbacks: %d)\n", answer.calls);
    return answer.result;
}

static void sleep_ms(long ms) {
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

/* Waits up to five seconds for `*counter` to reach `target` (callbacks run on another thread). */
static void wait_for(const int* counter, int target) {
    for (int i = 0; i < 500 && __atomic_load_n(counter, __ATOMIC_SEQ_CST) < target; ++i) sleep_ms(10);
}

/* IsCheckpointed is left out. On a server with versioning, whether an item is a checkpoint
 * depends on when each client checkpoints: the original answers a write before checkpointing it and
 * answers the next stat from its listing cache, and copies over an existing file with
 * replace_version (no checkpoint) where we copy2 and checkpoint (docs/client-protocol.md). */
static void entry_text(void* user, const struct OmniClientListEntry* e, bool with_name) {
    char line[512];
    snprintf(line, sizeof line, "[%s size=%llu flags=%#x]", with_name ? e->relativePath : "",
             (unsigned long long)e->size, e->flags & ~(uint32_t)fOmniClientItem_IsCheckpointed);
    append(user, line);
}
static void on_result(void* user, OmniClientResult r) { seen(user)->result = r; seen(user)->calls++; }
static void on_stat(void* user, OmniClientResult r, const struct OmniClientListEntry* e) {
    on_result(user, r);
    if (r == eOmniClientResult_Ok && e) entry_text(user, e, false);
}
static int compare_entries(const void* a, const void* b) {
    return strcmp((*(const struct OmniClientListEntry* const*)a)->relativePath, (*(const struct OmniClientListEntry* const*)b)->relativePath);
}
/* Entries sorted by name: the order of a listing is not part of the API. */
static void on_list(void* user, OmniClientResult r, uint32_t n, const struct OmniClientListEntry* entries) {
    on_result(user, r);
    const struct OmniClientListEntry* sorted[64];
    uint32_t count = n < 64 ? n : 64;
    for (uint32_t i = 0; i < count; ++i) sorted[i] = &entries[i];
    qsort(sorted, count, sizeof sorted[0], compare_entries);
    for (uint32_t i = 0; i < count; ++i) entry_text(user, sorted[i], true);
}
/* A read's content: what the callback is handed (never NULL, as in the original), its bytes, and
 * that omniClientMoveContent takes them. */
static void on_read(void* user, OmniClientResult r, const char* version, struct OmniClientContent* content) {
    (void)version;
    on_result(user, r);
    if (!content) { append(user, "(no content)"); return; }
    if (!content->buffer) {
        /* An empty file's content has a release function or not, in the original, depending on the
         * store (file: yes, omniverse: no): printed only for failures, which have none in both. */
        char text[64];
        snprintf(text, sizeof text, "(no buffer, size %zu%s)", content->size,
                 r == eOmniClientResult_Ok ? "" : content->free ? ", free set" : ", free NULL");
        append(user, text);
        return;
    }
    struct OmniClientContent kept = omniClientMoveContent(content);
    char text[128];
    snprintf(text, sizeof text, "%.*s (size %zu, moved out: %s)", (int)kept.size, (const char*)kept.buffer, kept.size,
             content->buffer ? "no" : "yes");
    append(user, text);
    omniClientFreeContent(&kept);
}
static void on_write_ex(void* user, OmniClientResult r, const struct OmniClientWriteFileExInfo* info) {
    (void)info; /* versions and hashes are the store's */
    on_result(user, r);
}
static void on_move(void* user, OmniClientResult r, bool copied) { on_result(user, r); (void)copied; }
static void on_names(void* user, OmniClientResult r, uint64_t n, const char** names) {
    on_result(user, r);
    for (uint64_t i = 0; i < n; ++i) { append(user, "["); append(user, names[i]); append(user, "]"); }
}
static void on_count(void* user, OmniClientResult r, uint64_t n) {
    on_result(user, r);
    char line[32];
    snprintf(line, sizeof line, "%llu", (unsigned long long)n);
    append(user, line);
}
static void on_acls(void* user, OmniClientResult r, uint32_t n, struct OmniClientAclEntry* e) {
    on_result(user, r);
    char line[256];
    for (uint32_t i = 0; i < n; ++i) {
        snprintf(line, sizeof line, "[%s=%u]", e[i].name, e[i].access);
        append(user, line);
    }
}
static void on_resolve(void* user, OmniClientResult r, const struct OmniClientListEntry* e, const char* url) {
    on_result(user, r);
    if (r != eOmniClientResult_Ok) return;
    const char* tail = url ? strstr(url, "/diff/") : NULL; /* the part below the scratch folder */
    append(user, tail ? tail : url);
    if (e) entry_text(user, e, false);
}
static void on_local(void* user, OmniClientResult r, const char* path) {
    on_result(user, r);
    if (r != eOmniClientResult_Ok || !path) return;
    FILE* f = fopen(path, "rb");
    char content[64] = {0};
    if (f) { size_t got = fread(content, 1, sizeof content - 1, f); content[got] = 0; fclose(f); }
    append(user, content);
}
static int events;
static void on_event(void* user, OmniClientResult r, OmniClientListEvent e, const struct OmniClientListEntry* entry) {
    (void)user; (void)r; (void)e; (void)entry;
    __atomic_add_fetch(&events, 1, __ATOMIC_SEQ_CST);
}
static void on_resolve_event(void* user, OmniClientResult r, OmniClientListEvent e, const struct OmniClientListEntry* entry, const char* url) {
    (void)url; on_event(user, r, e, entry);
}

static struct Answer marks;
static int bookmark_calls;
static void on_bookmarks(void* user, const struct OmniClientBookmark* list, size_t n) {
    (void)user;
    marks.text[0] = 0;
    for (size_t i = 0; i < n; ++i) {
        append(&marks, "[");
        append(&marks, list[i].name);
        append(&marks, "=");
        append(&marks, list[i].url);
        append(&marks, "]");
    }
    __atomic_add_fetch(&bookmark_calls, 1, __ATOMIC_SEQ_CST);
}

static void on_connection(void* user, const char* url, OmniClientConnectionStatus status) { (void)user; (void)url; (void)status; }
static void on_bypass(void* user, OmniClientCacheBypassStatus status) { (void)user; (void)status; }
static void on_metrics(void* user, OmniClientMetricsEvent event, const void* info) { (void)user; (void)event; (void)info; }

static void registrations(void) {
    /* What a handle's value is, is the library's: printed is whether it is 0 (refused). */
    printf("register connection status NULL: %s\n", omniClientRegisterConnectionStatusCallback(NULL, NULL) ? "handle" : "0");
    printf("register file status NULL: %s\n", omniClientRegisterFileStatusCallback(NULL, NULL) ? "handle" : "0");
    printf("register auth NULL: %s\n", omniClientRegisterAuthCallback(NULL, NULL) ? "handle" : "0");
    printf("register cache bypass NULL: %s\n", omniClientRegisterCacheBypassStatusCallback(NULL, NULL) ? "handle" : "0");
    printf("register metrics NULL: %s\n", omniClientRegisterMetricsCallback(NULL, NULL) ? "handle" : "0");
    printf("register error NULL: %s\n", omniClientRegisterErrorCallback(NULL, NULL) ? "handle" : "0");
    printf("register device flow NULL: %s\n", omniClientRegisterAuthDeviceFlowCallback(NULL, NULL) ? "handle" : "0");
    printf("register storage auth NULL: %s\n", omniClientRegisterStorageAuthCallback(NULL, NULL) ? "handle" : "0");
    uint32_t connection = omniClientRegisterConnectionStatusCallback(NULL, on_connection);
    printf("register connection status: %s\n", connection ? "handle" : "0");
    omniClientUnregisterCallback(connection);
    uint32_t bypass = omniClientRegisterCacheBypassStatusCallback(NULL, on_bypass);
    printf("register cache bypass: %s\n", bypass ? "handle" : "0");
    omniClientUnregisterCallback(bypass);
    uint32_t metrics = omniClientRegisterMetricsCallback(NULL, on_metrics);
    printf("register metrics: %s\n", metrics ? "handle" : "0");
    omniClientUnregisterCallback(metrics);
}

static void settings(void) {
    for (int r = 0; r <= Count_eOmniClientResult; ++r) printf("result %d: %s\n", r, omniClientGetResultString((OmniClientResult)r));
    for (int s = 0; s <= Count_eOmniClientConnectionStatus; ++s)
        printf("connection status %d: %s\n", s, omniClientGetConnectionStatusString((OmniClientConnectionStatus)s));
    for (int s = 0; s <= Count_eOmniClientFileStatus; ++s) printf("file status %d: %s\n", s, omniClientGetFileStatusString((OmniClientFileStatus)s));
    for (int l = 0; l <= Count_eOmniClientLogLevel; ++l)
        printf("log level %d: %s %c\n", l, omniClientGetLogLevelString((OmniClientLogLevel)l), omniClientGetLogLevelChar((OmniClientLogLevel)l));
    for (int s = 0; s <= Count_eOmniClientCacheBypassStatus; ++s)
        printf("cache bypass %d: %s\n", s, omniClientGetCacheBypassStatusString((OmniClientCacheBypassStatus)s));

    struct OmniClientRetryBehavior quick = {5000, 10, 10};
    struct OmniClientRetryBehavior previous = omniClientSetRetries(quick);
    printf("retries before: %u %u %u\n", previous.maxMs, previous.baseMs, previous.jitterMs);
    previous = omniClientSetRetries(quick);
    printf("retries set: %u %u %u\n", previous.maxMs, previous.baseMs, previous.jitterMs);

    printf("cache bypass set enabled, was: %d\n", omniClientSetCacheBypassStatus(eOmniClientCacheBypassStatus_Enabled));
    printf("cache bypass set disabled, was: %d\n", omniClientSetCacheBypassStatus(eOmniClientCacheBypassStatus_Disabled));

    omniClientAddDefaultSearchPath("omniverse://h/capi-search/");
    omniClientAddDefaultSearchPath("omniverse://h/capi-search2/");
    const char* paths[4] = {NULL, NULL, NULL, NULL};
    printf("default search paths (deprecated form): %u\n", omniClientGetDefaultSearchPaths(paths, 4));
    const char* const* list = omniClientGetDefaultSearchPaths2();
    printf("default search paths:");
    for (int i = 0; list && list[i]; ++i) printf(" %s", list[i]);
    printf("\n");
    omniClientFreeStringList(list);
    omniClientRemoveDefaultSearchPath("omniverse://h/capi-search/");
    omniClientRemoveDefaultSearchPath("omniverse://h/capi-search2/");
    list = omniClientGetDefaultSearchPaths2();
    printf("default search paths after removal: %s\n", list && list[0] ? list[0] : "none");
    omniClientFreeStringList(list);

    omniClientAddBookmark("capi", "omniverse://h/bookmarked/");
    OmniClientRequestId id = omniClientListBookmarks(NULL, on_bookmarks);
    /* Not omniClientWait: the original's never returns for this subscription (unlike its stat and
     * list subscriptions, whose wait ends at the first answer, as ours does for all of them). */
    wait_for(&bookmark_calls, 1);
    printf("bookmarks: %s\n", marks.text);
    omniClientAddBookmark("capi2", "omniverse://h/second/");
    wait_for(&bookmark_calls, 2);
    printf("bookmarks after adding: %s\n", marks.text);
    omniClientRemoveBookmark("capi");
    omniClientRemoveBookmark("capi2");
    wait_for(&bookmark_calls, 4);
    printf("bookmarks after removing: %s\n", marks.text[0] ? marks.text : "none");
    omniClientStop(id);
}

static void buffer_call(const char* what, char* result, const char* buffer, size_t size) {
    printf("%s: %s (size %zu)\n", what, result ? buffer : "NULL", size);
}

static void urls(void) {
    char buffer[256];
    size_t size = sizeof buffer;
    buffer_call("make file url", omniClientMakeFileUrl("/tmp/a b#c", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("normalize", omniClientNormalizeUrl("omniverse://H:3009/a/./b/../c", buffer, &size), buffer, size);
    size = 4;
    buffer_call("normalize too small", omniClientNormalizeUrl("omniverse://h/a", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("combine", omniClientCombineUrls("omniverse://h/a/b", "../c?q", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("relative", omniClientMakeRelativeUrl("omniverse://h/a/b/c", "omniverse://h/a/d", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("printable", omniClientMakePrintable("omniverse://h/a%20b%2Fc", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("append child", omniClientAppendChild("omniverse://h/a", "b c", buffer, &size), buffer, size);
    size = sizeof buffer;
    buffer_call("query", omniClientMakeQueryFromBranchAndCheckpoint("main", 3, buffer, &size), buffer, size);
    struct OmniClientUrl* url = omniClientBreakUrl("omniverse://user@host:3009/p?q#f");
    printf("break: %s %s %s %s %s %s %s %d\n", url->scheme, url->user, url->host, url->port, url->path, url->query, url->fragment, url->isRaw);
    size = sizeof buffer;
    buffer_call("make", omniClientMakeUrl(url, buffer, &size), buffer, size);
    struct OmniClientUrl* combined = omniClientCombineUrls2(url, "x");
    printf("combine2: %s\n", combined->path);
    omniClientFreeUrl(combined);
    omniClientFreeUrl(url);
    url = omniClientBreakUrl("C:\\raw\\path");
    printf("break raw: %s %d\n", url->path, url->isRaw);
    omniClientFreeUrl(url);
    url = omniClientBreakUrlReference("../a?b");
    printf("break reference: %s %s %s\n", url->scheme ? url->scheme : "NULL", url->path, url->query);
    omniClientFreeUrl(url);
    omniClientPushBaseUrl("omniverse://h/base/");
    size = sizeof buffer;
    buffer_call("with base", omniClientCombineWithBaseUrl("x", buffer, &size), buffer, size);
    printf("pop other: %d\n", omniClientPopBaseUrl("omniverse://h/other/"));
    printf("pop base: %d\n", omniClientPopBaseUrl("omniverse://h/base/"));
    printf("base after pop: %s\n", omniClientGetBaseUrl() ? omniClientGetBaseUrl() : "NULL");
    struct OmniClientBranchAndCheckpoint* bc = omniClientGetBranchAndCheckpointFromQuery("branch=main&checkpoint=3");
    printf("branch and checkpoint: %s %llu\n", bc ? bc->branch : "NULL", bc ? (unsigned long long)bc->checkpoint : 0ULL);
    omniClientFreeBranchAndCheckpoint(bc);
}

static void files(const char* base, bool server) {
    const char* dir = join(base, "diff/");
    const char* a = join(dir, "a.txt");
    const char* b = join(dir, "b.txt");
    const char* c = join(dir, "c.txt");
    const char* d = join(dir, "d.txt");

    reset(); report("create folder", omniClientCreateFolder(dir, &answer, on_result));
    reset(); report("create folder again", omniClientCreateFolder(dir, &answer, on_result));
    struct OmniClientContent hello = text_content("hello");
    reset(); report("write", omniClientWriteFile(a, &hello, &answer, on_result, "first"));
    printf("write took the content: %s\n", hello.buffer ? "no" : "yes");
    char mine[] = "referenced";
    struct OmniClientContent view = omniClientReferenceContent(mine, strlen(mine));
    reset(); report("write ex", omniClientWriteFileEx(b, &view, &answer, on_write_ex, NULL));
    struct OmniClientContent again = text_content("hello!");
    struct OmniClientWriteFileEx2Options options = {1, false, "second"};
    reset(); report("write ex2", omniClientWriteFileEx2(b, &again, &answer, on_write_ex, &options));
    printf("write ex2 took the content: %s\n", again.buffer ? "no" : "yes");
    /* Options of another version, or none: nothing is written and the content stays the caller's.
     * Whether the callback runs is left out: the original's never does (a request that never
     * answers); ours answers eOmniClientResult_ErrorBadRequest. */
    struct OmniClientWriteFileEx2Options future = {2, false, NULL};
    for (int i = 0; i < 2; ++i) {
        struct OmniClientContent refused = text_content("refused");
        reset();
        OmniClientRequestId id = omniClientWriteFileEx2(b, &refused, &answer, on_write_ex, i ? &future : NULL);
        omniClientWait(id);
        printf("write ex2 with %s options: request %s, content %s\n", i ? "version 2" : "no", id ? "started" : "refused",
               refused.buffer ? "kept" : "taken");
        omniClientFreeContent(&refused);
    }
    reset(); report("write into a file", omniClientWriteFile(join(a, "/x"), NULL, &answer, on_result, NULL));

    reset(); report("stat", omniClientStat(a, &answer, on_stat));
    reset(); report("stat folder", omniClientStat(dir, &answer, on_stat));
    reset(); report("stat2", omniClientStat2(b, eOmniClientListIncludeOption_IncludeDeleted, &answer, on_stat));
    reset(); report("stat missing", omniClientStat(join(dir, "none"), &answer, on_stat));
    reset(); report("list", omniClientList(dir, &answer, on_list));
    reset(); report("list2", omniClientList2(dir, eOmniClientListIncludeOption_DefaultNotDeleted, &answer, on_list));
    reset(); report("list missing", omniClientList(join(dir, "none/"), &answer, on_list));
    reset(); report("read", omniClientReadFile(a, &answer, on_read));
    reset(); report("read missing", omniClientReadFile(join(dir, "none"), &answer, on_read));
    reset(); report("read folder", omniClientReadFile(dir, &answer, on_read));

    reset(); report("copy", omniClientCopy(a, c, &answer, on_result, eOmniClientCopy_ErrorIfExists, "copied"));
    reset(); report("copy onto existing", omniClientCopy(a, c, &answer, on_result, eOmniClientCopy_ErrorIfExists, NULL));
    reset(); report("copy missing", omniClientCopy(join(dir, "none"), d, &answer, on_result, eOmniClientCopy_Overwrite, NULL));
    reset(); report("copy file", omniClientCopyFile(b, c, &answer, on_result, eOmniClientCopy_Overwrite, NULL));
    reset(); report("read copy", omniClientReadFile(c, &answer, on_read));
    reset(); report("move", omniClientMove(c, d, &answer, on_move, eOmniClientCopy_ErrorIfExists, NULL));
    reset(); report("move onto existing", omniClientMove(a, d, &answer, on_move, eOmniClientCopy_ErrorIfExists, NULL));
    reset(); report("move file", omniClientMoveFile(d, c, &answer, on_move, eOmniClientCopy_Overwrite, NULL));
    reset(); report("list after moves", omniClientList(dir, &answer, on_list));

    events = 0;
    reset();
    OmniClientRequestId watch = omniClientStatSubscribe(a, &answer, on_stat, on_event);
    report("stat subscribe", watch);
    struct OmniClientContent change = text_content("changed");
    struct Answer written;
    memset(&written, 0, sizeof written);
    omniClientWait(omniClientWriteFile(a, &change, &written, on_result, NULL));
    wait_for(&events, 1);
    printf("stat subscribe events: %s\n", events > 0 ? "some" : "none");
    omniClientStop(watch);
    events = 0;
    reset();
    watch = omniClientListSubscribe(dir, &answer, on_list, on_event);
    report("list subscribe", watch);
    struct OmniClientContent created = text_content("new");
    omniClientWait(omniClientWriteFile(d, &created, &written, on_result, NULL));
    wait_for(&events, 1);
    printf("list subscribe events: %s\n", events > 0 ? "some" : "none");
    omniClientStop(watch);

    const char* search[] = {join(base, "elsewhere/"), dir};
    reset(); report("resolve", omniClientResolve("a.txt", search, 2, &answer, on_resolve));
    reset(); report("resolve missing", omniClientResolve("none.txt", search, 2, &answer, on_resolve));
    reset();
    watch = omniClientResolveSubscribe("a.txt", search, 2, &answer, on_resolve, on_resolve_event);
    report("resolve subscribe", watch);
    omniClientStop(watch);
    reset(); report("get local file", omniClientGetLocalFile(a, true, &answer, on_local));

    if (server) { /* on file: these answer what each library's file: support is (not compared) */
        reset(); report("lock", omniClientLock(a, &answer, on_result));
        reset(); report("lock again", omniClientLock(a, &answer, on_result));
        reset(); report("unlock", omniClientUnlock(a, &answer, on_result));
        struct OmniClientAclEntry acl[] = {{auth_user, fOmniClientAccess_Full}, {"users", fOmniClientAccess_Read}};
        reset(); report("set acls", omniClientSetAcls(a, 2, acl, &answer, on_result));
        reset(); report("get acls", omniClientGetAcls(a, &answer, on_acls));
        reset(); report("create group", omniClientCreateGroup(base, "capi-group", &answer, on_result));
        reset(); report("create group again", omniClientCreateGroup(base, "capi-group", &answer, on_result));
        reset(); report("rename group", omniClientRenameGroup(base, "capi-group", "capi-group2", &answer, on_result));
        reset(); report("add user to group", omniClientAddUserToGroup(base, auth_user, "capi-group2", &answer, on_result));
        reset(); report("get group users", omniClientGetGroupUsers(base, "capi-group2", &answer, on_names));
        reset(); report("remove user from group", omniClientRemoveUserFromGroup(base, auth_user, "capi-group2", &answer, on_result));
        reset(); report("remove group", omniClientRemoveGroup(base, "capi-group2", &answer, on_count));
        reset(); report("group users of a missing group", omniClientGetGroupUsers(base, "capi-none", &answer, on_names));
    }

    reset(); report("delete single of a folder with items", omniClientDeleteSingle(dir, &answer, on_result));
    reset(); report("delete", omniClientDelete(b, &answer, on_result));
    reset(); report("stat deleted", omniClientStat(b, &answer, on_stat));
    reset(); report("delete missing", omniClientDelete(b, &answer, on_result));
    reset(); report("delete folder", omniClientDelete(dir, &answer, on_result));
    reset(); report("list deleted folder", omniClientList(dir, &answer, on_list));
}

/* NULL and empty inputs: a result, never a crash, and the same result. */
static void odd_inputs(const char* base) {
    reset(); report("stat NULL", omniClientStat(NULL, &answer, on_stat));
    reset(); report("stat empty", omniClientStat("", &answer, on_stat));
    reset(); report("list empty", omniClientList("", &answer, on_list));
    reset(); report("read NULL", omniClientReadFile(NULL, &answer, on_read));
    reset(); report("copy NULL", omniClientCopy(NULL, NULL, &answer, on_result, eOmniClientCopy_Overwrite, NULL));
    reset(); report("create folder NULL", omniClientCreateFolder(NULL, &answer, on_result));
    reset(); report("delete NULL", omniClientDelete(NULL, &answer, on_result));
    reset(); report("write NULL content", omniClientWriteFile(join(base, "capi-null.txt"), NULL, &answer, on_result, NULL));
    reset(); report("stat NULL content", omniClientStat(join(base, "capi-null.txt"), &answer, on_stat));
    reset(); report("read NULL content", omniClientReadFile(join(base, "capi-null.txt"), &answer, on_read));
    reset(); report("delete it", omniClientDelete(join(base, "capi-null.txt"), &answer, on_result));
    struct OmniClientContent none = omniClientMoveContent(NULL);
    printf("move NULL content: %s\n", none.buffer ? "buffer" : "empty");
    none = omniClientCopyContent(NULL);
    printf("copy NULL content: %s\n", none.buffer ? "buffer" : "empty");
    omniClientFreeContent(NULL);
    struct OmniClientContent nothing = omniClientAllocContent(0);
    printf("alloc 0: buffer %s, size %zu, free %s\n", nothing.buffer ? "set" : "NULL", nothing.size, nothing.free ? "set" : "NULL");
    omniClientFreeContent(&nothing);
    printf("freed: buffer %s, size %zu, free %s\n", nothing.buffer ? "set" : "NULL", nothing.size, nothing.free ? "set" : "NULL");
    struct OmniClientContent some = omniClientAllocContent(3);
    omniClientFreeContent(&some);
    printf("freed 3 bytes: buffer %s, size %zu, free %s\n", some.buffer ? "set" : "NULL", some.size, some.free ? "set" : "NULL");
    struct OmniClientContent huge = omniClientAllocContent((size_t)-1);
    printf("alloc huge: buffer %s\n", huge.buffer ? "set" : "NULL");
    omniClientFreeContent(&huge);
    printf("wait for an unknown request: %d\n", omniClientWaitFor(123456789, 1));
}

/* Live objects and omniClientLiveRegisterQueuedCallback2: what each queued version's
 * OmniClientLiveUpdateInfo says. The original also tells of this process's own updates, as Local
 * with server time 0, before they come back as Remote; ours tells only the Remote ones (docs/c-api.md,
 * "Differences"), so Local ones are left out here. Server times are checked, not printed. */
#define MAX_QUEUED 16
static struct OmniClientLiveUpdateInfo queued[MAX_QUEUED];
static char queued_paths[MAX_QUEUED][256];
static int queued_count, queued_other_user_data;
static int marker;
static void on_queued(void* user, struct OmniClientLiveUpdateInfo* info) {
    if (user != &marker) __atomic_add_fetch(&queued_other_user_data, 1, __ATOMIC_SEQ_CST);
    if (info->updateType == eOmniClientLiveUpdateType_Local) return;
    int at = __atomic_load_n(&queued_count, __ATOMIC_SEQ_CST);
    if (at >= MAX_QUEUED) return;
    queued[at] = *info;
    const char* path = info->url && info->url->path ? strstr(info->url->path, "/diff/") : NULL; /* below the scratch folder */
    snprintf(queued_paths[at], sizeof queued_paths[at], "%s", path ? path : "(none)");
    __atomic_store_n(&queued_count, at + 1, __ATOMIC_SEQ_CST);
}
static uint64_t created_object;
static void on_live_created(void* user, OmniClientResult r, uint64_t object_id, uint64_t sequence) {
    created_object = object_id;
    char line[64];
    snprintf(line, sizeof line, "sequence %llu", (unsigned long long)sequence);
    on_result(user, r);
    append(user, line);
}
static void on_live_updated(void* user, OmniClientResult r, uint64_t sequence, uint64_t request) {
    (void)request; /* the original's is a request number, ours 0 */
    char line[64];
    snprintf(line, sizeof line, "sequence %llu", (unsigned long long)sequence);
    on_result(user, r);
    append(user, line);
}
static int live_reads;
static void on_live_read(void* user, OmniClientResult r, uint64_t object_id, uint64_t sequence, struct OmniClientContent* c) {
    (void)user; (void)object_id; (void)sequence; (void)c; (void)r;
    __atomic_add_fetch(&live_reads, 1, __ATOMIC_SEQ_CST);
}
static uint64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static void live(const char* base) {
    const char* url = join(base, "diff/layer.live");
    struct OmniClientContent first = text_content("v1");
    reset(); report("live create", omniClientLiveCreate(url, &first, &answer, on_live_created));
    uint32_t registration = omniClientLiveRegisterQueuedCallback2(&marker, on_queued);
    printf("register queued callback 2: %s\n", registration ? "handle" : "0");
    OmniClientRequestId read = omniClientLiveRead(url, 0, 0, NULL, on_live_read);
    omniClientWaitFor(read, 5000);
    wait_for(&live_reads, 2); /* the state, then OK_LATEST */
    /* The original answers updates from inside omniClientLiveProcess: no waiting for them before. */
    static struct Answer updated[3];
    OmniClientRequestId updates[3];
    uint64_t before = now_us();
    struct OmniClientContent v2 = text_content("v2"), v3 = text_content("v3"), v4 = text_content("v4");
    updates[0] = omniClientLiveUpdate(url, created_object, &v2, &updated[0], on_live_updated);
    updates[1] = omniClientLiveUpdate(url, created_object, &v3, &updated[1], on_live_updated);
    wait_for(&queued_count, 2);
    uint64_t after = now_us();
    int count = __atomic_load_n(&queued_count, __ATOMIC_SEQ_CST);
    printf("queued: %d, read callbacks before processing: %d\n", count, __atomic_load_n(&live_reads, __ATOMIC_SEQ_CST));
    for (int i = 0; i < count; ++i) {
        const struct OmniClientLiveUpdateInfo* q = &queued[i];
        printf("queued %d: type %d, %s, path %s, same object %s, sequence %llu, server time %s\n", i, q->updateType,
               omniClientGetResultString(q->result), queued_paths[i], q->objectId == created_object ? "yes" : "no",
               (unsigned long long)q->sequenceNum,
               q->serverTime + 5000000u >= before && q->serverTime <= after + 5000000u ? "now" : "off");
    }
    printf("queued callbacks with other user data: %d\n", __atomic_load_n(&queued_other_user_data, __ATOMIC_SEQ_CST));
    /* How many versions this delivers is left out: the original holds each for a jitter delay
     * (up to a second) after its server time, ours delivers them at once (docs/c-api.md). */
    omniClientLiveProcess();
    omniClientUnregisterCallback(registration);
    updates[2] = omniClientLiveUpdate(url, created_object, &v4, &updated[2], on_live_updated);
    for (int i = 0; i < 50 && __atomic_load_n(&live_reads, __ATOMIC_SEQ_CST) < 5; ++i) {
        omniClientLiveProcess();
        sleep_ms(100);
    }
    for (int i = 0; i < 3; ++i) {
        omniClientWaitFor(updates[i], 5000);
        printf("live update %d: %s %s\n", i + 2, omniClientGetResultString(updated[i].result), updated[i].text);
    }
    printf("read callbacks: %d, queued after unregistering: %d\n", __atomic_load_n(&live_reads, __ATOMIC_SEQ_CST),
           __atomic_load_n(&queued_count, __ATOMIC_SEQ_CST));
    omniClientStop(read);
}

/* The libraries' own log lines (the original warns about inotify events it raced with) are not
   answers: they go to stderr so that stdout compares only what the program asked. */
static void on_log(const char* thread, const char* component, OmniClientLogLevel level, const char* message) {
    (void)thread;
    fprintf(stderr, "[%c] [%s] %s\n", omniClientGetLogLevelChar(level), component, message);
}

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: %s <folder URL ending in '/'> [<user> <password>]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    omniClientSetLogCallback(on_log);
    printf("initialize for a newer minor: %d\n", omniClientInitialize(kOmniClientVersion + ((uint64_t)1 << 32)));
    printf("initialize: %d\n", omniClientInitialize(kOmniClientVersion));
    bool server = argc == 4;
    auth_user = server ? argv[2] : NULL;
    auth_password = server ? argv[3] : NULL;
    uint32_t auth = server ? omniClientRegisterAuthCallback(NULL, on_auth) : 0;

    registrations();
    settings();
    urls();
    files(argv[1], server);
    if (server) live(argv[1]);
    odd_inputs(argv[1]);

    omniClientUnregisterCallback(auth);
    omniClientShutdown();
    printf("done\n");
    return 0;
}
