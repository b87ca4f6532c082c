// A TLS client over bytes carried by someone else: OpenSSL with memory BIOs. It serves wss:// in a
// proxy's CONNECT tunnel, where libwebsockets 4.1 cannot start TLS on a socket already connected.
// Trust and checks as libwebsockets' own client: OpenSSL's default paths (SSL_CERT_FILE,
// SSL_CERT_DIR), the peer's certificate verified for the host name or IP address.
#pragma once

#include <string>
#include <string_view>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct bio_st BIO;

namespace omniclient::net {

class TlsPipe {
public:
    TlsPipe() = default;
    ~TlsPipe();
    TlsPipe(const TlsPipe&) = delete;
    TlsPipe& operator=(const TlsPipe&) = delete;

    // Starts the handshake with `host`; its first bytes are then in take_output(). "" or why not.
    std::string start(const std::string& host);
    // Bytes from the peer: plaintext that they complete is appended to `plain`. "" or why the
    // connection must close (a failed handshake, a certificate not trusted).
    std::string receive(std::string_view cipher, std::string& plain);
    // Plaintext to send once the handshake is done; its bytes are then in take_output().
    std::string send(std::string_view plain);
    // What must go to the peer now (handshake records, encrypted data); empties the buffer.
    std::string take_output();
    bool has_output() const;
    bool ready() const { return ready_; }

private:
    std::string failure(const char* what);

    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    BIO* in_ = nullptr;   // owned by ssl_
    BIO* out_ = nullptr;  // owned by ssl_
    bool ready_ = false;
};

}  // namespace omniclient::net
