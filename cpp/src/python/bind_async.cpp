// The _async forms' delivery: answers go from the thread completing a request straight to the
// event loop that awaits them, with no callback-thread hop and no GIL on that thread.
#include "python/py_support.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace omniclient::python {

namespace {

// A Python object an answer carries to the loop; dropped under the GIL wherever that happens.
struct HeldObject {
    py::object object;
    ~HeldObject() {
        if (!PyCallable::interpreter_alive()) {
            object.release();  // a finalizing interpreter: leak it
            return;
        }
        py::gil_scoped_acquire gil;
        object = py::object();
    }
};

}  // namespace

LoopBridge::LoopBridge() {
    if (::pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
}

LoopBridge::~LoopBridge() {
    ::close(fds_[0]);
    ::close(fds_[1]);
    if (pending_.empty() || !PyCallable::interpreter_alive()) return;  // a finalizing interpreter: leak them
    py::gil_scoped_acquire gil;
    for (auto& p : pending_) Py_DECREF(p.future);
}

void LoopBridge::push(PyObject* future, std::function<py::object()> answer) {
    bool wake;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_.push_back(Pending{future, std::move(answer)});
        wake = !woken_;
        woken_ = true;
    }
    if (wake) {
        char byte = 0;
        (void)!::write(fds_[1], &byte, 1);  // cannot fill up: one byte per batch, read before each drain
    }
}

void LoopBridge::drain() {
    char sink[64];
    while (::read(fds_[0], sink, sizeof sink) > 0) {
    }
    std::vector<Pending> batch;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(pending_);
        woken_ = false;
    }
    std::vector<py::object> futures;
    futures.reserve(batch.size());
    for (auto& p : batch) futures.push_back(py::reinterpret_steal<py::object>(p.future));
    for (size_t i = 0; i < batch.size(); ++i) {
        py::object& future = futures[i];
        if (future.attr("done")().cast<bool>()) continue;  // cancelled meanwhile
        try {
            future.attr("set_result")(batch[i].answer());
        } catch (py::error_already_set& e) {
            future.attr("set_exception")(e.value());
        } catch (const std::exception& ex) {
            future.attr("set_exception")(py::reinterpret_borrow<py::object>(PyExc_RuntimeError)(ex.what()));
        }
    }
}

void bind_async(py::module_& m) {
    py::class_<LoopBridge, std::shared_ptr<LoopBridge>>(m, "_LoopBridge",
        "Resolves the futures of one event loop's _async calls: the loop watches fileno() and calls drain().")
        .def(py::init<>())
        .def("fileno", &LoopBridge::fileno)
        .def("drain", &LoopBridge::drain);
    py::class_<AsyncAnswer>(m, "_AsyncAnswer", "Passed as the callback of a primitive: its answer resolves `future` through `bridge`.")
        .def(py::init([](std::shared_ptr<LoopBridge> bridge, py::object future) { return AsyncAnswer{std::move(bridge), std::move(future)}; }))
        // Primitives bound by hand take any callable: called once with the answer (GIL held), it
        // resolves the future as run() does.
        .def("__call__", [](AsyncAnswer& self, py::args args) {
            auto value = std::make_shared<HeldObject>(args.size() == 1 ? py::object(args[0]) : py::object(args));
            self.bridge->push(self.future.inc_ref().ptr(), [value] { return value->object; });
        });
}

}  // namespace omniclient::python
