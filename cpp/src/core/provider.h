// The interface every storage backend implements: a base that every provider has (content,
// folders, subscriptions) and optional facets (versions, ACLs, locks, trash, accounts, server
// sessions, streams, live channels). Every method is generated from core/ops.def and answers ERROR_NOT_SUPPORTED unless
// the provider overrides it; a provider's capabilities are exactly the methods it overrides
// (ProviderImpl works them out at compile time), and the core refuses the others before calling it.
// Cross-cutting concerns (retries, file status callbacks, tracing) are applied by the core around
// every provider, never inside one.
#pragma once

#include "core/ops.h"
#include "core/request.h"

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace omniclient {

class WorkerPool;

// What a provider sees of the request it serves. Cheap to copy; keep it for asynchronous work.
class OpContext {
public:
    explicit OpContext(RequestPtr request) : request_(std::move(request)) {}
    RequestId id() const { return request_->id(); }
    bool stopped() const { return request_->stopped(); }
    // `hook` runs once when the request is stopped (e.g. to abort a transfer or drop a watch).
    void on_stop(std::function<void()> hook) const { request_->on_stop(std::move(hook)); }
    // The coming answer is final (e.g. bad credentials): no retry even for ERROR_CONNECTION.
    void no_retry() const { request_->set_no_retry(); }
    // A buffer of `size` bytes for the content a read answers (null when out of memory): the
    // request's caller may have one ready to take it over without a copy.
    std::shared_ptr<uint8_t> buffer(size_t size) const { return buffers_ ? (*buffers_)(size) : request_->buffer(size); }
    // The same request, its reads' buffers taken from `source` (a transfer reusing its parts').
    OpContext with_buffers(std::shared_ptr<const BufferSource> source) const {
        OpContext c(*this);
        c.buffers_ = std::move(source);
        return c;
    }

private:
    RequestPtr request_;
    std::shared_ptr<const BufferSource> buffers_;  // null: the request's own
};

// The optional facets, each a class of its own below (Provider itself is the base).
#define OMNI_FACETS(F) F(Versions) F(Acls) F(Locks) F(Trash) F(Accounts) F(Server) F(Streams) F(Live)

// The methods of one facet, from its rows of the table. The default answers ERROR_NOT_SUPPORTED
// (parameters are unnamed there in spirit: the defaults use none of them).
#define OMNI_PROVIDER_METHOD(Kind, name, method, Answer, urls, retry, params, args)                  \
    virtual void method(OpContext ctx, OMNI_TARGET_PARAMS_##urls OMNI_LIST params Done<Answer> done) { \
        done(error_answer<Answer>(OMNI_RESULT_ERROR_NOT_SUPPORTED));                                  \
    }
#define OMNI_PROVIDER_SUBSCRIPTION(Kind, name, method, Answer, Event, params, args)                   \
    virtual void method(OpContext ctx, const Target& target, OMNI_LIST params Done<Answer> first,     \
                        Events<Event> events) {                                                       \
        first(error_answer<Answer>(OMNI_RESULT_ERROR_NOT_SUPPORTED));                                 \
    }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

// Checkpoints of files.
class Versions {
public:
    virtual ~Versions() = default;
#define OMNI_VERSIONS OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// Access control lists.
class Acls {
public:
    virtual ~Acls() = default;
#define OMNI_ACLS OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// Locks held by a user.
class Locks {
public:
    virtual ~Locks() = default;
#define OMNI_LOCKS OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// A trash that deleted items come back from.
class Trash {
public:
    virtual ~Trash() = default;
#define OMNI_TRASH OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// Users and groups administration.
class Accounts {
public:
    virtual ~Accounts() = default;
#define OMNI_ACCOUNTS OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// A server with sessions and content addressed by hash.
class Server {
public:
    virtual ~Server() = default;
#define OMNI_SERVER OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// Content in parts: what copies between providers read and write through.
class Streams {
public:
    virtual ~Streams() = default;
#define OMNI_STREAMS OMNI_PROVIDER_METHOD
#include "core/ops.def"
};

// Channels: members exchange messages through a server.
class Live {
public:
    virtual ~Live() = default;
#define OMNI_LIVE OMNI_PROVIDER_METHOD
#define OMNI_LIVE_SUBSCRIPTION OMNI_PROVIDER_SUBSCRIPTION
#include "core/ops.def"
};

class Provider {
public:
    virtual ~Provider() = default;

    // For logs and messages.
    virtual const char* name() const = 0;
    // Whether this provider serves the URL: by its scheme and host (and hosts configured for it).
    // The first provider registered that matches serves it.
    virtual bool match(const Target& target) const = 0;
    // The operations it serves. Derive from ProviderImpl, which works them out.
    virtual Capabilities capabilities() const = 0;
    // Local providers do blocking I/O: the core runs them inline for blocking calls and on its
    // worker pool otherwise. Other providers must return at once and answer later.
    virtual bool is_local() const { return false; }
    // Stops background work (watches, connections) before the core shuts down.
    virtual void shutdown() {}
    // Connection management for omni.client's sign_out / reconnect / authentication_cancel;
    // providers without connections have nothing to do.
    virtual void sign_out(const Target& /*target*/) {}
    virtual void reconnect(const Target& /*target*/) {}
    virtual void cancel_authentication(uint64_t /*handle*/) {}
    // Forgets what the provider caches of listings and stats for the server `target` names, so
    // that the next calls ask it again; false when the provider caches none.
    virtual bool clear_list_cache(const Target& /*target*/) { return false; }
    // Whether a copy or move from `a` to `b` can be done by this provider alone (e.g. both on one
    // server); if not, the core copies through the two ends' streams.
    virtual bool shares_store(const Target& /*a*/, const Target& /*b*/) const { return true; }

    // The facet `F` (Provider itself for the base operations). Only for operations the provider
    // declares: a provider without the facet has none of its operations.
    template <class F>
    F& facet() {
        if constexpr (std::is_same_v<F, Provider>) return *this;
        else return *facet_ptr(static_cast<F*>(nullptr));
    }

#define OMNI_BASE OMNI_PROVIDER_METHOD
#define OMNI_SUBSCRIPTION OMNI_PROVIDER_SUBSCRIPTION
#include "core/ops.def"

protected:
#define OMNI_FACET_ACCESSOR(F) \
    virtual F* facet_ptr(F*) { return nullptr; }
    OMNI_FACETS(OMNI_FACET_ACCESSOR)
#undef OMNI_FACET_ACCESSOR
};

#pragma GCC diagnostic pop

// The operations `Self` serves: each method of the table that it overrides, in the base or in a
// facet it derives from.
template <class Self>
Capabilities capabilities_of() {
    Capabilities caps;
#define OMNI_CAPABILITY(Facet, Kind, method)                                                     \
    if constexpr (std::is_base_of_v<Facet, Self>) {                                              \
        if constexpr (!std::is_same_v<decltype(&Self::method), decltype(&Facet::method)>)        \
            caps.set(static_cast<size_t>(OpKind::Kind));                                         \
    }
#define OMNI_OP(Facet, Kind, name, method, ...) OMNI_CAPABILITY(Facet, Kind, method)
#define OMNI_SUBSCRIPTION_OF(Facet, Kind, name, method, ...) OMNI_CAPABILITY(Facet, Kind, method)
#include "core/ops.def"
#undef OMNI_CAPABILITY
    return caps;
}

// What a provider derives from: `class Mine final : public ProviderImpl<Mine, Locks, Trash>`
// declares a provider with the locks and trash facets; its capabilities follow from what it
// overrides.
template <class Self, class... Facets>
class ProviderImpl : public Provider, public Facets... {
public:
    Capabilities capabilities() const final {
        static const Capabilities caps = capabilities_of<Self>();
        return caps;
    }

protected:
#define OMNI_FACET_ACCESSOR(F)                                                           \
    F* facet_ptr(F*) final {                                                             \
        if constexpr ((std::is_same_v<F, Facets> || ...)) return static_cast<Self*>(this); \
        else return nullptr;                                                             \
    }
    OMNI_FACETS(OMNI_FACET_ACCESSOR)
#undef OMNI_FACET_ACCESSOR
};

// The providers compiled into this build, created for each runtime (providers/builtin.cpp).
// `pool` is the runtime's worker pool, for providers that share work out (it outlives them).
std::vector<std::unique_ptr<Provider>> make_builtin_providers(WorkerPool& pool);

}  // namespace omniclient
