// One thread (the caller's) decides everything. A min-heap of (time, buyer) says
// who acts next; each client carries at most -P requests, the rest wait in its
// backlog, oldest first. Callbacks run on the clients' I/O threads and only copy
// what the scheduler needs into an Answer and queue it; the scheduler drains the
// queue, so no buyer's state is ever touched by two threads. A buyer always has
// exactly one thing pending: a timer, a request, or nothing (it has ended).
// Times are Unix ms from the system clock, which is the server's clock too:
// seatbench drives loopback servers only.
#include "bench/seatbench/waiting_room.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <random>

#include "bench/seatbench/seat_lots.h"
#include "bench/seatbench/seatd_target.h"
#include "seat/client.h"

namespace seat::bench {
namespace {

namespace sc = seat::client;

// A buyer wants 1..4 seats, evenly (2.5 on average), unless it draws a box.
constexpr std::uint32_t kSeatsWantedMax = 4;
constexpr double kSeatsWantedMean = 2.5;
// After a hold's expiry, how long the server may take to free its seats (its
// expiry check runs every 100 ms); then the seats are handed out again.
constexpr std::int64_t kReturnSettle_ms = 1'000;
// An admitted buyer with no seats on hand polls again this often, and learns
// from that answer whether the room sold out or its admission ended.
constexpr std::int64_t kSeatWait_ms = 1'000;
// A request that failed without a business answer (transport, overloaded) is
// sent again after this long, at most kRetriesMax times in a row.
constexpr std::int64_t kRetryDelay_ms = 1'000;
constexpr std::uint8_t kRetriesMax = 5;
// The loop's longest sleep when nothing is due (answers wake it at once).
constexpr std::int64_t kIdleWait_ms = 50;
constexpr std::int64_t kProgressInterval_ms = 1'000;
constexpr std::uint32_t kNoBuyer = UINT32_MAX;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool retryable(sc::Status s) {
    return sc::is_transport_error(s) || s == sc::Status::overloaded;
}

// A waiting buyer polls at a quarter of its wait, within [1 s, poll max]; at the
// longest when it knows no wait (no rate yet, or before the sale).
std::int64_t poll_delay_ms(const sc::QueueEntryInfo& e, std::int64_t poll_max_ms) {
    if (e.room == sc::RoomState::before_sale || e.eta_ms < 0) return poll_max_ms;
    return std::clamp<std::int64_t>(e.eta_ms / 4, kRoomPollMin_ms, poll_max_ms);
}

enum class Phase : std::uint8_t { to_join, waiting, admitted, buying, ended };

struct Buyer {
    sc::Id128 session;
    sc::Id128 ticket;
    std::string token;  // while admitted
    std::int64_t join_at_ms = 0;
    std::int64_t abandon_at_ms = 0;  // 0: never walks away
    std::int64_t token_expires_at_ms = 0;
    std::int64_t hold_expires_at_ms = 0;
    std::uint64_t hold = 0;
    std::vector<std::uint32_t> lots;  // of the hold being placed or bought
    std::vector<std::uint32_t> seats;
    Phase phase = Phase::to_join;
    std::uint8_t want = 1;
    std::uint8_t retries = 0;
    bool hold_abandoner = false;
};

// One answer, as the scheduler needs it.
struct Answer {
    RoomRequest kind = RoomRequest::join;
    std::uint32_t buyer = kNoBuyer;
    sc::Status status = sc::Status::ok;
    std::int64_t at_ms = 0;  // the bench's clock when the answer came
    std::uint64_t latency_us = 0;
    sc::QueueEntryInfo entry;         // join, status
    sc::HoldInfo hold;                // hold
    std::vector<std::string> proofs;  // buy: the tickets' ids
    sc::RoomInfo room;                // room
};

struct Timer {
    std::int64_t at_ms;
    std::uint32_t buyer;
    bool operator>(const Timer& o) const { return at_ms > o.at_ms; }
};

class Scheduler {
  public:
    Scheduler(const Options& o, const EventSetup& setup, RoomRun& out)
        : o_(o),
          event_(setup.event),
          sale_starts_at_ms_(setup.sale_starts_at_ms),
          lots_(*setup.venue, o.seed),
          out_(out) {}

