#include "providers/nucleus/entries.h"

#include "providers/nucleus/paths.h"

namespace omniclient::nucleus {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number()) return it->dump();
    return {};
}

int64_t num(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return 0;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_number_float()) return static_cast<int64_t>(it->get<double>());
    if (it->is_string()) {
        const std::string& s = it->get_ref<const std::string&>();
        int64_t v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return 0;
            if (v > (INT64_MAX - 9) / 10) return 0;
            v = v * 10 + (c - '0');
        }
        return v;
    }
    return 0;
}

bool flag(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

constexpr int64_t kMaxSeconds = INT64_MAX / 1000000000;

TimeNs ns_of_seconds(int64_t s) { return s > 0 && s < kMaxSeconds ? s * 1000000000 : 0; }

uint32_t flags_of(const std::string& type, bool empty, bool mounted, bool checkpointed, bool locked) {
    uint32_t f = 0;
    if (type == "folder" || type == "mount") {
        f |= OMNI_ITEM_CAN_HAVE_CHILDREN;
        if (empty) f |= OMNI_ITEM_DOES_NOT_HAVE_CHILDREN;
    } else if (type == "channel") {
        f |= OMNI_ITEM_IS_CHANNEL;
    } else {
        f |= OMNI_ITEM_READABLE_FILE | OMNI_ITEM_WRITEABLE_FILE;
        if (type == "omniobject") f |= OMNI_ITEM_IS_OMNI_OBJECT | OMNI_ITEM_CAN_LIVE_UPDATE;
    }
    if (mounted || type == "mount") f |= OMNI_ITEM_IS_MOUNT;
    if (checkpointed || locked) f |= OMNI_ITEM_IS_CHECKPOINTED;
    return f;
}

}  // namespace

uint32_t access_of(const json& acl) {
    uint32_t a = 0;
    if (!acl.is_array()) return a;
    for (auto& v : acl) {
        if (!v.is_string()) continue;
        const auto& s = v.get_ref<const std::string&>();
        if (s == "read") a |= OMNI_ACCESS_READ;
        else if (s == "write") a |= OMNI_ACCESS_WRITE;
        else if (s == "admin") a |= OMNI_ACCESS_ADMIN;
    }
    return a;
}

std::string hash_of(const json& answer) {
    std::string type = str(answer, "hash_type"), value = str(answer, "hash_value");
    if (type.empty() && value.empty()) return {};
    return type + ";" + str(answer, "hash_bsize") + ";" + value;
}

std::string name_of(std::string_view path) {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

namespace {

// list2 and stat2 describe an item with the same fields under different names.
struct EntryKeys {
    const char* type;
    const char* created;
    const char* modified;
};

ListEntry entry_of(const json& e, std::string_view path, const EntryKeys& keys) {
    ListEntry entry;
    if (!e.is_object()) return entry;
    entry.relative_path = name_of(path);
    entry.access = access_of(e.value("acl", json()));
    std::string locked_by = str(e, "locked_by");
    entry.flags = flags_of(str(e, keys.type), flag(e, "empty"), flag(e, "mounted"), flag(e, "checkpointed"), !locked_by.empty());
    entry.size = static_cast<uint64_t>(std::max<int64_t>(num(e, "size"), 0));
    entry.created_time = ns_of_seconds(num(e, keys.created));
    entry.modified_time = ns_of_seconds(num(e, keys.modified));
    entry.created_by = str(e, "created_by");
    entry.modified_by = str(e, "modified_by");
    entry.locked_by = std::move(locked_by);
    entry.version = str(e, "etag");
    entry.hash = hash_of(e);
    return entry;
}

}  // namespace

ListEntry entry_of_list2(const json& e) {
    return entry_of(e, e.is_object() ? str(e, "path") : std::string(), {"path_type", "created_timestamp", "modified_timestamp"});
}

ListEntry entry_of_deleted(const json& e) {
    ListEntry entry = entry_of_list2(e);
    entry.flags |= OMNI_ITEM_IS_DELETED;
    entry.deleted_by = str(e, "deleted_by");
    entry.deleted_time = ns_of_seconds(num(e, "deleted_timestamp"));
    return entry;
}

ListEntry entry_of_stat2(const json& e, std::string_view path) {
    return entry_of(e, path, {"type", "created_date_seconds", "modified_date_seconds"});
}

OmniListEvent list_event_of(std::string_view k) {
    if (k == "create") return OMNI_LIST_EVENT_CREATED;
    if (k == "delete") return OMNI_LIST_EVENT_DELETED;
    if (k == "full" || k == "delta" || k == "replace_version") return OMNI_LIST_EVENT_UPDATED;
    if (k == "change_acl" || k == "set_path_options" || k == "checkpoints_changed") return OMNI_LIST_EVENT_METADATA;
    if (k == "lock") return OMNI_LIST_EVENT_LOCKED;
    if (k == "unlock") return OMNI_LIST_EVENT_UNLOCKED;
    return OMNI_LIST_EVENT_UNKNOWN;
}

std::vector<ListEventResult> list_events_of(const json& answer, const std::string& folder) {
    std::vector<ListEventResult> out;
    auto kind = answer.find("event");
    auto entry = answer.find("entry");
    if (kind == answer.end() || !kind->is_string() || entry == answer.end() || !entry->is_object()) return out;
    auto add = [&out](OmniListEvent event, ListEntry e) {
        ListEventResult ev;
        ev.result = OMNI_RESULT_OK;
        ev.event = event;
        ev.entry = std::move(e);
        out.push_back(std::move(ev));
    };
    const std::string& k = kind->get_ref<const std::string&>();
    auto destination = entry->find("destination");
    const std::string* to = destination != entry->end() && destination->is_string() ? &destination->get_ref<const std::string&>() : nullptr;
    ListEntry e = entry_of_list2(*entry);
    if (k == "copy") {
        if (!to || parent_of(*to) != folder) return out;
        e.relative_path = name_of(*to);
        add(OMNI_LIST_EVENT_CREATED, std::move(e));
    } else if (k == "rename") {
        add(OMNI_LIST_EVENT_DELETED, e);
        if (!to) return out;
        e.relative_path = name_of(*to);
        add(OMNI_LIST_EVENT_CREATED, std::move(e));
    } else if (OmniListEvent event = list_event_of(k); event != OMNI_LIST_EVENT_UNKNOWN) {
        add(event, std::move(e));
    }
    return out;
}

}  // namespace omniclient::nucleus
