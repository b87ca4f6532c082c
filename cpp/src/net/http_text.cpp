#include "net/http_text.h"

#include <libwebsockets.h>

namespace omniclient::net {

std::string base64(std::string_view bytes) {
    std::string out(bytes.size() * 4 / 3 + 8, '\0');
    int n = lws_b64_encode_string(bytes.data(), static_cast<int>(bytes.size()), out.data(), static_cast<int>(out.size()));
    out.resize(n < 0 ? 0 : static_cast<size_t>(n));
    return out;
}

}  // namespace omniclient::net
