// URL functions and the Url class. The hot functions (break_url, normalize_url, combine_urls,
// make_relative_url, ...) are plain CPython fast-call functions and Url a small native type:
// pybind11's dispatcher and class machinery would cost more than the parsing itself.
#include "python/py_support.h"

#include "url/url.h"

#include <cstddef>
#include <cstring>

namespace omniclient::python {
namespace {

constexpr int kFields = 7;
constexpr const char* kFieldNames[kFields] = {"scheme", "user", "host", "port", "path", "query", "fragment"};

// A broken URL (read-only, as in the original). The parts are kept as UTF-8 bytes after the object
// and become str when first read, so a part that is not valid UTF-8 raises UnicodeDecodeError when
// read, as in the original.
struct UrlObject {
    PyObject_VAR_HEAD
    PyObject* value[kFields];  // the str once read; NULL before
    Py_ssize_t offset[kFields];
    Py_ssize_t length[kFields];  // -1: the part is absent (None)
    bool is_raw;
    char data[1];
};

PyTypeObject* g_url_type = nullptr;

UrlObject* new_url(Py_ssize_t bytes) {
    auto* self = reinterpret_cast<UrlObject*>(g_url_type->tp_alloc(g_url_type, bytes));
    if (!self) return nullptr;
    for (int i = 0; i < kFields; ++i) {
        self->value[i] = nullptr;
        self->length[i] = -1;
    }
    self->is_raw = false;
    return self;
}

// As in the original, Url objects come only from break_url / break_url_reference.
PyObject* url_new(PyTypeObject*, PyObject*, PyObject*) {
    PyErr_SetString(PyExc_TypeError, "omni.client._omniclient.Url: No constructor defined!");
    return nullptr;
}

void url_dealloc(PyObject* obj) {
    auto* self = reinterpret_cast<UrlObject*>(obj);
    for (PyObject* v : self->value) Py_XDECREF(v);
    PyTypeObject* type = Py_TYPE(obj);
    type->tp_free(obj);
    Py_DECREF(type);
}

PyObject* url_get(PyObject* obj, void* closure) {
    auto* self = reinterpret_cast<UrlObject*>(obj);
    auto i = reinterpret_cast<intptr_t>(closure);
    if (!self->value[i]) {
        if (self->length[i] < 0) Py_RETURN_NONE;
        PyObject* s = PyUnicode_DecodeUTF8(self->data + self->offset[i], self->length[i], nullptr);
        if (!s) return nullptr;
        self->value[i] = s;
    }
    Py_INCREF(self->value[i]);
    return self->value[i];
}

PyObject* url_get_raw(PyObject* obj, void*) { return PyBool_FromLong(reinterpret_cast<UrlObject*>(obj)->is_raw); }

#define URL_FIELD(i) \
    {const_cast<char*>(kFieldNames[i]), url_get, nullptr, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(i))}
PyGetSetDef g_url_getset[] = {
    URL_FIELD(0), URL_FIELD(1), URL_FIELD(2), URL_FIELD(3), URL_FIELD(4), URL_FIELD(5), URL_FIELD(6),
    {const_cast<char*>("is_raw"), url_get_raw, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};
#undef URL_FIELD

PyType_Slot g_url_slots[] = {
    {Py_tp_new, reinterpret_cast<void*>(url_new)},
    {Py_tp_dealloc, reinterpret_cast<void*>(url_dealloc)},
    {Py_tp_getset, g_url_getset},
    {Py_tp_doc, const_cast<char*>("The parts of a URL, as returned by break_url(); absent parts are None.")},
    {0, nullptr},
};

PyType_Spec g_url_spec = {"omni.client._omniclient.Url", static_cast<int>(offsetof(UrlObject, data)), 1,
                          Py_TPFLAGS_DEFAULT, g_url_slots};

void fill_url(const url::UrlView& parts, void* context) {
    const std::optional<std::string_view>* fields[kFields] = {&parts.scheme, &parts.user,  &parts.host,    &parts.port,
                                                              &parts.path,   &parts.query, &parts.fragment};
    Py_ssize_t bytes = 0;
    for (const auto* f : fields)
        if (*f) bytes += static_cast<Py_ssize_t>((*f)->size());
    UrlObject* self = new_url(bytes);
    *static_cast<UrlObject**>(context) = self;
    if (!self) return;
    Py_ssize_t at = 0;
    for (int i = 0; i < kFields; ++i) {
        if (!*fields[i]) continue;
        std::memcpy(self->data + at, (*fields[i])->data(), (*fields[i])->size());
        self->offset[i] = at;
        self->length[i] = static_cast<Py_ssize_t>((*fields[i])->size());
        at += self->length[i];
    }
    self->is_raw = parts.is_raw;
}

// Positional-or-keyword str arguments of a fast-call function, as UTF-8 views (valid while the
// argument objects live, which is the whole call; a bytearray must not be resized meanwhile, and
// nothing here runs Python code).
template <size_t N>
bool str_args(const char* function, const char* const (&names)[N], PyObject* const* args, Py_ssize_t nargs,
              PyObject* kwnames, std::string_view (&out)[N]) {
    PyObject* given[N] = {};
    if (nargs > static_cast<Py_ssize_t>(N)) {
        PyErr_Format(PyExc_TypeError, "%s() takes %d arguments (%zd given)", function, static_cast<int>(N), nargs);
        return false;
    }
    for (Py_ssize_t i = 0; i < nargs; ++i) given[i] = args[i];
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; ++k) {
        PyObject* key = PyTuple_GET_ITEM(kwnames, k);
        size_t j = 0;
        while (j < N && PyUnicode_CompareWithASCIIString(key, names[j]) != 0) ++j;
        if (j == N || given[j]) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected or repeated argument '%U'", function, key);
            return false;
        }
        given[j] = args[nargs + k];
    }
    for (size_t j = 0; j < N; ++j) {
        if (!given[j]) {
            PyErr_Format(PyExc_TypeError, "%s() missing argument '%s'", function, names[j]);
            return false;
        }
        Py_ssize_t size = 0;
        const char* utf8 = nullptr;
        // str, or bytes-like taken as UTF-8 as pybind11's string arguments (and so the original) do.
        if (PyUnicode_Check(given[j])) {
            utf8 = PyUnicode_AsUTF8AndSize(given[j], &size);
            if (!utf8) {
                // A lone surrogate cannot be UTF-8: a TypeError, as the original's binding raises.
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError, "%s() argument '%s' is not encodable as UTF-8", function, names[j]);
                return false;
            }
        } else if (PyBytes_Check(given[j])) {
            utf8 = PyBytes_AS_STRING(given[j]);
            size = PyBytes_GET_SIZE(given[j]);
        } else if (PyByteArray_Check(given[j])) {
            utf8 = PyByteArray_AS_STRING(given[j]);
            size = PyByteArray_GET_SIZE(given[j]);
        } else {
            PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be str, not %s", function, names[j],
                         Py_TYPE(given[j])->tp_name);
            return false;
        }
        out[j] = std::string_view(utf8, static_cast<size_t>(size));
    }
    return true;
}

