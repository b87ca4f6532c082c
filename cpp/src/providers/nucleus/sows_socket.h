// A SOWS client socket (discovery and auth services): pipelined calls, each completed by its
// first answer (NVIDIA's client honours last=1 as well as DONE; single-result calls need only
// the first SEND). Loop thread only.
#pragma once

#include "net/ws_loop.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace omniclient::nucleus {

class SowsSocket : public net::WsHandler, public std::enable_shared_from_this<SowsSocket> {
public:
    // `ok` false: error frame, malformed answer, or socket lost (then `answer` is null).
    using Reply = std::function<void(bool ok, nlohmann::json answer, std::string error)>;

    static std::shared_ptr<SowsSocket> open(net::EventLoop& loop, const std::string& url,
                                            std::vector<std::pair<std::string, std::string>> headers);
    void call(const std::string& method, const nlohmann::json& params, Reply reply);
    void close();
    bool failed() const { return closed_; }

    void on_open() override;
    void on_message(std::string&& data, bool binary) override;
    void on_closed(const std::string& reason) override;

private:
    net::WsConnectionPtr conn_;
    uint32_t next_id_ = 1;
    std::map<uint32_t, Reply> pending_;
    bool closed_ = false;
};

}  // namespace omniclient::nucleus
