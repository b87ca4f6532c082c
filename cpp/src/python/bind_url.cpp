// URL functions and the Url class: direct bindings of the core (no Python layer, they are hot).
#include "python/py_support.h"

#include "url/url.h"

namespace omniclient::python {

void bind_url(py::module_& m) {
    using url::Url;
    // Fields convert to str when read, so a path that decodes to invalid UTF-8 raises
    // UnicodeDecodeError on that field only, as in the original.
    py::class_<Url>(m, "Url")
        .def(py::init<>())
        .def_readwrite("scheme", &Url::scheme)
        .def_readwrite("user", &Url::user)
        .def_readwrite("host", &Url::host)
        .def_readwrite("port", &Url::port)
        .def_readwrite("path", &Url::path)
        .def_readwrite("query", &Url::query)
        .def_readwrite("fragment", &Url::fragment)
        .def_readwrite("is_raw", &Url::is_raw);

    m.def("break_url", &url::break_url, py::arg("url"));
    m.def("break_url_reference", &url::break_url_reference, py::arg("url"));
    m.def("make_url", [](std::optional<std::string> scheme, std::optional<std::string> user, std::optional<std::string> host,
                         std::optional<std::string> port, std::optional<std::string> path, std::optional<std::string> query,
                         std::optional<std::string> fragment) {
        Url u;
        u.scheme = std::move(scheme);
        u.user = std::move(user);
        u.host = std::move(host);
        u.port = std::move(port);
        u.path = std::move(path);
        u.query = std::move(query);
        u.fragment = std::move(fragment);
        return url::make_url(u);
    }, py::arg("scheme") = py::none(), py::arg("user") = py::none(), py::arg("host") = py::none(), py::arg("port") = py::none(),
       py::arg("path") = py::none(), py::arg("query") = py::none(), py::arg("fragment") = py::none());
    m.def("combine_urls", &url::combine_urls, py::arg("base_url"), py::arg("other_url"));
    m.def("combine_with_base_url", &url::combine_with_base_url, py::arg("other_url"));
    m.def("push_base_url", &url::push_base_url, py::arg("url"));
    m.def("pop_base_url", &url::pop_base_url, py::arg("url"));
    m.def("get_base_url", &url::get_base_url);
    m.def("make_relative_url", &url::make_relative_url, py::arg("base_url"), py::arg("other_url"));
    m.def("normalize_url", &url::normalize_url, py::arg("url"));
    m.def("make_file_url", &url::make_file_url, py::arg("path"));
    m.def("make_printable", &url::make_printable, py::arg("url"));
    m.def("join", [](std::string_view base_url, std::string_view name) {
        auto joined = url::join(base_url, name);
        if (!joined)
            throw py::value_error(
                "join(): base_url must not be empty and name must be a single child name (not empty, '.' or '..')");
        return *joined;
    }, py::arg("base_url"), py::arg("name"));
    m.def("set_alias", [](std::string_view alias, std::optional<std::string_view> value) {
        if (value) url::set_alias(alias, *value);
        else url::remove_alias(alias);
    }, py::arg("alias"), py::arg("value"));
    m.def("get_branch_and_checkpoint_from_query", [](std::string_view q) {
        auto [branch, checkpoint] = url::get_branch_and_checkpoint_from_query(q);
        return py::make_tuple(branch, checkpoint);
    }, py::arg("query"));
    m.def("make_query_from_branch_and_checkpoint", &url::make_query_from_branch_and_checkpoint, py::arg("branch"),
          py::arg("checkpoint"));
}

}  // namespace omniclient::python
