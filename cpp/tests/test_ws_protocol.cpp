// RFC 6455 client side: the upgrade's answer, frames sent, and frames read from a server however
// the bytes are split.
#include "net/ws_protocol.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace omniclient::net::ws;

namespace {

// A frame as a server sends it (unmasked); `head_bits` ORs into the first byte (reserved bits).
std::string server_frame(Opcode opcode, bool fin, const std::string& payload, uint8_t head_bits = 0) {
    std::string out;
    out.push_back(static_cast<char>((fin ? 0x80 : 0) | head_bits | static_cast<uint8_t>(opcode)));
    uint64_t size = payload.size();
    if (size < 126) {
        out.push_back(static_cast<char>(size));
    } else if (size <= 0xffff) {
        out.push_back(126);
        out.push_back(static_cast<char>(size >> 8));
        out.push_back(static_cast<char>(size));
    } else {
        out.push_back(127);
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
    }
    return out + payload;
}

// A header claiming `size` bytes (64-bit length) with no payload behind it.
std::string header_claiming(Opcode opcode, uint64_t size) {
    std::string out{static_cast<char>(0x80 | static_cast<uint8_t>(opcode)), static_cast<char>(127)};
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
    return out;
}

struct Recorder : FrameReader::Sink {
    std::vector<std::pair<std::string, bool>> messages;
    std::vector<std::pair<Opcode, std::string>> controls;
    std::vector<std::string> order;  // "m:<data>" and "c:<opcode>" as they came
    void on_message(std::string&& data, bool binary) override {
        order.push_back("m:" + data);
        messages.emplace_back(std::move(data), binary);
    }
    void on_control(Opcode opcode, std::string&& payload) override {
        order.push_back("c:" + std::to_string(static_cast<int>(opcode)));
        controls.emplace_back(opcode, std::move(payload));
    }
};

std::string pattern(size_t size) {
    std::string s(size, '\0');
    for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>(i * 31 + 7);
    return s;
}

// Unmasks a client frame; fails the test when it is not one frame with the mask bit set.
std::pair<std::string, uint8_t> unmask(const std::string& frame) {
    EXPECT_GE(frame.size(), 6u);
    uint8_t len7 = static_cast<uint8_t>(frame[1]) & 0x7f;
    EXPECT_TRUE(static_cast<uint8_t>(frame[1]) & 0x80);
    size_t at = 2;
    uint64_t size = len7;
    if (len7 == 126) {
        size = (uint64_t{static_cast<uint8_t>(frame[2])} << 8) | static_cast<uint8_t>(frame[3]);
        at = 4;
    } else if (len7 == 127) {
        size = 0;
        for (int i = 2; i < 10; ++i) size = (size << 8) | static_cast<uint8_t>(frame[i]);
        at = 10;
    }
    std::string key = frame.substr(at, 4);
    at += 4;
    EXPECT_EQ(frame.size() - at, size);
    std::string payload = frame.substr(at);
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
    return {payload, static_cast<uint8_t>(frame[0])};
}

}  // namespace