    // The clients are the caller's and are destroyed before the scheduler, so a
    // callback that runs while a client closes still finds it.
    void attach(std::vector<std::unique_ptr<Client>>& clients, Client& monitor) {
        clients_ = &clients;
        monitor_ = &monitor;
        in_flight_.assign(clients.size(), 0);
        backlog_.resize(clients.size());
    }

    void run();

  private:
    using Counter = std::uint64_t RoomCounters::*;

    void plan_buyers(std::int64_t now);
    void post(Answer&& a);
    void sleep_until(std::int64_t until);
    void drain();
    void fire_due(std::int64_t now);
    void read_room(std::int64_t now);
    void progress(std::int64_t now);

    void at(std::uint32_t b, std::int64_t when) { timers_.push({when, b}); }
    void send(std::uint32_t b, RoomRequest kind);
    void issue(std::size_t c, std::uint32_t b, RoomRequest kind);
    template <typename T, typename Fill>
    Callback<T> answer_to(std::uint32_t b, RoomRequest kind, Fill fill);
    void on_answer(Answer& a);

    void act(std::uint32_t b, std::int64_t now);
    void on_join(std::uint32_t b, Answer& a);
    void on_entry(std::uint32_t b, const sc::QueueEntryInfo& e, std::int64_t now);
    void on_admitted(std::uint32_t b, const sc::QueueEntryInfo& e, std::int64_t now);
    void try_hold(std::uint32_t b, sc::RoomState room, std::int64_t now);
    void on_hold(std::uint32_t b, Answer& a);
    void on_buy(std::uint32_t b, Answer& a);
    void on_room(const Answer& a);
    void retry(std::uint32_t b, std::int64_t now);
    void give_back(Buyer& u, std::int64_t at_ms);
    void end(std::uint32_t b, Counter counter);

    std::size_t in_flight() const;

    const Options& o_;
    const std::uint64_t event_;
    const std::int64_t sale_starts_at_ms_;
    SeatLots lots_;
    RoomRun& out_;
    std::vector<Buyer> buyers_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;

    std::vector<std::unique_ptr<Client>>* clients_ = nullptr;
    Client* monitor_ = nullptr;
    std::vector<std::uint32_t> in_flight_;  // per client
    std::vector<std::deque<std::pair<std::uint32_t, RoomRequest>>> backlog_;
    bool monitor_in_flight_ = false;
    std::int64_t next_room_read_ms_ = 0;

    std::mutex mu_;  // the answer queue, shared with the clients' I/O threads
    std::condition_variable cv_;
    std::vector<Answer> inbox_;
    bool sleeping_ = false;

