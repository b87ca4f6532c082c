#include "core/runtime.h"

#include "core/config_file.h"
#include "core/log.h"
#include "core/request_log.h"
#include "url/url.h"
#include "core/version.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include <unistd.h>

namespace omniclient {
namespace {

std::mutex g_runtime_mu;
std::shared_ptr<Runtime> g_runtime;
BatchRunner g_batch_runner;  // guarded by g_runtime_mu; read when a runtime is created under it

std::mutex g_settings_mu;
RetrySettings g_retry;
ProductInfo g_product;
thread_local int64_t t_hang_ms = 0;

OmniFileStatus* file_status_of(OpKind kind, OmniFileStatus& storage) {
    switch (kind) {
        case OpKind::Stat: storage = OMNI_FILE_STATUS_STATING; break;
        case OpKind::List: storage = OMNI_FILE_STATUS_LISTING; break;
        case OpKind::ReadFile: storage = OMNI_FILE_STATUS_READING; break;  // not get_local_file, as the original
        case OpKind::WriteFile: case OpKind::CreateWithHash: storage = OMNI_FILE_STATUS_WRITING; break;
        case OpKind::Copy: storage = OMNI_FILE_STATUS_COPYING; break;
        case OpKind::Move: storage = OMNI_FILE_STATUS_MOVING; break;
        case OpKind::Delete: storage = OMNI_FILE_STATUS_DELETING; break;
        case OpKind::Obliterate: storage = OMNI_FILE_STATUS_OBLITERATING; break;
        default: return nullptr;
    }
    return &storage;
}

// Reports file status callbacks around operations that move file content.
class FileStatusLayer final : public Layer {
public:
    explicit FileStatusLayer(Runtime& runtime) : runtime_(runtime) {}
    void on_start(OpKind kind, const std::string& url) override { report(kind, url, 0); }
    void on_finish(OpKind kind, const std::string& url, Result, int64_t) override { report(kind, url, 100); }

private:
    void report(OpKind kind, const std::string& url, int percent) {
        OmniFileStatus status;
        if (file_status_of(kind, status)) runtime_.report_file_status(url, status, percent);
    }
    Runtime& runtime_;
};

struct Span {
    std::string name;
    std::string url;
    int64_t start_us;
    int64_t duration_us;
    uint64_t thread;
};

std::atomic<bool> g_tracing{false};
std::mutex g_trace_mu;
std::vector<Span> g_spans;

// Records one span per operation while tracing is on.
class TraceLayer final : public Layer {
public:
    void on_start(OpKind, const std::string&) override {}
    void on_finish(OpKind kind, const std::string& url, Result, int64_t start_us) override {
        if (!g_tracing.load(std::memory_order_relaxed)) return;
        Span span{op_name(kind), url, start_us, steady_now_us() - start_us,
                  std::hash<std::thread::id>()(std::this_thread::get_id())};
        std::lock_guard lock(g_trace_mu);
        g_spans.push_back(std::move(span));
    }
};

std::string json_escape(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
        else out += static_cast<char>(c);
    }
    return out;
}

}  // namespace

const char* op_name(OpKind kind) {
    static const char* const names[] = {
#define OMNI_OP(Facet, Kind, name, ...) name,
#define OMNI_SUBSCRIPTION_OF(Facet, Kind, name, ...) name,
#include "core/ops.def"
        "unimplemented"};
    static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(OpKind::Count));
    return names[static_cast<size_t>(kind)];
}

void set_callback_batch_runner(BatchRunner runner) {
    std::lock_guard lock(g_runtime_mu);
    g_batch_runner = std::move(runner);
}

void post_to_callback_thread(Task task) {
    // Posted under the lock, so no thread but shutdown's ever holds the last reference.
    std::lock_guard lock(g_runtime_mu);
    if (g_runtime) g_runtime->callbacks().post(std::move(task));
}

Runtime::Runtime() : callbacks_("omni-callbacks", g_batch_runner), pool_("omni-local", std::clamp<size_t>(std::thread::hardware_concurrency(), 2, 8)) {
    providers_ = make_builtin_providers(pool_);
    for (const auto& [alias, value] : config::aliases()) url::set_alias(alias, value);
    layers_.push_back(std::make_unique<FileStatusLayer>(*this));
    layers_.push_back(std::make_unique<TraceLayer>());
    layers_.push_back(std::make_unique<RequestLogLayer>());
}

Runtime::~Runtime() {
    stop_all_requests();
    for (auto& p : providers_) p->shutdown();
    pool_.drain_and_join();
    timers_.drain_and_join();
    callbacks_.drain_and_join();
}

// A task finishing on one of the runtime's own threads can hold the last reference (shutdown()
// let go of the runtime while the task ran). That thread cannot join itself, so the runtime is
// then destroyed on a thread of its own, which shutdown() waits for.
static std::mutex g_destroy_mu;
static std::condition_variable g_destroyed;
static int g_destroying = 0;

static void destroy_runtime(Runtime* runtime) {
    if (!runtime->owns_current_thread()) {
        delete runtime;
        return;
    }
    {
        std::lock_guard lock(g_destroy_mu);
        ++g_destroying;
    }
    std::thread([runtime] {
        delete runtime;
        std::lock_guard lock(g_destroy_mu);  // notified under the lock: a waiter may exit the process next
        --g_destroying;
        g_destroyed.notify_all();
    }).detach();
}

bool Runtime::owns_current_thread() const { return callbacks_.is_current() || timers_.is_current() || pool_.is_current(); }

// A program that exits without shutting down: its runtime's threads are stopped before the
// libraries they use clean up. Exit handlers run in the reverse order of their registration, and
// OpenSSL registers its own when a runtime's providers first start it, so this one, registered
// once the first runtime is made, runs before it (a TLS connection started as the program exits
// would otherwise use OpenSSL after its clean-up).
static void shutdown_at_exit() {
    bool running;
    {
        std::lock_guard lock(g_runtime_mu);
        running = g_runtime != nullptr;
    }
    if (running) Runtime::shutdown();
}

