#include "providers/s3/s3_provider.h"

#include "core/log.h"
#include "providers/http_transport/object_store.h"
#include "providers/http_transport/web.h"
#include "providers/http_transport/xml.h"
#include "providers/s3/cloudfront.h"
#include "providers/s3/s3_config.h"

#include <algorithm>
#include <cstdlib>

// Calls are spelled with designated initializers, naming only what differs from the defaults;
// GCC 12 warns about the members left out even so.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace omniclient::s3 {

namespace {

using http::PartDone;
using Transfers = std::shared_ptr<http::Transfers>;

constexpr size_t kDeleteBatch = 1000;  // DeleteObjects' limit

// One bucket behind one server ("https://host:port"): how to sign and address its requests.
struct Endpoint {
    std::string server;
    std::string host_header;  // what `host` is signed as
    Bucket bucket;
};

// A request's body without copying: a slice of content the caller keeps alive.
struct Body {
    Content content;
    size_t offset = 0;
    size_t size = 0;
};

struct Call {
    std::string method = "GET";
    std::string server;  // "" for the bucket's; a CloudFront distribution's for reads through it
    std::string key;  // "" for the bucket
    Pairs query;
    Pairs headers;  // extra headers, signed (x-amz-copy-source, content-md5...)
    std::optional<Body> body;
    std::shared_ptr<const std::string> owned_body;  // small bodies we build (XML)
};

net::HttpRequest build(const Endpoint& ep, const Call& call) {
    net::HttpRequest rq;
    rq.method = call.method;
    std::string path = "/" + http::uri_encode(call.key, true);
    std::string query = canonical_query(call.query);
    rq.url = (call.server.empty() ? ep.server : call.server) + path + (query.empty() ? "" : "?" + query);
    if (call.body) {
        rq.body_owner = std::make_shared<Content>(call.body->content);
        rq.body = reinterpret_cast<const char*>(call.body->content.data()) + call.body->offset;
        rq.body_size = call.body->size;
    } else if (call.owned_body) {
        rq.headers.push_back("Content-Type: application/xml");  // not curl's POST default, a form
        rq.body_owner = call.owned_body;
        rq.body = call.owned_body->data();
        rq.body_size = call.owned_body->size();
    }
    const Credentials& creds = ep.bucket.credentials;
    if (creds.access_key_id.empty()) {  // unsigned: a public bucket
        for (const auto& [name, value] : call.headers) rq.headers.push_back(name + ": " + value);
        return rq;
    }
    // Over TLS the payload is protected in transit; the small XML bodies are hashed.
    std::string payload = call.owned_body ? sha256_hex(call.owned_body->data(), call.owned_body->size())
                                          : call.body ? "UNSIGNED-PAYLOAD" : kEmptySha256;
    SignedRequest s;
    s.method = call.method;
    s.canonical_uri = path;
    s.query = call.query;
    s.amz_date = amz_date_now();
    s.region = ep.bucket.region;
    s.payload_hash = payload;
    s.headers = {{"host", ep.host_header}, {"x-amz-date", s.amz_date}, {"x-amz-content-sha256", payload}};
    if (!creds.session_token.empty()) s.headers.emplace_back("x-amz-security-token", creds.session_token);
    for (const auto& h : call.headers) s.headers.push_back(h);
    for (size_t i = 1; i < s.headers.size(); ++i) rq.headers.push_back(s.headers[i].first + ": " + s.headers[i].second);  // not host: curl sends it
    rq.headers.push_back("Authorization: " + authorization(s, creds));
    return rq;
}

// S3 may answer 200 with an error document once it has started answering (CompleteMultipartUpload, CopyObject).
Result result_of(const net::HttpResponse& r) {
    Result result = http::result_of(r);
    if (result != OMNI_RESULT_OK && r.transport_ok)
        log(OMNI_LOG_VERBOSE, "s3", "HTTP " + std::to_string(r.status) + " " + http::xml::text(r.body, "Code"));
    if (result == OMNI_RESULT_OK && r.body.find("<Error>") != std::string::npos) return OMNI_RESULT_ERROR;
    return result;
}

// The largest object CopyObject copies (5 GiB), and the part size of larger copies.
// OMNICLIENT_S3_COPY_PART_SIZE (bytes, 5 MiB to 5 GiB) lowers it: the part copy of a large object
// can then be seen without a 5 GiB object.
uint64_t copy_part_size() {
    constexpr uint64_t kLargest = 5ull << 30, kSmallestPart = 5ull << 20;
    const char* text = std::getenv("OMNICLIENT_S3_COPY_PART_SIZE");
    uint64_t value = text ? std::strtoull(text, nullptr, 10) : 0;
    return value ? std::clamp(value, kSmallestPart, kLargest) : kLargest;
}

class S3Provider final : public http::ObjectStoreProvider<S3Provider, Endpoint> {
public:
    using ObjectStoreProvider::ObjectStoreProvider;

