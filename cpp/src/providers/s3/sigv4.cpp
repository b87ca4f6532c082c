#include "providers/s3/sigv4.h"

#include "providers/http_transport/web.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace omniclient::s3 {

namespace {

std::string hex(const unsigned char* data, size_t size) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

std::string hmac(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &size);
    return std::string(reinterpret_cast<char*>(out), size);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Header values are signed trimmed, with inner runs of spaces as one.
std::string canonical_value(const std::string& value) {
    std::string out;
    bool space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::string canonical_query(const Pairs& query) {
    Pairs encoded;
    for (const auto& [name, value] : query)
        encoded.emplace_back(http::uri_encode(name, false), http::uri_encode(value, false));
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) out += '&';
        out += name + "=" + value;
    }
    return out;
}

std::string authorization(const SignedRequest& rq, const Credentials& credentials) {
    Pairs headers;
    for (const auto& [name, value] : rq.headers) headers.emplace_back(lower(name), canonical_value(value));
    std::sort(headers.begin(), headers.end());
    std::string canonical_headers, signed_headers;
    for (const auto& [name, value] : headers) {
        canonical_headers += name + ":" + value + "\n";
        signed_headers += (signed_headers.empty() ? "" : ";") + name;
    }
    std::string canonical_request = rq.method + "\n" + rq.canonical_uri + "\n" + canonical_query(rq.query) + "\n" +
                                    canonical_headers + "\n" + signed_headers + "\n" + rq.payload_hash;
    std::string day = rq.amz_date.substr(0, 8);
    std::string scope = day + "/" + rq.region + "/" + rq.service + "/aws4_request";
    std::string to_sign = "AWS4-HMAC-SHA256\n" + rq.amz_date + "\n" + scope + "\n" +
                          sha256_hex(canonical_request.data(), canonical_request.size());
    std::string key = hmac(hmac(hmac(hmac("AWS4" + credentials.secret_access_key, day), rq.region), rq.service), "aws4_request");
    std::string signature = hmac(key, to_sign);
    return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope + ",SignedHeaders=" + signed_headers +
           ",Signature=" + hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

std::string sha256_hex(const void* data, size_t size) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(static_cast<const unsigned char*>(data), size, digest);
    return hex(digest, sizeof digest);
}

std::string md5_base64(const void* data, size_t size) {
    unsigned char digest[16];
    unsigned int length = 0;
    EVP_Digest(data, size, digest, &length, EVP_md5(), nullptr);
    unsigned char encoded[32];
    int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
    return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(n));
}

std::string amz_date_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
    return buffer;
}

}  // namespace omniclient::s3
