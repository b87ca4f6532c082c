// Logging in to a server's auth services, in NVIDIA's client's order: the authentication
// callbacks (newest first), then OMNI_USER/OMNI_PASS (or OMNI_USERNAME/OMNI_PASSWORD), then a
// refresh token cached on disk by an earlier login, then device flow. One difference: with
// OMNI_USER set, a token cached for that same user is tried before its password.
#pragma once

#include "net/ws_loop.h"
#include "providers/nucleus/discovery.h"

#include <functional>
#include <string>

namespace omniclient::nucleus {

struct Tokens {
    std::string access_token;
    std::string refresh_token;
    std::string username;
};

enum class AuthOutcome {
    Ok,
    Denied,     // the server refused the credentials or token
    Aborted,    // an authentication callback answered AUTH_ABORT
    Cancelled,  // device flow cancelled (authentication_cancel) or expired
    NoMethod,   // no credentials and no device flow
    Error,      // the auth service could not be reached or answered nonsense
};

// Runs a task on a thread other than the event loop's: user callbacks may make blocking calls.
using Offload = std::function<void(std::function<void()>)>;

// Loop thread. `server` is "omniverse://host[:port]" (what the callbacks are asked about). The
// authentication callbacks are asked on an `offload` thread; `done` runs on the loop thread.
void authenticate(net::EventLoop& loop, const Offload& offload, const Services& services, const std::string& server,
                  const std::string& user_agent, std::function<void(AuthOutcome, Tokens, std::string error)> done);

// The server whose authentication callbacks the calling thread is running, or "" (a request
// from inside such a callback cannot wait for that server's login: the login waits for it).
const std::string& server_authenticating_on_this_thread();

// Tokens.refresh with a refresh token; `done` gets the new tokens.
void refresh_tokens(net::EventLoop& loop, const Services& services, const std::string& refresh_token,
                    std::function<void(AuthOutcome, Tokens, std::string error)> done);

// Device flow requests in progress can be cancelled by the handle their callback was given.
void cancel_device_flow(uint64_t handle);

// The cached refresh token for a server is removed (sign out).
void forget_cached_token(const std::string& server);

}  // namespace omniclient::nucleus
