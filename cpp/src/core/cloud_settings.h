// Settings of cloud providers that callers make without naming a backend: omni.client's
// set_s3_configuration / set_azure_sas_token and the C API's omniClientSetS3Configuration* /
// omniClientSetAzureSASToken. The providers compiled in say what serves each
// (builtin_cloud_settings, in providers/builtin.cpp); one no provider serves is ERROR_NOT_SUPPORTED.
#pragma once

#include "core/types.h"

#include <functional>
#include <string>

namespace omniclient {

struct S3Configuration {
    std::string url;  // the host, or a URL naming it
    std::string bucket, region, access_key_id, secret_access_key, session_token, cloudfront_url, canonical_host;
    bool cloudfront_for_list = false;
    bool write_config = false;  // also into omniverse.toml
};

struct CloudSettings {
    std::function<Result(const S3Configuration&)> s3_configuration;
    std::function<Result(const std::string& host, const std::string& container, const std::string& sas, bool write_config)> azure_sas_token;
};

CloudSettings builtin_cloud_settings();

Result set_s3_configuration(const S3Configuration& configuration);
Result set_azure_sas_token(const std::string& host, const std::string& container, const std::string& sas, bool write_config);

}  // namespace omniclient
