#include "providers/azure/azure_provider.h"

#include "core/log.h"
#include "providers/azure/azure_config.h"
#include "providers/http_transport/object_store.h"
#include "providers/http_transport/web.h"
#include "providers/http_transport/xml.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"  // designated initializers name only what differs

namespace omniclient::azure {

namespace {

using http::PartDone;
using Pairs = std::vector<std::pair<std::string, std::string>>;
using Transfers = std::shared_ptr<http::Transfers>;

constexpr const char* kServiceVersion = "2021-08-06";

struct Endpoint {
    std::string server;  // "https://host:port"
    std::string container;
    std::string sas;
};

struct Call {
    std::string method = "GET";
    std::string blob;  // "" for the container
    Pairs query;
    std::vector<std::string> headers;
    Content body;
    size_t offset = 0;
    size_t size = 0;
};

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

// Block ids must all have the same length within a blob: the upload's prefix and a fixed-width index.
std::string block_id(const std::string& upload, uint64_t index) {
    char number[24];
    std::snprintf(number, sizeof number, "-%08llu", static_cast<unsigned long long>(index));
    return base64(upload + number);
}

// A fresh prefix for the block ids of one upload.
std::string random_prefix() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random()));
    return hex;
}

std::string blob_url(const Endpoint& ep, const std::string& blob) {
    std::string url = ep.server + "/" + http::uri_encode(ep.container, false);
    if (!blob.empty()) url += "/" + http::uri_encode(blob, true);
    return url;
}

net::HttpRequest build(const Endpoint& ep, const Call& call) {
    net::HttpRequest rq;
    rq.method = call.method;
    std::string query;
    for (const auto& [name, value] : call.query)
        query += (query.empty() ? "" : "&") + http::uri_encode(name, false) + "=" + http::uri_encode(value, false);
    if (!ep.sas.empty()) query += (query.empty() ? "" : "&") + ep.sas;
    rq.url = blob_url(ep, call.blob) + (query.empty() ? "" : "?" + query);
    rq.headers = call.headers;
    rq.headers.push_back(std::string("x-ms-version: ") + kServiceVersion);
    if (call.method == "PUT" || call.method == "POST") {
        rq.body_owner = std::make_shared<Content>(call.body);
        rq.body = reinterpret_cast<const char*>(call.body.data()) + call.offset;
        rq.body_size = call.size;
    }
    return rq;
}

Result result_of(const net::HttpResponse& r) {
    Result result = http::result_of(r);
    if (result != OMNI_RESULT_OK && r.transport_ok)
        log(OMNI_LOG_VERBOSE, "azure", "HTTP " + std::to_string(r.status) + " " + http::xml::text(r.body, "Code"));
    return result;
}

Content content_of(std::string text) {
    auto owned = std::make_shared<const std::string>(std::move(text));
    return Content(owned, reinterpret_cast<const uint8_t*>(owned->data()), owned->size());
}

class AzureProvider final : public http::ObjectStoreProvider<AzureProvider, Endpoint> {
public:
    using ObjectStoreProvider::ObjectStoreProvider;

    const char* name() const override { return "azure"; }
    bool match(const Target& target) const override {
        const auto& scheme = target.parts.scheme;
        return scheme && (*scheme == "http" || *scheme == "https") && target.parts.host && is_azure_host(*target.parts.host);
    }

private:
    friend class http::ObjectStoreProvider<AzureProvider, Endpoint>;

    // The container is the path's first segment; the blob name is the rest.
    std::optional<Endpoint> endpoint(const Target& target) const {
        std::string path = http::key_of(target);
        std::string container = path.substr(0, path.find('/'));
        if (container.empty() || !target.parts.host) return std::nullopt;
        // Azure is always reached over TLS, whatever the URL's scheme says.
        return Endpoint{http::server_of(target, "https"), container, sas_token(*target.parts.host, container)};
    }
    std::string key_of(const Target& target) const {
        std::string path = http::key_of(target);
        size_t slash = path.find('/');
        return slash == std::string::npos ? std::string() : path.substr(slash + 1);
    }
    std::string cache_server(const Endpoint& ep) const { return ep.server + "/" + ep.container; }

