// Which hosts are S3 buckets and how to reach them: `[s3."host"]` entries of omniverse.toml and
// set_s3_configuration(), and virtual-hosted AWS names (<bucket>.s3.<region>.amazonaws.com).
#pragma once

#include "core/cloud_settings.h"
#include "core/types.h"
#include "providers/s3/sigv4.h"

#include <optional>
#include <string>

namespace omniclient::s3 {

struct Bucket {
    std::string bucket;
    std::string region;
    // The host signed as `host` when requests go to another name (a proxy, a tunnel); "" for the URL's.
    std::string canonical_host;
    Credentials credentials;  // empty key: requests go unsigned
    std::string cloudfront_url;
    bool cloudfront_for_list = false;
};

// The bucket a host name serves, or nullopt when it is not S3.
std::optional<Bucket> bucket_for_host(const std::string& host);

// Validates and records `c` for its host (and in omniverse.toml with write_config): what
// set_s3_configuration calls (core/cloud_settings.h).
Result set_configuration(const S3Configuration& c);

}  // namespace omniclient::s3