    std::uint64_t ended_ = 0;
    bool stopping_ = false;
    std::int64_t started_ms_ = 0;
    std::int64_t next_progress_ms_ = 0;
    sc::RoomInfo last_room_;
};

// Draws who each buyer is: when it arrives (the pre-queue now, the late ones
// spread over as long after the start as the pre-queue lasted), how many seats
// it wants, and whether it walks away while waiting (at a moment spread up to
// the time the room needs, at its batch rate, to admit a sell-out's buyers) or
// holds and never buys.
void Scheduler::plan_buyers(std::int64_t now) {
    const RoomOptions& r = o_.room;
    std::mt19937_64 rng(o_.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::uint32_t> want(1, kSeatsWantedMax);
    const double buying_share = 1.0 - r.hold_abandon_share;
    const double sell_out_buyers =
        buying_share > 0 ? lots_.sellable_seats() / kSeatsWantedMean / buying_share : r.buyers;
    const double batches = std::ceil(std::min<double>(r.buyers, sell_out_buyers) / r.batch);
    const auto admission_span_ms = static_cast<std::int64_t>(batches) * r.batch_interval_ms;
    const auto late_window_ms = static_cast<std::int64_t>(r.sale_in_s * 1000);
    buyers_.resize(r.buyers);
    out_.buyers.assign(r.buyers, BuyerRecord{});
    for (std::uint32_t b = 0; b < r.buyers; ++b) {
        Buyer& u = buyers_[b];
        u.session = sc::Id128::random();
        u.want = static_cast<std::uint8_t>(want(rng));
        const bool late = unit(rng) < r.late_share;
        u.join_at_ms =
            late ? sale_starts_at_ms_ +
                       static_cast<std::int64_t>(unit(rng) * static_cast<double>(late_window_ms))
                 : now;
        if (unit(rng) < r.abandon_share) {
            const std::int64_t span =
                std::max(sale_starts_at_ms_ + admission_span_ms - u.join_at_ms, r.poll_max_ms);
            u.abandon_at_ms =
                u.join_at_ms + 1 + static_cast<std::int64_t>(unit(rng) * static_cast<double>(span));
            ++out_.counters.abandon_chosen;
        }
        u.hold_abandoner = unit(rng) < r.hold_abandon_share;
        out_.counters.hold_abandon_chosen += u.hold_abandoner ? 1 : 0;
        at(b, u.join_at_ms);
    }
}

void Scheduler::run() {
    started_ms_ = wall_ms();
    const auto deadline_ms = started_ms_ + static_cast<std::int64_t>(o_.duration_s * 1000);
    next_room_read_ms_ = started_ms_;
    next_progress_ms_ = started_ms_ + kProgressInterval_ms;
    plan_buyers(started_ms_);
    for (;;) {
        drain();
        const std::int64_t now = wall_ms();
        lots_.release_due(now);
        if (!stopping_ && (ended_ == buyers_.size() || now >= deadline_ms)) {
            stopping_ = true;
            out_.hit_duration_cap = ended_ < buyers_.size();
            for (auto& q : backlog_)
                q.clear();
        }
        if (!stopping_) {
            fire_due(now);
            read_room(now);
        }
        if (!o_.quiet && now >= next_progress_ms_) progress(now);
        if (stopping_ && in_flight() == 0) break;
        std::int64_t until = now + kIdleWait_ms;
        if (!o_.quiet) until = std::min(until, next_progress_ms_);
        if (!stopping_) {
            until = std::min(until, next_room_read_ms_);
            if (!timers_.empty()) until = std::min(until, timers_.top().at_ms);
        }
        sleep_until(until);
    }
    out_.elapsed_s = static_cast<double>(wall_ms() - started_ms_) / 1000.0;
    if (!o_.quiet) {
        progress(wall_ms());
        if (::isatty(STDERR_FILENO)) std::fputs("\n", stderr);
    }
    for (const Buyer& u : buyers_)
        out_.counters.unfinished += u.phase == Phase::ended ? 0 : 1;
    // The room as it ends, for admissions after the sell-out and the reclaimed positions.
    auto room = monitor_->get_room(event_);
    if (room.ok()) {
        out_.monitor.admitted_total_at_end = room.value.admitted_total;
        out_.monitor.abandoned_at_end = room.value.abandoned;
        out_.monitor.max_active_seen = std::max(out_.monitor.max_active_seen, room.value.active);
    }
}

void Scheduler::post(Answer&& a) {
    bool wake = false;
    {
        std::lock_guard lock(mu_);
        inbox_.push_back(std::move(a));
        wake = sleeping_;
    }
    if (wake) cv_.notify_one();
}

void Scheduler::sleep_until(std::int64_t until) {
    const std::int64_t wait = until - wall_ms();
    if (wait <= 0) return;
    std::unique_lock lock(mu_);
    sleeping_ = true;
    cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return !inbox_.empty(); });
    sleeping_ = false;
}

void Scheduler::drain() {
    std::vector<Answer> answers;
    {
        std::lock_guard lock(mu_);
        answers.swap(inbox_);
    }
    for (Answer& a : answers)
        on_answer(a);
}

void Scheduler::fire_due(std::int64_t now) {
    while (!timers_.empty() && timers_.top().at_ms <= now) {
        const std::uint32_t b = timers_.top().buyer;
        timers_.pop();
        act(b, now);
    }
}

void Scheduler::read_room(std::int64_t now) {
    if (monitor_in_flight_ || now < next_room_read_ms_) return;
    next_room_read_ms_ = now + kRoomMonitorInterval_ms;
    monitor_in_flight_ = true;
    monitor_->get_room_async(
        event_,
        answer_to<sc::RoomInfo>(kNoBuyer, RoomRequest::room,
                                [](Answer& a, sc::Result<sc::RoomInfo>& r) { a.room = r.value; }));
}

void Scheduler::progress(std::int64_t now) {
    next_progress_ms_ = now + kProgressInterval_ms;
    const RoomCounters& c = out_.counters;
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::fprintf(stderr,
                 "%s[%6.1f s] joined %llu/%zu  room %s: waiting %u active %u  admitted %llu  "
                 "seats bought %llu/%u  ended %llu  in flight %zu",
                 tty ? "\r" : "", static_cast<double>(now - started_ms_) / 1000.0,
                 static_cast<unsigned long long>(c.joined), buyers_.size(),
                 std::string(sc::to_string(last_room_.state)).c_str(), last_room_.waiting,
                 last_room_.active, static_cast<unsigned long long>(c.admitted),
                 static_cast<unsigned long long>(c.seats_bought), lots_.sellable_seats(),
                 static_cast<unsigned long long>(ended_), in_flight());
    std::fputs(tty ? "   " : "\n", stderr);
}

std::size_t Scheduler::in_flight() const {
    std::size_t n = monitor_in_flight_ ? 1 : 0;
    for (std::uint32_t f : in_flight_)
        n += f;
    return n;
}

// ---- Requests.

void Scheduler::send(std::uint32_t b, RoomRequest kind) {
    if (stopping_) return;  // the duration cap: the buyer stays unfinished
    const std::size_t c = b % clients_->size();
    if (in_flight_[c] < static_cast<std::uint32_t>(o_.pipeline))
        issue(c, b, kind);
    else
        backlog_[c].emplace_back(b, kind);
}

template <typename T, typename Fill>
Callback<T> Scheduler::answer_to(std::uint32_t b, RoomRequest kind, Fill fill) {
    const auto sent = Clock::now();
    return [this, b, kind, sent, fill](sc::Result<T> r) {
        Answer a;
        a.kind = kind;
        a.buyer = b;
        a.status = r.status;
        a.at_ms = wall_ms();
        a.latency_us = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count());
        if (r.ok()) fill(a, r);
        post(std::move(a));
    };
}

