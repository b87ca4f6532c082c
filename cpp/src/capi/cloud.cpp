// Cloud storage settings (S3 buckets, Azure containers): the core's, whatever provider serves them.
#include "capi/support.h"

#include "core/cloud_settings.h"

using namespace omniclient;
using namespace omniclient::capi;

namespace {

OmniClientResult set_s3(const char* url, const char* bucket, const char* region, const char* accessKeyId, const char* secretAccessKey,
                        const char* sessionToken, const char* cloudfrontUrl, bool cloudfrontForList, bool writeConfig,
                        const char* canonicalHost) {
    S3Configuration c;
    c.url = str(url);
    c.bucket = str(bucket);
    c.region = str(region);
    c.access_key_id = str(accessKeyId);
    c.secret_access_key = str(secretAccessKey);
    c.session_token = str(sessionToken);
    c.cloudfront_url = str(cloudfrontUrl);
    c.cloudfront_for_list = cloudfrontForList;
    c.write_config = writeConfig;
    c.canonical_host = str(canonicalHost);
    return to_c(set_s3_configuration(c));
}

}  // namespace

extern "C" {

OmniClientResult omniClientSetS3Configuration(const char* url, const char* bucket, const char* region, const char* accessKeyId,
                                              const char* secretAccessKey, const char* cloudfrontUrl, bool cloudfrontForList,
                                              bool writeConfig) noexcept {
    return set_s3(url, bucket, region, accessKeyId, secretAccessKey, nullptr, cloudfrontUrl, cloudfrontForList, writeConfig, nullptr);
}

OmniClientResult omniClientSetS3Configuration2(const char* url, const char* bucket, const char* region, const char* accessKeyId,
                                               const char* secretAccessKey, const char* sessionToken, const char* cloudfrontUrl,
                                               bool cloudfrontForList, bool writeConfig) noexcept {
    return set_s3(url, bucket, region, accessKeyId, secretAccessKey, sessionToken, cloudfrontUrl, cloudfrontForList, writeConfig, nullptr);
}

OmniClientResult omniClientSetS3Configuration3(const char* url, const char* bucket, const char* region, const char* accessKeyId,
                                               const char* secretAccessKey, const char* sessionToken, const char* cloudfrontUrl,
                                               bool cloudfrontForList, bool writeConfig, const char* canonicalHost) noexcept {
    return set_s3(url, bucket, region, accessKeyId, secretAccessKey, sessionToken, cloudfrontUrl, cloudfrontForList, writeConfig,
                  canonicalHost);
}

OmniClientResult omniClientSetAzureSASToken(const char* host, const char* container, const char* sasToken, bool writeConfig) noexcept {
    return to_c(set_azure_sas_token(str(host), str(container), str(sasToken), writeConfig));
}

}  // extern "C"
