// Library logging: a level filter (WARNING unless OMNI_CLIENT_LOG_LEVEL or set_log_level says
// otherwise), and either a user callback (called on a background thread, never re-entered from
// inside itself) or standard error. A message repeated right after itself is told once, then
// with how many times it was repeated (docs/logging.md).
#pragma once

#include <omniclient/OmniClientTypes.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace omniclient {

using LogCallback = std::function<void(const std::string& thread, const std::string& component, OmniLogLevel level, const std::string& message)>;

// A level's name (debug, verbose, info, warning or warn, error; any case) or number (0-4).
std::optional<OmniLogLevel> parse_log_level(std::string_view text);
void log(OmniLogLevel level, std::string_view component, std::string message);
bool log_enabled(OmniLogLevel level);
void set_log_level(OmniLogLevel level);
// An empty callback restores printing to standard error.
void set_log_callback(LogCallback callback);
// Delivers pending messages and stops the log thread (it restarts on the next message).
void flush_log();

}  // namespace omniclient
