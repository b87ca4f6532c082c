#include "providers/nucleus/server_clock.h"

#include <algorithm>
#include <chrono>

namespace omniclient::nucleus {

int64_t wall_clock_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void ServerClock::add_sample(int64_t sent, int64_t server_in, int64_t server_out, int64_t received) {
    if (sent <= 0 || server_in <= 0 || server_out < server_in || received < sent) return;
    int64_t round_trip = (received - sent) - (server_out - server_in);
    if (round_trip < 0) round_trip = 0;  // the server held it longer than we waited: clocks' resolution
    // NTP's offset: the mean of the two one-way differences, exact when both ways take as long.
    int64_t offset = ((server_in - sent) + (server_out - received)) / 2;
    std::lock_guard lock(mu_);
    window_.push_back({offset, round_trip});
    if (window_.size() > kWindow) window_.pop_front();
}

std::optional<int64_t> ServerClock::offset() const {
    std::lock_guard lock(mu_);
    if (window_.empty()) return std::nullopt;
    auto best = std::min_element(window_.begin(), window_.end(),
                                 [](const Sample& a, const Sample& b) { return a.round_trip < b.round_trip; });
    return best->offset;
}

std::optional<uint64_t> ServerClock::now() const {
    auto off = offset();
    if (!off) return std::nullopt;
    int64_t t = wall_clock_us() + *off;
    return t > 0 ? std::optional<uint64_t>(static_cast<uint64_t>(t)) : std::nullopt;
}

}  // namespace omniclient::nucleus
