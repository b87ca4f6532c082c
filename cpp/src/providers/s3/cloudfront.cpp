#include "providers/s3/cloudfront.h"

#include "core/log.h"

#include <toml++/toml.h>

namespace omniclient::s3 {

Distribution parse_distribution(std::string_view text) {
    toml::table doc;
    try {
        doc = toml::parse(text);
    } catch (const toml::parse_error& e) {
        log(OMNI_LOG_WARNING, "s3", std::string(kDistributionKey) + " is not TOML: " + std::string(e.description()));
        return {};
    }
    std::string url = doc["cloudfront"].value_or(std::string());
    if (url.empty()) return {};
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        log(OMNI_LOG_WARNING, "s3", std::string(kDistributionKey) + " names no http(s) URL: " + url);
        return {};
    }
    Distribution d{url, doc["cloudfrontList"].value_or(false)};
    log(OMNI_LOG_INFO, "s3", "Using CloudFront " + d.url + ", List = " + (d.for_list ? "Yes" : "No"));
    return d;
}

void DistributionLookups::when_known(const std::string& server, const Lookup& lookup, Answer then) {
    std::optional<Distribution> known;
    {
        std::lock_guard lock(mu_);
        State& state = states_[server];
        if (state.known) {
            known = state.known;
        } else {
            state.waiting.push_back(std::move(then));
            if (state.looking) return;
            state.looking = true;
        }
    }
    if (known) return then(std::move(known));
    lookup([this, server](std::optional<Distribution> found) {
        std::vector<Answer> waiting;
        {
            std::lock_guard lock(mu_);
            State& state = states_[server];
            state.looking = false;
            state.known = found;  // a cancelled lookup is made again by the next user
            waiting.swap(state.waiting);
        }
        for (auto& answer : waiting) answer(found);
    });
}

std::optional<Distribution> DistributionLookups::known(const std::string& server) const {
    std::lock_guard lock(mu_);
    auto it = states_.find(server);
    return it == states_.end() ? std::nullopt : it->second.known;
}

}  // namespace omniclient::s3
