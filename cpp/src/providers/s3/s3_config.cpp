#include "providers/s3/s3_config.h"

#include "core/config_file.h"
#include "core/log.h"
#include "providers/http_transport/web.h"
#include "url/url.h"

#include <cstdlib>

namespace omniclient::s3 {

namespace {

constexpr std::string_view kAwsSuffix = ".amazonaws.com";

// "<bucket>.s3.<region>.amazonaws.com", "<bucket>.s3-<region>.amazonaws.com", "<bucket>.s3.amazonaws.com".
std::optional<Bucket> parse_aws_host(const std::string& host) {
    if (!host.ends_with(kAwsSuffix)) return std::nullopt;
    std::string rest = host.substr(0, host.size() - kAwsSuffix.size());
    size_t s3 = rest.rfind(".s3");
    if (s3 == std::string::npos || s3 == 0) return std::nullopt;
    Bucket b;
    b.bucket = rest.substr(0, s3);
    std::string tail = rest.substr(s3 + 3);  // "", ".<region>", "-<region>"
    b.region = tail.empty() ? "us-east-1" : tail.substr(1);
    if (b.region.starts_with("dualstack.")) b.region = b.region.substr(10);
    return b;
}

std::string value_of(const config::Entry& e, const char* key) {
    auto it = e.find(key);
    return it == e.end() ? std::string() : it->second;
}

}  // namespace

std::optional<Bucket> bucket_for_host(const std::string& raw_host) {
    std::string host = http::lower_case(raw_host);
    auto entries = config::table("s3");
    auto it = entries->find(host);
    std::optional<Bucket> bucket = parse_aws_host(host);
    if (it == entries->end()) {
        if (bucket) {
            // Credentials of the AWS tools' environment variables, when omniverse.toml has none.
            if (const char* id = std::getenv("AWS_ACCESS_KEY_ID"); id && *id) bucket->credentials.access_key_id = id;
            if (const char* s = std::getenv("AWS_SECRET_ACCESS_KEY"); s && *s) bucket->credentials.secret_access_key = s;
            if (const char* t = std::getenv("AWS_SESSION_TOKEN"); t && *t) bucket->credentials.session_token = t;
        }
        return bucket;
    }
    const config::Entry& e = it->second;
    if (!bucket) bucket = Bucket{};
    if (std::string b = value_of(e, "bucket"); !b.empty()) bucket->bucket = b;
    if (std::string r = value_of(e, "region"); !r.empty()) bucket->region = r;
    if (bucket->bucket.empty() || bucket->region.empty()) return std::nullopt;
    bucket->canonical_host = value_of(e, "canonicalHost");
    bucket->credentials = {value_of(e, "accessKeyId"), value_of(e, "secretAccessKey"), value_of(e, "sessionToken")};
    bucket->cloudfront_url = value_of(e, "cloudfrontUrl");
    bucket->cloudfront_for_list = value_of(e, "cloudfrontForList") == "true";
    return bucket;
}

Result set_configuration(const S3Configuration& c) {
    auto invalid = [](const std::string& why) {
        log(OMNI_LOG_ERROR, "s3", "set_s3_configuration: " + why);
        return OMNI_RESULT_ERROR;
    };
    std::string host = c.url;
    if (c.url.find("://") != std::string::npos) {
        url::Url parts = url::break_url(c.url);
        if (!parts.scheme || (*parts.scheme != "http" && *parts.scheme != "https")) return invalid("not an http(s) URL: " + c.url);
        host = parts.host.value_or("");
    }
    host = http::lower_case(host);
    if (host.empty()) return invalid("no host in '" + c.url + "'");
    if (c.bucket.empty() != c.region.empty()) return invalid("bucket and region go together");
    if (c.cloudfront_for_list && c.cloudfront_url.empty()) return invalid("cloudfrontForList needs cloudfrontUrl");
    if (c.bucket.empty() && !parse_aws_host(host)) return invalid(host + " is not <bucket>.s3.<region>.amazonaws.com: give bucket and region");
    config::Entry e;
    auto put = [&e](const char* key, const std::string& value) {
        if (!value.empty()) e[key] = value;
    };
    put("bucket", c.bucket);
    put("region", c.region);
    put("accessKeyId", c.access_key_id);
    put("secretAccessKey", c.secret_access_key);
    put("sessionToken", c.session_token);
    put("cloudfrontUrl", c.cloudfront_url);
    put("canonicalHost", c.canonical_host);
    if (c.cloudfront_for_list) e["cloudfrontForList"] = "true";
    return config::set_entry("s3", host, e, c.write_config) ? OMNI_RESULT_OK : OMNI_RESULT_ERROR;
}

}  // namespace omniclient::s3
