// SigV4 against the worked examples of AWS's S3 API reference ("Signature Calculations for the
// Authorization Header"), with the example credentials published there.
#include "providers/s3/sigv4.h"

#include <gtest/gtest.h>

#include <string>

using namespace omniclient::s3;

namespace {

const Credentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};

SignedRequest example(std::string method, std::string uri, Pairs query, Pairs extra_headers, std::string payload_hash) {
    SignedRequest rq;
    rq.method = std::move(method);
    rq.canonical_uri = std::move(uri);
    rq.query = std::move(query);
    rq.headers = {{"Host", "examplebucket.s3.amazonaws.com"}, {"x-amz-date", "20130524T000000Z"},
                  {"x-amz-content-sha256", payload_hash}};
    for (auto& h : extra_headers) rq.headers.push_back(h);
    rq.payload_hash = std::move(payload_hash);
    rq.region = "us-east-1";
    rq.amz_date = "20130524T000000Z";
    return rq;
}

std::string signature_of(const std::string& authorization) {
    return authorization.substr(authorization.find("Signature=") + 10);
}

}  // namespace

TEST(SigV4, GetObjectWithRange) {
    auto rq = example("GET", "/test.txt", {}, {{"Range", "bytes=0-9"}}, kEmptySha256);
    std::string auth = authorization(rq, kExample);
    EXPECT_EQ(auth,
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
              "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
              "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, PutObjectSignsThePayloadHashAndEncodesTheKey) {
    std::string body = "Welcome to Amazon S3.";
    std::string hash = sha256_hex(body.data(), body.size());
    EXPECT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    auto rq = example("PUT", "/test%24file.text", {},
                      {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}}, hash);
    EXPECT_EQ(signature_of(authorization(rq, kExample)), "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, QueryWithoutValue) {
    auto rq = example("GET", "/", {{"lifecycle", ""}}, {}, kEmptySha256);
    EXPECT_EQ(signature_of(authorization(rq, kExample)), "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, ListObjectsSortsTheQuery) {
    auto rq = example("GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, {}, kEmptySha256);
    EXPECT_EQ(canonical_query(rq.query), "max-keys=2&prefix=J");
    EXPECT_EQ(signature_of(authorization(rq, kExample)), "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, QueryValuesAreEncodedAsRfc3986) {
    EXPECT_EQ(canonical_query({{"prefix", "a b/c+d~"}, {"delimiter", "/"}}), "delimiter=%2F&prefix=a%20b%2Fc%2Bd~");
}

TEST(SigV4, ContentMd5) {
    std::string body = "hello";
    EXPECT_EQ(md5_base64(body.data(), body.size()), "XUFAKrxLKna5cZ2REBfFkg==");
}
