#include "providers/http_transport/object_store.h"

namespace omniclient::http {

std::string without_trailing_slashes(std::string key) {
    while (!key.empty() && key.back() == '/') key.pop_back();
    return key;
}

ListEntry folder_entry(std::string name) {
    ListEntry e;
    e.relative_path = std::move(name);
    e.flags = OMNI_ITEM_CAN_HAVE_CHILDREN;
    e.access = OMNI_ACCESS_READ | OMNI_ACCESS_WRITE | OMNI_ACCESS_ADMIN;  // as far as the credentials allow: the service tells no ACLs
    return e;
}

ListEntry file_entry(std::string name, const ObjectInfo& info) {
    ListEntry e;
    e.relative_path = std::move(name);
    e.flags = OMNI_ITEM_READABLE_FILE | OMNI_ITEM_WRITEABLE_FILE;
    e.access = OMNI_ACCESS_READ | OMNI_ACCESS_WRITE | OMNI_ACCESS_ADMIN;  // as far as the credentials allow: the service tells no ACLs
    e.size = info.size;
    e.version = unquote_etag(info.etag);
    e.modified_time = e.created_time = info.modified;
    e.hash = info.hash;
    return e;
}

std::optional<ListEntry> find_entry(const std::vector<ListEntry>& entries, const std::string& name) {
    const ListEntry* folder = nullptr;
    for (const auto& e : entries) {
        if (e.relative_path != name) continue;
        if (!(e.flags & OMNI_ITEM_CAN_HAVE_CHILDREN)) return e;
        folder = &e;
    }
    return folder ? std::optional<ListEntry>(*folder) : std::nullopt;
}

}  // namespace omniclient::http