std::shared_ptr<Runtime> Runtime::get() {
    std::lock_guard lock(g_runtime_mu);
    if (!g_runtime) {
        g_runtime = std::shared_ptr<Runtime>(new Runtime, destroy_runtime);
        static const bool registered = std::atexit(shutdown_at_exit) == 0;
        (void)registered;
    }
    return g_runtime;
}

bool Runtime::initialize(uint64_t version) {
    if (!version_compatible(version)) {
        log(OMNI_LOG_ERROR, "core", "Initialization failed, major version mismatch: " + std::to_string(version >> 48) +
                                        " != " + std::to_string(kVersion >> 48));
        return false;
    }
    get();
    return true;
}

void Runtime::shutdown() {
    std::shared_ptr<Runtime> runtime;
    {
        std::lock_guard lock(g_runtime_mu);
        runtime = std::move(g_runtime);
    }
    if (runtime) {
        runtime->stop_all_requests();
        // Requests hold no reference to the runtime; a call being dispatched, or a task finishing,
        // on another thread may for a moment. Give it that moment, so that the runtime is
        // destroyed here, every thread joined, when shutdown() returns.
        for (int i = 0; i < 1000 && runtime.use_count() > 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        runtime.reset();
    }
    {
        // Bounded: a runtime being destroyed may wait for a callback that waits for this caller.
        std::unique_lock lock(g_destroy_mu);
        g_destroyed.wait_for(lock, std::chrono::seconds(10), [] { return g_destroying == 0; });
    }
    flush_log();
}

RequestPtr Runtime::new_request() {
    auto request = std::make_shared<RequestState>(next_id_.fetch_add(1, std::memory_order_relaxed));
    std::lock_guard lock(requests_mu_);
    requests_.emplace(request->id(), request);
    return request;
}

void Runtime::forget(RequestId id) {
    std::lock_guard lock(requests_mu_);
    requests_.erase(id);
}

RequestPtr Runtime::find(RequestId id) {
    std::lock_guard lock(requests_mu_);
    auto it = requests_.find(id);
    return it == requests_.end() ? nullptr : it->second.lock();
}

void Runtime::stop_all_requests() {
    std::vector<RequestPtr> live;
    {
        std::lock_guard lock(requests_mu_);
        for (auto& [id, weak] : requests_) {
            if (auto r = weak.lock()) live.push_back(std::move(r));
        }
    }
    for (auto& r : live) r->stop_with_error();
}

Target Runtime::make_target(std::string_view raw) {
    Target target;
    target.url = url::combine_with_base_url(url::apply_aliases(raw));
    target.parts = url::break_url(target.url);
    return target;
}

Provider* Runtime::route(const Target& target) {
    for (auto& p : providers_) {
        if (p->match(target)) return p.get();
    }
    return nullptr;
}

void Runtime::add_provider(std::unique_ptr<Provider> provider) {
    providers_.insert(providers_.begin(), std::move(provider));
}

RetrySettings retry_settings() {
    std::lock_guard lock(g_settings_mu);
    return g_retry;
}

RetrySettings set_retry_settings(RetrySettings settings) {
    std::lock_guard lock(g_settings_mu);
    return std::exchange(g_retry, settings);
}

int64_t steady_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

int64_t retry_delay_ms(const RetrySettings& s, int count) {
    static thread_local std::minstd_rand rng{std::random_device{}()};
    int64_t jitter_span = s.jitter_ms * count;
    int64_t jitter = jitter_span > 0 ? std::uniform_int_distribution<int64_t>(0, jitter_span)(rng) : 0;
    return s.base_ms * count * count + jitter;
}

void set_hang_detection_ms(int64_t ms) { t_hang_ms = std::max<int64_t>(ms, 0); }
int64_t hang_detection_ms() { return t_hang_ms; }

void set_product_info(ProductInfo info) {
    std::lock_guard lock(g_settings_mu);
    g_product = std::move(info);
}

ProductInfo product_info() {
    std::lock_guard lock(g_settings_mu);
    return g_product;
}

void Runtime::report_file_status(const std::string& url, OmniFileStatus status, int percent) {
    if (file_status_callbacks().empty()) return;
    callbacks_.post([url, status, percent] { file_status_callbacks().call(url, status, percent); });
}

CallbackList<const std::string&, OmniFileStatus, int>& file_status_callbacks() {
    static CallbackList<const std::string&, OmniFileStatus, int> list;
    return list;
}

bool trace_start() {
    std::lock_guard lock(g_trace_mu);
    g_spans.clear();
    g_tracing = true;
    return true;
}

void trace_stop() { g_tracing = false; }

std::string write_chrome_trace(const std::string& path) {
    std::vector<Span> spans;
    {
        std::lock_guard lock(g_trace_mu);
        spans = g_spans;
    }
    std::ofstream out(path, std::ios::trunc);
    if (!out) return {};
    out << "{\"traceEvents\":[";
    for (size_t i = 0; i < spans.size(); ++i) {
        const Span& s = spans[i];
        out << (i ? "," : "") << "{\"name\":\"" << json_escape(s.name) << "\",\"cat\":\"omniclient\",\"ph\":\"X\",\"ts\":"
            << s.start_us << ",\"dur\":" << s.duration_us << ",\"pid\":" << getpid() << ",\"tid\":" << (s.thread % 1000000)
            << ",\"args\":{\"url\":\"" << json_escape(s.url) << "\"}}";
    }
    out << "]}\n";
    return out ? path : std::string();
}

}  // namespace omniclient