    void send(Transfers transfers, const Endpoint& ep, Call call, http::ResponseDone done) {
        transport().send(std::move(transfers), [ep, call = std::move(call)] { return build(ep, call); }, std::move(done));
    }

    static http::ObjectInfo info_of(std::string key, const net::HttpResponse& head) {
        std::string md5 = head.header("content-md5");
        return {std::move(key), std::strtoull(head.header("content-length").c_str(), nullptr, 10), head.header("etag"),
                http::parse_http_date(head.header("last-modified")), md5.empty() ? "" : "md5;" + md5};
    }

    void list_page(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& prefix, bool delimited,
                   const std::string& token, std::function<void(Result, http::Page)> done) {
        Call call{.query = {{"restype", "container"}, {"comp", "list"}, {"prefix", prefix}}};
        if (delimited) call.query.emplace_back("delimiter", "/");
        if (!token.empty()) call.query.emplace_back("marker", token);
        send(transfers, ep, call, [done](net::HttpResponse&& r) {
            if (Result result = result_of(r); result != OMNI_RESULT_OK) return done(result, {});
            http::Page page;
            for (auto blob : http::xml::elements(r.body, "Blob")) {
                std::string md5 = http::xml::text(blob, "Content-MD5");
                page.objects.push_back({http::xml::text(blob, "Name"),
                                        std::strtoull(http::xml::text(blob, "Content-Length").c_str(), nullptr, 10),
                                        http::xml::text(blob, "Etag"), http::parse_http_date(http::xml::text(blob, "Last-Modified")),
                                        md5.empty() ? "" : "md5;" + md5});
            }
            for (auto sub : http::xml::elements(r.body, "BlobPrefix")) page.prefixes.push_back(http::xml::text(sub, "Name"));
            page.next = http::xml::text(r.body, "NextMarker");
            done(OMNI_RESULT_OK, std::move(page));
        });
    }

    // When the SAS may read but not list: the blob's own properties.
    void head_object(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& key,
                     std::function<void(Result, http::ObjectInfo)> done) {
        send(transfers, ep, Call{.method = "HEAD", .blob = key}, [key, done](net::HttpResponse&& r) {
            done(result_of(r), info_of(key, r));
        });
    }

    net::HttpRequest get_request(const Endpoint& ep, const std::string& key) { return build(ep, Call{.blob = key}); }

    void put_object(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& key, Content content,
                    std::function<void(Result, std::string)> done) {
        put_whole(transfers, ep, key, std::move(content), std::move(done));
    }

    void put_whole(Transfers transfers, const Endpoint& ep, const std::string& key, Content content, std::function<void(Result, std::string)> done) {
        send(transfers, ep, Call{.method = "PUT", .blob = key, .headers = {"x-ms-blob-type: BlockBlob"}, .body = content, .size = content.size()},
             [done](net::HttpResponse&& r) { done(result_of(r), r.header("etag")); });
    }

