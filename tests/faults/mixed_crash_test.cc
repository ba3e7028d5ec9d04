// Proves that under mixed load (holds of one to three seats, releases, purchases,
// ticket admissions at gates) every acknowledged purchase and admission survives
// kill -9 and no seat is ever sold twice. Each cycle four clients work on the
// current event while seatd is killed at a random moment; after the restart each
// client settles the calls the kill cut off, sending them again with their
// idempotency keys (a purchase that had acted answers with its original tickets),
// and the test checks the current event: every acknowledged ticket is there on its
// seat, admitted if its admission was acknowledged; every sold seat has its own
// ticket; the counts add up. Every earlier event must not have changed at all
// since it was last checked. An event serves cycles until most of it is sold, then
// a fresh one takes over. 10 cycles by default; SEAT_MIXED_CRASH_CYCLES=N runs N
// (tests/soak/faults_soak.sh runs 1,000).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <random>
#include <set>

#include "tests/e2e/e2e_helpers.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::e2e {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kCyclesDefault = 10;
constexpr int kClients = 4;
constexpr std::uint64_t kFirstEvent = 5000;
constexpr std::int64_t kHoldTtlMs = 24ll * 3600 * 1000;  // nothing expires: old events stay still
constexpr std::size_t kLiveHoldsPerClientMax = 2;
// Stalls rows A..I (ids 0..125) and the balcony (140..199) have no seat groups, so
// a refused hold is always about seats.
constexpr std::uint32_t kStallsNoGroups = 126;
constexpr std::uint32_t kSeatsNoGroups = kStallsNoGroups + 60;
// A fresh event once this many of its plain seats are sold or held.
constexpr std::uint32_t kRetireAt = kSeatsNoGroups * 7 / 10;

int cycles() {
    if (const char* env = std::getenv("SEAT_MIXED_CRASH_CYCLES")) {
        const int n = std::atoi(env);
        if (n > 0) return n;
    }
    return kCyclesDefault;
}

ClientOptions crash_options(std::uint16_t port) {
    ClientOptions o = client_options(port);
    o.reconnect_attempts_max = 1;
    o.call_timeout = std::chrono::seconds(3);
    return o;
}

// What the clients were told, for all events: ticket -> its seat and admission.
struct Ledger {
    struct Sale {
        std::uint64_t event;
        std::uint32_t seat;
        bool admitted = false;
    };
    std::mutex mu;
    std::map<sc::Id128, Sale> tickets;
    std::string problem;
    std::uint64_t purchases = 0, admissions = 0, settled = 0;

    void sold(std::uint64_t event, const std::vector<sc::Ticket>& ts) {
        std::lock_guard lock(mu);
        ++purchases;
        for (const sc::Ticket& t : ts) {
            const auto [it, fresh] = tickets.emplace(t.ticket_id, Sale{event, t.seat});
            if (!fresh && (it->second.event != event || it->second.seat != t.seat))
                problem = "ticket " + t.ticket_id.to_string() + " acknowledged for two seats";
        }
    }
    void admitted(const sc::Id128& ticket) {
        std::lock_guard lock(mu);
        ++admissions;
        tickets.at(ticket).admitted = true;
    }
    void fail(std::string why) {
        std::lock_guard lock(mu);
        if (problem.empty()) problem = std::move(why);
    }
};

// One client's side of the sale, kept across cycles: its live holds, its tickets
// not yet admitted, and the calls whose outcome it does not know.
class Worker {
  public:
    Worker(int index, std::uint64_t seed) : index_(index), rng_(seed * 977 + index) {}

    void start_event(std::uint64_t event) {
        event_ = event;
        session_ =
            sc::Id128::from_name("mixed-" + std::to_string(event) + "-" + std::to_string(index_));
        live_.clear();
        unadmitted_.clear();
        unresolved_.clear();
    }

