#include "providers/nucleus/discovery.h"

#include "providers/nucleus/sows_socket.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace omniclient::nucleus {
namespace {

using nlohmann::json;

const char* const kNames[] = {"Connection", "Credentials", "Tokens", "DeviceFlow"};

json find_params(const char* name) {
    bool connection = std::string_view(name) == "Connection";
    json transports = json::array({
        {{"name", "sows"}, {"meta", {{"ssl", "true"}}}},
        {{"name", "sows"}, {"meta", {{"ssl", "false"}}}},
        {{"name", "connlib"}},
    });
    return {{"query", {{"meta", {{"deployment", "external"}}},
                       {"service_interface", {{"name", name}, {"origin", connection ? "omni1.idl.ts" : "OmniAuth.idl.ts"}}},
                       {"supported_transport", transports}}},
            {"version", 2}};
}

std::string host_for_url(const std::string& host) {
    return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

// How long the plain candidates have to themselves before the TLS ones start: the first TLS
// connection of a process reads the system's trusted certificates (~30 ms on the loop thread), which
// a server that answers ws:// in time never needs.
constexpr int64_t kTlsGraceMs = 20;

struct Search : std::enable_shared_from_this<Search> {
    net::EventLoop& loop;
    std::function<void(bool, Services, std::string)> done;
    std::string user_agent;
    std::vector<std::shared_ptr<SowsSocket>> sockets;
    std::vector<std::string> tls_candidates;  // not started yet
    size_t candidates = 0;
    size_t failed = 0;
    bool finished = false;
    uint64_t timer = 0;
    uint64_t tls_timer = 0;
    std::string errors;  // each failed candidate's URL and why, for the message when all have failed

    explicit Search(net::EventLoop& l) : loop(l) {}

    void finish(bool ok, Services s, std::string error) {
        if (finished) return;
        finished = true;
        loop.cancel_timer(timer);
        loop.cancel_timer(tls_timer);
        for (auto& socket : sockets) socket->close();
        auto cb = std::move(done);
        cb(ok, std::move(s), std::move(error));
    }

    void candidate_failed(const std::string& url, const std::string& error) {
        errors += (errors.empty() ? "" : "; ") + url + ": " + error;
        if (++failed == candidates) return finish(false, {}, "discovery failed: " + errors);
        if (failed == sockets.size()) start_tls();  // every plain one failed: no reason to wait
    }

    void start_tls() {
        loop.cancel_timer(tls_timer);
        for (auto& url : std::exchange(tls_candidates, {})) ask(url);
    }

    void ask(const std::string& url);
};

void Search::ask(const std::string& url) {
    auto socket = SowsSocket::open(loop, url, {{"User-Agent", user_agent}});
    sockets.push_back(socket);
    auto answers = std::make_shared<std::vector<std::string>>(4);
    auto remaining = std::make_shared<int>(4);
    auto broken = std::make_shared<bool>(false);
    auto search = shared_from_this();  // (the answers keep it until it finishes)
    for (int i = 0; i < 4; ++i) {
        socket->call("DiscoverySearch.find", find_params(kNames[i]),
                     [search, answers, remaining, broken, i, url](bool ok, json answer, std::string error) {
            if (search->finished || *broken) return;
            if (!ok) {
                *broken = true;
                search->candidate_failed(url, error);
                return;
            }
            (*answers)[i] = answer.dump();
            if (--*remaining > 0) return;
            Services s;
            s.connection_url = service_url_of((*answers)[0], true);
            s.credentials_url = service_url_of((*answers)[1], false);
            s.tokens_url = service_url_of((*answers)[2], false);
            s.device_flow_url = service_url_of((*answers)[3], false);
            if (s.connection_url.empty()) {
                *broken = true;
                search->candidate_failed(url, "no Connection service");
                return;
            }
            search->finish(true, std::move(s), {});
        });
    }
}

}  // namespace

std::vector<std::string> discovery_candidates(const std::string& host, int port, bool tls_only) {
    std::string h = host_for_url(host);
    std::vector<std::string> out;
    if (port > 0) {
        std::string hp = h + ":" + std::to_string(port);
        out.push_back("wss://" + hp + "/omni/discovery");
        if (!tls_only) out.push_back("ws://" + hp + "/omni/discovery");
    } else {
        out.push_back("wss://" + h + ":443/omni/discovery");
        if (!tls_only) {
            out.push_back("ws://" + h + ":80/omni/discovery");
            out.push_back("ws://" + h + ":3333/");
        }
    }
    return out;
}

std::string service_url_of(const std::string& answer_text, bool connection) {
    json answer = json::parse(answer_text, nullptr, false);
    if (!answer.is_object() || !answer.value("found", false)) return {};
    auto t = answer.find("transport");
    if (t == answer.end() || !t->is_object() || !t->contains("params") || !(*t)["params"].is_string()) return {};
    json params = json::parse((*t)["params"].get<std::string>(), nullptr, false);
    if (!params.is_object()) return {};
    if (params.contains("url") && params["url"].is_string()) return params["url"].get<std::string>();
    if (connection) return {};  // the Connection service must give a url
    if (!params.contains("host") || !params["host"].is_string()) return {};
    std::string host = params["host"].get<std::string>();
    int port = 0;
    if (params.contains("port") && params["port"].is_number_integer()) port = params["port"].get<int>();
    else if (params.contains("port") && params["port"].is_string()) port = std::atoi(params["port"].get<std::string>().c_str());
    std::string path = params.value("path", std::string("/"));
    if (path.empty() || path.front() != '/') path = "/" + path;
    bool ssl = false;
    if (t->contains("meta") && (*t)["meta"].is_object()) ssl = (*t)["meta"].value("ssl", std::string()) == "true";
    if (host.empty() || port <= 0 || port > 65535) return {};
    return std::string(ssl ? "wss://" : "ws://") + host_for_url(host) + ":" + std::to_string(port) + path;
}

void discover(net::EventLoop& loop, const std::vector<std::string>& candidates, const std::string& user_agent,
              int64_t timeout_ms, std::function<void(bool, Services, std::string)> done) {
    auto search = std::make_shared<Search>(loop);
    search->done = std::move(done);
    search->user_agent = user_agent;
    search->candidates = candidates.size();
    if (candidates.empty()) {
        search->finish(false, {}, "no discovery candidates");
        return;
    }
    std::weak_ptr<Search> weak = search;
    search->timer = loop.add_timer(timeout_ms, [weak] {
        if (auto s = weak.lock()) s->finish(false, {}, "discovery timed out");
    });
    for (const auto& url : candidates) {
        if (url.rfind("wss://", 0) == 0) search->tls_candidates.push_back(url);
        else search->ask(url);
    }
    if (search->sockets.empty()) {
        search->start_tls();
    } else if (!search->tls_candidates.empty()) {
        search->tls_timer = loop.add_timer(kTlsGraceMs, [weak] {
            if (auto s = weak.lock(); s && !s->finished) s->start_tls();
        });
    }
}

}  // namespace omniclient::nucleus
