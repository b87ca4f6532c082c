// Reply<R>: a one-shot answer that can be copied into several callbacks (an answer handler and a
// failure handler, say) of which only the first to run delivers. Made from a Done<R> (or any
// callable taking R&&); a Done<R> is made from it as from any callable.
#pragma once

#include "core/ops.h"

#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>

namespace omniclient {

template <class R>
class Reply {
public:
    // From a Done<R> or any callable taking R&&.
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Reply> && std::is_invocable_v<F&, R&&>>>
    Reply(F&& done) : state_(std::make_shared<State>(Done<R>(std::forward<F>(done)))) {}

    // Delivers `answer` if nothing was delivered yet (from any thread); a later call is ignored,
    // so racing paths (an answer and a failure) need no flag of their own.
    void operator()(R&& answer) const { deliver(std::move(answer)); }
    // The same; says whether this call delivered.
    bool deliver(R&& answer) const {
        if (state_->answered.exchange(true, std::memory_order_acq_rel)) return false;
        Done<R> done = std::move(state_->done);  // what it holds is released once it has answered
        if (done) done(std::move(answer));
        return true;
    }

private:
    struct State {
        explicit State(Done<R> d) : done(std::move(d)) {}
        std::atomic<bool> answered{false};
        Done<R> done;
    };

    std::shared_ptr<State> state_;
};

}  // namespace omniclient