    // Works until `stop` or a transport failure.
    void load(std::uint16_t port, Ledger& ledger, const std::atomic<bool>& stop) {
        Client client(crash_options(port));
        while (!stop.load() && unresolved_.empty()) {
            const std::uint64_t roll = rng_() % 100;
            if (roll < 15 && !unadmitted_.empty()) {
                const std::size_t i = rng_() % unadmitted_.size();
                const sc::Id128 ticket = unadmitted_[i];
                const auto t = client.get_ticket(event_, ticket);
                if (sc::is_transport_error(t.status)) return;
                if (!t.ok()) return ledger.fail("acknowledged ticket not found: " + t.message);
                unadmitted_.erase(unadmitted_.begin() + static_cast<std::ptrdiff_t>(i));
                call({Call::What::admit, {}, 0, {}, ticket, t.value.ticket.code}, client, ledger);
            } else if (roll < 55 || live_.empty()) {
                if (live_.size() >= kLiveHoldsPerClientMax) {
                    act_on_live(client, ledger);
                } else {
                    call({Call::What::hold, pick_seats(), 0, sc::Id128::random(), {}, {}}, client,
                         ledger);
                }
            } else {
                act_on_live(client, ledger);
            }
        }
    }

    // After a restart: every cut-off call again, with its key; returns false when
    // the server is unreachable.
    bool settle(std::uint16_t port, Ledger& ledger) {
        Client client(client_options(port));
        while (!unresolved_.empty()) {
            const Call c = unresolved_.front();
            unresolved_.erase(unresolved_.begin());
            if (!call(c, client, ledger)) return false;
            ++ledger.settled;
        }
        return true;
    }

  private:
    struct Call {
        enum class What { hold, release, purchase, admit };
        What what;
        std::vector<std::uint32_t> seats;
        std::uint64_t hold;
        sc::Id128 key;
        sc::Id128 ticket;
        std::string code;
    };

    void act_on_live(Client& client, Ledger& ledger) {
        const std::size_t i = rng_() % live_.size();
        const std::uint64_t hold = live_[i];
        live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
        const auto what = rng_() % 5 < 3 ? Call::What::purchase : Call::What::release;
        call({what, {}, hold, sc::Id128::random(), {}, {}}, client, ledger);
    }

    std::vector<std::uint32_t> pick_seats() {
        std::vector<std::uint32_t> seats;
        const std::size_t n = 1 + rng_() % 3;
        while (seats.size() < n) {
            std::uint32_t s = static_cast<std::uint32_t>(rng_() % kSeatsNoGroups);
            if (s >= kStallsNoGroups) s += 14;  // skip Stalls row J
            if (std::find(seats.begin(), seats.end(), s) == seats.end()) seats.push_back(s);
        }
        return seats;
    }

    // Makes the call and books its answer; false (and the call kept for settle)
    // when the answer was lost.
    bool call(const Call& c, Client& client, Ledger& ledger) {
        CallOptions o;
        o.idempotency_key = c.key;
        sc::Status status = sc::Status::ok;
        std::string message;
        switch (c.what) {
            case Call::What::hold: {
                const auto r = client.place_hold(event_, session_, sc::Seats{c.seats}, o);
                status = r.status;
                message = r.message;
                if (r.ok()) live_.push_back(r.value.hold);
                break;
            }
            case Call::What::release: {
                const auto r = client.release_hold(event_, c.hold, session_, o);
                status = r.status;
                message = r.message;
                break;
            }
            case Call::What::purchase: {
                const auto r = client.purchase(
                    event_,
                    sc::PurchaseRequest{c.hold, session_, "buyer-" + std::to_string(index_), "pay"},
                    o);
                status = r.status;
                message = r.message;
                if (r.ok()) {
                    ledger.sold(event_, r.value.tickets);
                    for (const sc::Ticket& t : r.value.tickets)
                        unadmitted_.push_back(t.ticket_id);
                }
                break;
            }
            case Call::What::admit: {
                const auto r = client.admit(event_, c.code, "gate-" + std::to_string(index_));
                status = r.status;
                message = r.message;
                // A cut-off admission sent again finds the ticket admitted by itself.
                if (r.ok() || r.status == sc::Status::already_admitted) ledger.admitted(c.ticket);
                if (r.status == sc::Status::already_admitted) status = sc::Status::ok;
                break;
            }
        }
        if (sc::is_transport_error(status)) {
            unresolved_.push_back(c);
            return false;
        }
        const bool expected = status == sc::Status::ok || (c.what == Call::What::hold &&
                                                           status == sc::Status::seats_unavailable);
        if (!expected) {
            ledger.fail("client " + std::to_string(index_) + ": answered " +
                        std::string(sc::to_string(status)) + ": " + message);
        }
        if (status != sc::Status::ok) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return true;
    }