    const char* name() const override { return "s3"; }
    bool match(const Target& target) const override {
        const auto& scheme = target.parts.scheme;
        return scheme && (*scheme == "http" || *scheme == "https") && target.parts.host && bucket_for_host(*target.parts.host);
    }

    // Reads wait until the bucket's distribution is known (listings wait in list_page).
    void read_file(OpContext ctx, const Target& target, Done<ReadResult> done) override {
        after_distribution(target, done, [this, ctx, target, done] { ObjectStoreProvider::read_file(ctx, target, done); });
    }
    void read_range(OpContext ctx, const Target& target, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        after_distribution(target, done, [this, ctx, target, offset, length, done] {
            ObjectStoreProvider::read_range(ctx, target, offset, length, done);
        });
    }
    void get_local_file(OpContext ctx, const Target& target, bool download, Done<StringResult> done) override {
        after_distribution(target, done, [this, ctx, target, download, done] { ObjectStoreProvider::get_local_file(ctx, target, download, done); });
    }

private:
    friend class http::ObjectStoreProvider<S3Provider, Endpoint>;

    std::optional<Endpoint> endpoint(const Target& target) const {
        if (!target.parts.host) return std::nullopt;
        auto bucket = bucket_for_host(*target.parts.host);
        if (!bucket) return std::nullopt;
        Endpoint ep;
        // S3 is always reached over TLS, whatever the URL's scheme says.
        ep.server = http::server_of(target, "https");
        ep.host_header = bucket->canonical_host.empty() ? ep.server.substr(8) : bucket->canonical_host;
        ep.bucket = std::move(*bucket);
        return ep;
    }
    std::string key_of(const Target& target) const { return http::key_of(target); }
    std::string cache_server(const Endpoint& ep) const { return ep.server; }

    void send(Transfers transfers, const Endpoint& ep, Call call, http::ResponseDone done) {
        transport().send(std::move(transfers), [ep, call = std::move(call)] { return build(ep, call); }, std::move(done));
    }

    void list_page(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& prefix, bool delimited,
                   const std::string& token, std::function<void(Result, http::Page)> done) {
        with_distribution(ep, [this, transfers, ep, prefix, delimited, token, done](std::optional<Distribution> distribution) {
            if (!distribution) return done(OMNI_RESULT_ERROR, {});  // the client stops
            Call call{.server = distribution->for_list ? http::without_trailing_slashes(distribution->url) : "",
                      .query = {{"list-type", "2"}, {"prefix", prefix}}};
            if (delimited) call.query.emplace_back("delimiter", "/");
            if (!token.empty()) call.query.emplace_back("continuation-token", token);
            send(transfers, ep, call, [done](net::HttpResponse&& r) {
                if (Result result = result_of(r); result != OMNI_RESULT_OK) return done(result, {});
                http::Page page;
                for (auto contents : http::xml::elements(r.body, "Contents")) {
                    page.objects.push_back({http::xml::text(contents, "Key"),
                                            std::strtoull(http::xml::text(contents, "Size").c_str(), nullptr, 10),
                                            http::xml::text(contents, "ETag"),
                                            http::parse_iso8601(http::xml::text(contents, "LastModified")), ""});
                }
                for (auto common : http::xml::elements(r.body, "CommonPrefixes")) page.prefixes.push_back(http::xml::text(common, "Prefix"));
                if (http::xml::text(r.body, "IsTruncated") == "true") page.next = http::xml::text(r.body, "NextContinuationToken");
                done(OMNI_RESULT_OK, std::move(page));
            });
        });
    }

    // Objects are read through the bucket's CloudFront distribution when it has one; the
    // requests are signed for the bucket all the same.
    net::HttpRequest get_request(const Endpoint& ep, const std::string& key) {
        auto distribution = configured_distribution(ep.bucket);
        if (!distribution) distribution = distributions_.known(ep.server);
        return build(ep, Call{.server = distribution ? http::without_trailing_slashes(distribution->url) : "", .key = key});
    }

    template <class Answer>
    void after_distribution(const Target& target, const Done<Answer>& done, std::function<void()> then) {
        auto ep = endpoint(target);
        if (!ep) return then();  // (answered by the base)
        with_distribution(*ep, [done, then](std::optional<Distribution> distribution) {
            if (!distribution) return done(error_answer<Answer>(OMNI_RESULT_ERROR));  // the client stops
            then();
        });
    }

