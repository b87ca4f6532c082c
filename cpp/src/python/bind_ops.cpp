// The operation primitives `_name(args..., callback)` that the Python shim wraps into the blocking,
// `_with_callback` and `_async` variants, and the subscriptions (callback-only).
#include "python/py_support.h"

#include "core/live.h"
#include "core/operations.h"
#include "core/live_session.h"
#include "core/registries.h"
#include "core/resolve.h"

#include <cstring>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <type_traits>

namespace omniclient::python {
namespace {

// Every answer as the Python tuple the original returns: (result, value...).
template <class R> py::tuple answer_tuple(R& a);
template <> py::tuple answer_tuple(ResultOnly& a) { return py::make_tuple(result_object(a.result)); }
template <> py::tuple answer_tuple(StatResult& a) { return py::make_tuple(result_object(a.result), a.entry); }
template <> py::tuple answer_tuple(ListResult& a) { return py::make_tuple(result_object(a.result), py::cast(std::move(a.entries))); }
template <> py::tuple answer_tuple(ReadResult& a) { return py::make_tuple(result_object(a.result), a.version, a.content); }
template <> py::tuple answer_tuple(WriteResult& a) { return py::make_tuple(result_object(a.result), a.info); }
template <> py::tuple answer_tuple(MoveResult& a) { return py::make_tuple(result_object(a.result), a.copied); }
template <> py::tuple answer_tuple(StringResult& a) { return py::make_tuple(result_object(a.result), a.value); }
template <> py::tuple answer_tuple(StringListResult& a) { return py::make_tuple(result_object(a.result), py::cast(std::move(a.values))); }
template <> py::tuple answer_tuple(IntResult& a) { return py::make_tuple(result_object(a.result), a.value); }
template <> py::tuple answer_tuple(AclsResult& a) { return py::make_tuple(result_object(a.result), py::cast(std::move(a.acls))); }
template <> py::tuple answer_tuple(ServerInfoResult& a) { return py::make_tuple(result_object(a.result), a.info); }
template <> py::tuple answer_tuple(MetadataResult& a) { return py::make_tuple(result_object(a.result), py::cast(std::move(a.entries))); }
template <> py::tuple answer_tuple(CreateWithHashResult& a) { return py::make_tuple(result_object(a.result), a.version, a.hash); }
template <> py::tuple answer_tuple(ResolveResult& a) { return py::make_tuple(result_object(a.result), a.entry, a.url); }
template <> py::tuple answer_tuple(LiveObjectResult& a) { return py::make_tuple(result_object(a.result), a.object_id, a.sequence_num); }

// An operation whose answer is only a result returns it alone from its blocking form.
template <class R> constexpr bool single_answer = std::is_same_v<R, ResultOnly>;

// Operations whose Python primitives the original shapes differently from the table's parameters
// (several primitives for one operation, optional messages); bind_ops binds them by hand.
constexpr bool bound_by_hand(OpKind kind) {
    return kind == OpKind::WriteFile || kind == OpKind::Copy || kind == OpKind::Move || kind == OpKind::Delete ||
           kind == OpKind::CreateWithHash || kind == OpKind::SendMessage || kind == OpKind::LiveCreate ||
           kind == OpKind::LiveUpdate;
}

// Which Python primitives serve each operation of the table (for _operations()).
std::map<std::string, std::vector<std::string>>& primitives_of() {
    static std::map<std::string, std::vector<std::string>> table;
    return table;
}

template <class Fn>
void def_primitive(py::module_& m, OpKind kind, const char* primitive, Fn&& fn) {
    primitives_of()[op_name(kind)].push_back(primitive);
    m.def(primitive, std::forward<Fn>(fn));
}

// A bytes object as the buffer a read's content goes into; the buffer's last owner lets go of it.
struct BytesOwner {
    PyObject* bytes;
    void operator()(uint8_t*) const {
        if (!PyCallable::interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        Py_DECREF(bytes);
    }
};

std::shared_ptr<uint8_t> bytes_buffer(size_t size) {
    if (!PyCallable::interpreter_alive()) return nullptr;
    py::gil_scoped_acquire gil;
    PyObject* bytes = PyBytes_FromStringAndSize(nullptr, static_cast<py::ssize_t>(size));
    if (!bytes) {
        PyErr_Clear();
        return nullptr;
    }
    return std::shared_ptr<uint8_t>(reinterpret_cast<uint8_t*>(PyBytes_AS_STRING(bytes)), BytesOwner{bytes});
}

// Content as bytes: the object the core read it into when it fills one, else a copy (small
// content comes inline in a server's answer, not in a buffer of its own).
py::bytes content_bytes(const Content& c) {
    const BytesOwner* owner = std::get_deleter<BytesOwner>(c.owner());
    if (owner && c.data() == reinterpret_cast<const uint8_t*>(PyBytes_AS_STRING(owner->bytes)) &&
        c.size() == static_cast<size_t>(PyBytes_GET_SIZE(owner->bytes)))
        return py::reinterpret_borrow<py::bytes>(owner->bytes);
    return py::bytes(reinterpret_cast<const char*>(c.data()), c.size());
}

// Below this size content handed to a write is copied: a view of the caller's buffer must take
// the GIL again to be released, on whichever thread drops it last (the network thread, waiting on
// Python for it), which costs far more than copying a live update's few KiB.
constexpr size_t kCopiedContentBytes = 64 * 1024;

// Content handed to a write: the bytes of the caller's buffer in order (a strided view's too), as a
// copy when small or not one run of memory, else the caller's buffer itself.
Content content_from(const py::buffer& data) {
    // Python's error (there is one when the call returned non-zero) becomes ours.
    auto check = [](int status) {
        if (status == 0) return;
        PyErr_Clear();
        throw py::type_error("content must be a readable buffer");
    };
    auto get = [&](Py_buffer* view) { check(PyObject_GetBuffer(data.ptr(), view, PyBUF_FULL_RO)); };
    Py_buffer view;
    get(&view);
    auto size = static_cast<size_t>(view.len);
    if (size < kCopiedContentBytes || !PyBuffer_IsContiguous(&view, 'C')) {
        auto copy = std::make_shared_for_overwrite<uint8_t[]>(size);
        int status = size ? PyBuffer_ToContiguous(copy.get(), &view, view.len, 'C') : 0;
        PyBuffer_Release(&view);  // the view goes now, with the GIL held
        check(status);
        const uint8_t* copied = copy.get();
        return Content(std::move(copy), copied, size);
    }
    PyBuffer_Release(&view);  // a view that stays is taken where it is to stay (views are not moved)
    auto held = std::shared_ptr<Py_buffer>(new Py_buffer{}, [](Py_buffer* v) {  // (zeroed: released as nothing if get fails)
        if (PyCallable::interpreter_alive()) {
            py::gil_scoped_acquire gil;
            PyBuffer_Release(v);
            delete v;
        }  // else: the interpreter is gone; leak the view rather than touch it
    });
    get(held.get());
    return Content(held, static_cast<const uint8_t*>(held->buf), static_cast<size_t>(held->len));
}

std::string str_or_empty(const std::optional<std::string>& s) { return s.value_or(""); }

CopyArgs copy_args(OmniCopyBehavior behavior, const std::optional<std::string>& message, CopyKind kind) {
    CopyArgs args;
    args.behavior = behavior;
    args.message = str_or_empty(message);
    args.kind = kind;
    return args;
}

template <class R>
py::object unimplemented(const py::object& cb, std::function<py::tuple(R&)> to_tuple, bool single) {
    return run<R>(cb, [](Delivery d, Done<R> done) { return ops::unimplemented<R>(d, std::move(done)); }, to_tuple, single);
}

void bind_copy_move(py::module_& m, const char* copy_name, const char* move_name, CopyKind kind) {
    def_primitive(m, OpKind::Copy, copy_name, [kind](UrlArg src, UrlArg dst, OmniCopyBehavior behavior, std::optional<std::string> message, py::object cb) {
        return run<ResultOnly>(cb, [&](Delivery d, Done<ResultOnly> done) { return ops::copy(src, dst, copy_args(behavior, message, kind), d, std::move(done)); },
                               answer_tuple<ResultOnly>, true);
    });
    def_primitive(m, OpKind::Move, move_name, [kind](UrlArg src, UrlArg dst, OmniCopyBehavior behavior, std::optional<std::string> message, py::object cb) {
        return run<MoveResult>(cb, [&](Delivery d, Done<MoveResult> done) { return ops::move(src, dst, copy_args(behavior, message, kind), d, std::move(done)); },
                               answer_tuple<MoveResult>, false);
    });
}

// The table's operations as primitives `_name(urls..., parameters..., callback)`, but for those
// bound by hand.
#define OMNI_PY_URLS_1 UrlArg url,
#define OMNI_PY_URLS_2 UrlArg src_url, UrlArg dst_url,
void bind_table(py::module_& m) {
#define OMNI_PUBLIC_OPS_ONLY
#define OMNI_OP(Facet, Kind, name, method, Answer, urls, retry, params, args)                                       \
    if (!bound_by_hand(OpKind::Kind)) {                                                                             \
        def_primitive(m, OpKind::Kind, "_" name, [](OMNI_PY_URLS_##urls OMNI_LIST params py::object cb) {           \
            return run<Answer>(                                                                                     \
                cb, [&](Delivery d, Done<Answer> done) { return ops::method(OMNI_URL_ARGS_##urls, OMNI_LIST args d, std::move(done)); }, \
                answer_tuple<Answer>, single_answer<Answer>);                                                       \
        });                                                                                                         \
    }
#include "core/ops.def"
#undef OMNI_PUBLIC_OPS_ONLY
}

// Subscriptions deliver `first` once and then events; both callbacks run on the callback thread.
py::tuple list_event_tuple(ListEventResult& e) { return py::make_tuple(result_object(e.result), e.event, e.entry); }

template <class R, class E>
PyRequest subscribe(std::function<RequestPtr(Done<R>, Events<E>)> start, const py::object& first_cb, const py::object& event_cb,
                    std::function<py::tuple(R&)> to_tuple, std::function<py::tuple(E&)> event_tuple) {
    if (!PyCallable_Check(first_cb.ptr()) || !PyCallable_Check(event_cb.ptr())) throw py::type_error("callbacks must be callable");
    PyCallablePtr first = hold(first_cb);
    PyCallablePtr events = hold(event_cb);
    auto call = [](const PyCallablePtr& fn, auto make_args) {
        if (!PyCallable::interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        fn->call_with(make_args());
    };
    return PyRequest{start(
        [first, to_tuple, call](R&& a) { call(first, [&] { return to_tuple(a); }); },
        [events, event_tuple, call](E&& e) { call(events, [&] { return event_tuple(e); }); })};
}

// open_cached_file: get_local_file whose answer also carries the request as the handle that
// close_cached_file releases.
py::object open_cached_file(const std::string& url, bool download, const py::object& callback) {
    if (is_blocking(callback)) {
        StringResult answer;
        RequestPtr request;
        {
            py::gil_scoped_release nogil;
            request = ops::get_local_file(url, download, Delivery::Direct, [&answer](StringResult&& a) { answer = std::move(a); });
            request->wait();
        }
        return py::make_tuple(answer.result, PyRequest{request}, answer.value);
    }
    if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable");
    PyCallablePtr fn = hold(callback);
    // The answer may come before the request is known here: it waits for it.
    auto handle = std::make_shared<std::promise<RequestPtr>>();
    std::shared_future<RequestPtr> known = handle->get_future().share();
    RequestPtr request = ops::get_local_file(url, download, Delivery::CallbackThread, [fn, known](StringResult&& a) {
        RequestPtr r = known.get();
        if (!PyCallable::interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        fn->call_with(py::make_tuple(result_object(a.result), PyRequest{r}, a.value));
    });
    handle->set_value(request);
    return py::cast(PyRequest{std::move(request)});
}

}  // namespace

void bind_ops(py::module_& m) {
    m.def("_sign_out", [](UrlArg url) { py::gil_scoped_release nogil; ops::sign_out(url); });
    m.def("_reconnect", [](UrlArg url) { py::gil_scoped_release nogil; ops::reconnect(url); });
    m.def("_authentication_cancel", [](uint64_t handle) { ops::cancel_authentication(handle); });
    m.def("_clear_list_cache", [](UrlArg url) {
        py::gil_scoped_release nogil;
        return ops::clear_list_cache(url);
    });
    m.def("_bypass_list_cache", [](bool bypass) { set_list_cache_bypass(bypass); });
    // The operations the provider serving `url` offers (empty when none serves it): lets tests
    // run one suite over every provider and skip what a provider does not do.
    m.def("_capabilities", [](UrlArg url) {
        std::set<std::string> names;
        if (invalid_url_reason(url)) return names;
        Target target = Runtime::make_target(url);
        Provider* provider = Runtime::get()->route(target);
        if (!provider) return names;
        Capabilities caps = provider->capabilities();
        for (size_t i = 0; i < caps.size(); ++i) {
            if (caps.test(i)) names.insert(op_name(static_cast<OpKind>(i)));
        }
        return names;
    });
    bind_table(m);
    def_primitive(m, OpKind::WriteFile, "_write_file", [](UrlArg url, py::buffer content, std::optional<std::string> message, py::object cb) {
        WriteArgs args{content_from(content), str_or_empty(message), false};
        return run<WriteResult>(cb, [&](Delivery d, Done<WriteResult> done) { return ops::write_file(url, args, d, std::move(done)); },
                                [](WriteResult& a) { return py::make_tuple(result_object(a.result)); }, true);
    });
    def_primitive(m, OpKind::WriteFile, "_write_file_ex", [](UrlArg url, py::buffer content, std::optional<std::string> message, bool skip_checkpoint, py::object cb) {
        WriteArgs args{content_from(content), str_or_empty(message), skip_checkpoint};
        return run<WriteResult>(cb, [&](Delivery d, Done<WriteResult> done) { return ops::write_file(url, args, d, std::move(done)); },
                                answer_tuple<WriteResult>, false);
    });
    def_primitive(m, OpKind::Delete, "_delete", [](UrlArg url, py::object cb) {
        return run<ResultOnly>(cb, [&](Delivery d, Done<ResultOnly> done) { return ops::remove(url, true, d, std::move(done)); }, answer_tuple<ResultOnly>, true);
    });
    def_primitive(m, OpKind::Delete, "_delete_single", [](UrlArg url, py::object cb) {
        return run<ResultOnly>(cb, [&](Delivery d, Done<ResultOnly> done) { return ops::remove(url, false, d, std::move(done)); }, answer_tuple<ResultOnly>, true);
    });
    bind_copy_move(m, "_copy", "_move", CopyKind::Any);
    bind_copy_move(m, "_copy_file", "_move_file", CopyKind::FileOnly);
    bind_copy_move(m, "_copy_folder", "_move_folder", CopyKind::FolderOnly);
    def_primitive(m, OpKind::CreateWithHash, "_create_with_hash", [](UrlArg url, std::string hash, bool overwrite, std::optional<std::string> message, py::object cb) {
        return run<CreateWithHashResult>(cb, [&](Delivery d, Done<CreateWithHashResult> done) { return ops::create_with_hash(url, hash, overwrite, str_or_empty(message), d, std::move(done)); },
                                         answer_tuple<CreateWithHashResult>, false);
    });
    // send_message names its channel by the join request's id (the core knows the join's URL).
    def_primitive(m, OpKind::SendMessage, "_send_message", [](RequestId join, py::buffer content, py::object cb) {
        Content message = content_from(content);
        return run<ResultOnly>(cb, [&](Delivery d, Done<ResultOnly> done) { return ops::send_to_channel(join, message, d, std::move(done)); },
                               answer_tuple<ResultOnly>, true);
    });
    // The table as Python sees it: each operation's name and the primitives serving it.
    m.def("_operations", [] { return primitives_of(); });

    m.def("_resolve", [](UrlArg url, std::vector<std::string> search_urls, py::object cb) {
        return run<ResolveResult>(cb, [&](Delivery d, Done<ResolveResult> done) { return ops::resolve(url, search_urls, d, std::move(done)); },
                                  answer_tuple<ResolveResult>, false);
    });
    m.def("_resolve_subscribe", [](UrlArg url, std::vector<std::string> search_urls, py::object resolve_callback, py::object subscribe_callback) {
        return subscribe<ResolveResult, ResolveEventResult>(
            [&](Done<ResolveResult> f, Events<ResolveEventResult> e) { return ops::resolve_subscribe(url, search_urls, std::move(f), std::move(e)); },
            resolve_callback, subscribe_callback, answer_tuple<ResolveResult>,
            [](ResolveEventResult& e) { return py::make_tuple(result_object(e.result), e.event, e.entry, e.url); });
    });
    m.def("_open_cached_file", [](UrlArg url, bool download, py::object cb) { return open_cached_file(url, download, cb); });

    // Operations no provider implements yet: they answer ERROR_NOT_SUPPORTED through the request path.
    // Live objects (core/live.h): create answers (result, object_id, sequence); update (result,
    // sequence, 0: the original's reserved request id).
    def_primitive(m, OpKind::LiveCreate, "_live_create", [](UrlArg url, py::buffer content, py::object cb) {
        Content data = content_from(content);
        return run<LiveObjectResult>(cb, [&](Delivery d, Done<LiveObjectResult> done) { return ops::live_create(url, data, d, std::move(done)); },
                                     answer_tuple<LiveObjectResult>, false);
    });
    def_primitive(m, OpKind::LiveUpdate, "_live_update", [](UrlArg url, uint64_t object_id, py::buffer content, py::object cb) {
        Content data = content_from(content);
        return run<LiveObjectResult>(cb, [&](Delivery d, Done<LiveObjectResult> done) { return ops::live_update_counted(url, object_id, data, d, std::move(done)); },
                                     [](LiveObjectResult& a) { return py::make_tuple(result_object(a.result), a.sequence_num, 0); }, false);
    });
    // callback(result, object_id, sequence, content) for each version, OK_LATEST after the state.
    m.def("_live_read", [](UrlArg url, uint64_t have_object_id, uint64_t have_sequence, py::object callback, bool immediately) {
        if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable");
        PyCallablePtr fn = hold(callback);
        return PyRequest{ops::live_read_with(url, have_object_id, have_sequence, immediately, [fn](LiveReadResult&& v) {
            if (!PyCallable::interpreter_alive()) return;
            py::gil_scoped_acquire gil;
            fn->call_with(py::make_tuple(result_object(v.result), v.object_id, v.sequence_num, v.content));
        })};
    });
    m.def("_live_process", [] {
        py::gil_scoped_release nogil;  // the deliveries take the GIL for each callback
        ops::live_process();
    });
    m.def("_live_process_up_to", [](UrlArg url, uint64_t server_time) {
        py::gil_scoped_release nogil;
        ops::live_process_up_to(url, server_time);
    });
    m.def("_live_get_latest_server_time", [](UrlArg url) { return ops::live_latest_server_time(url); });
    m.def("_live_wait_for_pending_updates", [] {
        py::gil_scoped_release nogil;
        ops::live_wait_for_pending_updates();
    });
    m.def("_live_set_queued_callback", [](py::object callback) {
        if (callback.is_none()) return ops::set_live_queued_callback(nullptr);
        if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable or None");
        PyCallablePtr fn = hold(callback);
        ops::set_live_queued_callback([fn] {
            if (!PyCallable::interpreter_alive()) return;
            py::gil_scoped_acquire gil;
            fn->call_with(py::make_tuple());
        });
    });
    auto ask_hub = [](py::object cb) {
        return run<StringResult>(cb, [](Delivery d, Done<StringResult> done) { return ops::ask_hub<StringResult>(d, std::move(done)); },
                                 answer_tuple<StringResult>, false);
    };
    m.def("_get_hub_version", ask_hub);
    m.def("_get_hub_http_uri", ask_hub);
    m.def("_register_storage", [](std::string, py::object cb) {
        return unimplemented<StringListResult>(cb, answer_tuple<StringListResult>, false);
    });

    // Blocking read_file with the content as bytes (fsspec's cat_file must return bytes): large
    // content is written by the core into the bytes object returned, not copied into one after.
    m.def("_read_file_bytes", [](UrlArg url) {
        ReadResult answer;
        {
            py::gil_scoped_release nogil;
            BufferSourceScope buffers(bytes_buffer);
            RequestPtr request = ops::read_file(url, Delivery::Direct, [&answer](ReadResult&& a) { answer = std::move(a); });
            request->wait();
        }
        return py::make_tuple(answer.result, answer.version, content_bytes(answer.content));
    });

    // A callback-only operation nothing implements yet: callback(Result.ERROR_NOT_SUPPORTED, *rest).
    m.def("_unimplemented", [](py::object cb, py::tuple rest) {
        return unimplemented<ResultOnly>(cb, [rest](ResultOnly& a) {
            py::list items;
            items.append(a.result);
            for (auto item : rest) items.append(item);
            return py::tuple(items);
        }, false);
    });

    // One callback for the join's first event and every later one: (result, ChannelEvent, from, content).
    m.def("_join_channel", [](UrlArg url, py::object callback) {
        auto event_tuple = [](ChannelEventResult& e) { return py::make_tuple(result_object(e.result), e.event, e.from, e.content); };
        return subscribe<ChannelEventResult, ChannelEventResult>(
            [&](Done<ChannelEventResult> f, Events<ChannelEventResult> e) { return ops::join(url, std::move(f), std::move(e)); },
            callback, callback, event_tuple, event_tuple);
    });

    // Live sessions (core/live_session.h): omni.client wraps their answers in its record types.
    m.def("_live_create_session", [](UrlArg url, std::string name, py::object cb) {
        return run<StringResult>(cb, [&](Delivery d, Done<StringResult> done) { return ops::live_create_session(url, name, d, std::move(done)); },
                                 answer_tuple<StringResult>, false);
    });
    m.def("_live_list_sessions", [](UrlArg url, py::object cb) {
        return run<LiveSessionListResult>(cb, [&](Delivery d, Done<LiveSessionListResult> done) { return ops::live_list_sessions(url, d, std::move(done)); },
                                          [](LiveSessionListResult& a) {
                                              py::object info = py::module_::import("omni.client").attr("LiveSessionInfo");
                                              py::list sessions;
                                              for (auto& s : a.sessions)
                                                  sessions.append(info(py::arg("session_name") = s.name, py::arg("session_owner") = s.owner,
                                                                       py::arg("session_url") = s.url, py::arg("modified_timestamp") = s.modified_ns));
                                              return py::make_tuple(result_object(a.result), sessions);
                                          }, false);
    });
    // (result, event type, connection id, user name, app name, message) for the first event and every later one.
    m.def("_live_join_session", [](UrlArg url, std::string app, py::object callback) {
        auto event_tuple = [](LiveSessionEventResult& e) { return py::make_tuple(result_object(e.result), e.event, e.connection_id, e.user_name, e.app_name, e.message); };
        return subscribe<LiveSessionEventResult, LiveSessionEventResult>(
            [&](Done<LiveSessionEventResult> f, Events<LiveSessionEventResult> e) { return ops::live_join_session(url, app, std::move(f), std::move(e)); },
            callback, callback, event_tuple, event_tuple);
    });
    m.def("_live_send_message", [](RequestId join, py::buffer content, py::object cb) {
        Content message = content_from(content);
        return run<ResultOnly>(cb, [&](Delivery d, Done<ResultOnly> done) { return ops::live_send_message(join, message, d, std::move(done)); },
                               answer_tuple<ResultOnly>, true);
    });
    m.def("stat_subscribe_with_callback", [](UrlArg url, py::object stat_callback, py::object subscribe_callback, OmniListIncludeOption include) {
        return subscribe<StatResult, ListEventResult>([&](Done<StatResult> f, Events<ListEventResult> e) { return ops::stat_subscribe(url, include, std::move(f), std::move(e)); },
                                                      stat_callback, subscribe_callback, answer_tuple<StatResult>, list_event_tuple);
    }, py::arg("url"), py::arg("stat_callback"), py::arg("subscribe_callback"), py::arg("include_deleted_option") = OMNI_LIST_NO_DELETED_FILES, "Describes ``url`` through ``stat_callback(result, entry)``, then tells each change through ``subscribe_callback(result, event, entry)`` until stopped; returns a Request.");
    m.def("list_subscribe_with_callback", [](UrlArg url, py::object list_callback, py::object subscribe_callback, OmniListIncludeOption include) {
        return subscribe<ListResult, ListEventResult>([&](Done<ListResult> f, Events<ListEventResult> e) { return ops::list_subscribe(url, include, std::move(f), std::move(e)); },
                                                      list_callback, subscribe_callback, answer_tuple<ListResult>, list_event_tuple);
    }, py::arg("url"), py::arg("list_callback"), py::arg("subscribe_callback"), py::arg("include_deleted_option") = OMNI_LIST_NO_DELETED_FILES, "Lists ``url`` through ``list_callback(result, entries)``, then tells each change in it through ``subscribe_callback(result, event, entry)`` until stopped; returns a Request.");
}

}  // namespace omniclient::python