    int index_;
    std::mt19937_64 rng_;
    std::uint64_t event_ = 0;
    sc::Id128 session_;
    std::vector<std::uint64_t> live_;
    std::vector<sc::Id128> unadmitted_;
    std::vector<Call> unresolved_;
};

struct Still {
    std::uint64_t sequence;
    sc::Counts totals;
    std::uint64_t tickets;
    std::uint64_t live_holds;
};

bool same(const Still& a, const sc::Summary& b) {
    return a.sequence == b.sequence && a.totals.available == b.totals.available &&
           a.totals.held == b.totals.held && a.totals.sold == b.totals.sold &&
           a.totals.blocked == b.totals.blocked && a.tickets == b.tickets &&
           a.live_holds == b.live_holds;
}

// The current event against the ledger, seat by seat; returns its summary.
sc::Summary verify_current(Client& client, std::uint64_t event, Ledger& ledger,
                           std::uint64_t& checked) {
    std::map<std::uint32_t, sc::Id128> acked_seat;
    for (const auto& [ticket, sale] : ledger.tickets) {
        if (sale.event != event) continue;
        EXPECT_TRUE(acked_seat.emplace(sale.seat, ticket).second)
            << "event " << event << " seat " << sale.seat << " acknowledged to two tickets";
        const auto t = client.get_ticket(event, ticket);
        EXPECT_TRUE(t.ok()) << "acknowledged ticket lost: event " << event << " seat " << sale.seat
                            << ": " << t.message;
        if (!t.ok()) continue;
        EXPECT_EQ(t.value.ticket.seat, sale.seat);
        if (sale.admitted) {
            EXPECT_EQ(t.value.ticket.status, sc::TicketStatus::admitted)
                << "acknowledged admission lost: event " << event << " seat " << sale.seat;
        } else {
            EXPECT_TRUE(t.value.ticket.status == sc::TicketStatus::valid ||
                        t.value.ticket.status == sc::TicketStatus::admitted);
        }
        ++checked;
    }
    std::uint32_t sold = 0;
    std::set<sc::Id128> ticket_of_seat;
    for (const char* name : {"Stalls", "Balcony"}) {
        const auto s = client.get_section(event, name);
        EXPECT_TRUE(s.ok()) << s.message;
        for (std::uint32_t i = 0; i < s.value.statuses.size(); ++i) {
            const std::uint32_t seat = s.value.first_seat + i;
            const bool is_sold = s.value.statuses[i] == sc::SeatStatus::sold;
            const auto acked = acked_seat.find(seat);
            if (acked != acked_seat.end()) {
                EXPECT_TRUE(is_sold)
                    << "event " << event << " seat " << seat << ": acknowledged purchase lost";
            }
            if (!is_sold) continue;
            ++sold;
            const auto info = client.get_seat(event, seat);
            EXPECT_TRUE(info.ok()) << info.message;
            EXPECT_TRUE(ticket_of_seat.insert(info.value.ticket_id).second)
                << "event " << event << ": one ticket on two seats (seat " << seat << ")";
            if (acked != acked_seat.end()) {
                EXPECT_EQ(info.value.ticket_id, acked->second)
                    << "event " << event << " seat " << seat << " sold to another ticket";
            }
        }
    }
    const auto summary = client.get_summary(event);
    EXPECT_TRUE(summary.ok()) << summary.message;
    const auto& c = summary.value.totals;
    EXPECT_EQ(c.available + c.held + c.sold + c.blocked, kTheatreSeats);
    EXPECT_EQ(c.sold, sold);
    EXPECT_EQ(summary.value.tickets, c.sold) << "one ticket per sold seat";
    return summary.value;
}

