// SOWS and ConnLib framing, and WebSocket URL parsing.
#include "net/connlib.h"
#include "net/sows.h"
#include "net/ws_loop.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace omniclient::net;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string s;
    for (int v : values) s.push_back(static_cast<char>(v));
    return s;
}

}  // namespace

TEST(NetSows, EncodesRequestsLittleEndian) {
    std::string frame = sows::encode_request(0x01020304, "Credentials.auth", R"({"a":1})", "TAIL");
    std::string expected = bytes({1, 4, 3, 2, 1}) + "Credentials.auth" + std::string(1, '\0') + bytes({7, 0, 0, 0}) + R"({"a":1})" + "TAIL";
    EXPECT_EQ(frame, expected);
    EXPECT_EQ(sows::encode_stop(5), bytes({0, 5, 0, 0, 0}));
}

TEST(NetSows, DecodesSendDoneAndError) {
    sows::Response r;
    std::string send = bytes({1, 9, 0, 0, 0, 1, 2, 0, 0, 0}) + "{}" + "xyz";
    ASSERT_TRUE(sows::decode_response(send, r));
    EXPECT_EQ(r.kind, sows::Response::Kind::Send);
    EXPECT_EQ(r.id, 9u);
    EXPECT_TRUE(r.last);
    EXPECT_EQ(r.json, "{}");
    EXPECT_EQ(r.tail, "xyz");

    std::string partial = bytes({1, 2, 0, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_TRUE(sows::decode_response(partial, r));
    EXPECT_FALSE(r.last);
    EXPECT_EQ(r.json, "");

    ASSERT_TRUE(sows::decode_response(bytes({5, 7, 0, 0, 0}), r));
    EXPECT_EQ(r.kind, sows::Response::Kind::Done);
    EXPECT_EQ(r.id, 7u);

    ASSERT_TRUE(sows::decode_response(bytes({0, 3, 0, 0, 0, 0x34, 0x12}) + "bad", r));
    EXPECT_EQ(r.kind, sows::Response::Kind::Error);
    EXPECT_EQ(r.code, 0x1234);
    EXPECT_EQ(r.message, "bad");
}

TEST(NetSows, RejectsMalformedFrames) {
    sows::Response r;
    EXPECT_FALSE(sows::decode_response("", r));
    EXPECT_FALSE(sows::decode_response(bytes({1, 1, 0}), r));
    EXPECT_FALSE(sows::decode_response(bytes({9, 1, 0, 0, 0}), r));                     // unknown kind
    EXPECT_FALSE(sows::decode_response(bytes({1, 1, 0, 0, 0, 1, 50, 0, 0, 0}) + "{}", r));  // length past the end
    EXPECT_FALSE(sows::decode_response(bytes({1, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}), r));
    EXPECT_FALSE(sows::decode_response(bytes({0, 1, 0, 0, 0, 1}), r));                  // error without code
    EXPECT_FALSE(sows::decode_response(bytes({5, 1, 0, 0, 0, 0}), r));                  // done with trailing bytes
}

TEST(NetConnlib, RequestsHaveSortedKeysAndOptionalTail) {
    std::string plain = connlib::encode_request("list2", 3, {{"path", "/a/"}});
    EXPECT_EQ(plain, R"({"command":"list2","id":3,"path":"/a/"})");
    std::string_view tail("\x00\x01zz", 4);
    std::string with_tail = connlib::encode_request("create_asset", 4, {{"path", {{"path", "/x"}}}, {"overwrite", true}, {"message", ""}}, &tail);
    std::string json = R"({"command":"create_asset","id":4,"message":"","overwrite":true,"path":{"path":"/x"}})";
    EXPECT_EQ(with_tail, json + std::string(1, '\0') + std::string(tail));
    std::string_view empty;
    EXPECT_EQ(connlib::encode_request("create", 5, {{"type", 2}, {"uri", "/d"}}, &empty),
              std::string(R"({"command":"create","id":5,"type":2,"uri":"/d"})") + std::string(1, '\0'));
    EXPECT_EQ(connlib::encode_stop(9, 4), R"({"command":"stop","id":9,"subscription_id":4})");
    // Invalid UTF-8 in a path is replaced, never thrown.
    EXPECT_NO_THROW(connlib::encode_request("stat2", 1, {{"path", std::string("\xff\xfe")}}));
}

TEST(NetConnlib, AnswersWithAndWithoutTail) {
    connlib::Answer a;
    ASSERT_TRUE(connlib::decode_answer(R"({"id":7,"status":"OK"})", a));
    EXPECT_EQ(a.id, 7u);
    EXPECT_FALSE(a.has_tail);
    EXPECT_EQ(a.tail_size(), 0u);
    EXPECT_EQ(a.json()["status"], "OK");

    std::string msg = std::string(R"({"id":8,"size":3})") + std::string(1, '\0') + std::string("a\0b", 3);
    ASSERT_TRUE(connlib::decode_answer(std::move(msg), a));
    EXPECT_TRUE(a.has_tail);
    EXPECT_EQ(std::string(a.tail_data(), a.tail_size()), std::string("a\0b", 3));

    ASSERT_TRUE(connlib::decode_answer(std::string(R"({"id":1})") + std::string(1, '\0'), a));
    EXPECT_TRUE(a.has_tail);
    EXPECT_EQ(a.tail_size(), 0u);
}

TEST(NetConnlib, RejectsAnswersWithoutObjectOrId) {
    connlib::Answer a;
    std::vector<std::string> bad = {"", "[]", "not json", R"({"status":"OK"})", R"({"id":-1})", R"({"id":"3"})", "{\"id\":1", std::string(100000, '[')};
    for (auto& b : bad) {
        std::string copy = b;
        EXPECT_FALSE(connlib::decode_answer(std::move(copy), a)) << b.substr(0, 20);
    }
}

// The members an answer's accessors give must be the JSON tree's, whether the flat scan read it
// or the parser did (escapes, arrays, deeper objects, duplicates, odd numbers).
TEST(NetConnlib, FlatReadingsAgreeWithTheJsonTree) {
    std::vector<std::string> messages = {
        R"({"id":3,"status":"OK","ts":{"omni_server_in_ts":17,"omni_server_out_ts":18,"est":19},"sequence":4,"object_id":5,"size":1})",
        R"( { "id" : 3 , "status" : "LATEST" , "ts" : { } , "sequence" : 0 } )",
        R"({"id":3,"status":"OK","status":"DENIED","sequence":1,"sequence":2})",
        R"({"id":3,"status":"O\"K","sequence":18446744073709551615})",
        R"({"id":3,"status":"\u00e9t\u00e9","sequence":18446744073709551616})",
        "{\"id\":3,\"status\":\"\xc3\xa9t\xc3\xa9\",\"sequence\":1.0}",
        R"({"id":3,"status":null,"sequence":-0,"ts":{"est":1e3,"omni_server_out_ts":-5}})",
        R"({"id":3,"ts":{"deeper":{"est":1}},"entries":[1,2],"sequence":true})",
        R"({"id":3,"ts":7,"status":["OK"],"sequence":"9"})",
    };
    for (size_t i = 0; i < messages.size(); ++i) {
        const std::string& m = messages[i];
        connlib::Answer a;
        std::string copy = m;
        ASSERT_TRUE(connlib::decode_answer(std::move(copy), a)) << m;
        EXPECT_EQ(a.flat(), i < 3 || i == 6) << m;  // escapes, non-ASCII, arrays and deeper objects: the parser's
        auto tree = nlohmann::json::parse(m);
        EXPECT_EQ(a.json(), tree) << m;
        EXPECT_EQ(a.id, 3u);
        auto str = [&](const nlohmann::json& holder, const char* key) -> std::optional<std::string> {
            auto it = holder.find(key);
            if (it == holder.end() || !it->is_string()) return std::nullopt;
            return it->get<std::string>();
        };
        auto u64 = [&](const nlohmann::json& holder, const char* key) -> std::optional<uint64_t> {
            auto it = holder.find(key);
            if (it == holder.end() || !it->is_number_unsigned()) return std::nullopt;
            return it->get<uint64_t>();
        };
        auto as_string = [](std::optional<std::string_view> v) { return v ? std::optional<std::string>(std::string(*v)) : std::nullopt; };
        EXPECT_EQ(as_string(a.string("status")), str(tree, "status")) << m;
        EXPECT_EQ(a.u64("sequence"), u64(tree, "sequence")) << m;
        EXPECT_EQ(a.u64("object_id"), u64(tree, "object_id")) << m;
        const nlohmann::json none = nlohmann::json::object();
        const nlohmann::json& ts = tree.contains("ts") && tree["ts"].is_object() ? tree["ts"] : none;
        for (const char* key : {"est", "omni_server_out_ts", "omni_server_in_ts", "deeper"})
            EXPECT_EQ(a.u64(key, "ts"), u64(ts, key)) << m << " ts." << key;
        EXPECT_EQ(a.u64("est", "status"), std::nullopt) << m;
    }
}

