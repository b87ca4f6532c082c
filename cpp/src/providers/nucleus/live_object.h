// Live objects over omni1: create_object, update_object and subscribe_read_object (see
// docs/client-protocol.md, "Live objects"). The provider's Live-facet methods call these.
#pragma once

#include "providers/nucleus/server_link.h"

namespace omniclient::nucleus {

// The parameters of create_object / update_object: `key` = `value` ("overwrite" or "object_id"),
// the object's path, "content_id" for content sent over LFT (not null), "ts.est" with our estimate
// of the server's time.
nlohmann::json version_params(const char* key, const nlohmann::json& value, const std::string& path,
                              const nlohmann::json& content_id, std::optional<uint64_t> est);
// The same without "content_id", written as connlib::encode_request_written takes them.
std::string version_params_written(const char* key, const nlohmann::json& value, const std::string& path,
                                   std::optional<uint64_t> est);

void live_create(ServerLink& link, OpContext ctx, const Target& t, const Content& content, Done<LiveObjectResult> done);
void live_update(ServerLink& link, OpContext ctx, const Target& t, uint64_t object_id, const Content& content,
                 Done<LiveObjectResult> done);
// `first` gets the first answer of the subscription (a version, OK_LATEST, or why none); `events`
// every later one. A version already delivered (same object, sequence not newer) is not delivered
// again, e.g. when the subscription is re-sent after a reconnect.
void live_read(ServerLink& link, OpContext ctx, const Target& t, uint64_t have_object_id, uint64_t have_sequence,
               Done<LiveReadResult> first, Events<LiveReadResult> events);

// The server time of a pushed version (µs since the epoch), from its "ts": the writer's estimate
// `est` when it is within a second of the server's send time `omni_server_out_ts` (as the
// original's), else the send time; 0 without either.
uint64_t server_time_of(const net::connlib::Answer& a);

}  // namespace omniclient::nucleus