void Scheduler::issue(std::size_t c, std::uint32_t b, RoomRequest kind) {
    Client& client = *(*clients_)[c];
    Buyer& u = buyers_[b];
    ++in_flight_[c];
    auto entry = [](Answer& a, sc::Result<sc::QueueEntryInfo>& r) { a.entry = std::move(r.value); };
    auto tickets = [](Answer& a, const std::vector<sc::Ticket>& ts) {
        for (const auto& t : ts)
            a.proofs.push_back(t.ticket_id.to_string());
    };
    switch (kind) {
        case RoomRequest::join:
            client.join_queue_async(event_, u.session,
                                    answer_to<sc::QueueEntryInfo>(b, kind, entry));
            return;
        case RoomRequest::status:
            client.queue_status_async(event_, u.ticket, true,
                                      answer_to<sc::QueueEntryInfo>(b, kind, entry));
            return;
        case RoomRequest::hold:
            client.place_hold_async(
                event_, sc::HoldRequest{u.session, sc::Seats{u.seats, {}}, u.token},
                answer_to<sc::HoldInfo>(
                    b, kind, [](Answer& a, sc::Result<sc::HoldInfo>& r) { a.hold = r.value; }));
            return;
        case RoomRequest::buy: {
            const std::string buyer = "seatbench-wr-" + std::to_string(b);
            if (!o_.payment_method.empty()) {
                client.checkout_async(
                    event_,
                    sc::CheckoutRequest{u.hold, u.session, buyer, o_.payment_method, u.token},
                    answer_to<sc::CheckoutInfo>(
                        b, kind, [tickets](Answer& a, sc::Result<sc::CheckoutInfo>& r) {
                            tickets(a, r.value.tickets);
                        }));
                return;
            }
            client.purchase_async(
                event_, sc::PurchaseRequest{u.hold, u.session, buyer, buyer},
                answer_to<sc::PurchaseInfo>(b, kind,
                                            [tickets](Answer& a, sc::Result<sc::PurchaseInfo>& r) {
                                                tickets(a, r.value.tickets);
                                            }));
            return;
        }
        case RoomRequest::room:
            break;  // the monitor's, sent by read_room()
    }
}