TEST(MixedCrash, AcknowledgedSalesAndAdmissionsSurviveKill9UnderMixedLoad) {
    const int n = cycles();
    const auto start = Clock::now();
    testing::SeatdProcess seatd;
    std::mt19937_64 rng(20240);
    Ledger ledger;
    std::vector<Worker> workers;
    for (int i = 0; i < kClients; ++i)
        workers.emplace_back(i, 7);
    std::map<std::uint64_t, Still> retired;
    std::uint64_t event = kFirstEvent - 1, checked = 0, still_checks = 0;
    bool fresh_event = true;
    for (int cycle = 0; cycle < n; ++cycle) {
        if (fresh_event) {
            ++event;
            Client admin(client_options(seatd.port()));
            sc::CreateEventRequest req;
            req.venue_json = venue_to_json(make_theatre());
            req.name = "Mixed " + std::to_string(event);
            req.hold_ttl_ms = kHoldTtlMs;
            req.max_holds_per_session = 64;
            const auto created = admin.create_event(event, req);
            ASSERT_TRUE(created.ok()) << created.message;
            for (Worker& w : workers)
                w.start_event(event);
            fresh_event = false;
        }
        std::atomic<bool> stop{false};
        std::vector<std::future<void>> load;
        for (Worker& w : workers) {
            load.push_back(std::async(std::launch::async,
                                      [&, port = seatd.port()] { w.load(port, ledger, stop); }));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 200));
        seatd.kill9();
        stop = true;
        for (auto& f : load)
            ASSERT_EQ(f.wait_for(std::chrono::seconds(20)), std::future_status::ready);
        seatd.restart();
        for (Worker& w : workers)
            ASSERT_TRUE(w.settle(seatd.port(), ledger)) << "cannot reach seatd after a restart";
        ASSERT_EQ(ledger.problem, "");

        Client client(client_options(seatd.port()));
        const sc::Summary summary = verify_current(client, event, ledger, checked);
        for (const auto& [old, still] : retired) {
            const auto s = client.get_summary(old);
            ASSERT_TRUE(s.ok()) << s.message;
            ASSERT_TRUE(same(still, s.value)) << "event " << old << " changed after it was retired";
            ++still_checks;
        }
        if (::testing::Test::HasFailure()) return;
        if (summary.totals.sold + summary.totals.held >= kRetireAt) {
            retired[event] = {summary.sequence, summary.totals, summary.tickets,
                              summary.live_holds};
            fresh_event = true;
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf(
        "[ info ] %d kill -9 cycles under mixed load over %ju events: %ju purchases and %ju "
        "admissions acknowledged (%zu tickets), %ju cut-off calls settled by their keys; %ju "
        "acknowledged tickets checked after restarts, %ju retired-event checks; lost or double "
        "sales 0; %.1f s\n",
        n, static_cast<std::uintmax_t>(event - kFirstEvent + 1),
        static_cast<std::uintmax_t>(ledger.purchases),
        static_cast<std::uintmax_t>(ledger.admissions), ledger.tickets.size(),
        static_cast<std::uintmax_t>(ledger.settled), static_cast<std::uintmax_t>(checked),
        static_cast<std::uintmax_t>(still_checks), seconds);
    EXPECT_GT(ledger.purchases, 0u);
}

}  // namespace
}  // namespace seat::e2e
