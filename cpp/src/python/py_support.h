// Shared pieces of the binding: Python callables held by C++ threads, the Request and
// Registration objects, and running an operation blocking or with a callback.
#pragma once

#include "core/dispatch.h"
#include "core/types.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

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
        } catch (const std::exception& ex) {
            report_native_exception(ex);
        }
    }
    // Calls with the arguments of a tuple, as f(*args).
    void call_with(const py::tuple& args) const;
    // Calls with the GIL already held and returns the result; exceptions propagate.
    template <class... Args>
    py::object call_returning(Args&&... args) const { return fn_(std::forward<Args>(args)...); }

    static bool interpreter_alive();
    static void report_exception(py::error_already_set& e);
    // A C++ exception met while calling back (e.g. a failed conversion), reported as RuntimeError.
    static void report_native_exception(const std::exception& ex);

private:
    py::object fn_;
};

using PyCallablePtr = std::shared_ptr<PyCallable>;
PyCallablePtr hold(py::object fn);

// The Python Result for `r` (GIL held), made once per value: casting an enum makes a new object
// each time, after a search of every live bound instance (all the Requests a script keeps).
py::object result_object(Result r);

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

// Hands the answers of one event loop's _async calls to that loop. Whichever thread completes a
// request queues its answer without taking the GIL and, for the first answer of a batch, writes a
// byte to a pipe the loop watches; on the loop, drain() turns the whole batch into Python objects
// and resolves the futures. One loop wake-up per batch, no thread hop in between.
class LoopBridge {
public:
    LoopBridge();
    ~LoopBridge();
    LoopBridge(const LoopBridge&) = delete;
    LoopBridge& operator=(const LoopBridge&) = delete;
    int fileno() const { return fds_[0]; }
    // Any thread, GIL not needed. Takes over a reference to `future`; `answer` runs in drain().
    void push(PyObject* future, std::function<py::object()> answer);
    // On the loop, GIL held.
    void drain();

private:
    struct Pending {
        PyObject* future;
        std::function<py::object()> answer;
    };
    int fds_[2] = {-1, -1};
    std::mutex mutex_;
    std::vector<Pending> pending_;
    bool woken_ = false;
};

// The callback an _async form passes to a primitive: resolve `future` through `bridge`.
struct AsyncAnswer {
    std::shared_ptr<LoopBridge> bridge;
    py::object future;
};

// A URL argument: like str (or bytes), and None reads as the empty URL, which operations reject
// with ERROR_BAD_REQUEST as the original does.
struct UrlArg : std::string {};

// Passed as `callback` by the blocking forms (None means "no callback" in the callback forms).
inline bool is_blocking(const py::object& callback) { return callback.is(py::ellipsis()); }

// Runs an operation. With `callback` Ellipsis it blocks (GIL released) and returns the answer's
// tuple, or its first item when `single`; otherwise it returns a Request and later calls
// callback(*tuple) on the callback thread (if a callback was given), or, for an AsyncAnswer,
// resolves its future on its loop.
// `start(delivery, done)` is called before run returns (it may take its arguments by reference).
template <class R, class Start>
py::object run(const py::object& callback, Start&& start, std::function<py::tuple(R&)> to_tuple, bool single) {
    if (is_blocking(callback)) {
        R answer{};
        {
            py::gil_scoped_release nogil;
            RequestPtr request = start(Delivery::Direct, [&answer](R&& a) { answer = std::move(a); });
            request->wait();
        }
        py::tuple t = to_tuple(answer);
        return single ? py::object(t[0]) : py::object(t);
    }
    if (py::isinstance<AsyncAnswer>(callback)) {
        auto& target = callback.cast<AsyncAnswer&>();
        std::shared_ptr<LoopBridge> bridge = target.bridge;
        PyObject* future = target.future.inc_ref().ptr();  // handed to the bridge with the answer
        RequestPtr request = start(Delivery::Direct, [bridge, future, to_tuple](R&& a) {
            auto answer = std::make_shared<R>(std::move(a));
            bridge->push(future, [answer, to_tuple] {
                py::tuple t = to_tuple(*answer);
                return t.size() == 1 ? py::object(t[0]) : py::object(t);  // as callback(*t) would be given
            });
        });
        return py::cast(PyRequest{std::move(request)});
    }
    if (!callback.is_none() && !PyCallable_Check(callback.ptr())) throw py::type_error("callback must be callable");
    PyCallablePtr fn = callback.is_none() ? nullptr : hold(callback);
    RequestPtr request;
    {
        // The operation starts without the GIL: the callback thread may deliver earlier answers meanwhile.
        py::gil_scoped_release nogil;
        request = start(Delivery::CallbackThread, [fn, to_tuple](R&& a) {
            if (!fn) return;
            if (!PyCallable::interpreter_alive()) return;
            py::gil_scoped_acquire gil;
            py::tuple args;
            try {
                args = to_tuple(a);
            } catch (py::error_already_set& e) {
                PyCallable::report_exception(e);
                return;
            } catch (const std::exception& ex) {
                PyCallable::report_native_exception(ex);
                return;
            }
            fn->call_with(args);
        });
    }
    return py::cast(PyRequest{std::move(request)});
}

void bind_types(py::module_& m);
void bind_runtime(py::module_& m);
void bind_url(py::module_& m);
void bind_ops(py::module_& m);
void bind_async(py::module_& m);

}  // namespace omniclient::python

namespace pybind11::detail {

template <>
struct type_caster<omniclient::python::UrlArg> {
    PYBIND11_TYPE_CASTER(omniclient::python::UrlArg, const_name("str"));
    bool load(handle src, bool convert) {
        if (src.is_none()) return true;
        make_caster<std::string> inner;
        if (!inner.load(src, convert)) return false;
        static_cast<std::string&>(value) = cast_op<std::string&&>(std::move(inner));
        return true;
    }
};

}  // namespace pybind11::detail