void Scheduler::on_answer(Answer& a) {
    RoomRequestStats& st = out_.requests[static_cast<std::size_t>(a.kind)];
    st.latency.record_us(a.latency_us);
    ++st.count;
    if (a.status != sc::Status::ok) {
        ++st.errors;
        ++out_.codes[std::string(to_string(a.kind)) + ":" + std::string(sc::to_string(a.status))];
    }
    if (a.kind == RoomRequest::room) {
        monitor_in_flight_ = false;
        on_room(a);
        return;
    }
    const std::size_t c = a.buyer % clients_->size();
    --in_flight_[c];
    while (!backlog_[c].empty() && in_flight_[c] < static_cast<std::uint32_t>(o_.pipeline)) {
        const auto [b, kind] = backlog_[c].front();
        backlog_[c].pop_front();
        issue(c, b, kind);
    }
    switch (a.kind) {
        case RoomRequest::join:
            return on_join(a.buyer, a);
        case RoomRequest::status:
            if (a.status == sc::Status::ok) return on_entry(a.buyer, a.entry, a.at_ms);
            if (retryable(a.status)) return retry(a.buyer, a.at_ms);
            return end(a.buyer, &RoomCounters::ended_failed);
        case RoomRequest::hold:
            return on_hold(a.buyer, a);
        case RoomRequest::buy:
            return on_buy(a.buyer, a);
        case RoomRequest::room:
            return;
    }
}

void Scheduler::on_room(const Answer& a) {
    if (a.status != sc::Status::ok) return;
    RoomMonitor& m = out_.monitor;
    ++m.reads;
    last_room_ = a.room;
    m.max_active_seen = std::max(m.max_active_seen, a.room.active);
    if (a.room.state == sc::RoomState::sold_out && !m.sold_out_seen) {
        m.sold_out_seen = true;
        m.sold_out_seen_at_ms = a.at_ms;
        m.admitted_total_at_sold_out = a.room.admitted_total;
    }
}

// ---- A buyer's steps.

void Scheduler::act(std::uint32_t b, std::int64_t now) {
    Buyer& u = buyers_[b];
    switch (u.phase) {
        case Phase::to_join:
            return send(b, RoomRequest::join);
        case Phase::waiting:
            if (u.abandon_at_ms != 0 && now >= u.abandon_at_ms)
                return end(b, &RoomCounters::ended_abandoned);
            return send(b, RoomRequest::status);
        case Phase::admitted:
            return send(b, RoomRequest::status);
        case Phase::buying:
            return send(b, RoomRequest::buy);
        case Phase::ended:
            return;
    }
}