    static std::optional<Distribution> configured_distribution(const Bucket& bucket) {
        if (bucket.cloudfront_url.empty()) return std::nullopt;
        return Distribution{bucket.cloudfront_url, bucket.cloudfront_for_list};
    }

    // The configured distribution, else the one the bucket's `.cloudfront.toml` names (none
    // without it); nullopt when the client stops before that is known.
    void with_distribution(const Endpoint& ep, DistributionLookups::Answer then) {
        if (auto configured = configured_distribution(ep.bucket)) return then(std::move(configured));
        distributions_.when_known(ep.server, [this, ep](DistributionLookups::Answer answer) { look_up_distribution(ep, std::move(answer)); },
                                  std::move(then));
    }

    // GET of the first 4 MiB of `.cloudfront.toml`, as the original. Not tied to the operation
    // that needed it first: others may be waiting for it.
    void look_up_distribution(const Endpoint& ep, DistributionLookups::Answer answer) {
        auto make = [ep] {
            net::HttpRequest rq = build(ep, Call{.key = std::string(kDistributionKey)});
            rq.headers.push_back("Range: bytes=0-" + std::to_string(kDistributionBytes - 1));
            return rq;
        };
        transport().send(transport().detached(), make, [answer](net::HttpResponse&& r) {
            if (r.cancelled) return answer(std::nullopt);
            // Missing (404), refused (403) or unreachable after the retries: no distribution.
            answer(http::result_of(r) == OMNI_RESULT_OK ? parse_distribution(r.body) : Distribution{});
        });
    }

    void put_object(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& key, Content content,
                    std::function<void(Result, std::string)> done) {
        put_whole(transfers, ep, key, std::move(content), std::move(done));
    }

    void put_whole(Transfers transfers, const Endpoint& ep, const std::string& key, Content content, std::function<void(Result, std::string)> done) {
        send(transfers, ep, Call{.method = "PUT", .key = key, .body = Body{content, 0, content.size()}},
             [done](net::HttpResponse&& r) { done(result_of(r), r.header("etag")); });
    }

    // A multipart upload: CreateMultipartUpload, UploadPart, CompleteMultipartUpload; a failed or
    // stopped one is dropped with AbortMultipartUpload, so no parts are left behind.
    http::MultipartOps multipart(Transfers transfers, const Endpoint& ep, const std::string& key) {
        using Tagged = http::MultipartOps::Tagged;
        http::MultipartOps ops;
        ops.start = [this, transfers, ep, key](Tagged done) {
            send(transfers, ep, Call{.method = "POST", .key = key, .query = {{"uploads", ""}}}, [done](net::HttpResponse&& r) {
                std::string upload_id = http::xml::text(r.body, "UploadId");
                Result result = result_of(r);
                done(result == OMNI_RESULT_OK && upload_id.empty() ? OMNI_RESULT_ERROR : result, upload_id);
            });
        };
        ops.put_part = [this, transfers, ep, key](const std::string& id, uint64_t index, Content part, Tagged done) {
            send(transfers, ep,
                 Call{.method = "PUT", .key = key, .query = {{"partNumber", std::to_string(index + 1)}, {"uploadId", id}},
                      .body = Body{part, 0, part.size()}},
                 [done](net::HttpResponse&& r) { done(result_of(r), r.header("etag")); });
        };
        ops.commit = [this, transfers, ep, key](const std::string& id, std::vector<std::string> etags, Tagged done) {
            std::string xml = "<CompleteMultipartUpload>";
            for (size_t i = 0; i < etags.size(); ++i)
                xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + http::xml::escape(etags[i]) + "</ETag></Part>";
            xml += "</CompleteMultipartUpload>";
            send(transfers, ep,
                 Call{.method = "POST", .key = key, .query = {{"uploadId", id}}, .owned_body = std::make_shared<const std::string>(std::move(xml))},
                 [done](net::HttpResponse&& r) { done(result_of(r), http::xml::text(r.body, "ETag")); });
        };
        ops.drop = [this, ep, key](const std::string& id, std::function<void()> then) { abort_upload(ep, key, id, std::move(then)); };
        ops.put_whole = [this, transfers, ep, key](Content content, Tagged done) { put_whole(transfers, ep, key, std::move(content), done); };
        return ops;
    }

    // Not tied to the operation: it must go through even when the operation was stopped.
    void abort_upload(const Endpoint& ep, const std::string& key, const std::string& upload_id, std::function<void()> then) {
        send(transport().cleanup(), ep, Call{.method = "DELETE", .key = key, .query = {{"uploadId", upload_id}}},
             [key, then](net::HttpResponse&& r) {
                 if (http::result_of(r) != OMNI_RESULT_OK)
                     log(OMNI_LOG_WARNING, "s3", "could not abort the multipart upload of " + key + ": HTTP " + std::to_string(r.status));
                 then();
             });
    }

