// Lifetime, settings, requests, registrations and callback registries.
#include "python/py_support.h"

#include "core/cloud_settings.h"
#include "core/live.h"
#include "core/log.h"
#include "core/operations.h"
#include "core/registries.h"
#include "core/runtime.h"
#include "core/version.h"

namespace omniclient::python {
namespace {

template <class List, class Call>
py::object register_callback(List& list, const py::object& callback, Call call) {
    if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable");
    PyCallablePtr fn = hold(callback);
    uint64_t handle = list.add([fn, call](auto&&... args) { call(fn, args...); });
    return py::cast(std::make_unique<PyRegistration>(handle, [&list](uint64_t h) { list.remove(h); }));
}

// Turns what an authentication callback returned into an answer: None, AUTH_ABORT (True),
// (username, password) or ("$omni-api-token", token).
AuthAnswer auth_answer_from(const py::object& value) {
    AuthAnswer answer;
    if (value.is_none()) return answer;
    if (py::isinstance<py::bool_>(value)) {
        if (value.cast<bool>()) answer.kind = AuthAnswer::Kind::Abort;
        return answer;
    }
    if (py::isinstance<py::tuple>(value) || py::isinstance<py::list>(value)) {
        py::sequence seq = value;
        if (seq.size() == 2) {
            answer.username = py::str(seq[0]);
            answer.password_or_token = py::str(seq[1]);
            answer.kind = answer.username == "$omni-api-token" ? AuthAnswer::Kind::Token : AuthAnswer::Kind::Credentials;
            return answer;
        }
    }
    if (py::isinstance<py::str>(value)) {
        answer.kind = AuthAnswer::Kind::Token;
        answer.password_or_token = value.cast<std::string>();
    }
    return answer;
}

std::function<void(const PyCallablePtr&, const std::string&, AuthAnswer&)> auth_call() {
    return [](const PyCallablePtr& fn, const std::string& url, AuthAnswer& answer) {
        // Callbacks are asked newest first; the first one that answers wins.
        if (answer.kind != AuthAnswer::Kind::None || !PyCallable::interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        try {
            answer = auth_answer_from(fn->call_returning(url));
        } catch (py::error_already_set& e) {
            PyCallable::report_exception(e);
        }
    };
}

void stop_request(const PyRequest& r) {
    py::gil_scoped_release nogil;  // stop hooks may wait for provider threads that need the GIL
    r.request->stop();
}

}  // namespace

void bind_runtime(py::module_& m) {
    m.attr("VERSION") = py::int_(kVersion);
    m.attr("_INVALID_REQUEST_ID") = py::int_(0);

    py::class_<PyRequest>(m, "Request")
        .def_property_readonly("id", [](const PyRequest& r) { return r.request->id(); })
        .def("is_finished", [](const PyRequest& r) { return r.request->is_finished(); })
        .def("stop", &stop_request)
        .def("wait", [](const PyRequest& r) {
            py::gil_scoped_release nogil;
            r.request->wait();
        })
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](const PyRequest& r, py::args) { stop_request(r); })
        .def("__repr__", [](const PyRequest& r) { return "request: " + std::to_string(r.request->id()); });