PyObject* to_str(const std::string& s) { return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr); }

template <bool Reference>
PyObject* py_break(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const char* const names[] = {"url"};
    std::string_view a[1];
    if (!str_args(Reference ? "break_url_reference" : "break_url", names, args, nargs, kwnames, a)) return nullptr;
    UrlObject* result = nullptr;
    std::string expanded;  // a URL reference is taken as written; a full URL's alias is applied
    url::break_url_view(Reference ? a[0] : url::with_aliases(a[0], expanded), Reference, fill_url, &result);
    return reinterpret_cast<PyObject*>(result);
}

PyObject* py_normalize_url(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const char* const names[] = {"url"};
    std::string_view a[1];
    if (!str_args("normalize_url", names, args, nargs, kwnames, a)) return nullptr;
    std::string expanded;
    return to_str(url::normalize_url(url::with_aliases(a[0], expanded)));
}

PyObject* py_combine_urls(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const char* const names[] = {"base_url", "other_url"};
    std::string_view a[2];
    if (!str_args("combine_urls", names, args, nargs, kwnames, a)) return nullptr;
    std::string expanded[2];
    return to_str(url::combine_urls(url::with_aliases(a[0], expanded[0]), url::with_aliases(a[1], expanded[1])));
}

PyObject* py_make_relative_url(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const char* const names[] = {"base_url", "other_url"};
    std::string_view a[2];
    if (!str_args("make_relative_url", names, args, nargs, kwnames, a)) return nullptr;
    std::string expanded[2];
    return to_str(url::make_relative_url(url::with_aliases(a[0], expanded[0]), url::with_aliases(a[1], expanded[1])));
}

PyObject* py_combine_with_base_url(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const char* const names[] = {"other_url"};
    std::string_view a[1];
    if (!str_args("combine_with_base_url", names, args, nargs, kwnames, a)) return nullptr;
    std::string expanded;
    return to_str(url::combine_with_base_url(url::with_aliases(a[0], expanded)));
}