TEST(WsProtocol, AcceptKeyIsRfc6455sExample) {
    EXPECT_EQ(accept_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    uint8_t nonce[16] = {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p', 'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'};
    EXPECT_EQ(make_key(nonce), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(WsProtocol, UpgradeRequestCarriesTheHeadersAndDropsLineBreaksInValues) {
    std::string request = upgrade_request("/omni/connlib", "127.0.0.1:3019", "KEY==",
                                          {{"User-Agent", "ua/1"}, {"X-Evil", "a\r\nInjected: 1"}});
    EXPECT_EQ(request.rfind("GET /omni/connlib HTTP/1.1\r\n", 0), 0u);
    for (const char* line : {"\r\nHost: 127.0.0.1:3019\r\n", "\r\nUpgrade: websocket\r\n", "\r\nConnection: Upgrade\r\n",
                             "\r\nSec-WebSocket-Key: KEY==\r\n", "\r\nSec-WebSocket-Version: 13\r\n",
                             "\r\nUser-Agent: ua/1\r\n", "\r\nX-Evil: aInjected: 1\r\n"})
        EXPECT_NE(request.find(line), std::string::npos) << line;
    EXPECT_EQ(request.find("Sec-WebSocket-Extensions"), std::string::npos);  // no permessage-deflate offered
    EXPECT_EQ(request.substr(request.size() - 4), "\r\n\r\n");
}

TEST(WsProtocol, UpgradeAnswerAcceptedOnlyWhenComplete) {
    std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                         "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    for (size_t cut = 0; cut < answer.size(); ++cut)
        EXPECT_EQ(read_upgrade_answer(answer.substr(0, cut), key).state, UpgradeAnswer::State::Incomplete) << cut;
    UpgradeAnswer a = read_upgrade_answer(answer + "\x82\x01x", key);
    EXPECT_EQ(a.state, UpgradeAnswer::State::Accepted) << a.error;
    EXPECT_EQ(a.head_size, answer.size());
}

TEST(WsProtocol, UpgradeAnswerRefusals) {
    std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    std::string good_accept = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    const std::pair<std::string, std::string> cases[] = {
        {"HTTP/1.1 404 Not Found\r\n" + upgrade + good_accept + "\r\n", "404"},
        {"HTTP/1.1 1010 x\r\n" + upgrade + good_accept + "\r\n", "1010"},
        {"HTTP/1.1 101 Switching\r\nConnection: Upgrade\r\n" + good_accept + "\r\n", "Upgrade"},
        {"HTTP/1.1 101 Switching\r\n" + upgrade + "Sec-WebSocket-Accept: wrong=\r\n\r\n", "Accept"},
        {"HTTP/1.1 101 Switching\r\n" + upgrade + "\r\n", "Accept"},
        {"HTTP/1.1 101 Switching\r\n" + upgrade + good_accept + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n", "extension"},
    };
    for (auto& [text, why] : cases) {
        UpgradeAnswer a = read_upgrade_answer(text, key);
        EXPECT_EQ(a.state, UpgradeAnswer::State::Refused) << text;
        EXPECT_NE(a.error.find(why), std::string::npos) << a.error;
    }
    // A head that never ends is refused once it passes the limit, not buffered without end.
    UpgradeAnswer endless = read_upgrade_answer("HTTP/1.1 101 OK\r\n" + std::string(kMaxHead, 'x'), key);
    EXPECT_EQ(endless.state, UpgradeAnswer::State::Refused);
}

TEST(WsProtocol, FramesSentAreMaskedWithEachLengthForm) {
    for (size_t size : {size_t{0}, size_t{5}, size_t{125}, size_t{126}, size_t{65535}, size_t{65536}, size_t{70001}}) {
        std::string payload = pattern(size), out;
        append_frame(out, Opcode::Binary, true, payload, 0xa1b2c3d4);
        auto [data, first] = unmask(out);
        EXPECT_EQ(data, payload) << size;
        EXPECT_EQ(first, 0x82) << size;
        if (size >= 8) {
            EXPECT_NE(out.substr(out.size() - size), payload) << size;  // really masked
        }
    }
    std::string out;
    append_frame(out, Opcode::Continuation, false, "abc", 0x01020304);
    EXPECT_EQ(unmask(out).second, 0x00);
}

// Every message and control frame comes out whole and in order, whatever the split of the bytes:
// here, every cut into two pieces, and byte by byte.
TEST(WsProtocol, ReaderReassemblesAcrossEverySplit) {
    std::string big = pattern(70000), mid = pattern(300);
    std::string stream = server_frame(Opcode::Binary, true, "hello") +
                         server_frame(Opcode::Text, false, "frag-") +
                         server_frame(Opcode::Ping, true, "are you there") +  // between fragments
                         server_frame(Opcode::Continuation, false, "ment") +
                         server_frame(Opcode::Pong, true, "") +
                         server_frame(Opcode::Continuation, true, "ed") +
                         server_frame(Opcode::Binary, true, "") +
                         server_frame(Opcode::Binary, true, mid) +
                         server_frame(Opcode::Binary, true, big);
    std::vector<std::string> want = {"m:hello", "c:9", "c:10", "m:frag-mented", "m:", "m:" + mid, "m:" + big};
    auto check = [&](const Recorder& r, const std::string& how) {
        ASSERT_EQ(r.order, want) << how;
        EXPECT_TRUE(r.messages[0].second) << how;
        EXPECT_FALSE(r.messages[1].second) << how;  // text
        EXPECT_EQ(r.controls[0].second, "are you there") << how;
    };
    for (size_t cut = 0; cut <= stream.size(); cut += cut < 400 ? 1 : 997) {
        FrameReader reader(1 << 20);
        Recorder r;
        ASSERT_EQ(reader.feed(std::string_view(stream).substr(0, cut), r), "");
        ASSERT_EQ(reader.feed(std::string_view(stream).substr(cut), r), "");
        check(r, "cut at " + std::to_string(cut));
    }
    FrameReader reader(1 << 20);
    Recorder r;
    for (char c : stream) ASSERT_EQ(reader.feed(std::string_view(&c, 1), r), "");
    check(r, "byte by byte");
}

TEST(WsProtocol, ReaderRefusesWhatRfc6455Forbids) {
    const std::pair<std::string, std::string> cases[] = {
        {server_frame(Opcode::Binary, true, "x", 0x40), "reserved bits"},  // RSV1: deflate, never negotiated
        {std::string("\x82\x81\x01\x02\x03\x04x", 7), "masked"},
        {server_frame(static_cast<Opcode>(3), true, "x"), "unknown opcode"},
        {server_frame(static_cast<Opcode>(0xb), true, "x"), "unknown opcode"},
        {server_frame(Opcode::Ping, false, "x"), "fragmented"},
        {server_frame(Opcode::Ping, true, std::string(126, 'p')), "over 125"},
        {server_frame(Opcode::Continuation, true, "x"), "no message"},
        {server_frame(Opcode::Text, false, "a") + server_frame(Opcode::Binary, true, "b"), "inside a fragmented"},
    };
    for (auto& [bytes, why] : cases) {
        FrameReader reader(1 << 20);
        Recorder r;
        std::string error = reader.feed(bytes, r);
        EXPECT_NE(error.find(why), std::string::npos) << why << ": " << error;
        EXPECT_TRUE(r.messages.empty());
        // Broken stays broken: nothing after the fault is read as frames.
        EXPECT_EQ(reader.feed(server_frame(Opcode::Binary, true, "later"), r), error);
        EXPECT_TRUE(r.messages.empty());
    }
}

// An absurd length (up to 2^64-1) is refused from its header alone: no allocation, no waiting for
// bytes that will never come. So is a message whose fragments add up past the limit.
TEST(WsProtocol, ReaderRefusesOversizedLengthsFromTheHeader) {
    for (uint64_t size : {uint64_t{1} << 20 | 1, uint64_t{1} << 40, ~uint64_t{0}, uint64_t{1} << 63}) {
        FrameReader reader(1 << 20);
        Recorder r;
        EXPECT_NE(reader.feed(header_claiming(Opcode::Binary, size), r).find("over 1048576 bytes"), std::string::npos) << size;
    }
    FrameReader reader(1000);
    Recorder r;
    EXPECT_EQ(reader.feed(server_frame(Opcode::Binary, false, std::string(600, 'a')), r), "");
    EXPECT_NE(reader.feed(server_frame(Opcode::Continuation, true, std::string(401, 'b')), r).find("over 1000"), std::string::npos);
    FrameReader exact(1000);
    EXPECT_EQ(exact.feed(server_frame(Opcode::Binary, true, std::string(1000, 'a')), r), "");
    EXPECT_EQ(r.messages.size(), 1u);
}
