// Enums and value classes of omni.client.
#include "python/py_support.h"

#include "core/registries.h"

#include <datetime.h>

#include <ctime>

namespace omniclient::python {
namespace {

py::object to_datetime(TimeNs ns) {
    time_t seconds = static_cast<time_t>(ns / 1000000000);
    int micros = static_cast<int>((ns % 1000000000) / 1000);
    if (micros < 0) {
        micros += 1000000;
        seconds -= 1;
    }
    std::tm tm{};
    if (!localtime_r(&seconds, &tm)) throw py::value_error("time out of range");
    return py::reinterpret_steal<py::object>(
        PyDateTime_FromDateAndTime(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros));
}

template <class E>
void enum_values(py::enum_<E>& e, std::initializer_list<std::pair<const char*, E>> values) {
    for (auto& [name, value] : values) e.value(name, value);
}

std::string list_entry_repr(const ListEntry& e) {
    return "ListEntry(relative_path='" + e.relative_path + "', flags=" + std::to_string(e.flags) + ", size=" + std::to_string(e.size) +
           ", access=" + std::to_string(e.access) + ", version='" + e.version + "')";
}

}  // namespace

void bind_types(py::module_& m) {
    PyDateTime_IMPORT;

    py::enum_<OmniResult> result(m, "Result");
    enum_values(result, {{"OK", OMNI_RESULT_OK}, {"OK_LATEST", OMNI_RESULT_OK_LATEST}, {"OK_NOT_YET_FOUND", OMNI_RESULT_OK_NOT_YET_FOUND},
                         {"ERROR", OMNI_RESULT_ERROR}, {"ERROR_CONNECTION", OMNI_RESULT_ERROR_CONNECTION},
                         {"ERROR_NOT_SUPPORTED", OMNI_RESULT_ERROR_NOT_SUPPORTED}, {"ERROR_ACCESS_DENIED", OMNI_RESULT_ERROR_ACCESS_DENIED},
                         {"ERROR_NOT_FOUND", OMNI_RESULT_ERROR_NOT_FOUND}, {"ERROR_BAD_VERSION", OMNI_RESULT_ERROR_BAD_VERSION},
                         {"ERROR_ALREADY_EXISTS", OMNI_RESULT_ERROR_ALREADY_EXISTS}, {"ERROR_SOURCE_IS_DEST", OMNI_RESULT_ERROR_SOURCE_IS_DEST},
                         {"ERROR_ACCESS_LOST", OMNI_RESULT_ERROR_ACCESS_LOST}, {"ERROR_LOCKED", OMNI_RESULT_ERROR_LOCKED},
                         {"ERROR_BAD_REQUEST", OMNI_RESULT_ERROR_BAD_REQUEST}, {"ERROR_FOLDER_NOT_EMPTY", OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY},
                         {"ERROR_WRONG_TYPE", OMNI_RESULT_ERROR_WRONG_TYPE}, {"ERROR_UNSUPPORTED_VERSION", OMNI_RESULT_ERROR_UNSUPPORTED_VERSION}});

    py::enum_<OmniAccessFlags> access(m, "AccessFlags", py::arithmetic());
    enum_values(access, {{"READ", OMNI_ACCESS_READ}, {"WRITE", OMNI_ACCESS_WRITE}, {"ADMIN", OMNI_ACCESS_ADMIN}});

    py::enum_<OmniChannelEvent> channel(m, "ChannelEvent");
    enum_values(channel, {{"ERROR", OMNI_CHANNEL_ERROR}, {"MESSAGE", OMNI_CHANNEL_MESSAGE}, {"HELLO", OMNI_CHANNEL_HELLO},
                          {"JOIN", OMNI_CHANNEL_JOIN}, {"LEFT", OMNI_CHANNEL_LEFT}, {"DELETED", OMNI_CHANNEL_DELETED}});

    py::enum_<OmniConnectionStatus> conn(m, "ConnectionStatus");
    enum_values(conn, {{"CONNECTING", OMNI_CONNECTION_CONNECTING}, {"CONNECTED", OMNI_CONNECTION_CONNECTED},
                       {"CONNECT_ERROR", OMNI_CONNECTION_CONNECT_ERROR}, {"DISCONNECTED", OMNI_CONNECTION_DISCONNECTED},
                       {"SIGNED_OUT", OMNI_CONNECTION_SIGNED_OUT}, {"NO_USERNAME", OMNI_CONNECTION_NO_USERNAME},
                       {"AUTH_ABORT", OMNI_CONNECTION_AUTH_ABORT}, {"AUTH_CANCELLED", OMNI_CONNECTION_AUTH_CANCELLED},
                       {"AUTH_ERROR", OMNI_CONNECTION_AUTH_ERROR}, {"AUTH_FAILED", OMNI_CONNECTION_AUTH_FAILED},
                       {"SERVER_INCOMPATIBLE", OMNI_CONNECTION_SERVER_INCOMPATIBLE}, {"INVALID_HOST", OMNI_CONNECTION_INVALID_HOST}});

    py::enum_<OmniCopyBehavior> copy(m, "CopyBehavior");
    enum_values(copy, {{"ERROR_IF_EXISTS", OMNI_COPY_ERROR_IF_EXISTS}, {"OVERWRITE", OMNI_COPY_OVERWRITE}});

    py::enum_<OmniFileStatus> status(m, "FileStatus");
    enum_values(status, {{"READING", OMNI_FILE_STATUS_READING}, {"WRITING", OMNI_FILE_STATUS_WRITING}, {"COPYING", OMNI_FILE_STATUS_COPYING},
                         {"MOVING", OMNI_FILE_STATUS_MOVING}, {"DELETING", OMNI_FILE_STATUS_DELETING},
                         {"OBLITERATING", OMNI_FILE_STATUS_OBLITERATING}, {"SENDING_UPDATE", OMNI_FILE_STATUS_SENDING_UPDATE},
                         {"RECEIVED_UPDATE", OMNI_FILE_STATUS_RECEIVED_UPDATE}, {"LISTING", OMNI_FILE_STATUS_LISTING},
                         {"STATING", OMNI_FILE_STATUS_STATING}});

    py::enum_<OmniItemFlags> flags(m, "ItemFlags", py::arithmetic());
    enum_values(flags, {{"READABLE_FILE", OMNI_ITEM_READABLE_FILE}, {"WRITEABLE_FILE", OMNI_ITEM_WRITEABLE_FILE},
                        {"CAN_HAVE_CHILDREN", OMNI_ITEM_CAN_HAVE_CHILDREN}, {"DOES_NOT_HAVE_CHILDREN", OMNI_ITEM_DOES_NOT_HAVE_CHILDREN},
                        {"IS_MOUNT", OMNI_ITEM_IS_MOUNT}, {"IS_INSIDE_MOUNT", OMNI_ITEM_IS_INSIDE_MOUNT},
                        {"CAN_LIVE_UPDATE", OMNI_ITEM_CAN_LIVE_UPDATE}, {"IS_OMNI_OBJECT", OMNI_ITEM_IS_OMNI_OBJECT},
                        {"IS_CHANNEL", OMNI_ITEM_IS_CHANNEL}, {"IS_CHECKPOINTED", OMNI_ITEM_IS_CHECKPOINTED}, {"IS_DELETED", OMNI_ITEM_IS_DELETED}});

    py::enum_<OmniListEvent> list_event(m, "ListEvent");
    enum_values(list_event, {{"UNKNOWN", OMNI_LIST_EVENT_UNKNOWN}, {"CREATED", OMNI_LIST_EVENT_CREATED}, {"UPDATED", OMNI_LIST_EVENT_UPDATED},
                             {"DELETED", OMNI_LIST_EVENT_DELETED}, {"METADATA", OMNI_LIST_EVENT_METADATA}, {"LOCKED", OMNI_LIST_EVENT_LOCKED},
                             {"UNLOCKED", OMNI_LIST_EVENT_UNLOCKED}, {"OBLITERATED", OMNI_LIST_EVENT_OBLITERATED}});

    py::enum_<OmniListIncludeOption> include(m, "ListIncludeOption");
    enum_values(include, {{"NO_DELETED_FILES", OMNI_LIST_NO_DELETED_FILES}, {"INCLUDE_DELETED_FILES", OMNI_LIST_INCLUDE_DELETED_FILES},
                          {"ONLY_DELETED_FILES", OMNI_LIST_ONLY_DELETED_FILES}});

    py::enum_<OmniLiveSessionEventType> live_event(m, "LiveSessionEventType");
    enum_values(live_event, {{"CONNECTION", OMNI_LIVE_SESSION_CONNECTION}, {"JOINED", OMNI_LIVE_SESSION_JOINED},
                             {"LEFT", OMNI_LIVE_SESSION_LEFT}, {"MESSAGE", OMNI_LIVE_SESSION_MESSAGE}});

    py::enum_<OmniLiveUpdateType> live_update(m, "LiveUpdateType");
    enum_values(live_update, {{"REMOTE", OMNI_LIVE_UPDATE_REMOTE}, {"LOCAL", OMNI_LIVE_UPDATE_LOCAL}, {"MORE", OMNI_LIVE_UPDATE_MORE}});

    py::enum_<OmniLogLevel> log_level(m, "LogLevel");
    enum_values(log_level, {{"DEBUG", OMNI_LOG_DEBUG}, {"VERBOSE", OMNI_LOG_VERBOSE}, {"INFO", OMNI_LOG_INFO},
                            {"WARNING", OMNI_LOG_WARNING}, {"ERROR", OMNI_LOG_ERROR}});

    py::enum_<OmniMetadataValueKind> meta_kind(m, "MetadataValueKind");
    enum_values(meta_kind, {{"NULL_VALUE", OMNI_METADATA_NULL_VALUE}, {"STRING", OMNI_METADATA_STRING}, {"BOOL", OMNI_METADATA_BOOL},
                            {"NUMBER", OMNI_METADATA_NUMBER}, {"JSON", OMNI_METADATA_JSON}});

    py::enum_<OmniMetricsEvent> metrics(m, "MetricsEvent");
    enum_values(metrics, {{"GRPC", OMNI_METRICS_GRPC}, {"HTTP", OMNI_METRICS_HTTP}});

    py::class_<ListEntry>(m, "ListEntry")
        .def(py::init<>())
        .def_readwrite("relative_path", &ListEntry::relative_path)
        .def_readwrite("access", &ListEntry::access)
        .def_readwrite("flags", &ListEntry::flags)
        .def_readwrite("size", &ListEntry::size)
        .def_property_readonly("modified_time", [](const ListEntry& e) { return to_datetime(e.modified_time); })
        .def_property_readonly("created_time", [](const ListEntry& e) { return to_datetime(e.created_time); })
        .def_property_readonly("deleted_time", [](const ListEntry& e) { return to_datetime(e.deleted_time); })
        .def_readwrite("modified_by", &ListEntry::modified_by)
        .def_readwrite("created_by", &ListEntry::created_by)
        .def_readwrite("deleted_by", &ListEntry::deleted_by)
        .def_readwrite("locked_by", &ListEntry::locked_by)
        .def_readwrite("version", &ListEntry::version)
        .def_readwrite("hash", &ListEntry::hash)
        .def_readwrite("comment", &ListEntry::comment)
        .def("__repr__", &list_entry_repr);

    py::class_<AclEntry>(m, "AclEntry")
        .def(py::init([](std::string name, uint32_t access) { return AclEntry{std::move(name), access}; }), py::arg("name"), py::arg("access"))
        .def_readwrite("name", &AclEntry::name)
        .def_readwrite("access", &AclEntry::access)
        .def("__eq__", [](const AclEntry& a, const AclEntry& b) { return a.name == b.name && a.access == b.access; })
        .def("__repr__", [](const AclEntry& a) { return "AclEntry('" + a.name + "', " + std::to_string(a.access) + ")"; });

    py::class_<ServerInfo>(m, "ServerInfo")
        .def_readonly("version", &ServerInfo::version)
        .def_readonly("username", &ServerInfo::username)
        .def_readonly("auth_token", &ServerInfo::auth_token)
        .def_readonly("connection_id", &ServerInfo::connection_id)
        .def_readonly("cache_enabled", &ServerInfo::cache_enabled)
        .def_readonly("checkpoints_enabled", &ServerInfo::checkpoints_enabled)
        .def_readonly("omniojects_enabled", &ServerInfo::omniobjects_enabled)  // sic: the original's spelling
        .def_readonly("undelete_enabled", &ServerInfo::undelete_enabled);

    py::class_<WriteFileExInfo>(m, "WriteFileExInfo")
        .def_readonly("version", &WriteFileExInfo::version)
        .def_readonly("hash", &WriteFileExInfo::hash);

    py::class_<MetadataEntry>(m, "MetadataEntry")
        .def_readonly("key", &MetadataEntry::key)
        .def_readonly("value", &MetadataEntry::value)
        .def_readonly("etag", &MetadataEntry::etag)
        .def_readonly("kind", &MetadataEntry::kind);

    py::class_<ErrorInfo>(m, "ErrorInfo")
        .def_readonly("operation", &ErrorInfo::operation)
        .def_readonly("uri", &ErrorInfo::uri)
        .def_readonly("message", &ErrorInfo::message)
        .def_readonly("http_error_code", &ErrorInfo::http_error_code)
        .def_readonly("grpc_error_code", &ErrorInfo::grpc_error_code);

    py::class_<DeviceFlowParams>(m, "AuthDeviceFlowParams")
        .def_readonly("server", &DeviceFlowParams::server)
        .def_readonly("url", &DeviceFlowParams::url)
        .def_readonly("code", &DeviceFlowParams::code)
        .def_readonly("expiration", &DeviceFlowParams::expiration);

    py::class_<Content>(m, "Content", py::buffer_protocol())
        .def_buffer([](Content& c) {
            return py::buffer_info(const_cast<uint8_t*>(c.data()), 1, py::format_descriptor<uint8_t>::format(), 1,
                                   {static_cast<py::ssize_t>(c.size())}, {1}, /*readonly=*/true);
        })
        .def("__len__", &Content::size)
        // As the original: one byte as a one-character str (its code point is the byte's value),
        // and no negative indexes (the buffer protocol gives bytes).
        .def("__getitem__", [](const Content& c, py::ssize_t i) {
            if (i < 0) throw py::type_error("Content index must be a non-negative int");
            if (static_cast<size_t>(i) >= c.size()) throw py::index_error("Content index out of range");
            return py::reinterpret_steal<py::str>(PyUnicode_FromOrdinal(c.data()[i]));
        }, py::arg("index"));
    // What callbacks of failed reads get in place of content (a Content cannot be made in Python).
    m.attr("_EMPTY_CONTENT") = py::cast(Content());
}

}  // namespace omniclient::python
