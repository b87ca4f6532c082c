#include "providers/nucleus/folder_watch.h"

#include "providers/nucleus/entries.h"

namespace omniclient::nucleus {
namespace {

// The events that turn `before` into `after`.
std::vector<ListEventResult> differences(const std::map<std::string, ListEntry>& before,
                                         const std::map<std::string, ListEntry>& after) {
    std::vector<ListEventResult> out;
    auto add = [&out](OmniListEvent kind, const ListEntry& e) {
        ListEventResult ev;
        ev.result = OMNI_RESULT_OK;
        ev.event = kind;
        ev.entry = e;
        out.push_back(std::move(ev));
    };
    for (auto& [name, was] : before)
        if (!after.count(name)) add(OMNI_LIST_EVENT_DELETED, was);
    for (auto& [name, now] : after) {
        auto was = before.find(name);
        if (was == before.end()) add(OMNI_LIST_EVENT_CREATED, now);
        else if (was->second.version != now.version || was->second.size != now.size || was->second.modified_time != now.modified_time)
            add(OMNI_LIST_EVENT_UPDATED, now);
        else if (was->second.locked_by != now.locked_by)
            add(now.locked_by.empty() ? OMNI_LIST_EVENT_UNLOCKED : OMNI_LIST_EVENT_LOCKED, now);
    }
    return out;
}

}  // namespace

FolderWatch::FolderWatch(ServerLink& link, OpContext ctx, Target t, std::string folder, Keep keep,
                         Events<ListEventResult> events)
    : link_(link), ctx_(std::move(ctx)), target_(std::move(t)), folder_(std::move(folder)), keep_(std::move(keep)),
      events_(std::move(events)) {}

void FolderWatch::start(std::function<void(Result)> failed) {
    auto self = shared_from_this();
    link_.request(ctx_, target_, "subscribe_list", {{"path", {{"branch", ""}, {"path", folder_}}}}, std::nullopt,
                  [self](net::connlib::Answer&& a) {
                      std::string status = status_of(a);
                      if (status != "OK") {  // DONE (the subscription ended) or a failure
                          ListEventResult end;
                          end.result = status == "DONE" ? OMNI_RESULT_OK : result_of_status(status);
                          self->events_(std::move(end));
                          return true;
                      }
                      for (auto& ev : list_events_of(a.json(), self->folder_))
                          if (self->keep_(ev.entry)) self->tell(std::move(ev));
                      return false;
                  },
                  std::move(failed), true, [self] { self->relist(); });
}

void FolderWatch::seed(const std::vector<ListEntry>& entries) {
    std::lock_guard lock(mu_);
    for (auto& e : entries) told_.emplace(e.relative_path, e);
}

void FolderWatch::remember(const ListEventResult& ev) {
    if (ev.event == OMNI_LIST_EVENT_DELETED || ev.event == OMNI_LIST_EVENT_OBLITERATED) told_.erase(ev.entry.relative_path);
    else told_[ev.entry.relative_path] = ev.entry;
}

void FolderWatch::tell(ListEventResult&& ev) {
    {
        std::lock_guard lock(mu_);
        if (relisting_) return held_.push_back(std::move(ev));
        remember(ev);
    }
    events_(std::move(ev));
}

void FolderWatch::relist() {
    {
        std::lock_guard lock(mu_);
        if (relisting_) return;  // the listing under way answers for this reconnect too
        relisting_ = true;
    }
    auto self = shared_from_this();
    link_.stream_entries(ctx_, target_, "list2", folder_, entry_of_list2, [self](ListResult&& now) {
        std::vector<ListEventResult> out;
        {
            std::lock_guard lock(self->mu_);
            // Another failure (the socket again): what was held is told; the next reconnect lists again.
            if (now.result == OMNI_RESULT_OK || now.result == OMNI_RESULT_ERROR_NOT_FOUND) {
                std::map<std::string, ListEntry> fresh;
                for (auto& e : now.entries)
                    if (self->keep_(e)) fresh[e.relative_path] = std::move(e);
                out = differences(self->told_, fresh);
                self->told_ = std::move(fresh);
            }
            for (auto& ev : self->held_) {
                self->remember(ev);
                out.push_back(std::move(ev));
            }
            self->held_.clear();
            self->relisting_ = false;
        }
        for (auto& ev : out) self->events_(std::move(ev));
    });
}

}  // namespace omniclient::nucleus