    // One key: DELETE; more: DeleteObjects, 1,000 at a time.
    void delete_objects(const OpContext&, Transfers transfers, const Endpoint& ep, std::vector<std::string> keys,
                        std::function<void(Result)> done) {
        if (keys.size() == 1) {
            return send(transfers, ep, Call{.method = "DELETE", .key = keys.front()},
                        [done](net::HttpResponse&& r) { done(result_of(r)); });
        }
        auto shared = std::make_shared<std::vector<std::string>>(std::move(keys));
        auto delete_batch = [this, transfers, ep, shared](uint64_t b, PartDone part_done) {
            std::string xml = "<Delete><Quiet>true</Quiet>";
            for (size_t i = b * kDeleteBatch; i < std::min(shared->size(), (b + 1) * kDeleteBatch); ++i)
                xml += "<Object><Key>" + http::xml::escape((*shared)[i]) + "</Key></Object>";
            xml += "</Delete>";
            auto body = std::make_shared<const std::string>(std::move(xml));
            send(transfers, ep,
                 Call{.method = "POST", .query = {{"delete", ""}}, .headers = {{"content-md5", md5_base64(body->data(), body->size())}},
                      .owned_body = body},
                 [part_done](net::HttpResponse&& r) { part_done(result_of(r)); });
        };
        http::run_parts((shared->size() + kDeleteBatch - 1) / kDeleteBatch, 2, delete_batch, done);
    }

    // CopyObject: server side, no bytes through us. It copies up to 5 GiB; a larger object is a
    // multipart upload whose parts the service copies from ranges of the source (UploadPartCopy).
    void copy_object(const OpContext&, Transfers transfers, const Endpoint& ep, const std::string& from, const std::string& to, uint64_t size,
                     std::function<void(Result)> done) {
        std::string source = "/" + ep.bucket.bucket + "/" + http::uri_encode(from, true);
        if (uint64_t part_size = copy_part_size(); size > part_size) return copy_in_parts(transfers, ep, source, to, size, part_size, done);
        send(transfers, ep, Call{.method = "PUT", .key = to, .headers = {{"x-amz-copy-source", source}}},
             [done](net::HttpResponse&& r) { done(result_of(r)); });
    }

    void copy_in_parts(Transfers transfers, const Endpoint& ep, const std::string& source, const std::string& to, uint64_t size,
                       uint64_t part_size, std::function<void(Result)> done) {
        http::MultipartOps ops = multipart(transfers, ep, to);
        ops.start([this, transfers, ep, source, to, size, part_size, ops, done](Result started, std::string id) {
            if (started != OMNI_RESULT_OK) return done(started);
            uint64_t count = (size + part_size - 1) / part_size;
            auto etags = std::make_shared<std::vector<std::string>>(count);
            auto copy_part = [this, transfers, ep, source, to, size, part_size, id, etags](uint64_t i, PartDone part_done) {
                uint64_t first = i * part_size, last = std::min(size, first + part_size) - 1;
                send(transfers, ep,
                     Call{.method = "PUT", .key = to, .query = {{"partNumber", std::to_string(i + 1)}, {"uploadId", id}},
                          .headers = {{"x-amz-copy-source", source},
                                      {"x-amz-copy-source-range", "bytes=" + std::to_string(first) + "-" + std::to_string(last)}}},
                     [etags, i, part_done](net::HttpResponse&& r) {
                         (*etags)[i] = http::xml::text(r.body, "ETag");
                         part_done(result_of(r));
                     });
            };
            auto drop_then_fail = [ops, id, done](Result failure) { ops.drop(id, [done, failure] { done(failure); }); };
            http::run_parts(count, http::kParallelObjects, copy_part, [ops, id, etags, drop_then_fail, done](Result copied) {
                if (copied != OMNI_RESULT_OK) return drop_then_fail(copied);
                ops.commit(id, *etags, [drop_then_fail, done](Result committed, std::string) {
                    if (committed != OMNI_RESULT_OK) return drop_then_fail(committed);
                    done(OMNI_RESULT_OK);
                });
            });
        });
    }

    DistributionLookups distributions_;
};

}  // namespace

std::unique_ptr<Provider> make_s3_provider(std::shared_ptr<http::Transport> transport) {
    return std::make_unique<S3Provider>(std::move(transport));
}

}  // namespace omniclient::s3
