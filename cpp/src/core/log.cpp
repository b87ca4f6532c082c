#include "core/log.h"

#include "core/task_thread.h"

#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>

namespace omniclient {
namespace {

std::atomic<int> g_level{OMNI_LOG_INFO};
std::mutex g_mu;
std::shared_ptr<LogCallback> g_callback;
std::unique_ptr<TaskThread> g_thread;
thread_local bool t_in_callback = false;

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

std::string current_thread_name() {
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    return name;
}

}  // namespace

bool log_enabled(OmniLogLevel level) { return level >= g_level.load(std::memory_order_relaxed); }

void set_log_level(OmniLogLevel level) { g_level.store(level, std::memory_order_relaxed); }

void set_log_callback(LogCallback callback) {
    std::lock_guard lock(g_mu);
    g_callback = callback ? std::make_shared<LogCallback>(std::move(callback)) : nullptr;
}

void log(OmniLogLevel level, std::string_view component, std::string message) {
    if (!log_enabled(level) || t_in_callback) return;  // a log callback that logs is not re-entered
    std::lock_guard lock(g_mu);
    if (!g_callback) {
        std::fprintf(stderr, "%s: [%.*s] %s\n", level_letter(level), static_cast<int>(component.size()), component.data(), message.c_str());
        return;
    }
    if (!g_thread) g_thread = std::make_unique<TaskThread>("omni-log");
    g_thread->post([callback = g_callback, thread = current_thread_name(), component = std::string(component), level, message = std::move(message)] {
        t_in_callback = true;
        (*callback)(thread, component, level, message);
        t_in_callback = false;
    });
}

void flush_log() {
    std::unique_ptr<TaskThread> thread;
    {
        std::lock_guard lock(g_mu);
        thread = std::move(g_thread);
    }
    if (thread) thread->drain_and_join();
}

}  // namespace omniclient
