#include "server/http/router.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <charconv>
#include <mutex>
#include <unordered_map>

#include "server/http/gzip.h"
#include "server/http/page_assets.h"

namespace seat::server::http {
namespace {

constexpr std::string_view kEventsPrefix = "/events/";
constexpr std::string_view kStaticPrefix = "/static/";

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

// A decimal event id from 1 to 2^64-1, nothing else.
std::optional<EventId> parse_event(std::string_view text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    EventId id = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), id);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || id == 0) return std::nullopt;
    return id;
}

// Whether If-None-Match names `etag` (a list, weak forms, or "*").
bool matches(std::string_view if_none_match, std::string_view etag) {
    while (!if_none_match.empty()) {
        const std::size_t comma = if_none_match.find(',');
        std::string_view item = if_none_match.substr(0, comma);
        if_none_match =
            comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

Response not_modified(std::string etag, std::string cache_control) {
    Response r;
    r.status = 304;
    r.headers = {{"ETag", std::move(etag)}, {"Cache-Control", std::move(cache_control)}};
    return r;
}

Response method_not_allowed() {
    Response r = Response::error(405, "method_not_allowed", "this path answers GET and HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
}

}  // namespace

Response Response::text(unsigned status, std::string body, std::string content_type) {
    Response r;
    r.status = status;
    r.owned = std::move(body);
    r.content_type = std::move(content_type);
    return r;
}

Response Response::error(unsigned status, std::string_view code, std::string_view message) {
    std::string body = "{\"error\":";
    body += boost::json::serialize(boost::json::string(code));
    body += ",\"message\":";
    body += boost::json::serialize(boost::json::string(message));
    body += "}\n";
    return text(status, std::move(body), "application/json");
}

// Answers the jobs this side sends a shard: each answer is converted on the
// shard thread (the state it reads is valid only then) and sent after the
// round's commit.
class Router::ShardResponder final : public Responder {
  public:
    std::uint64_t expect(Done done, Convert convert) {
        std::lock_guard lock(mutex_);
        const std::uint64_t tag = next_tag_++;
        waiting_.emplace(tag, Waiting{std::move(done), std::move(convert)});
        return tag;
    }
    // The callback of a job the shard refused; empty when it was answered.
    Done take(std::uint64_t tag) {
        std::lock_guard lock(mutex_);
        const auto it = waiting_.find(tag);
        if (it == waiting_.end()) return {};
        Done done = std::move(it->second.done);
        waiting_.erase(it);
        return done;
    }
    void respond(const Answer& answer) override {
        Waiting w;
        {
            std::lock_guard lock(mutex_);
            const auto it = waiting_.find(answer.job.tag);
            if (it == waiting_.end()) return;
            w = std::move(it->second);
            waiting_.erase(it);
        }
        Response r = answer.status == Status::event_not_found
                         ? Response::error(404, "event_not_found", "no such event")
                         : w.convert(answer);
        ready_.emplace_back(std::move(w.done), std::move(r));
    }
    void release() override {
        for (auto& [done, response] : ready_)
            done(std::move(response));
        ready_.clear();
    }

  private:
    struct Waiting {
        Done done;
        Convert convert;
    };
    std::mutex mutex_;
    std::uint64_t next_tag_ = 1;
    std::unordered_map<std::uint64_t, Waiting> waiting_;  // by mutex_
    std::vector<std::pair<Done, Response>> ready_;        // the shard thread's
};

Router::Router(RouterContext context) : context_(std::move(context)) {
    for (std::size_t i = 0; i < context_.shards->size(); ++i)
        responders_.push_back(std::make_shared<ShardResponder>());
}

void Router::handle(const Request& request, Done done) {
    const std::string_view path = path_of(request.target);
    const bool readable = request.method == "GET" || request.method == "HEAD";
    if (path == "/healthz") {
        if (!readable) return done(method_not_allowed());
        return done(Response::text(200, "ok\n"));
    }
    if (path == "/readyz") {
        if (!readable) return done(method_not_allowed());
        if (context_.ready && context_.ready()) return done(Response::text(200, "ready\n"));
        return done(Response::text(503, "not ready: recovering or stopping\n"));
    }
    if (path == "/metrics") {
        if (!readable) return done(method_not_allowed());
        return done(Response::text(200, context_.metrics ? context_.metrics() : std::string(),
                                   "text/plain; version=0.0.4; charset=utf-8"));
    }
    if (path.starts_with(kStaticPrefix)) {
        if (!readable) return done(method_not_allowed());
        const PageAsset* asset = find_page_asset(path.substr(kStaticPrefix.size()));
        if (asset == nullptr) return done(Response::error(404, "not_found", "no such file"));
        Response r;
        r.content_type = std::string(asset->content_type);
        r.body = asset->body;
        r.headers = {{"Cache-Control", "public, max-age=300"}};
        return done(std::move(r));
    }
    if (!path.starts_with(kEventsPrefix))
        return done(Response::error(404, "not_found", "no such path (see docs/http.md)"));
    std::string_view rest = path.substr(kEventsPrefix.size());
    const std::size_t slash = rest.find('/');
    const std::optional<EventId> event = parse_event(rest.substr(0, slash));
    if (!event)
        return done(Response::error(400, "bad_event_id",
                                    "an event id is a decimal number from 1 to 2^64-1"));
    const std::string_view what =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (what == "queue" || what.starts_with("queue/") || what == "room")
        return queue(request, *event, what, done);
    if (!readable) return done(method_not_allowed());
    if (what == "seatmap.json") return seatmap(request, *event, false, done);
    if (what == "sections.json") return seatmap(request, *event, true, done);
    if (what == "revocations") return revocations(request, *event, done);
    if (what == "listings") return listings(request, *event, done);
    if (what.empty()) {
        // The page; without the slash its relative links would miss.
        if (slash == std::string_view::npos) {
            Response r = Response::text(308, "");
            r.headers = {{"Location", std::string(path) + "/"}};
            return done(std::move(r));
        }
        Response r;
        r.content_type = "text/html; charset=utf-8";
        r.body = page_html();
        r.headers = {{"Cache-Control", "public, max-age=300"}};
        return done(std::move(r));
    }
    done(Response::error(404, "not_found", "no such path (see docs/http.md)"));
}

void Router::seatmap(const Request& request, EventId event, bool compact, Done& done) {
    const std::shared_ptr<const RenderedSeatmap> map = context_.seatmaps->get(event);
    if (!map) {
        if (!context_.directory->contains(event))
            return done(Response::error(404, "event_not_found", "no such event"));
        Response r = Response::error(503, "not_rendered_yet",
                                     "the seat map is being rendered; ask again in a second");
        r.headers = {{"Retry-After", "1"}};
        return done(std::move(r));
    }
    const unsigned age = context_.seatmap_refresh_s;
    // Browsers and CDNs may keep it a refresh interval, and serve it stale for
    // two more while they fetch the next one.
    const std::string cache_control = "public, max-age=" + std::to_string(age) +
                                      ", s-maxage=" + std::to_string(age) +
                                      ", stale-while-revalidate=" + std::to_string(2 * age);
    if (matches(request.if_none_match, map->etag))
        return done(not_modified(map->etag, cache_control));
    const bool gz = accepts_gzip(request.accept_encoding);
    Response r;
    r.content_type = "application/json";
    r.keep = map;
    r.body =
        compact ? (gz ? map->sections_gzip : map->sections) : (gz ? map->full_gzip : map->full);
    r.headers = {
        {"ETag", map->etag}, {"Cache-Control", cache_control}, {"Vary", "Accept-Encoding"}};
    if (gz) r.headers.emplace_back("Content-Encoding", "gzip");
    done(std::move(r));
}

void Router::revocations(const Request& request, EventId event, Done& done) {
    if (context_.keys != nullptr) {
        constexpr std::string_view kBearer = "Bearer ";
        const std::string_view auth = request.authorization;
        const Principal* who =
            auth.starts_with(kBearer) ? context_.keys->find(auth.substr(kBearer.size())) : nullptr;
        if (who == nullptr) {
            Response r =
                Response::error(401, "unauthenticated",
                                "send an API key for this event as 'Authorization: Bearer KEY'");
            r.headers = {{"WWW-Authenticate", "Bearer realm=\"seatd\""}};
            return done(std::move(r));
        }
        if (!who->scope.contains(event))
            return done(Response::error(403, "forbidden", "this key is not for this event"));
    }
    submit(
        event, Query{RevocationsQuery{}},
        [if_none_match = request.if_none_match](const Answer& answer) {
            const auto* filter = std::get_if<RevocationsAnswer>(&answer.body);
            if (answer.status != Status::ok || filter == nullptr)
                return Response::error(500, "internal_error", "the event's shard did not answer");
            const std::string etag = "\"r" + std::to_string(filter->filter.sequence) + "\"";
            if (matches(if_none_match, etag)) return not_modified(etag, "private, no-cache");
            Response r = Response::text(200, filter->filter.bytes, "application/octet-stream");
            r.headers = {{"ETag", etag},
                         {"Cache-Control", "private, no-cache"},
                         {"X-Seatd-Revocations", std::to_string(filter->filter.sequence)}};
            return r;
        },
        done);
}

void Router::submit(EventId event, std::variant<Command, Query> work, Convert convert, Done& done) {
    Shard& shard = context_.shards->owner(event);
    const std::shared_ptr<ShardResponder>& responder = responders_[shard.index()];
    std::vector<Job> jobs(1);
    jobs[0].event = event;
    jobs[0].work = std::move(work);
    jobs[0].responder = responder;
    jobs[0].tag = responder->expect(std::move(done), std::move(convert));
    const std::uint64_t tag = jobs[0].tag;
    const Shard::Push pushed = shard.push(jobs);
    if (pushed == Shard::Push::queued) return;
    // Refused: the shard never saw it; take the callback back and say why.
    Done refused = responder->take(tag);
    if (!refused) return;
    Response r = pushed == Shard::Push::full
                     ? Response::error(503, "overloaded", "the event's shard is busy; retry")
                     : Response::error(503, "stopping", "the server is stopping");
    r.headers = {{"Retry-After", "1"}};
    refused(std::move(r));
}

}  // namespace seat::server::http
