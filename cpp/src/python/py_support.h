// Shared pieces of the binding: Python callables held by C++ threads, the Request and
// Registration objects, and running an operation blocking or with a callback.
#pragma once

#include "core/dispatch.h"
#include "core/types.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <memory>

namespace omniclient::python {

namespace py = pybind11;

// A Python callable owned from C++: released with the GIL held (or leaked once the interpreter is
// finalizing, when touching it would crash).
class PyCallable {
public:
    explicit PyCallable(py::object fn) : fn_(std::move(fn)) {}
    ~PyCallable();
    PyCallable(const PyCallable&) = delete;
    PyCallable& operator=(const PyCallable&) = delete;

    // Calls with the GIL taken; an exception goes to sys.excepthook and never escapes.
    template <class... Args>
    void operator()(Args&&... args) const {
        if (!interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        try {
            fn_(std::forward<Args>(args)...);
        } catch (py::error_already_set& e) {
            report_exception(e);
        }
    }
    // Calls with the arguments of a tuple, as f(*args).
    void call_with(const py::tuple& args) const;
    // Calls with the GIL already held and returns the result; exceptions propagate.
    template <class... Args>
    py::object call_returning(Args&&... args) const { return fn_(std::forward<Args>(args)...); }

    static bool interpreter_alive();
    static void report_exception(py::error_already_set& e);

private:
    py::object fn_;
};

using PyCallablePtr = std::shared_ptr<PyCallable>;
PyCallablePtr hold(py::object fn);

// omni.client.Request: a handle on one operation.
struct PyRequest {
    RequestPtr request;
};

// omni.client.Registration: unregisters when asked, on exit from a with-block, or when dropped.
class PyRegistration {
public:
    PyRegistration(uint64_t handle, std::function<void(uint64_t)> remove) : handle_(handle), remove_(std::move(remove)) {}
    ~PyRegistration() { unregister(); }
    uint64_t handle() const { return handle_; }
    void unregister();

private:
    uint64_t handle_;
    std::function<void(uint64_t)> remove_;
};

// Runs an operation. With `callback` None it blocks (GIL released) and returns the answer's
// tuple, or its first item when `single`; otherwise it returns a Request and later calls
// callback(*tuple) on the callback thread.
template <class R>
py::object run(const py::object& callback, std::function<RequestPtr(Delivery, Done<R>)> start,
               std::function<py::tuple(R&)> to_tuple, bool single) {
    if (callback.is_none()) {
        R answer{};
        {
            py::gil_scoped_release nogil;
            RequestPtr request = start(Delivery::Direct, [&answer](R&& a) { answer = std::move(a); });
            request->wait();
        }
        py::tuple t = to_tuple(answer);
        return single ? py::object(t[0]) : py::object(t);
    }
    if (!PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable");
    PyCallablePtr fn = hold(callback);
    RequestPtr request = start(Delivery::CallbackThread, [fn, to_tuple](R&& a) {
        if (!PyCallable::interpreter_alive()) return;
        py::gil_scoped_acquire gil;
        py::tuple args;
        try {
            args = to_tuple(a);
        } catch (py::error_already_set& e) {
            PyCallable::report_exception(e);
            return;
        }
        fn->call_with(args);
    });
    return py::cast(PyRequest{std::move(request)});
}

void bind_types(py::module_& m);
void bind_runtime(py::module_& m);
void bind_url(py::module_& m);
void bind_ops(py::module_& m);

}  // namespace omniclient::python
