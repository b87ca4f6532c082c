// Copies and moves between two providers, or between two stores of one provider (two servers):
// the core reads the source in parts (Streams::read_range) and writes them to an upload at the
// destination (Streams::open_upload), so content of any size is never held whole, and the
// destination shows the new content only once all of it arrived, all of one version of the source.
// Folders are copied item by item.
#pragma once

#include "core/provider.h"

namespace omniclient {

class Runtime;

// Chosen by the core (never by URL) for a copy or move whose ends are in different stores.
class Transfers final : public ProviderImpl<Transfers> {
public:
    explicit Transfers(Runtime& runtime) : runtime_(runtime) {}
    const char* name() const override { return "transfers"; }
    bool match(const Target&) const override { return false; }

    void copy(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<ResultOnly> done) override;
    // Copies, then deletes the source once the copy is complete, if it still is the version copied.
    void move(OpContext ctx, const Target& src, const Target& dst, const CopyArgs& args, Done<MoveResult> done) override;

private:
    Runtime& runtime_;
};

}  // namespace omniclient
