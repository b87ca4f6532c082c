// Channels over omni1 (docs/client-protocol.md, "Channels"): a join is a `create` of the channel
// item and a `read` kept open, whose answers carry the members' messages (a JSON header, 0x00,
// the payload); a message is an `update` with such a tail. Members find each other as NVIDIA's
// client does: a `join` is answered by a broadcast `ping`, a `ping` by a `pong` to its sender, a
// `pong` nobody asked for is a HELLO.
#pragma once

#include "core/provider.h"
#include "providers/nucleus/server_link.h"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace omniclient::nucleus {

class Channel;

class Channels {
public:
    explicit Channels(ServerLink& link) : link_(link) {}

    // The join's first event (the join done, or why not) goes to `first`, every later one to
    // `events`; stopping the request leaves.
    void join(OpContext ctx, const Target& t, Done<ChannelEventResult> first, Events<ChannelEventResult> events);
    // A message to the channel of the join `join` (a request id of join()).
    void send(OpContext ctx, const Target& t, RequestId join, const Content& content, Done<ResultOnly> done);

private:
    ServerLink& link_;
    std::mutex mu_;
    std::unordered_map<RequestId, std::weak_ptr<Channel>> joins_;
};

}  // namespace omniclient::nucleus
