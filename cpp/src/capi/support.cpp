#include "capi/support.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace omniclient::capi {

OmniClientListEntry to_c(const ListEntry& e) {
    return OmniClientListEntry{e.relative_path.c_str(), e.access, e.flags, e.size,
                               static_cast<uint64_t>(e.modified_time), static_cast<uint64_t>(e.created_time),
                               e.modified_by.c_str(), e.created_by.c_str(), e.version.c_str(), e.hash.c_str(), e.comment.c_str(),
                               static_cast<uint64_t>(e.deleted_time), e.deleted_by.c_str(), e.locked_by.c_str()};
}

std::vector<OmniClientListEntry> to_c(const std::vector<ListEntry>& entries) {
    std::vector<OmniClientListEntry> out;
    out.reserve(entries.size());
    for (auto& e : entries) out.push_back(to_c(e));
    return out;
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
    std::vector<const char*> out;
    out.reserve(values.size());
    for (auto& v : values) out.push_back(v.c_str());
    return out;
}

OmniClientRequestId id_of(const RequestPtr& request) { return request ? request->id() : 0; }

void FirstAnswerGate::open() {
    {
        std::lock_guard lock(mu_);
        open_ = true;
    }
    cv_.notify_all();
}

bool FirstAnswerGate::wait(const RequestPtr& request, int64_t ms) {
    // The request's end is signalled elsewhere, so it is polled in short slices.
    constexpr auto kSlice = std::chrono::milliseconds(20);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms < 0 ? 0 : ms);
    std::unique_lock lock(mu_);
    while (!open_ && !request->is_finished()) {
        if (ms >= 0 && std::chrono::steady_clock::now() >= deadline) return false;
        cv_.wait_for(lock, kSlice);
    }
    return true;
}

namespace {

struct Gates {
    std::mutex mu;
    std::unordered_map<OmniClientRequestId, std::shared_ptr<FirstAnswerGate>> by_id;
};

Gates& gates() {
    static Gates g;
    return g;
}

}  // namespace

std::shared_ptr<FirstAnswerGate> gate_of(OmniClientRequestId id) {
    auto& g = gates();
    std::lock_guard lock(g.mu);
    auto it = g.by_id.find(id);
    return it == g.by_id.end() ? nullptr : it->second;
}

void forget_gate(OmniClientRequestId id) {
    auto& g = gates();
    std::lock_guard lock(g.mu);
    g.by_id.erase(id);
}

OmniClientRequestId subscribe_gated(const std::function<RequestPtr(std::function<void()> first_done)>& start) {
    auto gate = std::make_shared<FirstAnswerGate>();
    RequestPtr request = start([gate] { gate->open(); });
    if (!request) return 0;
    auto& g = gates();
    std::lock_guard lock(g.mu);
    g.by_id.emplace(request->id(), gate);
    return request->id();
}

Content take_content(OmniClientContent* content) {
    if (!content) return {};
    OmniClientContent owned = omniClientMoveContent(content);
    if (!owned.buffer) return {};
    auto release = [owned](const void*) mutable { omniClientFreeContent(&owned); };
    std::shared_ptr<const void> owner(owned.buffer, release);
    return Content(std::move(owner), static_cast<const uint8_t*>(owned.buffer), owned.size);
}

void with_content(const Content& bytes, const std::function<void(OmniClientContent*)>& deliver) {
    OmniClientContent content = omniClientAllocContent(bytes.size());
    if (content.buffer) std::memcpy(content.buffer, bytes.data(), bytes.size());
    deliver(&content);
    omniClientFreeContent(&content);
}

namespace {

struct Registrations {
    std::mutex mu;
    uint32_t next = 1;
    std::unordered_map<uint32_t, std::function<void()>> removers;
};

Registrations& registrations() {
    static Registrations r;
    return r;
}

}  // namespace

uint32_t add_registration(std::function<void()> remove) {
    auto& r = registrations();
    std::lock_guard lock(r.mu);
    uint32_t handle = r.next++;
    r.removers.emplace(handle, std::move(remove));
    return handle;
}

void remove_registration(uint32_t handle) {
    auto& r = registrations();
    std::function<void()> remove;
    {
        std::lock_guard lock(r.mu);
        auto it = r.removers.find(handle);
        if (it == r.removers.end()) return;
        remove = std::move(it->second);
        r.removers.erase(it);
    }
    remove();  // outside the lock: it waits for a running callback, which may register another
}

OmniClientRequestId not_supported(std::function<void(OmniClientResult)> answer) {
    return id_of(ops::unimplemented<ResultOnly>(Delivery::CallbackThread, [answer = std::move(answer)](ResultOnly&& a) {
        answer(to_c(a.result));
    }));
}

}  // namespace omniclient::capi
