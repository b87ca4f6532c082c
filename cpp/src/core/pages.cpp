#include "core/pages.h"

#include <sys/mman.h>

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace omniclient {

namespace {

// Mappings up to this size are kept for reuse once released, rounded up to a class of this
// granularity so that buffers of nearby sizes share them, and at most kKeptBytes of them: a scene
// load reads hundreds of 1-2 MiB assets one after another, and mapping, populating and unmapping
// each took a fifth of the client's CPU. Transfer parts (8 MiB) are larger and never kept.
constexpr size_t kKeptUpTo = 4u << 20;
constexpr size_t kClass = 256u << 10;
constexpr size_t kKeptBytes = 16u << 20;
// Mappings up to this size are populated when made.
constexpr size_t kPopulateUpTo = 8u << 20;

struct Kept {
    std::mutex mu;
    std::map<size_t, std::vector<void*>> free;  // by mapping size
    size_t bytes = 0;
};

// Never destroyed: a buffer may be released during static destruction (content Python still holds).
Kept& kept() {
    static Kept* pool = new Kept;
    return *pool;
}

void* take_kept(size_t mapped) {
    Kept& pool = kept();
    std::lock_guard lock(pool.mu);
    auto it = pool.free.find(mapped);
    if (it == pool.free.end() || it->second.empty()) return nullptr;
    void* p = it->second.back();
    it->second.pop_back();
    pool.bytes -= mapped;
    return p;
}

void release(void* p, size_t mapped) {
    if (mapped <= kKeptUpTo) {
        Kept& pool = kept();
        std::lock_guard lock(pool.mu);
        if (pool.bytes + mapped <= kKeptBytes) {
            pool.free[mapped].push_back(p);
            pool.bytes += mapped;
            return;
        }
    }
    ::munmap(p, mapped);
}

}  // namespace

std::shared_ptr<uint8_t> map_pages(size_t size) {
    size_t mapped = size ? size : 1;
    if (mapped <= kKeptUpTo) mapped = (mapped + kClass - 1) / kClass * kClass;
    void* p = take_kept(mapped);
    // Every caller fills the whole buffer: populating it in one call costs far less than a page
    // fault per 4 KiB as it is written (a scene load's LFT downloads spent a third of their
    // thread's time in those faults). Not a large one: populating 64 MiB before the first byte
    // arrives holds up the download, where its faults overlap the server's sending.
    int populate = mapped <= kPopulateUpTo ? MAP_POPULATE : 0;
    if (!p) p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    return std::shared_ptr<uint8_t>(static_cast<uint8_t*>(p), [mapped](uint8_t* q) { release(q, mapped); });
}

namespace {
thread_local BufferSource t_buffer_source;
}

BufferSourceScope::BufferSourceScope(BufferSource source) : previous_(std::exchange(t_buffer_source, std::move(source))) {}
BufferSourceScope::~BufferSourceScope() { t_buffer_source = std::move(previous_); }
const BufferSource& BufferSourceScope::current() { return t_buffer_source; }

}  // namespace omniclient
