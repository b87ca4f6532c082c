// Process-wide callback registries the providers consult (authentication, connection status,
// errors). Registration objects in the bindings map onto add()/remove() here.
#pragma once

#include "core/callback_list.h"
#include "core/types.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace omniclient {

// What an authentication callback answers for a server: credentials, a token, or "abort".
struct AuthAnswer {
    enum class Kind { None, Credentials, Token, Abort } kind = Kind::None;
    std::string username;
    std::string password_or_token;
};

struct ErrorInfo {
    std::string operation;
    std::string uri;
    std::string message;
    int http_error_code = 0;
    int grpc_error_code = 0;
};

struct DeviceFlowParams {
    std::string server;
    std::string url;
    std::string code;
    int64_t expiration = 0;
};

// Each callback writes its answer (if any) into the AuthAnswer; the newest registration is asked first.
CallbackList<const std::string&, AuthAnswer&>& authentication_callbacks();
CallbackList<const std::string&, AuthAnswer&>& authorize_callbacks();
CallbackList<const std::string&, OmniConnectionStatus>& connection_status_callbacks();
// Called with the page and code to show, then with nullptr once that sign-in is over (signed in,
// refused, cancelled or expired), so that the application can close what it showed.
CallbackList<uint64_t, const DeviceFlowParams*>& device_flow_callbacks();
CallbackList<const ErrorInfo&>& error_callbacks();

}  // namespace omniclient

namespace omniclient {

// Asked for a storage access token: (auth handle, url).
CallbackList<uint64_t, const std::string&>& storage_auth_callbacks();

// Search paths that resolve() tries after the ones a call passes.
void add_default_search_path(const std::string& url);
void remove_default_search_path(const std::string& url);
std::vector<std::string> default_search_paths();

// Named URLs, reported to listeners whenever they change.
void add_bookmark(const std::string& name, const std::string& url);
void remove_bookmark(const std::string& name);
std::vector<std::pair<std::string, std::string>> bookmarks();
CallbackList<>& bookmark_listeners();

// While set, stat and list ask the server every time instead of answering from a listing cache.
void set_list_cache_bypass(bool bypass);
bool list_cache_bypassed();

// Extra HTTP headers sent with every HTTP request (an empty value removes the header).
void set_http_header(const std::string& key, const std::string& value);
std::vector<std::pair<std::string, std::string>> http_headers();

}  // namespace omniclient
