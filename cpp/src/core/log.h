// Library logging: a level filter, and either a user callback (called on a background thread,
// never re-entered from inside itself) or standard error.
#pragma once

#include <omniclient/OmniClientTypes.h>

#include <functional>
#include <string>
#include <string_view>

namespace omniclient {

using LogCallback = std::function<void(const std::string& thread, const std::string& component, OmniLogLevel level, const std::string& message)>;

void log(OmniLogLevel level, std::string_view component, std::string message);
bool log_enabled(OmniLogLevel level);
void set_log_level(OmniLogLevel level);
// An empty callback restores printing to standard error.
void set_log_callback(LogCallback callback);
// Delivers pending messages and stops the log thread (it restarts on the next message).
void flush_log();

}  // namespace omniclient
