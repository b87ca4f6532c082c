// The server's clock as this client estimates it from ping round trips on the ping socket
// (ping_socket.h): what live_update stamps as `ts.est`, the server time readers order versions by.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace omniclient::nucleus {

// Thread-safe: samples come on the event loop, estimates are asked from any thread.
class ServerClock {
public:
    // Round trips kept: the estimate follows the best of these, so one slow answer does not move
    // it, and drift is followed as older samples leave.
    static constexpr size_t kWindow = 16;

    // One round trip, µs since the epoch: when we sent the ping and got its answer (our clock),
    // when the server received it and answered (the server's). Inconsistent samples are ignored.
    void add_sample(int64_t sent, int64_t server_in, int64_t server_out, int64_t received);
    // Server time minus ours (µs) from the sample with the shortest round trip in the window:
    // queueing delays only ever lengthen a round trip and skew its offset by up to half of it,
    // so the shortest one is the least skewed (jitter reduction, as NTP's clock filter).
    std::optional<int64_t> offset() const;
    // The server's time now (µs since the epoch), or nothing before the first sample.
    std::optional<uint64_t> now() const;

private:
    struct Sample {
        int64_t offset;
        int64_t round_trip;
    };
    mutable std::mutex mu_;
    std::deque<Sample> window_;
};

// Our clock, µs since the epoch (the unit of every timestamp of the protocol).
int64_t wall_clock_us();

}  // namespace omniclient::nucleus
