// Value types that operations produce and consume; shared by the core, providers and bindings.
#pragma once

#include <omniclient/OmniClientTypes.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace omniclient {

using Result = OmniResult;

// Nanoseconds since the Unix epoch (UTC); 0 means "unknown".
using TimeNs = int64_t;

struct ListEntry {
    std::string relative_path;
    uint32_t access = 0;
    uint32_t flags = 0;
    uint64_t size = 0;
    TimeNs modified_time = 0;
    TimeNs created_time = 0;
    TimeNs deleted_time = 0;
    std::string modified_by;
    std::string created_by;
    std::string deleted_by;
    std::string locked_by;
    std::string version;
    std::string hash;
    std::string comment;
};

struct AclEntry {
    std::string name;
    uint32_t access = 0;
};

struct ServerInfo {
    std::string version;
    std::string username;
    std::string auth_token;
    std::string connection_id;
    bool cache_enabled = false;
    bool checkpoints_enabled = false;
    bool omniobjects_enabled = false;
    bool undelete_enabled = false;
};

struct WriteFileExInfo {
    std::string version;
    std::string hash;
};

struct MetadataEntry {
    std::string key;
    std::string value;
    std::string etag;
    OmniMetadataValueKind kind = OMNI_METADATA_NULL_VALUE;
};

// Immutable bytes shared between the core and its users without copying. The owner keeps the
// memory alive (a vector, a mapped file, a caller's buffer).
class Content {
public:
    Content() = default;
    Content(std::shared_ptr<const void> owner, const uint8_t* data, size_t size)
        : owner_(std::move(owner)), data_(data), size_(size) {}

    static Content from_vector(std::vector<uint8_t> bytes) {
        auto owned = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
        const uint8_t* data = owned->data();
        size_t size = owned->size();
        return Content(std::move(owned), data, size);
    }

    static Content from_string(std::string bytes) {
        auto owned = std::make_shared<const std::string>(std::move(bytes));
        const auto* data = reinterpret_cast<const uint8_t*>(owned->data());
        size_t size = owned->size();
        return Content(std::move(owned), data, size);
    }

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    // What keeps the bytes alive.
    const std::shared_ptr<const void>& owner() const { return owner_; }
    // `size` bytes from `offset`, sharing the same memory.
    Content slice(size_t offset, size_t size) const { return Content(owner_, data_ + offset, size); }

private:
    std::shared_ptr<const void> owner_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace omniclient
