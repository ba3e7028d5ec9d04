#include "server/http/metrics.h"

#include <array>

#include "protocol/status_text.h"
#include "server/http/prometheus_text.h"

namespace seat::server::http {
namespace {

constexpr std::array<const char*, kSeatStatusCount> kStatusNames = {"available", "held", "sold",
                                                                    "blocked"};

const char* breaker_name(payments::BreakerState s) {
    switch (s) {
        case payments::BreakerState::closed:
            return "closed";
        case payments::BreakerState::open:
            return "open";
        case payments::BreakerState::half_open:
            return "half_open";
    }
    return "unknown";
}

void shard_metrics(PrometheusText& out, Shards& shards) {
    std::vector<RoundStats> stats;
    std::vector<AnswerCounts> answers;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        stats.push_back(shards.at(i).stats());
        answers.push_back(shards.at(i).answer_counts());
    }
    out.family("seatd_requests_total", "counter",
               "Requests a shard answered, by request type and status (replays included).");
    for (std::size_t k = 0; k < kJobKinds; ++k) {
        for (std::size_t s = 0; s < kStatusSlots; ++s) {
            std::uint64_t n = 0;
            for (const AnswerCounts& a : answers)
                n += a[k][s];
            if (n == 0) continue;
            const std::string status(protocol::status_name(static_cast<std::uint16_t>(s)));
            out.sample("seatd_requests_total", static_cast<double>(n),
                       {{"type", job_kind_name(k)}, {"status", status}});
        }
    }
    const auto per_shard = [&](const char* name, const char* type, const char* help, auto value) {
        out.family(name, type, help);
        for (std::size_t i = 0; i < stats.size(); ++i)
            out.sample(name, static_cast<double>(value(i)), {{"shard", std::to_string(i)}});
    };
    per_shard("seatd_rounds_total", "counter", "Rounds run: each decides a batch of requests.",
              [&](std::size_t i) { return stats[i].rounds; });
    per_shard("seatd_facts_total", "counter", "Facts written to the log.",
              [&](std::size_t i) { return stats[i].facts; });
    per_shard("seatd_holds_placed_total", "counter", "Holds placed.",
              [&](std::size_t i) { return stats[i].holds_placed; });
    per_shard("seatd_holds_expired_total", "counter", "Holds that expired unsold.",
              [&](std::size_t i) { return stats[i].holds_expired; });
    per_shard("seatd_shard_queue_depth", "gauge", "Requests waiting for the shard's next round.",
              [&](std::size_t i) { return shards.at(i).queue_depth(); });