void Scheduler::on_join(std::uint32_t b, Answer& a) {
    if (a.status == sc::Status::sold_out) return end(b, &RoomCounters::ended_told_sold_out);
    if (a.status != sc::Status::ok) {
        // A join carries no idempotency key; sent again, it finds the session's entry.
        if (retryable(a.status)) return retry(b, a.at_ms);
        return end(b, &RoomCounters::ended_failed);
    }
    Buyer& u = buyers_[b];
    BuyerRecord& rec = out_.buyers[b];
    u.ticket = a.entry.ticket;
    rec.joined_at_ms = a.entry.joined_at_ms;
    rec.pre_queue = a.entry.room == sc::RoomState::before_sale;
    ++out_.counters.joined;
    out_.counters.joined_before_sale += rec.pre_queue ? 1 : 0;
    u.phase = Phase::waiting;
    on_entry(b, a.entry, a.at_ms);
}

void Scheduler::on_entry(std::uint32_t b, const sc::QueueEntryInfo& e, std::int64_t now) {
    Buyer& u = buyers_[b];
    BuyerRecord& rec = out_.buyers[b];
    u.retries = 0;
    if (e.place != 0) rec.place = e.place;
    switch (e.state) {
        case sc::QueueEntryState::waiting: {
            if (e.room == sc::RoomState::sold_out)
                return end(b, &RoomCounters::ended_told_sold_out);
            if (rec.predicted_at_ms < 0 && e.room != sc::RoomState::before_sale && e.eta_ms >= 0)
                rec.predicted_at_ms = now + e.eta_ms;
            std::int64_t next = now + poll_delay_ms(e, o_.room.poll_max_ms);
            if (u.abandon_at_ms != 0) next = std::min(next, std::max(u.abandon_at_ms, now));
            return at(b, next);
        }
        case sc::QueueEntryState::admitted:
            return on_admitted(b, e, now);
        case sc::QueueEntryState::done:
        case sc::QueueEntryState::left:
            // Admitted and over between two polls: the token expired unused.
            if (rec.admitted_at_ms == 0 && e.admitted_at_ms != 0) {
                rec.admitted_at_ms = e.admitted_at_ms;
                ++out_.counters.admitted;
            }
            return end(b, &RoomCounters::ended_admission_ended);
        case sc::QueueEntryState::abandoned:
            return end(b, &RoomCounters::ended_position_lost);
    }
    end(b, &RoomCounters::ended_failed);  // a state newer than this build
}

void Scheduler::on_admitted(std::uint32_t b, const sc::QueueEntryInfo& e, std::int64_t now) {
    Buyer& u = buyers_[b];
    BuyerRecord& rec = out_.buyers[b];
    if (rec.admitted_at_ms == 0) {
        rec.admitted_at_ms = e.admitted_at_ms;
        ++out_.counters.admitted;
    }
    u.token = e.admission_token;
    u.token_expires_at_ms = e.token_expires_at_ms;
    u.phase = Phase::admitted;
    try_hold(b, e.room, now);
}

void Scheduler::try_hold(std::uint32_t b, sc::RoomState room, std::int64_t now) {
    Buyer& u = buyers_[b];
    if (now >= u.token_expires_at_ms) return end(b, &RoomCounters::ended_admission_ended);
    SeatLots::Taken t = lots_.take(u.want);
    if (t.seats.empty()) {
        if (room == sc::RoomState::sold_out) return end(b, &RoomCounters::ended_no_seats);
        return at(b, now + kSeatWait_ms);  // seats of abandoned holds may come back
    }
    u.lots = std::move(t.lots);
    u.seats = std::move(t.seats);
    send(b, RoomRequest::hold);
}

