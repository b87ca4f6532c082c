// AWS Signature Version 4 for S3 requests (header-based), checked against the examples AWS
// publishes in its S3 API reference (cpp/tests/test_sigv4.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace omniclient::s3 {

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // temporary credentials; "" for none
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct SignedRequest {
    std::string method;
    std::string canonical_uri;  // the path as sent: already URI-encoded
    Pairs query;                // decoded names and values, in any order
    Pairs headers;              // the headers to sign (host included), names in any case
    std::string payload_hash;   // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
    std::string region;
    std::string amz_date;       // yyyymmddThhmmssZ
    std::string service = "s3";
};

// The query as it is sent and signed: encoded pairs sorted by name, then value.
std::string canonical_query(const Pairs& query);
// The Authorization header's value.
std::string authorization(const SignedRequest& request, const Credentials& credentials);

std::string sha256_hex(const void* data, size_t size);
inline const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
std::string md5_base64(const void* data, size_t size);
// The current time as yyyymmddThhmmssZ.
std::string amz_date_now();

}  // namespace omniclient::s3
