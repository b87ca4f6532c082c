// Forward proxies: the settings read as libcurl reads them, no_proxy's matching, the CONNECT sent,
// and the proxy's answer however it arrives.
#include "net/proxy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

using namespace omniclient::net;

namespace {

using State = ConnectAnswer::State;

// Sets the proxy variables for one test and puts back what was there.
class ProxyEnvironment {
public:
    explicit ProxyEnvironment(const std::map<std::string, std::string>& values) {
        for (const char* name : kNames) {
            if (const char* old = std::getenv(name)) saved_[name] = old;
            unsetenv(name);
        }
        for (auto& [name, value] : values) setenv(name.c_str(), value.c_str(), 1);
    }
    ~ProxyEnvironment() {
        for (const char* name : kNames) unsetenv(name);
        for (auto& [name, value] : saved_) setenv(name.c_str(), value.c_str(), 1);
    }

private:
    static constexpr const char* kNames[] = {"OMNICLIENT_HTTP_PROXY", "http_proxy", "https_proxy", "HTTPS_PROXY",
                                             "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};
    std::map<std::string, std::string> saved_;
};

std::optional<std::string> chosen(const std::string& host, bool tls) {
    auto proxy = proxy_for(host, tls);
    if (!proxy) return std::nullopt;
    return proxy->name();
}

}  // namespace

TEST(Proxy, ParsesTheFormsLibcurlAccepts) {
    Proxy p = parse_proxy("http://proxy.example:3128/");
    EXPECT_EQ(p.host, "proxy.example");
    EXPECT_EQ(p.port, 3128);
    EXPECT_EQ(p.authorization, "");
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(parse_proxy("proxy.example").port, 1080);
    EXPECT_EQ(parse_proxy("HTTP://[::1]:8080").host, "::1");
    EXPECT_EQ(parse_proxy("[::1]:8080").name(), "[::1]:8080");
    // user:password, percent-decoded, as Basic credentials; the last '@' ends them.
    EXPECT_EQ(parse_proxy("http://al%40ce:p@ss@proxy:1").authorization, "Basic YWxAY2U6cEBzcw==");  // al@ce:p@ss
    EXPECT_EQ(parse_proxy("http://proxy:1").authorization, "");
}

TEST(Proxy, RefusesWhatItCannotUse) {
    EXPECT_NE(parse_proxy("https://proxy:443").error, "");
    EXPECT_NE(parse_proxy("socks5://proxy:1080").error, "");
    EXPECT_NE(parse_proxy("http://proxy:0").error, "");
    EXPECT_NE(parse_proxy("http://proxy:65536").error, "");
    EXPECT_NE(parse_proxy("http://proxy:80x").error, "");
    EXPECT_NE(parse_proxy("http://[::1:80").error, "");
    EXPECT_NE(parse_proxy("http://:80").error, "");
}

TEST(Proxy, NoProxyMatchesNamesAndTheirSubdomains) {
    EXPECT_TRUE(no_proxy_covers("*", "anything"));
    EXPECT_TRUE(no_proxy_covers("example.com", "example.com"));
    EXPECT_TRUE(no_proxy_covers("example.com", "a.b.Example.COM"));
    EXPECT_TRUE(no_proxy_covers(".example.com", "a.example.com"));
    EXPECT_TRUE(no_proxy_covers("other, example.com", "example.com."));
    EXPECT_TRUE(no_proxy_covers("other example.com", "example.com"));
    EXPECT_FALSE(no_proxy_covers("example.com", "badexample.com"));
    EXPECT_FALSE(no_proxy_covers("a.example.com", "example.com"));
    EXPECT_FALSE(no_proxy_covers("*.example.com", "a.example.com"));  // not a pattern for libcurl
    EXPECT_FALSE(no_proxy_covers("", "example.com"));
}

TEST(Proxy, NoProxyMatchesAddressesAndNetworks) {
    EXPECT_TRUE(no_proxy_covers("127.0.0.1", "127.0.0.1"));
    EXPECT_FALSE(no_proxy_covers("127.0.0.1", "127.0.0.2"));
    EXPECT_TRUE(no_proxy_covers("10.0.0.0/8,127.0.0.0/8", "127.1.2.3"));
    EXPECT_TRUE(no_proxy_covers("192.168.1.128/25", "192.168.1.200"));
    EXPECT_FALSE(no_proxy_covers("192.168.1.128/25", "192.168.1.100"));
    EXPECT_TRUE(no_proxy_covers("::1", "[::1]"));
    EXPECT_TRUE(no_proxy_covers("[fd00::]/8", "fd12::5"));
    EXPECT_FALSE(no_proxy_covers("127.0.0.0/8", "::1"));
    EXPECT_FALSE(no_proxy_covers("127.0.0.1/40", "127.0.0.1"));
    EXPECT_FALSE(no_proxy_covers("localhost", "127.0.0.1"));  // names are not resolved
}

TEST(Proxy, ChoosesByLibcurlsRules) {
    {
        ProxyEnvironment env({{"http_proxy", "plain:1"}, {"https_proxy", "tls:2"}, {"all_proxy", "all:3"}});
        EXPECT_EQ(chosen("server", false), "plain:1");
        EXPECT_EQ(chosen("server", true), "tls:2");
    }
    {
        // HTTP_PROXY is not read (a CGI's environment can set it); all_proxy is the fallback.
        ProxyEnvironment env({{"HTTP_PROXY", "upper:1"}, {"HTTPS_PROXY", "tls:2"}, {"ALL_PROXY", "all:3"}});
        EXPECT_EQ(chosen("server", false), "all:3");
        EXPECT_EQ(chosen("server", true), "tls:2");
    }
    {
        ProxyEnvironment env({{"OMNICLIENT_HTTP_PROXY", "ours:4"}, {"http_proxy", "plain:1"}, {"NO_PROXY", "skip.me"}});
        EXPECT_EQ(chosen("server", false), "ours:4");
        EXPECT_EQ(chosen("server", true), "ours:4");
        EXPECT_EQ(chosen("host.skip.me", false), std::nullopt);
    }
    {
        // no_proxy wins over NO_PROXY.
        ProxyEnvironment env({{"http_proxy", "plain:1"}, {"no_proxy", "other"}, {"NO_PROXY", "server"}});
        EXPECT_EQ(chosen("server", false), "plain:1");
    }
    {
        ProxyEnvironment env({});
        EXPECT_EQ(chosen("server", false), std::nullopt);
    }
}

TEST(Proxy, ConnectRequestCarriesCredentialsWhenGiven) {
    EXPECT_EQ(connect_request("[::1]:3019", ""), "CONNECT [::1]:3019 HTTP/1.1\r\nHost: [::1]:3019\r\n\r\n");
    EXPECT_EQ(connect_request("h:1", "Basic eDp5"),
              "CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\nProxy-Authorization: Basic eDp5\r\n\r\n");
}

TEST(Proxy, AnswerIsEstablishedOnlyWhenWhole) {
    const std::string answer = "HTTP/1.1 200 Connection established\r\nProxy-Agent: x\r\n\r\n";
    for (size_t cut = 0; cut < answer.size(); ++cut)
        EXPECT_EQ(read_connect_answer(answer.substr(0, cut)).state, State::Incomplete) << cut;
    ConnectAnswer whole = read_connect_answer(answer + "tunnel bytes");
    EXPECT_EQ(whole.state, State::Established);
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(whole.head_size, answer.size());
    EXPECT_EQ(read_connect_answer("HTTP/1.0 204\r\n\r\n").state, State::Established);
}

TEST(Proxy, AnswerOtherThan2xxIsRefusedWithItsStatus) {
    ConnectAnswer refused = read_connect_answer("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(refused.state, State::Refused);
    EXPECT_EQ(refused.status, 407);
    EXPECT_EQ(refused.error, "the proxy refused the tunnel: 407 Proxy Authentication Required");
    EXPECT_EQ(read_connect_answer("HTTP/1.1 302 Found\r\n\r\n").state, State::Refused);
    EXPECT_EQ(read_connect_answer("HTTP/1.1 403 \x01\xff\r\n\r\n").error, "the proxy refused the tunnel: 403 ??");
}

TEST(Proxy, AnswerThatIsNotHttpIsRefusedAtOnce) {
    // Without waiting for a blank line that may never come.
    EXPECT_EQ(read_connect_answer("SSH-2.0").state, State::Refused);
    EXPECT_EQ(read_connect_answer("HTTP/2 200\r\n").state, State::Refused);
    EXPECT_EQ(read_connect_answer("HTTP/1.1 20x OK\r\n").state, State::Refused);
    EXPECT_EQ(read_connect_answer("HTTP/1.1 2000 OK\r\n").state, State::Refused);
    EXPECT_EQ(read_connect_answer("HTTP/1.1 200 OK\r\n").state, State::Incomplete);
    EXPECT_EQ(read_connect_answer("HTTP/1.1 200").state, State::Incomplete);
    EXPECT_EQ(read_connect_answer("SSH-2.0").error, "the proxy's answer to CONNECT is not HTTP");
}

TEST(Proxy, AnswerWithAHugeHeadIsRefused) {
    std::string head = "HTTP/1.1 200 OK\r\n" + std::string(kMaxProxyHead, 'x');
    ConnectAnswer answer = read_connect_answer(head);
    EXPECT_EQ(answer.state, State::Refused);
    EXPECT_NE(answer.error.find("head over"), std::string::npos);
}
