// Fuzzes what a hostile HTTP client reaches: the input is a byte stream of
// pipelined requests, parsed by Beast's parser with the session's limits
// (http_request.h), each parsed request routed by the real Router. The router
// is built on a real Shards (a RocksDB log in a temporary directory, never
// started) and a store holding one rendered map for event 1, so the seat-map,
// page, static, health and error routes all run; revocations meet an empty key
// set, so they are refused before any shard is asked (a shard never started
// would never answer).
// Checked besides "no crash": every request is answered exactly once, on this
// thread; its status is one the routes document (docs/http.md); an error is a
// JSON object with "error" and "message"; a 200 seat map or 304 carries the
// ETag of the stored map; a gzip body is only sent to a request accepting gzip.
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "server/auth/api_keys.h"
#include "server/http/gzip.h"
#include "server/http/http_request.h"
#include "server/http/router.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"
#include "storage/fact_log.h"

namespace {

using namespace seat;
using namespace seat::server;
using namespace seat::server::http;
namespace bhttp = boost::beast::http;

constexpr int kRequestsPerInputMax = 16;

void check(bool ok) {
    if (!ok) std::abort();
}

struct World {
    std::filesystem::path dir;
    std::unique_ptr<storage::FactLog> log;
    EventDirectory directory;
    std::unique_ptr<Shards> shards;
    SeatmapStore store;
    std::unique_ptr<ApiKeys> keys;
    std::unique_ptr<Router> router;
    std::string etag;

    World() {
        char pattern[] = "/tmp/seat-http-fuzz-XXXXXX";
        check(mkdtemp(pattern) != nullptr);
        dir = pattern;
        storage::Status status;
        log = storage::FactLog::open(dir / "log", storage::LogOptions{}, status);
        check(log != nullptr);
        shards = std::make_unique<Shards>(1, *log, directory, ShardOptions{});
        auto map = std::make_shared<RenderedSeatmap>();
        map->event = 1;
        map->sequence = 7;
        map->etag = "\"1.7\"";
        map->full = R"({"format":"seatd-seatmap/1","event":1})";
        map->full_gzip = gzip(map->full);
        map->sections = R"({"format":"seatd-sections/1","event":1})";
        map->sections_gzip = gzip(map->sections);
        etag = map->etag;
        store.put(map);
        const std::uint8_t secret[32] = {1};
        keys = std::make_unique<ApiKeys>(secret);
        RouterContext context;
        context.shards = shards.get();
        context.directory = &directory;
        context.seatmaps = &store;
        context.keys = keys.get();
        context.ready = [] { return true; };
        context.metrics = [] { return std::string("seatd_build_info 1\n"); };
        router = std::make_unique<Router>(std::move(context));
    }
    ~World() {
        router.reset();
        shards.reset();
        log.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

World& world() {
    static World w;
    return w;
}

bool documented(unsigned status) {
    switch (status) {
        case 200:
        case 304:
        case 308:
        case 400:
        case 401:
        case 403:
        case 404:
        case 405:
        case 500:
        case 503:
            return true;
        default:
            return false;
    }
}

void check_answer(const Request& request, const Response& r, const World& w) {
    check(documented(r.status));
    const std::string_view body = r.body.empty() ? std::string_view(r.owned) : r.body;
    if (r.status >= 400 && r.content_type == "application/json") {
        boost::system::error_code ec;
        const boost::json::value v = boost::json::parse(body, ec);
        check(!ec && v.is_object() && v.as_object().contains("error") &&
              v.as_object().contains("message"));
    }
    bool gzipped = false;
    std::string_view etag;
    for (const auto& [name, value] : r.headers) {
        if (name == "Content-Encoding") gzipped = value == "gzip";
        if (name == "ETag") etag = value;
    }
    if (gzipped) check(accepts_gzip(request.accept_encoding));
    if (r.status == 304) check(body.empty() && !etag.empty());
    if (r.content_type == "application/json" && r.status == 200) check(etag == w.etag);
}

void route(World& w, const Request& request) {
    int answers = 0;
    w.router->handle(request, [&](Response response) {
        ++answers;
        check_answer(request, response, w);
    });
    check(answers == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    std::size_t offset = 0;
    for (int i = 0; i < kRequestsPerInputMax && offset < size; ++i) {
        RequestParser parser;
        limit(parser);
        parser.eager(true);
        boost::system::error_code ec;
        while (!parser.is_done() && offset < size) {
            const std::size_t used =
                parser.put(boost::asio::buffer(data + offset, size - offset), ec);
            offset += used;
            if (ec == bhttp::error::need_more) {
                if (used == 0 || offset == size) break;
                ec = {};
                continue;
            }
            if (ec) break;
        }
        if (!parser.is_done() && (!ec || ec == bhttp::error::need_more)) {
            ec = {};
            parser.put_eof(ec);
        }
        if (!parser.is_done()) {
            // A refused request ends the connection, as in the session.
            (void)is_http_syntax_error(ec);
            return 0;
        }
        route(w, request_of(parser.get()));
    }
    return 0;
}
