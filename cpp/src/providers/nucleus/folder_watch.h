// Subscriptions to a folder's changes (list_subscribe, stat_subscribe): subscribe_list events as
// ListEvents, kept right across reconnects.
#pragma once

#include "core/reply.h"
#include "providers/nucleus/server_link.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace omniclient::nucleus {

// One subscriber's watch of a folder: remembers what the subscriber has been told of the items it
// watches. The server does not replay what it sent while a socket was down: after a reconnect the
// folder is listed again and the differences are told as events (those arriving meanwhile are
// held back).
class FolderWatch : public std::enable_shared_from_this<FolderWatch> {
public:
    // Which items of the folder the subscriber hears of.
    using Keep = std::function<bool(const ListEntry&)>;

    FolderWatch(ServerLink& link, OpContext ctx, Target t, std::string folder, Keep keep, Events<ListEventResult> events);

    // subscribe_list on the folder; a failure of the subscription goes to `failed`.
    void start(std::function<void(Result)> failed);
    // What the subscriber was first told (events that came before it are newer and stay).
    void seed(const std::vector<ListEntry>& entries);

private:
    void remember(const ListEventResult& ev);
    // Tells the subscriber of a change (later, while the folder is listed again).
    void tell(ListEventResult&& ev);
    // After a reconnect: lists the folder and tells the subscriber what changed since it last heard.
    void relist();

    ServerLink& link_;
    const OpContext ctx_;
    const Target target_;
    const std::string folder_;
    const Keep keep_;
    const Events<ListEventResult> events_;
    std::mutex mu_;
    std::map<std::string, ListEntry> told_;
    bool relisting_ = false;
    std::vector<ListEventResult> held_;
};

// A subscription's start: the watch of `folder` starts, then `ask` is asked for the first answer
// (a stat or a listing), whose entries (`seen`) seed what the subscriber was told. A failure of the
// watch before that answer is that answer; after it, it is an event.
template <class R>
void subscribe_with_first_answer(ServerLink& link, OpContext ctx, const Target& t, const std::string& folder,
                                 FolderWatch::Keep keep, Done<R> first, Events<ListEventResult> events,
                                 const std::function<void(Done<R>)>& ask,
                                 std::function<std::vector<ListEntry>(const R&)> seen) {
    auto watch = std::make_shared<FolderWatch>(link, ctx, t, folder, std::move(keep), events);
    Reply<R> reply([watch, seen = std::move(seen), first = std::move(first)](R&& r) {
        if (r.result == OMNI_RESULT_OK) watch->seed(seen(r));
        first(std::move(r));
    });
    watch->start([reply, events](Result r) {
        if (reply.deliver(error_answer<R>(r))) return;
        ListEventResult ev;
        ev.result = r;
        events(std::move(ev));
    });
    ask(reply);
}

}  // namespace omniclient::nucleus