#define FAST(name, fn, doc) \
    {name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)), METH_FASTCALL | METH_KEYWORDS, doc}
PyMethodDef g_methods[] = {
    FAST("break_url", py_break<false>,
         "break_url(url: str) -> Url\n\nBreaks a full URL or raw local path (\"/...\") into its parts."),
    FAST("break_url_reference", py_break<true>,
         "break_url_reference(url: str) -> Url\n\nBreaks a URL reference (possibly relative) into its parts."),
    FAST("normalize_url", py_normalize_url, "normalize_url(url: str) -> str\n\nParses a URL and recomposes it."),
    FAST("combine_urls", py_combine_urls,
         "combine_urls(base_url: str, other_url: str) -> str\n\nResolves other_url against base_url."),
    FAST("make_relative_url", py_make_relative_url,
         "make_relative_url(base_url: str, other_url: str) -> str\n\n"
         "Returns a URL that gives other_url when combined with base_url."),
    FAST("combine_with_base_url", py_combine_with_base_url,
         "combine_with_base_url(other_url: str) -> str\n\nCombines other_url with the top of this thread's base URL "
         "stack (or the working directory)."),
    {nullptr, nullptr, 0, nullptr},
};
#undef FAST

}  // namespace

void bind_url(py::module_& m) {
    g_url_type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&g_url_spec));
    if (!g_url_type) throw py::error_already_set();
    m.add_object("Url", py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(g_url_type)));
    if (PyModule_AddFunctions(m.ptr(), g_methods) != 0) throw py::error_already_set();

    m.def("make_url", [](std::optional<std::string> scheme, std::optional<std::string> user, std::optional<std::string> host,
                         std::optional<std::string> port, std::optional<std::string> path, std::optional<std::string> query,
                         std::optional<std::string> fragment) {
        url::Url u;
        u.scheme = std::move(scheme);
        u.user = std::move(user);
        u.host = std::move(host);
        u.port = std::move(port);
        u.path = std::move(path);
        u.query = std::move(query);
        u.fragment = std::move(fragment);
        return url::make_url(u);
    }, py::arg("scheme") = py::none(), py::arg("user") = py::none(), py::arg("host") = py::none(), py::arg("port") = py::none(),
       py::arg("path") = py::none(), py::arg("query") = py::none(), py::arg("fragment") = py::none(), "Composes a URL from its parts, escaping each as needed.");
    m.def("push_base_url", &url::push_base_url, py::arg("url"), "Makes ``url`` the base that relative URLs in this thread are resolved against.");
    m.def("pop_base_url", &url::pop_base_url, py::arg("url"), "Removes ``url`` from the top of this thread's base URL stack; False if it was not on top.");
    m.def("get_base_url", &url::get_base_url, "The base URL relative URLs in this thread are resolved against (None if there is none).");
    m.def("make_file_url", &url::make_file_url, py::arg("path"), "The file: URL of a local path.");
    m.def("make_printable", &url::make_printable, py::arg("url"), "``url`` with escapes that need none for reading decoded, for showing to a person.");
    m.def("join", [](std::string_view base_url, std::string_view name) {
        auto joined = url::join(base_url, name);
        if (!joined)
            throw py::value_error("join() takes a base URL and the name of one item in it: neither may be empty, "
                                  "and the name may not be '.' or '..'");
        return *joined;
    }, py::arg("base_url"), py::arg("name"), "The URL of the item ``name`` in the folder ``base_url``.");
    m.def("set_alias", [](std::string_view alias, std::optional<std::string_view> value) {
        if (value) url::set_alias(alias, *value);
        else url::remove_alias(alias);
    }, py::arg("alias"), py::arg("value"), "Makes URLs starting with ``alias`` start with ``value`` instead (None removes the alias).");
    m.def("get_branch_and_checkpoint_from_query", [](std::string_view q) {
        auto [branch, checkpoint] = url::get_branch_and_checkpoint_from_query(q);
        return py::make_tuple(branch, checkpoint);
    }, py::arg("query"), "The branch and checkpoint number a URL's query names.");
    // None is the default branch, as "" (the original accepts both).
    m.def("make_query_from_branch_and_checkpoint", [](std::optional<std::string_view> branch, uint64_t checkpoint) {
        return url::make_query_from_branch_and_checkpoint(branch.value_or(""), checkpoint);
    }, py::arg("branch"), py::arg("checkpoint"), "The URL query naming a branch (None or '' for the default one) and a checkpoint number.");
}

}  // namespace omniclient::python
