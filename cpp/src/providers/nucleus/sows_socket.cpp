#include "providers/nucleus/sows_socket.h"

#include "net/sows.h"

namespace omniclient::nucleus {

std::shared_ptr<SowsSocket> SowsSocket::open(net::EventLoop& loop, const std::string& url,
                                             std::vector<std::pair<std::string, std::string>> headers) {
    auto socket = std::make_shared<SowsSocket>();
    net::WsUrl parsed;
    if (!net::parse_ws_url(url, parsed)) {
        socket->closed_ = true;
        return socket;
    }
    socket->conn_ = loop.connect(parsed, std::move(headers), socket);
    return socket;
}

void SowsSocket::call(const std::string& method, const nlohmann::json& params, Reply reply) {
    if (closed_ || !conn_) {
        reply(false, nullptr, "socket closed");
        return;
    }
    uint32_t id = next_id_++;
    pending_[id] = std::move(reply);
    conn_->send(net::sows::encode_request(id, method, params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

void SowsSocket::close() {
    if (conn_) conn_->close();
}

void SowsSocket::on_open() {}

void SowsSocket::on_message(std::string&& data, bool) {
    net::sows::Response r;
    if (!net::sows::decode_response(data, r)) return;
    auto it = pending_.find(r.id);
    if (it == pending_.end()) return;  // e.g. the DONE after a last=1 answer
    Reply reply = std::move(it->second);
    pending_.erase(it);
    if (r.kind == net::sows::Response::Kind::Send) {
        auto answer = nlohmann::json::parse(r.json, nullptr, false);
        if (answer.is_discarded() || !answer.is_object()) reply(false, nullptr, "malformed answer");
        else reply(true, std::move(answer), {});
    } else if (r.kind == net::sows::Response::Kind::Error) {
        reply(false, nullptr, "error " + std::to_string(r.code) + ": " + r.message);
    } else {
        reply(false, nullptr, "no answer");
    }
}

void SowsSocket::on_closed(const std::string& reason) {
    closed_ = true;
    conn_.reset();  // breaks the socket <-> connection cycle
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, reply] : pending) reply(false, nullptr, reason);
}

}  // namespace omniclient::nucleus
