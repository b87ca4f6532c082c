// The client side of RFC 6455 on a byte stream: the upgrade request and the check of its answer,
// frames to send (masked) and a reader for the frames a server sends. libwebsockets 4.1 parses a
// client's received frames one byte at a time (half of our client's CPU in a scene load); with
// this, libwebsockets carries raw bytes (connection set-up, TLS, the event loop) and the frames
// are parsed a buffer at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omniclient::net::ws {

enum class Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xa };

// The request that upgrades an HTTP/1.1 connection, with the header lines libwebsockets 4.1
// sends (so the wire stays as it was) and then `headers`. `key` is the Sec-WebSocket-Key.
std::string upgrade_request(std::string_view path, std::string_view host, std::string_view key,
                            const std::vector<std::pair<std::string, std::string>>& headers);

// The Sec-WebSocket-Key for 16 random bytes, and the Sec-WebSocket-Accept a server answers it with.
std::string make_key(const uint8_t (&nonce)[16]);
std::string accept_for(std::string_view key);

// Reads the server's answer to the upgrade request from the bytes received so far. Returns
// Incomplete until the blank line has arrived, Accepted (with `head_size`, the bytes before the
// first frame) or Refused (with `error`): a status other than 101, a missing Upgrade or
// Connection, a wrong Sec-WebSocket-Accept, an extension or subprotocol we did not offer, or a
// head over kMaxHead.
struct UpgradeAnswer {
    enum class State { Incomplete, Accepted, Refused } state = State::Incomplete;
    size_t head_size = 0;
    std::string error;
};
constexpr size_t kMaxHead = 16 * 1024;
UpgradeAnswer read_upgrade_answer(std::string_view received, std::string_view key);

// Appends one client frame: header, the masking key, `payload` masked with it.
void append_frame(std::string& out, Opcode opcode, bool fin, std::string_view payload, uint32_t mask);

// Reassembles the messages a server sends from the bytes as they arrive, split anywhere.
class FrameReader {
public:
    struct Sink {
        virtual ~Sink() = default;
        virtual void on_message(std::string&& data, bool binary) = 0;
        // Ping, Pong or Close, with its payload (at most 125 bytes).
        virtual void on_control(Opcode opcode, std::string&& payload) = 0;
    };

    // Messages (all fragments together) longer than `max_message` are refused.
    explicit FrameReader(size_t max_message) : max_message_(max_message) {}

    // Parses `bytes`, telling `sink` of each message and control frame in order. Returns "" or
    // why the stream breaks RFC 6455 (the connection must then be closed; nothing more is read).
    std::string feed(std::string_view bytes, Sink& sink);

private:
    std::string start_frame();
    std::string finish_frame(Sink& sink);

    size_t max_message_;
    uint8_t head_[14] = {};  // the frame header being read
    size_t head_have_ = 0;
    // The frame being read.
    Opcode opcode_ = Opcode::Continuation;
    bool fin_ = false;
    uint64_t remaining_ = 0;
    bool in_payload_ = false;
    // The data message being reassembled (its fragments so far) and a control frame's payload.
    std::string message_;
    bool message_open_ = false;
    bool message_binary_ = false;
    std::string control_;
    std::string error_;
};

}  // namespace omniclient::net::ws