    py::class_<PyRegistration>(m, "Registration")
        .def_property_readonly("handle", &PyRegistration::handle)
        .def("unregister", &PyRegistration::unregister)
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](PyRegistration& r, py::args) { r.unregister(); });

    m.def("initialize", &Runtime::initialize, py::arg("version") = kVersion, "Starts the library (it also starts by itself on first use); True if ``version`` is one this library serves.");
    m.def("shutdown", [] {
        py::gil_scoped_release nogil;  // pending callbacks need the GIL to finish
        Runtime::shutdown();
    }, "Stops every request (each gets its error answer) and the library's threads; the next call starts it again.");
    m.def("get_version", [] { return std::string(kVersionString); }, "The library's version, as text.");

    m.def("stop", [](const PyRequest& r) { stop_request(r); }, py::arg("request"), "Stops a request (its callback is not called after this) or a registration (its callback is not called any more).");
    m.def("stop", [](PyRegistration& r) { r.unregister(); }, py::arg("registration"), "Stops a request (its callback is not called after this) or a registration (its callback is not called any more).");
    m.def("stop", [](RequestId id) {
        if (auto r = Runtime::get()->find(id)) stop_request(PyRequest{r});
    }, py::arg("request_id"), "Stops a request (its callback is not called after this) or a registration (its callback is not called any more).");

    m.def("set_log_level", &set_log_level, py::arg("log_level"), "Logs only messages at ``log_level`` or above (LogLevel; WARNING unless the OMNI_CLIENT_LOG_LEVEL environment variable names another when the library loads; docs/logging.md).");
    m.def("set_log_callback", [](const py::object& callback) {
        if (callback.is_none()) return set_log_callback(nullptr);
        if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable or None");
        PyCallablePtr fn = hold(callback);
        set_log_callback([fn](const std::string& thread, const std::string& component, OmniLogLevel level, const std::string& message) {
            (*fn)(thread, component, level, message);
        });
    }, py::arg("callback"), "Sends log messages to ``callback(thread_name, component, level, message)`` instead of stderr; None restores stderr.");
    m.def("set_hang_detection_time_ms", [](int64_t ms) { set_hang_detection_ms(ms); }, py::arg("timeout"), "Logs a warning when a request takes longer than ``timeout`` milliseconds (0 turns it off).");
    m.def("set_product_info", [](const std::string& name, std::optional<std::string> version, std::optional<std::string> extra) {
        set_product_info(ProductInfo{name, version.value_or(""), extra.value_or("")});
    }, py::arg("name"), py::arg("version") = py::none(), py::arg("extra") = py::none(), "Names the application to servers (in their logs and session lists).");
    m.def("set_retries", [](int64_t max_ms, int64_t base_ms, int64_t jitter_ms) {
        if (max_ms < 0 || base_ms < 0 || jitter_ms < 0) throw py::value_error("retry times must not be negative");
        RetrySettings old = set_retry_settings(RetrySettings{max_ms, base_ms, jitter_ms});
        return py::make_tuple(old.max_ms, old.base_ms, old.jitter_ms);
    }, py::arg("max_ms"), py::arg("base_ms"), py::arg("jitter_ms"), "How long to retry requests that failed to connect: up to ``max_ms`` in all, waiting ``base_ms`` times the square of the attempt plus up to ``jitter_ms`` between tries.");
    m.def("trace_start", &trace_start, "Starts recording every request's span for write_chrome_trace().");
    m.def("trace_stop", &trace_stop, "Stops recording request spans.");
    m.def("_write_chrome_trace", &write_chrome_trace, py::arg("path"));

    m.def("register_file_status_callback", [](const py::object& cb) {
        return register_callback(file_status_callbacks(), cb,
            [](const PyCallablePtr& fn, const std::string& url, OmniFileStatus status, int percent) { (*fn)(url, status, percent); });
    }, py::arg("callback"), "Calls ``callback(url, status, percentage)`` as reads, writes, copies and other requests start and finish; returns a Registration.");
    m.def("live_register_queued_callback", [](const py::object& cb) {
        return register_callback(ops::live_queued_callbacks(), cb,
            [](const PyCallablePtr& fn, OmniLiveUpdateType type, Result result, const std::string& url, uint64_t object_id,
               uint64_t sequence, uint64_t server_time) { (*fn)(type, result, url, object_id, sequence, server_time); });
    }, py::arg("callback"), "Calls ``callback(update_type, result, url, object_id, sequence, server_time)`` on the callback thread when a live object's version is queued (REMOTE) and after live_process_up_to left versions waiting (MORE, with the next one's server time); returns a Registration.");
    m.def("register_connection_status_callback", [](const py::object& cb) {
        return register_callback(connection_status_callbacks(), cb,
            [](const PyCallablePtr& fn, const std::string& url, OmniConnectionStatus status) { (*fn)(url, status); });
    }, py::arg("callback"), "Calls ``callback(url, status)`` when a connection to a server changes state; returns a Registration.");
    m.def("register_authentication_callback", [](const py::object& cb) {
        return register_callback(authentication_callbacks(), cb, auth_call());
    }, py::arg("callback"), "Calls ``callback(prefix)`` when a server asks who the user is; it returns ``(username, password)``, None to go on, or AUTH_ABORT. Returns a Registration.");
    m.def("register_authorize_callback", [](const py::object& cb) {
        return register_callback(authorize_callbacks(), cb, auth_call());
    }, py::arg("callback"), "Calls ``callback(prefix)`` before the library signs in to a server; it returns True to let it. Returns a Registration.");
    m.def("register_device_flow_auth_callback", [](const py::object& cb) {
        return register_callback(device_flow_callbacks(), cb,
            [](const PyCallablePtr& fn, uint64_t handle, const DeviceFlowParams* params) {
                if (params) (*fn)(handle, *params);
                else (*fn)(handle, nullptr);  // the sign-in is over
            });
    }, py::arg("callback"), "Calls ``callback(auth_handle, params)`` with the page and code to show when a server signs in through a browser, and ``callback(auth_handle, None)`` once that sign-in is over. Returns a Registration.");
    m.def("register_error_callback", [](const py::object& cb) {
        return register_callback(error_callbacks(), cb, [](const PyCallablePtr& fn, const ErrorInfo& info) { (*fn)(info); });
    }, py::arg("callback"), "Calls ``callback(url, result, message)`` for errors that no request's answer reports. Returns a Registration.");
    m.def("register_storage_auth_callback", [](const py::object& cb) {
        return register_callback(storage_auth_callbacks(), cb,
            [](const PyCallablePtr& fn, uint64_t handle, const std::string& url) { (*fn)(handle, url); });
    }, py::arg("callback"), "Calls ``callback`` when cloud storage asks for credentials (no cloud storage here). Returns a Registration.");

    m.def("add_default_search_path", &add_default_search_path, py::arg("search_path"), "Adds a folder that resolve() searches when given no search URLs.");
    m.def("remove_default_search_path", &remove_default_search_path, py::arg("search_path"), "Removes a folder added with add_default_search_path().");
    m.def("get_default_search_paths", &default_search_paths, "The folders resolve() searches when given no search URLs.");
    m.def("add_bookmark", &add_bookmark, py::arg("name"), py::arg("url"), "Saves a bookmark ``name`` for ``url`` in the user's omniverse.toml, shared with other applications.");
    m.def("remove_bookmark", &remove_bookmark, py::arg("name"), "Removes the bookmark ``name``.");
    m.def("list_bookmarks_with_callback", [](const py::object& cb) {
        if (!PyCallable_Check(cb.ptr())) throw py::type_error("callback must be callable");
        PyCallablePtr fn = hold(cb);
        return PyRequest{ops::bookmarks_subscribe([fn](const std::vector<std::pair<std::string, std::string>>& marks) {
            if (!PyCallable::interpreter_alive()) return;
            py::gil_scoped_acquire gil;
            py::dict as_dict;
            for (auto& [name, url] : marks) as_dict[py::str(name)] = url;
            fn->call_with(py::make_tuple(as_dict));
        })};
    }, py::arg("callback"), "Calls ``callback(bookmarks)`` with a dict of name to URL now and after every change until stopped; returns a Request.");
    m.def("set_http_header", [](const std::string& key, const std::optional<std::string>& value) {
        set_http_header(key, value.value_or(""));  // None removes it, as in the original
    }, py::arg("key"), py::arg("value"), "Sends the HTTP header ``key: value`` with every HTTP request (an empty value or None removes it).");
    m.def("_set_azure_sas_token", &set_azure_sas_token);
    // The class before the function that takes it, so that the function's signature names it.
    py::class_<S3Configuration>(m, "_S3Configuration")
        .def(py::init<>())
        .def_readwrite("url", &S3Configuration::url)
        .def_readwrite("bucket", &S3Configuration::bucket)
        .def_readwrite("region", &S3Configuration::region)
        .def_readwrite("access_key_id", &S3Configuration::access_key_id)
        .def_readwrite("secret_access_key", &S3Configuration::secret_access_key)
        .def_readwrite("session_token", &S3Configuration::session_token)
        .def_readwrite("cloudfront_url", &S3Configuration::cloudfront_url)
        .def_readwrite("cloudfront_for_list", &S3Configuration::cloudfront_for_list)
        .def_readwrite("canonical_host", &S3Configuration::canonical_host)
        .def_readwrite("write_config", &S3Configuration::write_config);
    m.def("_set_s3_configuration", &set_s3_configuration);
}

}  // namespace omniclient::python
