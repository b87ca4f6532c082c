// The client's process-wide state: threads, the request table, providers, settings and the
// cross-cutting layers. Created on first use, destroyed by shutdown(), created again if used after.
#pragma once

#include "core/callback_list.h"
#include "core/live_queue.h"
#include "core/ops.h"
#include "core/provider.h"
#include "core/request.h"
#include "core/task_thread.h"
#include "core/transfer.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace omniclient {

struct RetrySettings {
    int64_t max_ms = 120000;
    int64_t base_ms = 100;
    int64_t jitter_ms = 100;
};

// Observes every operation's start and finish; used for file status callbacks and tracing.
class Layer {
public:
    virtual ~Layer() = default;
    virtual void on_start(OpKind kind, const std::string& url) = 0;
    // `start_us` is steady_now_us() when the operation started.
    virtual void on_finish(OpKind kind, const std::string& url, Result result, int64_t start_us) = 0;
};

class Runtime {
public:
    Runtime();
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // The live runtime, created on first use.
    static std::shared_ptr<Runtime> get();
    // Starts the runtime for a caller built against `version`; false (and an error logged) when
    // the major versions differ.
    static bool initialize(uint64_t version);
    // Stops every request (their callbacks get an error answer), then joins every thread.
    static void shutdown();

    // Whether the calling thread is one of the runtime's (callbacks, timers, worker pool).
    bool owns_current_thread() const;

    TaskThread& callbacks() { return callbacks_; }
    // Tells the file status callbacks (on the callback thread) how far an operation on `url` is.
    void report_file_status(const std::string& url, OmniFileStatus status, int percent);
    TaskThread& timers() { return timers_; }
    WorkerPool& pool() { return pool_; }
    LiveQueue& live_queue() { return live_queue_; }
    // Serves copies and moves between two stores.
    Provider& transfers() { return transfers_; }

    RequestPtr new_request();
    void forget(RequestId id);
    RequestPtr find(RequestId id);

    // Applies aliases and the calling thread's base URL, then parses.
    static Target make_target(std::string_view url);
    // The provider serving a URL: the first registered whose match() takes it; null when none does.
    Provider* route(const Target& target);
    // Adds a provider ahead of the built-in ones, so it serves the URLs it matches (for embedders
    // and tests). Call it before starting operations that it should serve.
    void add_provider(std::unique_ptr<Provider> provider);

    const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
    const std::vector<std::unique_ptr<Provider>>& providers() const { return providers_; }

private:
    void stop_all_requests();

    TaskThread callbacks_;
    TaskThread timers_{"omni-timers"};
    WorkerPool pool_;
    LiveQueue live_queue_;
    Transfers transfers_{*this};
    std::mutex requests_mu_;
    std::unordered_map<RequestId, std::weak_ptr<RequestState>> requests_;
    std::atomic<RequestId> next_id_{1};
    std::vector<std::unique_ptr<Provider>> providers_;
    std::vector<std::unique_ptr<Layer>> layers_;
};

// How the callback thread runs each batch of callbacks (set once by a language binding).
void set_callback_batch_runner(BatchRunner runner);
// Runs `task` on the running runtime's callback thread, in order with every other callback;
// dropped when no runtime is running (it is shutting down). For providers' event threads.
void post_to_callback_thread(Task task);

// Settings that outlive a runtime (a shutdown and re-initialize keeps them).
RetrySettings retry_settings();
RetrySettings set_retry_settings(RetrySettings settings);
// Delay before retry number `count` (1-based), per set_retries' documented formula.
int64_t retry_delay_ms(const RetrySettings& settings, int count);
int64_t steady_now_us();
void set_hang_detection_ms(int64_t ms);  // per thread
int64_t hang_detection_ms();

struct ProductInfo {
    std::string name;
    std::string version;
    std::string extra;
};
void set_product_info(ProductInfo info);
ProductInfo product_info();

// Called with (url, FileStatus, percent) on the callback thread: 0 when an operation starts,
// 100 when it ends, and in between as a copy between stores moves its parts.
CallbackList<const std::string&, OmniFileStatus, int>& file_status_callbacks();

// Tracing: while on, every operation is recorded as a span; write_chrome_trace() saves them.
bool trace_start();
void trace_stop();
// Writes the recorded spans in Chrome's trace format; returns the file written, or "" on failure.
std::string write_chrome_trace(const std::string& path);

}  // namespace omniclient
