#include "core/pages.h"

#include <sys/mman.h>

#include <utility>

namespace omniclient {

std::shared_ptr<uint8_t> map_pages(size_t size) {
    size = size ? size : 1;
    // Every caller fills the whole buffer: populating it in one call costs far less than a page
    // fault per 4 KiB as it is written (a scene load's LFT downloads spent a third of their
    // thread's time in those faults).
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    return std::shared_ptr<uint8_t>(static_cast<uint8_t*>(p), [size](uint8_t* q) { ::munmap(q, size); });
}

namespace {
thread_local BufferSource t_buffer_source;
}

BufferSourceScope::BufferSourceScope(BufferSource source) : previous_(std::exchange(t_buffer_source, std::move(source))) {}
BufferSourceScope::~BufferSourceScope() { t_buffer_source = std::move(previous_); }
const BufferSource& BufferSourceScope::current() { return t_buffer_source; }

}  // namespace omniclient