TEST(NetConnlib, RejectsMalformedAnswersTheFlatScanWouldNotRead) {
    for (std::string bad : {R"({"id":1,})", R"({"id":01})", R"({"id":1} x)", R"({"id":1,"a":tru})", R"({"id":1,"a":1.})",
                            R"({"id":1,"a":"x)", "{\"id\":1,\"a\":\"\x01\"}", R"({"id":1 "a":2})", R"({"id":1,"a":-})"}) {
        connlib::Answer a;
        std::string copy = bad;
        EXPECT_FALSE(connlib::decode_answer(std::move(copy), a)) << bad;
    }
}

TEST(NetWsUrl, ParsesHostsPortsAndPaths) {
    WsUrl u;
    ASSERT_TRUE(parse_ws_url("ws://127.0.0.1:3333/omni/connlib", u));
    EXPECT_FALSE(u.tls);
    EXPECT_EQ(u.host, "127.0.0.1");
    EXPECT_EQ(u.port, 3333);
    EXPECT_EQ(u.path, "/omni/connlib");
    ASSERT_TRUE(parse_ws_url("wss://example.com", u));
    EXPECT_TRUE(u.tls);
    EXPECT_EQ(u.port, 443);
    EXPECT_EQ(u.path, "/");
    ASSERT_TRUE(parse_ws_url("ws://[::1]:80/x", u));
    EXPECT_EQ(u.host, "::1");
    EXPECT_EQ(u.port, 80);
    ASSERT_TRUE(parse_ws_url("ws://[::1]/", u));
    EXPECT_EQ(u.port, 80);
    for (const char* bad : {"http://h/", "ws://", "ws://:80/", "ws://h:/", "ws://h:0/", "ws://h:65536/", "ws://h:12a/",
                            "ws://[::1/", "ws://[::1]x/", "ws://h:123456/"})
        EXPECT_FALSE(parse_ws_url(bad, u)) << bad;
}
