#include "core/recycled_buffers.h"

#include <array>
#include <mutex>
#include <new>
#include <vector>

namespace omniclient {

namespace {

constexpr size_t kFirstPooled = 1024;         // malloc's "large" requests start here
constexpr size_t kSmallestBlock = 2048;       // size classes: 2, 4, ... 64 KiB
constexpr size_t kClasses = 6;
constexpr size_t kKeptBytesPerClass = 1 << 20;

class Pool {
public:
    void* take(size_t bytes) {
        int c = class_of(bytes);
        if (c < 0) return ::operator new(bytes);
        {
            std::lock_guard lock(classes_[c].mu);
            auto& free = classes_[c].free;
            if (!free.empty()) {
                void* block = free.back();
                free.pop_back();
                return block;
            }
        }
        return ::operator new(block_size(c));
    }

    void give(void* block, size_t bytes) {
        int c = class_of(bytes);
        if (c >= 0) {
            std::lock_guard lock(classes_[c].mu);
            auto& free = classes_[c].free;
            if (free.size() < kKeptBytesPerClass / block_size(c)) {
                free.push_back(block);
                return;
            }
        }
        ::operator delete(block);
    }

    size_t kept() {
        size_t n = 0;
        for (auto& c : classes_) {
            std::lock_guard lock(c.mu);
            n += c.free.size();
        }
        return n;
    }

private:
    static size_t block_size(int c) { return kSmallestBlock << c; }
    static int class_of(size_t bytes) {
        if (bytes < kFirstPooled) return -1;
        for (int c = 0; c < static_cast<int>(kClasses); ++c)
            if (bytes <= block_size(c)) return c;
        return -1;
    }

    struct SizeClass {
        std::mutex mu;
        std::vector<void*> free;
    };
    std::array<SizeClass, kClasses> classes_;
};

// Never destroyed: content may be let go of by other statics' destructors at exit.
Pool& pool() {
    static Pool* p = new Pool;
    return *p;
}

template <class T>
struct FromPool {
    using value_type = T;
    FromPool() = default;
    template <class U>
    FromPool(const FromPool<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(pool().take(n * sizeof(T))); }
    void deallocate(T* p, size_t n) { pool().give(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const FromPool<U>&) const { return true; }
};

}  // namespace

std::shared_ptr<uint8_t[]> recycled_buffer(size_t size) {
    return std::allocate_shared_for_overwrite<uint8_t[]>(FromPool<uint8_t>{}, size);
}

size_t recycled_blocks_kept() { return pool().kept(); }

}  // namespace omniclient
