// What the log says about requests: each one's end at VERBOSE (operation, URL, result, time), and
// retries: each at VERBOSE, and a WARNING the first time a server cannot be reached (not again
// until one of its requests is answered) (docs/logging.md).
#pragma once

#include "core/ops.h"
#include "core/runtime.h"

#include <string>
#include <string_view>

namespace omniclient {

// The name Python gives a Result (OK, ERROR_NOT_FOUND, ...).
const char* result_name(Result result);
// `url` as a log shows it: printable, with a password and signed query values replaced by "***".
std::string url_for_log(std::string_view url);

// Logs each operation's end.
class RequestLogLayer final : public Layer {
public:
    void on_start(OpKind, const std::string&) override {}
    void on_finish(OpKind kind, const std::string& url, Result result, int64_t start_us) override;
};

// Logs that an operation on `url` failed to connect and is tried again (retry number `count`, in
// `delay_ms`, retries ending `max_ms` after the first try).
void log_retry(OpKind kind, const std::string& url, int count, int64_t delay_ms, int64_t max_ms);

}  // namespace omniclient
