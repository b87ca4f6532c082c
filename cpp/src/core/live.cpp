#include "core/live.h"

#include "core/runtime.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace omniclient::ops {

namespace {

struct DeprecatedQueuedCallback {
    std::mutex mu;
    std::function<void()> fn;
};

DeprecatedQueuedCallback& deprecated_queued_callback() {
    static auto* holder = new DeprecatedQueuedCallback;  // never destroyed: callbacks may come during exit
    return *holder;
}

// Runs on the callback thread, just after a version was queued.
void tell_queued(const LiveReadResult& v, const std::string& url, bool first_of_batch) {
    live_queued_callbacks().call(OMNI_LIVE_UPDATE_REMOTE, v.result, url, v.object_id, v.sequence_num, v.server_time);
    if (!first_of_batch) return;
    std::function<void()> fn;
    {
        std::lock_guard lock(deprecated_queued_callback().mu);
        fn = deprecated_queued_callback().fn;
    }
    if (fn) fn();
}

// The request of a live read, known once live_read returned (its versions may be queued before).
class ReadHandle {
public:
    void set(const RequestPtr& request) {
        std::lock_guard lock(mu_);
        request_ = request;
    }
    bool stopped() const {
        std::lock_guard lock(mu_);
        auto request = request_.lock();
        return request && request->stopped();
    }

private:
    mutable std::mutex mu_;
    std::weak_ptr<RequestState> request_;
};

}  // namespace

CallbackList<OmniLiveUpdateType, Result, const std::string&, uint64_t, uint64_t, uint64_t>& live_queued_callbacks() {
    static auto* list = new CallbackList<OmniLiveUpdateType, Result, const std::string&, uint64_t, uint64_t, uint64_t>;
    return *list;
}

void set_live_queued_callback(std::function<void()> fn) {
    std::lock_guard lock(deprecated_queued_callback().mu);
    deprecated_queued_callback().fn = std::move(fn);
}

RequestPtr live_read_with(std::string_view url, uint64_t have_object_id, uint64_t have_sequence, bool immediately,
                          std::function<void(LiveReadResult&&)> callback) {
    auto rt = Runtime::get();
    std::string key(url);
    LiveQueue* queue = &rt->live_queue();
    // The state and OK_LATEST come at once (as the original's); what follows LATEST is queued
    // unless `immediately`. Both callbacks run on the callback thread, one after the other.
    auto latest_seen = std::make_shared<bool>(false);
    // Versions still queued when the read is stopped are not delivered.
    auto read = std::make_shared<ReadHandle>();
    Events<LiveReadResult> deliver = [callback, queue, key, immediately, latest_seen, read](LiveReadResult&& v) {
        if (v.result == OMNI_RESULT_OK_LATEST) *latest_seen = true;
        bool stamped = v.result == OMNI_RESULT_OK && v.server_time != 0;
        if (immediately || !*latest_seen || v.result != OMNI_RESULT_OK) {
            if (stamped) queue->note_server_time(key, v.server_time);
            return callback(std::move(v));
        }
        bool first_of_batch = queue->pending() == 0;
        LiveReadResult told{v.result, v.object_id, v.sequence_num, Content(), v.server_time};
        auto boxed = std::make_shared<LiveReadResult>(std::move(v));
        queue->push_update(key, told.server_time, [callback, boxed, read] {
            if (!read->stopped()) callback(std::move(*boxed));
        });
        tell_queued(told, key, first_of_batch);
    };
    RequestPtr request = live_read(url, have_object_id, have_sequence, [deliver](LiveReadResult&& v) { deliver(std::move(v)); }, deliver);
    read->set(request);
    return request;
}

RequestPtr live_update_counted(std::string_view url, uint64_t object_id, Content content, Delivery delivery,
                               Done<LiveObjectResult> done) {
    auto rt = Runtime::get();
    LiveQueue* queue = &rt->live_queue();
    queue->update_sent();
    // Counted as answered once: by its answer, or by stop() (a stopped request delivers nothing,
    // and live_wait_for_pending_updates must not wait for it).
    auto settled = std::make_shared<std::atomic<bool>>(false);
    auto settle = [queue, settled] {
        if (!settled->exchange(true)) queue->update_answered();
    };
    RequestPtr request = live_update(url, object_id, content, delivery, [settle, done = std::move(done)](LiveObjectResult&& a) {
        done(std::move(a));
        settle();
    });
    request->on_stop(settle);
    return request;
}

void live_process() { Runtime::get()->live_queue().process(); }

void live_process_up_to(std::string_view url, uint64_t server_time) {
    auto rt = Runtime::get();
    auto [ran, next] = rt->live_queue().process_up_to(std::string(url), server_time);
    if (next) {
        uint64_t due = *next;
        rt->callbacks().post([due] { live_queued_callbacks().call(OMNI_LIVE_UPDATE_MORE, OMNI_RESULT_OK, std::string(), 0, 0, due); });
    }
}

void live_wait_for_pending_updates() { Runtime::get()->live_queue().wait_for_pending_updates(); }

uint64_t live_latest_server_time(std::string_view url) { return Runtime::get()->live_queue().latest_server_time(std::string(url)); }

}  // namespace omniclient::ops