    out.family("seatd_commit_duration_seconds", "histogram",
               "Time to make a round durable (the log's write and fsync).");
    for (std::size_t i = 0; i < stats.size(); ++i)
        out.histogram("seatd_commit_duration_seconds", kCommitSecondsBounds,
                      stats[i].commit_seconds, static_cast<double>(stats[i].commit_us_total) / 1e6,
                      {{"shard", std::to_string(i)}});
    out.family("seatd_round_requests", "histogram", "Requests decided per round.");
    for (std::size_t i = 0; i < stats.size(); ++i)
        out.histogram("seatd_round_requests", kRoundRequestsBounds, stats[i].round_requests,
                      static_cast<double>(stats[i].requests), {{"shard", std::to_string(i)}});
}

void event_metrics(PrometheusText& out, const EventDirectory& directory) {
    const std::vector<EventListing> events = directory.all();
    out.single("seatd_events", "gauge", "Events this process owns.",
               static_cast<double>(events.size()));
    out.family("seatd_seats", "gauge", "Seats by event and status.");
    for (const EventListing& e : events)
        for (std::size_t s = 0; s < kSeatStatusCount; ++s)
            out.sample("seatd_seats", e.counts.by_status[s],
                       {{"event", std::to_string(e.event)}, {"status", kStatusNames[s]}});
    out.family("seatd_holds_live", "gauge", "Live holds by event.");
    for (const EventListing& e : events)
        out.sample("seatd_holds_live", static_cast<double>(e.live_holds),
                   {{"event", std::to_string(e.event)}});
    out.family("seatd_event_sequence", "gauge", "The last durable fact's sequence by event.");
    for (const EventListing& e : events)
        out.sample("seatd_event_sequence", static_cast<double>(e.sequence),
                   {{"event", std::to_string(e.event)}});
    // The waiting rooms: the admission rate is rate(seatd_room_admitted_total[1m]).
    struct RoomFamily {
        const char* name;
        const char* type;
        const char* help;
        double (*value)(const EventListing&);
    };
    static constexpr RoomFamily kRoom[] = {
        {"seatd_room_waiting", "gauge", "Buyers waiting in the event's queue.",
         [](const EventListing& e) { return double(e.room_waiting); }},
        {"seatd_room_active", "gauge", "Admitted shoppers who have not finished.",
         [](const EventListing& e) { return double(e.room_active); }},
        {"seatd_room_max_active", "gauge", "The most admitted shoppers the room allows at once.",
         [](const EventListing& e) { return double(e.room_max_active); }},
        {"seatd_room_admitted_total", "counter", "Buyers admitted from the queue.",
         [](const EventListing& e) { return double(e.room_admitted_total); }},
        {"seatd_room_abandoned_total", "counter",
         "Queue positions reclaimed for want of a heartbeat.",
         [](const EventListing& e) { return double(e.room_abandoned); }},
    };
    for (const RoomFamily& f : kRoom) {
        out.family(f.name, f.type, f.help);
        for (const EventListing& e : events)
            if (e.room) out.sample(f.name, f.value(e), {{"event", std::to_string(e.event)}});
    }
}

void seatmap_metrics(PrometheusText& out, const SeatmapStore& store,
                     const SeatmapPublisher& publisher, const Clock& clock) {
    const PublisherStats p = publisher.stats();
    out.single("seatd_seatmap_renders_total", "counter", "Seat maps rendered (with gzip).",
               static_cast<double>(p.renders));
    out.single("seatd_seatmap_render_seconds_total", "counter", "Time spent rendering seat maps.",
               p.render_seconds_total);
    out.single("seatd_seatmap_copies_total", "counter", "Seat-map copies taken on shard threads.",
               static_cast<double>(p.copies));
    out.single("seatd_seatmap_copy_seconds_total", "counter",
               "Shard-thread time spent taking seat-map copies.", p.copy_seconds_total);
    out.single("seatd_seatmap_copies_refused_total", "counter",
               "Seat-map copies a full shard queue refused (retried next interval).",
               static_cast<double>(p.copies_refused));
    out.family("seatd_seatmap_age_seconds", "gauge",
               "Age of each event's served seat map (its copy's time to now).");
    const UnixMillis now = clock.now_ms();
    for (const auto& map : store.all())
        out.sample("seatd_seatmap_age_seconds",
                   static_cast<double>(now - map->generated_at) / 1000.0,
                   {{"event", std::to_string(map->event)}});
}

void saga_metrics(PrometheusText& out, const SagaWorker& saga) {
    const SagaStats s = saga.stats();
    const auto counter = [&](const char* name, const char* help, std::uint64_t v) {
        out.single(name, "counter", help, static_cast<double>(v));
    };
    counter("seatd_payment_charges_sent_total", "Charge calls to the provider, retries included.",
            s.charges_sent);
    counter("seatd_payment_charges_succeeded_total", "Charges that succeeded.",
            s.charges_succeeded);
    counter("seatd_payment_charges_declined_total", "Charges declined.", s.charges_declined);
    counter("seatd_payment_charges_unknown_total",
            "Charge outcomes not known (retried or looked up).", s.charges_unknown);
    counter("seatd_payment_lookups_sent_total", "Charge look-ups by metadata.", s.lookups_sent);
    counter("seatd_payment_refunds_sent_total", "Refund calls, retries included.", s.refunds_sent);
    counter("seatd_payment_refunds_succeeded_total", "Refunds made.", s.refunds_succeeded);
    counter("seatd_payment_refunds_failed_total", "Refunds refused for good.", s.refunds_failed);
    counter("seatd_checkouts_refused_total",
            "New checkouts refused by the circuit breaker or the in-flight bound.",
            s.checkouts_refused);
    counter("seatd_breaker_opened_total", "Times the circuit breaker opened.", s.breaker_opened);
    out.single("seatd_payment_charges_pending", "gauge", "Charges waiting for an outcome.",
               static_cast<double>(s.charges_pending));
    out.family("seatd_breaker_state", "gauge", "1 for the circuit breaker's current state.");
    for (const auto st : {payments::BreakerState::closed, payments::BreakerState::open,
                          payments::BreakerState::half_open})
        out.sample("seatd_breaker_state", st == s.breaker ? 1 : 0, {{"state", breaker_name(st)}});
}

}  // namespace

std::string render_metrics(const MetricsSources& m) {
    PrometheusText out;
    out.family("seatd_build_info", "gauge", "Always 1; the labels say which seatd this is.");
    out.sample("seatd_build_info", 1, {{"version", SEATD_VERSION}, {"compiler", __VERSION__}});
    if (m.binary_connections) {
        out.family("seatd_connections", "gauge", "Open connections by listener.");
        out.sample("seatd_connections", static_cast<double>(m.binary_connections()),
                   {{"listener", "binary"}});
        if (m.http_connections)
            out.sample("seatd_connections", static_cast<double>(m.http_connections()),
                       {{"listener", "http"}});
    }
    if (m.shards) shard_metrics(out, *m.shards);
    if (m.directory) event_metrics(out, *m.directory);
    if (m.seatmaps && m.publisher && m.clock)
        seatmap_metrics(out, *m.seatmaps, *m.publisher, *m.clock);
    if (m.saga) saga_metrics(out, *m.saga);
    return out.text();
}

}  // namespace seat::server::http
