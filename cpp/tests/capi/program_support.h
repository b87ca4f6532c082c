/* Pieces both C API test programs need: the compatibility program here and the differential
 * program in tests/interop/capi (which adds this folder to its include path). C and C++. */
#ifndef OMNICLIENT_TEST_PROGRAM_SUPPORT_H
#define OMNICLIENT_TEST_PROGRAM_SUPPORT_H

#include <OmniClient.h>

#include <stdio.h>
#include <string.h>

/* `base` + `name` in one of 16 rotating buffers, so a call can take several joined URLs. */
static const char* join(const char* base, const char* name) {
    static char urls[16][1024];
    static int next;
    char joined[sizeof urls[0]]; /* base may be an earlier slot: never format into the ring directly */
    snprintf(joined, sizeof joined, "%s%s", base, name);
    return strcpy(urls[next++ % 16], joined);
}

/* Content holding `text` and a terminator the size leaves out, as credentials are read either way. */
static struct OmniClientContent text_content(const char* text) {
    struct OmniClientContent c = omniClientAllocContent(strlen(text) + 1);
    if (c.buffer) {
        memcpy(c.buffer, text, strlen(text) + 1);
        c.size = strlen(text);
    }
    return c;
}

/* The account omniClientRegisterAuthCallback signs in with (set from the command line). */
static const char* auth_user;
static const char* auth_password;
static int auth_asked;
static bool on_auth(void* user, const char* prefix, struct OmniClientCredentials* credentials) {
    (void)user; (void)prefix;
    __atomic_add_fetch(&auth_asked, 1, __ATOMIC_SEQ_CST);
    credentials->username = text_content(auth_user);
    credentials->password = text_content(auth_password);
    return true;
}

#endif
