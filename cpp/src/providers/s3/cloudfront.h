// A CloudFront distribution in front of a bucket: configured (`cloudfrontUrl`), or named by the
// bucket itself in a `.cloudfront.toml` object, which is read once per bucket before its first
// read or listing (the original reads it when its provider starts).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omniclient::s3 {

struct Distribution {
    std::string url;        // "" for none: everything goes to the bucket
    bool for_list = false;  // listings through it too, not only object reads
};

inline constexpr std::string_view kDistributionKey = ".cloudfront.toml";
inline constexpr uint64_t kDistributionBytes = 4 << 20;  // the most of it read, as the original

// What a `.cloudfront.toml` names: `cloudfront = "<http(s) URL>"` and `cloudfrontList = <bool>`.
// None (logged) for text that is not TOML or names no http(s) URL.
Distribution parse_distribution(std::string_view text);

// Each bucket's distribution from its `.cloudfront.toml`, looked up once: the first users of a
// bucket wait for the one lookup.
class DistributionLookups {
public:
    // Answers the bucket's distribution; nullopt when the lookup was cancelled (the client stops).
    using Answer = std::function<void(std::optional<Distribution>)>;
    using Lookup = std::function<void(Answer)>;

    // `then` gets the distribution of `server` once it is known, after `lookup` when none was made.
    void when_known(const std::string& server, const Lookup& lookup, Answer then);
    // The distribution of `server` if it is known already.
    std::optional<Distribution> known(const std::string& server) const;

private:
    struct State {
        std::optional<Distribution> known;
        bool looking = false;
        std::vector<Answer> waiting;
    };
    mutable std::mutex mu_;
    std::map<std::string, State> states_;
};

}  // namespace omniclient::s3
