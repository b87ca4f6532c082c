#include "providers/http/http_provider.h"

#include "providers/http_transport/list_cache.h"
#include "providers/http_transport/parts.h"
#include "providers/http_transport/web.h"

namespace omniclient::http {

namespace {

// The URL without its fragment, and without its query unless `keep_query`.
std::string request_url(const std::string& url, bool keep_query) {
    size_t cut = url.find('#');
    if (!keep_query) cut = std::min(cut, url.find('?'));
    return cut == std::string::npos ? url : url.substr(0, cut);
}

ListEntry entry_of(const Target& target, const net::HttpResponse& head) {
    ListEntry e;
    e.relative_path = name_of(key_of(target));
    e.flags = OMNI_ITEM_READABLE_FILE;
    e.access = OMNI_ACCESS_READ;
    std::string length = head.header("content-length");
    e.size = length.empty() ? 0 : std::strtoull(length.c_str(), nullptr, 10);
    e.version = unquote_etag(head.header("etag"));
    e.modified_time = e.created_time = parse_http_date(head.header("last-modified"));
    return e;
}

class HttpProvider final : public ProviderImpl<HttpProvider, Streams> {
public:
    explicit HttpProvider(std::shared_ptr<Transport> transport) : transport_(std::move(transport)) {}

    const char* name() const override { return "http"; }
    bool match(const Target& target) const override {
        return target.parts.scheme && (*target.parts.scheme == "http" || *target.parts.scheme == "https");
    }

    void shutdown() override { transport_->shutdown(); }

    bool clear_list_cache(const Target& target) override {
        cache_.clear(server_of(target));
        return true;
    }

    void stat(OpContext ctx, const Target& target, OmniListIncludeOption, Done<StatResult> done) override {
        // The stat cache holds one entry per URL path, as a one-entry "listing" keyed by it.
        std::string server = server_of(target), path = key_of(target);
        if (auto cached = cache_.find(server, path); cached && cached->size() == 1)
            return done(StatResult{OMNI_RESULT_OK, cached->front()});
        std::string url = request_url(target.url, false);
        auto make = [url] {
            net::HttpRequest rq;
            rq.method = "HEAD";
            rq.url = url;
            rq.follow_redirects = true;
            return rq;
        };
        transport_->send(transport_->transfers(ctx), make, [this, target, server, path, done](net::HttpResponse&& r) {
            Result result = result_of(r);
            if (result != OMNI_RESULT_OK) return done(error_answer<StatResult>(result));
            ListEntry entry = entry_of(target, r);
            cache_.store(server, path, std::make_shared<const std::vector<ListEntry>>(1, entry));
            done(StatResult{OMNI_RESULT_OK, std::move(entry)});
        });
    }

    void read_file(OpContext ctx, const Target& target, Done<ReadResult> done) override {
        ranged_read(*transport_, transport_->transfers(ctx), get_request(target), [done](RangedRead&& read) {
            if (read.result != OMNI_RESULT_OK) return done(error_answer<ReadResult>(read.result));
            done(ReadResult{OMNI_RESULT_OK, unquote_etag(read.head.header("etag")), std::move(read.content)});
        });
    }

    void get_local_file(OpContext ctx, const Target& target, bool download, Done<StringResult> done) override {
        stat(ctx, target, OMNI_LIST_NO_DELETED_FILES, [this, ctx, target, download, done](StatResult&& st) {
            if (st.result != OMNI_RESULT_OK) return done(error_answer<StringResult>(st.result));
            local_copy(*transport_, transport_->transfers(ctx), get_request(target), server_of(target) + "/" + key_of(target), st.entry,
                       download, done);
        });
    }

    // Copies from a web server read it range by range.
    void read_range(OpContext ctx, const Target& target, uint64_t offset, uint64_t length, Done<ReadResult> done) override {
        http::read_range(*transport_, transport_->transfers(ctx), get_request(target), offset, length, std::move(done));
    }

    void stat_subscribe(OpContext ctx, const Target& target, OmniListIncludeOption include, Done<StatResult> first,
                        Events<ListEventResult>) override {
        stat(ctx, target, include, std::move(first));  // a web server tells no changes: the first answer only
    }

private:
    static MakeRequest get_request(const Target& target) {
        return [url = request_url(target.url, true)] {
            net::HttpRequest rq;
            rq.url = url;
            rq.follow_redirects = true;
            return rq;
        };
    }

    ListCache cache_;  // (before transport_: the transport's last callbacks may use it)
    std::shared_ptr<Transport> transport_;
};

}  // namespace

std::unique_ptr<Provider> make_http_provider(std::shared_ptr<Transport> transport) {
    return std::make_unique<HttpProvider>(std::move(transport));
}

}  // namespace omniclient::http
