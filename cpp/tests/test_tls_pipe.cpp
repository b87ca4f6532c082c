// TlsPipe without a server: what it sends first, and what it makes of bytes that are not TLS.
#include "net/tls_pipe.h"

#include <gtest/gtest.h>

#include <string>

using omniclient::net::TlsPipe;

TEST(TlsPipe, StartsWithAClientHello) {
    for (const char* host : {"127.0.0.1", "::1", "nucleus.example"}) {
        TlsPipe pipe;
        ASSERT_EQ(pipe.start(host), "") << host;
        EXPECT_TRUE(pipe.has_output());
        std::string hello = pipe.take_output();
        ASSERT_GT(hello.size(), 5u) << host;
        EXPECT_EQ(hello[0], '\x16');  // a handshake record
        EXPECT_EQ(hello[5], '\x01');  // holding a ClientHello
        EXPECT_FALSE(pipe.has_output());
        EXPECT_FALSE(pipe.ready());
    }
}

TEST(TlsPipe, BytesThatAreNotTlsFailTheHandshake) {
    TlsPipe pipe;
    ASSERT_EQ(pipe.start("127.0.0.1"), "");
    pipe.take_output();
    std::string plain;
    std::string error = pipe.receive("HTTP/1.1 400 Bad Request\r\n\r\n", plain);
    EXPECT_EQ(error.rfind("TLS: handshake failed", 0), 0u) << error;
    EXPECT_EQ(plain, "");
    EXPECT_FALSE(pipe.ready());
}

TEST(TlsPipe, APartialRecordWaitsForMore) {
    TlsPipe pipe;
    ASSERT_EQ(pipe.start("127.0.0.1"), "");
    std::string plain;
    EXPECT_EQ(pipe.receive(std::string("\x16\x03\x03", 3), plain), "");  // a record header's start
    EXPECT_FALSE(pipe.ready());
}
