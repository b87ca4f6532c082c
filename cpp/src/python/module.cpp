// omni.client._omniclient: the pybind11 module over the core. Type conversion only.
#include "python/py_support.h"

#include "core/log.h"
#include "core/runtime.h"

#include <map>

namespace omniclient::python {

PyCallable::~PyCallable() {
    if (interpreter_alive()) {
        py::gil_scoped_acquire gil;
        fn_ = py::object();
    } else {
        fn_.release();  // the interpreter is gone: leaking beats crashing
    }
}

py::object result_object(Result r) {
    static auto* made = new std::map<int, py::object>;  // never destroyed: the interpreter may be gone by then
    auto [it, added] = made->try_emplace(static_cast<int>(r));
    if (added) it->second = py::cast(r);
    return it->second;
}

bool PyCallable::interpreter_alive() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsInitialized() && !Py_IsFinalizing();  // public since 3.13, which drops the underscored name
#else
    return Py_IsInitialized() && !_Py_IsFinalizing();
#endif
}

void PyCallable::report_exception(py::error_already_set& e) {
    try {
        // An exception raised by a built-in has no traceback: hand the hook None, not null.
        py::object trace = e.trace() ? py::reinterpret_borrow<py::object>(e.trace()) : py::none();
        py::module_::import("sys").attr("excepthook")(e.type(), e.value(), trace);
    } catch (py::error_already_set& hook_error) {
        hook_error.discard_as_unraisable("omni.client callback");
    } catch (const std::exception&) {
        PyErr_Clear();  // reporting must never take the callback thread down
    }
}

void PyCallable::call_with(const py::tuple& args) const {
    try {
        fn_(*args);
    } catch (py::error_already_set& e) {
        report_exception(e);
    } catch (const std::exception& ex) {
        report_native_exception(ex);
    }
}

void PyCallable::report_native_exception(const std::exception& ex) {
    PyErr_SetString(PyExc_RuntimeError, ex.what());
    py::error_already_set e;
    report_exception(e);
}

PyCallablePtr hold(py::object fn) { return std::make_shared<PyCallable>(std::move(fn)); }

void PyRegistration::unregister() {
    if (!remove_) return;
    auto remove = std::move(remove_);
    remove_ = nullptr;
    uint64_t handle = handle_;
    handle_ = 0;  // as the original: a Registration that no longer calls back has handle 0
    // remove() may wait for a callback running on another thread, which needs the GIL.
    if (PyGILState_Check()) {
        py::gil_scoped_release nogil;
        remove(handle);
    } else {
        remove(handle);
    }
}

}  // namespace omniclient::python

PYBIND11_MODULE(_omniclient, m) {
    using namespace omniclient::python;
    m.doc() = "omni.client native core";
    // Callbacks are delivered in batches with the GIL taken once per batch: handing the GIL
    // between threads per callback would cost more than most callbacks do.
    omniclient::set_callback_batch_runner([](const std::function<void()>& run) {
        if (!PyCallable::interpreter_alive()) return run();
        py::gil_scoped_acquire gil;
        // The thread keeps the Python thread state pybind11 makes for it: it would otherwise make
        // and delete one per batch (a mmap, a munmap and the interpreter's bookkeeping each time).
        thread_local bool kept = false;
        if (!kept) {
            gil.inc_ref();
            kept = true;
        }
        run();
    });
    bind_types(m);
    bind_runtime(m);
    bind_url(m);
    bind_ops(m);
    bind_async(m);
}
