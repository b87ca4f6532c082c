// What a bucket's `.cloudfront.toml` names (the lookup itself is tested against moto in
// tests/providers/test_s3_provider.py).
#include "providers/s3/cloudfront.h"

#include <gtest/gtest.h>

using namespace omniclient::s3;

TEST(S3Cloudfront, NamesADistributionForReads) {
    Distribution d = parse_distribution("cloudfront = \"https://d111111abcdef8.cloudfront.net/assets\"\ncloudfrontList = false\n");
    EXPECT_EQ(d.url, "https://d111111abcdef8.cloudfront.net/assets");
    EXPECT_FALSE(d.for_list);
}

TEST(S3Cloudfront, ListingsThroughItOnlyWhenAsked) {
    EXPECT_TRUE(parse_distribution("cloudfront = \"https://d.cloudfront.net\"\ncloudfrontList = true\n").for_list);
    EXPECT_FALSE(parse_distribution("cloudfront = \"https://d.cloudfront.net\"\n").for_list);
}

TEST(S3Cloudfront, NoDistributionFromAnythingElse) {
    EXPECT_EQ(parse_distribution("").url, "");
    EXPECT_EQ(parse_distribution("cloudfront = [1, 2").url, "");                 // not TOML
    EXPECT_EQ(parse_distribution("cloudfront = \"ftp://d.example\"").url, "");   // not http(s)
    EXPECT_EQ(parse_distribution("cloudfront = 12").url, "");                    // not a string
    EXPECT_EQ(parse_distribution("cloudfrontList = true").url, "");
    EXPECT_EQ(parse_distribution(std::string_view("\0\xff\xfe", 3)).url, "");     // binary
}