void Scheduler::on_hold(std::uint32_t b, Answer& a) {
    Buyer& u = buyers_[b];
    if (a.status == sc::Status::ok) {
        ++out_.counters.holds;
        u.hold = a.hold.hold;
        u.hold_expires_at_ms = a.hold.expires_at_ms;
        u.retries = 0;
        if (u.hold_abandoner) {
            give_back(u, u.hold_expires_at_ms + kReturnSettle_ms);
            return end(b, &RoomCounters::ended_hold_abandoned);
        }
        u.phase = Phase::buying;
        return send(b, RoomRequest::buy);
    }
    // Refused seats were not held: they go back now. After a transport error the
    // hold may exist; its seats come back once it surely expired.
    const bool maybe_held = sc::is_transport_error(a.status);
    give_back(u, maybe_held ? a.at_ms + o_.hold_ttl_ms + kReturnSettle_ms : a.at_ms);
    if (a.status == sc::Status::not_admitted) return end(b, &RoomCounters::ended_admission_ended);
    if (a.status == sc::Status::admission_limit) return end(b, &RoomCounters::ended_failed);
    // Poll again: the answer says whether the admission still stands.
    retry(b, a.at_ms);
}

void Scheduler::on_buy(std::uint32_t b, Answer& a) {
    Buyer& u = buyers_[b];
    if (a.status == sc::Status::ok) {
        out_.ledger.purchases.push_back({u.seats, std::move(a.proofs)});
        out_.counters.seats_bought += u.seats.size();
        return end(b, &RoomCounters::ended_bought);
    }
    if (a.status == sc::Status::overloaded) return retry(b, a.at_ms);
    // The client resent a lost request with its idempotency key already; what is
    // still unknown counts as such in the audit.
    if (sc::is_transport_error(a.status) || a.status == sc::Status::payment_pending)
        out_.ledger.unknown_purchase_seats += u.seats.size();
    give_back(u, u.hold_expires_at_ms + kReturnSettle_ms);
    end(b, &RoomCounters::ended_failed);
}

void Scheduler::retry(std::uint32_t b, std::int64_t now) {
    Buyer& u = buyers_[b];
    if (++u.retries > kRetriesMax) return end(b, &RoomCounters::ended_failed);
    at(b, now + kRetryDelay_ms);
}

void Scheduler::give_back(Buyer& u, std::int64_t at_ms) {
    lots_.give_back(u.lots, at_ms);
    u.lots.clear();
    u.seats.clear();
}

void Scheduler::end(std::uint32_t b, Counter counter) {
    Buyer& u = buyers_[b];
    u.phase = Phase::ended;
    u.token = std::string();
    u.lots = {};
    u.seats = {};
    ++(out_.counters.*counter);
    ++ended_;
}

}  // namespace

const char* to_string(RoomRequest r) {
    switch (r) {
        case RoomRequest::join:
            return "join";
        case RoomRequest::status:
            return "status";
        case RoomRequest::hold:
            return "hold";
        case RoomRequest::buy:
            return "buy";
        case RoomRequest::room:
            return "room";
    }
    return "?";
}

bool run_waiting_room(const Options& options, const EventSetup& setup, RoomRun& out,
                      std::string& error) {
    out.sale_starts_at_ms = setup.sale_starts_at_ms;
    Scheduler scheduler(options, setup, out);
    // Declared after the scheduler, destroyed before it: a callback that comes
    // while a client closes still finds the scheduler.
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < options.connections; ++i) {
        clients.push_back(std::make_unique<Client>(seatd_client_options(options)));
        auto hello = clients.back()->connect();
        if (!hello.ok()) {
            error = "seatd: " + hello.message;
            return false;
        }
    }
    Client monitor(seatd_client_options(options));
    if (auto hello = monitor.connect(); !hello.ok()) {
        error = "seatd: " + hello.message;
        return false;
    }
    scheduler.attach(clients, monitor);
    scheduler.run();
    return true;
}

}  // namespace seat::bench
