#include "net/tls_pipe.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>

namespace omniclient::net {

TlsPipe::~TlsPipe() {
    if (ssl_) SSL_free(ssl_);
    if (ctx_) SSL_CTX_free(ctx_);
}

std::string TlsPipe::failure(const char* what) {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    std::string out = std::string("TLS: ") + what;
    if (ssl_ && SSL_get_verify_result(ssl_) != X509_V_OK)
        return out + ": " + X509_verify_cert_error_string(SSL_get_verify_result(ssl_));
    if (code) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        out += std::string(": ") + text;
    }
    return out;
}

std::string TlsPipe::start(const std::string& host) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (!ctx_) return failure("cannot create a context");
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    if (SSL_CTX_set_default_verify_paths(ctx_) != 1) return failure("cannot load the trusted certificates");
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ctx_);
    if (!ssl_) return failure("cannot create a session");
    unsigned char address[16];
    bool is_address = inet_pton(AF_INET, host.c_str(), address) == 1 || inet_pton(AF_INET6, host.c_str(), address) == 1;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    if (is_address) {
        if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) return failure("cannot check the address");
    } else {
        // Server Name Indication is for names only.
        if (SSL_set_tlsext_host_name(ssl_, host.c_str()) != 1 || X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) != 1)
            return failure("cannot check the host name");
    }
    static const unsigned char kAlpn[] = "\x08http/1.1";
    SSL_set_alpn_protos(ssl_, kAlpn, sizeof kAlpn - 1);
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    if (!in_ || !out_) {
        BIO_free(in_);
        BIO_free(out_);
        in_ = out_ = nullptr;
        return failure("cannot create buffers");
    }
    SSL_set_bio(ssl_, in_, out_);
    SSL_set_connect_state(ssl_);
    std::string plain;
    return receive({}, plain);
}

std::string TlsPipe::receive(std::string_view cipher, std::string& plain) {
    if (!cipher.empty() && BIO_write(in_, cipher.data(), static_cast<int>(cipher.size())) != static_cast<int>(cipher.size()))
        return failure("cannot buffer what was received");
    if (!ready_) {
        int rc = SSL_do_handshake(ssl_);
        if (rc != 1) {
            int error = SSL_get_error(ssl_, rc);
            return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE ? "" : failure("handshake failed");
        }
        ready_ = true;
    }
    char buffer[64 * 1024];
    for (;;) {
        int n = SSL_read(ssl_, buffer, sizeof buffer);
        if (n > 0) {
            plain.append(buffer, static_cast<size_t>(n));
            continue;
        }
        int error = SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return "";
        return error == SSL_ERROR_ZERO_RETURN ? "TLS: the server closed the session" : failure("cannot read");
    }
}

std::string TlsPipe::send(std::string_view plain) {
    while (!plain.empty()) {
        int n = SSL_write(ssl_, plain.data(), static_cast<int>(std::min<size_t>(plain.size(), 1u << 30)));
        if (n <= 0) return failure("cannot write");
        plain.remove_prefix(static_cast<size_t>(n));
    }
    return "";
}

bool TlsPipe::has_output() const { return out_ && BIO_ctrl_pending(out_) > 0; }

std::string TlsPipe::take_output() {
    std::string out(static_cast<size_t>(BIO_ctrl_pending(out_)), '\0');
    if (!out.empty()) out.resize(static_cast<size_t>(std::max(BIO_read(out_, out.data(), static_cast<int>(out.size())), 0)));
    return out;
}

}  // namespace omniclient::net
