#include "core/log.h"

#include "core/task_thread.h"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace omniclient {
namespace {

constexpr const char* kLevelVariable = "OMNI_CLIENT_LOG_LEVEL";
constexpr OmniLogLevel kDefaultLevel = OMNI_LOG_WARNING;

const char* level_letter(OmniLogLevel level) {
    switch (level) {
        case OMNI_LOG_DEBUG: return "D";
        case OMNI_LOG_VERBOSE: return "V";
        case OMNI_LOG_INFO: return "I";
        case OMNI_LOG_WARNING: return "W";
        case OMNI_LOG_ERROR: return "E";
    }
    return "?";
}

// The level OMNI_CLIENT_LOG_LEVEL names, or the default (with a word on stderr when the
// variable holds something else than a level).
OmniLogLevel level_at_start() {
    const char* text = std::getenv(kLevelVariable);
    if (!text || !*text) return kDefaultLevel;
    if (auto level = parse_log_level(text)) return *level;
    std::fprintf(stderr, "W: [core] %s=%s is not a log level (debug, verbose, info, warning, error or 0-4); using warning\n",
                 kLevelVariable, text);
    return kDefaultLevel;
}

std::atomic<int> g_level{level_at_start()};
std::mutex g_mu;
std::shared_ptr<LogCallback> g_callback;
std::unique_ptr<TaskThread> g_thread;
thread_local bool t_in_callback = false;

// The last message delivered, and how many identical ones came right after it (not delivered):
// a server that dies, or a transfer in parts, must not repeat the same line many times.
struct Last {
    OmniLogLevel level = OMNI_LOG_DEBUG;
    std::string component;
    std::string message;
    std::string thread;
    int repeats = 0;
    std::chrono::steady_clock::time_point at;  // when it was delivered
};
// A repeat this long after the message it repeats is delivered again (with the count before it).
constexpr auto kRepeatWindow = std::chrono::seconds(60);
Last g_last;

std::string current_thread_name() {
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    return name;
}

// Under g_mu.
void deliver(std::string thread, OmniLogLevel level, std::string component, std::string message) {
    if (!g_callback) {
        std::fprintf(stderr, "%s: [%s] %s\n", level_letter(level), component.c_str(), message.c_str());
        return;
    }
    if (!g_thread) g_thread = std::make_unique<TaskThread>("omni-log");
    g_thread->post([callback = g_callback, thread = std::move(thread), component = std::move(component), level, message = std::move(message)] {
        t_in_callback = true;
        (*callback)(thread, component, level, message);
        t_in_callback = false;
    });
}

// Under g_mu: says how often the last message was repeated, if it was.
void deliver_repeats() {
    if (g_last.repeats == 0) return;
    std::string times = g_last.repeats == 1 ? "once more" : std::to_string(g_last.repeats) + " more times";
    deliver(g_last.thread, g_last.level, g_last.component, g_last.message + " (repeated " + times + ")");
    g_last.repeats = 0;
}

}  // namespace

std::optional<OmniLogLevel> parse_log_level(std::string_view text) {
    std::string word;
    for (char c : text) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<const char*, OmniLogLevel> names[] = {
        {"debug", OMNI_LOG_DEBUG}, {"verbose", OMNI_LOG_VERBOSE}, {"info", OMNI_LOG_INFO}, {"warning", OMNI_LOG_WARNING},
        {"warn", OMNI_LOG_WARNING}, {"error", OMNI_LOG_ERROR}, {"0", OMNI_LOG_DEBUG}, {"1", OMNI_LOG_VERBOSE},
        {"2", OMNI_LOG_INFO}, {"3", OMNI_LOG_WARNING}, {"4", OMNI_LOG_ERROR}};
    for (auto& [name, level] : names)
        if (word == name) return level;
    return std::nullopt;
}

bool log_enabled(OmniLogLevel level) { return level >= g_level.load(std::memory_order_relaxed); }

void set_log_level(OmniLogLevel level) { g_level.store(level, std::memory_order_relaxed); }

void set_log_callback(LogCallback callback) {
    std::lock_guard lock(g_mu);
    deliver_repeats();  // to whoever had the messages so far
    g_callback = callback ? std::make_shared<LogCallback>(std::move(callback)) : nullptr;
}

void log(OmniLogLevel level, std::string_view component, std::string message) {
    if (!log_enabled(level) || t_in_callback) return;  // a log callback that logs is not re-entered
    std::lock_guard lock(g_mu);
    auto now = std::chrono::steady_clock::now();
    if (level == g_last.level && component == g_last.component && message == g_last.message && now - g_last.at < kRepeatWindow) {
        ++g_last.repeats;
        return;
    }
    deliver_repeats();
    std::string thread = current_thread_name();
    g_last = Last{level, std::string(component), message, thread, 0, now};
    deliver(std::move(thread), level, std::string(component), std::move(message));
}

void flush_log() {
    std::unique_ptr<TaskThread> thread;
    {
        std::lock_guard lock(g_mu);
        deliver_repeats();
        g_last = Last{};  // a message after a flush is told again
        thread = std::move(g_thread);
    }
    if (thread) thread->drain_and_join();
}

}  // namespace omniclient