    // Put Block for each part, Put Block List to commit them in order. The "upload id" is a random
    // prefix of the block ids, so that two uploads of one blob never mix their blocks. Blocks of
    // an upload that fails or is stopped are never committed: the service has no call to drop
    // them; it discards them at the blob's next commit, or after a week.
    http::MultipartOps multipart(Transfers transfers, const Endpoint& ep, const std::string& key) {
        using Tagged = http::MultipartOps::Tagged;
        http::MultipartOps ops;
        ops.start = [](Tagged done) { done(OMNI_RESULT_OK, random_prefix()); };
        ops.put_part = [this, transfers, ep, key](const std::string& id, uint64_t index, Content part, Tagged done) {
            std::string block = block_id(id, index);
            send(transfers, ep,
                 Call{.method = "PUT", .blob = key, .query = {{"comp", "block"}, {"blockid", block}}, .body = part, .size = part.size()},
                 [done, block](net::HttpResponse&& r) { done(result_of(r), block); });
        };
        ops.commit = [this, transfers, ep, key](const std::string&, std::vector<std::string> blocks, Tagged done) {
            std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
            for (const auto& block : blocks) xml += "<Latest>" + block + "</Latest>";
            xml += "</BlockList>";
            Content body = content_of(std::move(xml));
            send(transfers, ep,
                 Call{.method = "PUT", .blob = key, .query = {{"comp", "blocklist"}}, .headers = {"Content-Type: application/xml"},
                      .body = body, .size = body.size()},
                 [done](net::HttpResponse&& r) { done(result_of(r), r.header("etag")); });
        };
        ops.drop = [](const std::string&, std::function<void()> then) { then(); };
        ops.put_whole = [this, transfers, ep, key](Content content, Tagged done) { put_whole(transfers, ep, key, std::move(content), done); };
        return ops;
    }

    void delete_objects(const OpContext&, Transfers transfers, const Endpoint& ep, std::vector<std::string> keys,
                        std::function<void(Result)> done) {
        auto shared = std::make_shared<std::vector<std::string>>(std::move(keys));
        auto delete_one = [this, transfers, ep, shared](uint64_t i, PartDone part_done) {
            send(transfers, ep, Call{.method = "DELETE", .blob = (*shared)[i]}, [part_done](net::HttpResponse&& r) {
                part_done(r.transport_ok && r.status == 404 ? OMNI_RESULT_OK : result_of(r));  // gone already
            });
        };
        http::run_parts(shared->size(), http::kParallelObjects, delete_one, done);
    }

    // Copy Blob within the account: the service copies. It may answer "pending" (large blobs on the
    // real service) and go on by itself: the destination's x-ms-copy-status is then asked for until
    // it is "success" ("failed" or "aborted": an error).
    void copy_object(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& from, const std::string& to, uint64_t,
                     std::function<void(Result)> done) {
        std::string source = blob_url(ep, from) + (ep.sas.empty() ? "" : "?" + ep.sas);
        send(transfers, ep, Call{.method = "PUT", .blob = to, .headers = {"x-ms-copy-source: " + source}},
             [this, transfers, ep, to, done](net::HttpResponse&& r) {
                 if (Result result = result_of(r); result != OMNI_RESULT_OK) return done(result);
                 await_copy(transfers, ep, to, r.header("x-ms-copy-status"), 0, done);
             });
    }

    void await_copy(Transfers transfers, const Endpoint& ep, const std::string& blob, const std::string& status, int polls,
                    std::function<void(Result)> done) {
        if (status == "success") return done(OMNI_RESULT_OK);
        if (status != "pending") return done(OMNI_RESULT_ERROR);
        auto delay = std::chrono::milliseconds(std::min(100 << std::min(polls, 5), 2000));  // 0.1 s doubling, 2 s at most
        auto head = [ep, blob, delay] {
            net::HttpRequest rq = build(ep, Call{.method = "HEAD", .blob = blob});
            rq.not_before = std::chrono::steady_clock::now() + delay;
            return rq;
        };
        transport().send(transfers, head, [this, transfers, ep, blob, polls, done](net::HttpResponse&& r) {
            if (Result result = result_of(r); result != OMNI_RESULT_OK) return done(result);
            await_copy(transfers, ep, blob, r.header("x-ms-copy-status"), polls + 1, done);
        });
    }
};

}  // namespace

std::unique_ptr<Provider> make_azure_provider(std::shared_ptr<http::Transport> transport) {
    return std::make_unique<AzureProvider>(std::move(transport));
}

}  // namespace omniclient::azure
