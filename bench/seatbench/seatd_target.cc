// seatd through libseatclient. The run's event is created with CreateEvent (the
// venue file; it must fit the 1 MiB frame), and read back at the end with one
// GetSummary, one GetSection per section and one GetTicket per acknowledged
// ticket, pipelined so the audit of a sold-out stadium takes seconds.
#include "bench/seatbench/seatd_target.h"

#include <cassert>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>

#include "seat/client.h"
#include "venues/venue_json.h"

namespace seat::bench {
namespace {

// Audit look-ups in flight at once: enough to hide the round trip.
constexpr std::size_t kAuditPipelineDepth = 512;
// A generous per-call time: a synced group commit under load can take a while.
constexpr std::chrono::milliseconds kCallTimeout{30'000};
// Holds of whole VIP boxes need up to 12 seats; 16 is the protocol's maximum.
constexpr std::uint32_t kMaxSeatsPerHold = 16;
// The transfers scenario's sellers are paid here (no listing is ever bought).
const std::string kPayoutAccount = "acct_seatbench";

}  // namespace

ClientOptions seatd_client_options(const Options& o) {
    ClientOptions c;
    c.host = o.host;
    c.port = o.port;
    c.api_key = o.api_key;
    c.tls.enabled = !o.tls_ca.empty();
    c.tls.ca_file = o.tls_ca;
    c.client_name = "seatbench/0.1";
    c.call_timeout = kCallTimeout;
    return c;
}

namespace {

OpResult classify(const client::Outcome& o) {
    OpResult r;
    r.done = Clock::now();
    switch (o.status) {
        case client::Status::ok:
            r.status = OpStatus::ok;
            return r;
        case client::Status::seats_unavailable:
        case client::Status::group_rule:
        case client::Status::session_hold_limit:
        case client::Status::hold_not_found:
        case client::Status::hold_expired:
        case client::Status::not_owner:
        case client::Status::transfer_limit:
        case client::Status::ticket_offered:
        case client::Status::ticket_listed:
        case client::Status::offer_not_found:
        case client::Status::offer_claimed:
        case client::Status::offer_cancelled:
        case client::Status::offer_expired:
        case client::Status::price_over_cap:
        case client::Status::listing_unavailable:
        case client::Status::transfer_window_closed:
            r.status = OpStatus::refused;
            break;
        default:
            r.status = OpStatus::error;
            r.unknown = client::is_transport_error(o.status);
            break;
    }
    r.code = std::string(client::to_string(o.status));
    for (const auto& refusal : o.refusals)
        if (refusal.seat != client::kNoSeat) r.refused_seats.push_back(refusal.seat);
    return r;
}

class SeatdConnection final : public Connection {
  public:
    SeatdConnection(const Options& o, std::uint64_t event, std::shared_ptr<ClientThreads> threads)
        : ops_(static_cast<std::size_t>(o.pipeline)),
          payment_method_(o.payment_method),
          client_(with_threads(seatd_client_options(o), std::move(threads))),
          event_(event) {}

    bool connect(std::string& error) {
        auto hello = client_.connect();
        if (!hello.ok()) error = "seatd: " + hello.message;
        return hello.ok();
    }

    // The op waits in its slot's place while it is in flight (the runner keeps
    // one per slot), so the callback carries only the slot: small enough for
    // std::function to hold without an allocation of its own.
    void submit(Op op) override {
        op.sent = Clock::now();
        const std::uint32_t slot = op.slot;
        assert(slot < ops_.size());
        Op& o = ops_[slot] = std::move(op);
        switch (o.kind) {
            case OpKind::hold: {
                client::HoldRequest req;
                req.session = o.session;
                req.seats.ids = o.seats;
                client_.place_hold_async(event_, req, [this, slot](auto r) {
                    OpResult res = classify(r);
                    res.hold = r.value.hold;
                    push(slot, std::move(res));
                });
                break;
            }
            case OpKind::release:
                client_.release_hold_async(event_, o.hold, o.session,
                                           [this, slot](auto r) { push(slot, classify(r)); });
                break;
            case OpKind::purchase: {
                auto done = [this, slot](auto r) {
                    OpResult res = classify(r);
                    for (const auto& t : r.value.tickets)
                        res.proofs.push_back(t.ticket_id.to_string());
                    push(slot, std::move(res));
                };
                if (!payment_method_.empty()) {
                    // Paid for at the provider: the answer comes once the charge is settled.
                    client_.checkout_async(
                        event_,
                        client::CheckoutRequest{o.hold, o.session, o.buyer, payment_method_}, done);
                } else {
                    client_.purchase_async(
                        event_, client::PurchaseRequest{o.hold, o.session, o.buyer, o.buyer}, done);
                }
                break;
            }
            case OpKind::read:
                client_.get_section_async(event_, o.section, false, [this, slot](auto r) {
                    OpResult res = classify(r);
                    res.seats_read = static_cast<std::uint32_t>(r.value.statuses.size());
                    push(slot, std::move(res));
                });
                break;
            case OpKind::offer:
                client_.offer_transfer_async(event_,
                                             client::OfferRequest{o.ticket, o.owner, o.to, false},
                                             [this, slot](auto r) {
                                                 OpResult res = classify(r);
                                                 res.claim_token = std::move(r.value.claim_token);
                                                 push(slot, std::move(res));
                                             });
                break;
            case OpKind::claim:
                client_.claim_transfer_async(event_, o.token, o.to,
                                             [this, slot](auto r) { push(slot, classify(r)); });
                break;
            case OpKind::list:
                client_.list_ticket_async(
                    event_,
                    client::ListingRequest{o.ticket, o.owner, o.price_minor, kPayoutAccount},
                    [this, slot](auto r) { push(slot, classify(r)); });
                break;
            case OpKind::delist:
                client_.delist_ticket_async(event_, o.ticket, o.owner,
                                            [this, slot](auto r) { push(slot, classify(r)); });
                break;
        }
    }

    bool next(Completion& out, std::chrono::milliseconds wait) override {
        std::unique_lock lock(mu_);
        if (done_.empty()) {
            waiting_ = true;
            cv_.wait_for(lock, wait, [this] { return !done_.empty(); });
            waiting_ = false;
            if (done_.empty()) return false;
        }
        out = std::move(done_.front());
        done_.pop_front();
        return true;
    }

    bool set_completion_handler(std::function<void(Completion&&)> handler) override {
        handler_ = std::move(handler);
        return true;
    }

  private:
    static ClientOptions with_threads(ClientOptions c, std::shared_ptr<ClientThreads> threads) {
        c.threads = std::move(threads);
        return c;
    }

    // Runs on the client's I/O thread: keep it short.
    // Wakes the driver only when it waits: a busy driver finds the completion on
    // its next look, and the futex call per answer is saved.
    void push(std::uint32_t slot, OpResult result) {
        Op op = std::move(ops_[slot]);
        if (handler_) return handler_(Completion{std::move(op), std::move(result)});
        bool wake = false;
        {
            std::lock_guard lock(mu_);
            done_.push_back(Completion{std::move(op), std::move(result)});
            wake = waiting_;
        }
        if (wake) cv_.notify_one();
    }

    std::function<void(Completion&&)> handler_;  // set before the first submit, then read only
    // Per slot, the op in flight: written by submit(), taken back by its
    // callback, which the client runs after the submit's post.
    std::vector<Op> ops_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Completion> done_;
    bool waiting_ = false;              // the driver is blocked in next()
    const std::string payment_method_;  // empty: Purchase
    Client client_;                     // last: destroyed first, so no callback outlives the queue
    std::uint64_t event_;
};

class SeatdTarget final : public Target {
  public:
    explicit SeatdTarget(const Options& o)
        : options_(o),
          threads_(o.threads > 0 ? std::make_shared<ClientThreads>(o.threads) : nullptr) {}

    std::string_view name() const override { return "seatd"; }

    bool create_event(const EventSetup& setup, std::string& error) override {
        Client admin(seatd_client_options(options_));
        client::CreateEventRequest req;
        // The stadium's file (about 4 MB) does not fit a frame: the server
        // generates it. The other venues travel as files, as operators send them.
        if (setup.venue_kind == "stadium")
            req.generator = "stadium";
        else
            req.venue_json = venue_to_json(*setup.venue);
        req.name = "seatbench " + setup.venue_kind;
        req.hold_ttl_ms = setup.hold_ttl_ms;
        req.max_seats_per_hold = kMaxSeatsPerHold;
        req.sale_starts_at_ms = setup.sale_starts_at_ms;
        req.room = setup.room;
        req.transfers = setup.transfers;
        auto r = admin.create_event(setup.event, req);
        if (r.ok()) return true;
        error = "CreateEvent " + std::to_string(setup.event) + ": " +
                std::string(client::to_string(r.status)) + ": " + r.message;
        if (!req.generator.empty() && r.status == client::Status::invalid_argument)
            error +=
                " (this server does not generate venues: CreateEvent.generator is newer "
                "than it; try --venue arena)";
        if (r.status == client::Status::request_rejected)
            error += " (the " + setup.venue_kind + " venue file is " +
                     std::to_string(req.venue_json.size()) +
                     " bytes; a CreateEvent frame holds at most 1 MiB: try --venue arena)";
        return false;
    }

    std::unique_ptr<Connection> connect(const EventSetup& setup, std::string& error) override {
        auto c = std::make_unique<SeatdConnection>(options_, setup.event, threads_);
        if (!c->connect(error)) return nullptr;
        return c;
    }

    bool read_final(const EventSetup& setup, const Ledger& ledger, FinalState& out,
                    std::string& error) override {
        Client c(seatd_client_options(options_));
        const Venue& venue = *setup.venue;
        out.status.assign(venue.seat_count(), 0);
        out.owner.assign(venue.seat_count(), "");
        auto summary = c.get_summary(setup.event);
        if (!summary.ok()) {
            error = "GetSummary: " + summary.message;
            return false;
        }
        const auto& t = summary.value.totals;
        out.reported[0] = t.available;
        out.reported[1] = t.held;
        out.reported[2] = t.sold;
        out.reported[3] = t.blocked;
        out.reported_by = "seatd GetSummary";
        out.has_tickets = true;
        out.tickets = summary.value.tickets;
        return read_sections(c, setup, out, error) && read_tickets(c, setup, ledger, out, error);
    }

  private:
    bool read_sections(Client& c, const EventSetup& setup, FinalState& out, std::string& error) {
        for (std::size_t s = 0; s < setup.venue->sections.size(); ++s) {
            auto r = c.get_section(setup.event, static_cast<std::uint16_t>(s));
            if (!r.ok()) {
                error = "GetSection " + std::to_string(s) + ": " + r.message;
                return false;
            }
            for (std::size_t i = 0; i < r.value.statuses.size(); ++i) {
                const std::size_t seat = r.value.first_seat + i;
                if (seat < out.status.size())
                    out.status[seat] = static_cast<std::uint8_t>(r.value.statuses[i]);
            }
        }
        return true;
    }

    // Looks every acknowledged ticket up; a ticket that is there, valid, for the
    // seat it was sold for, becomes that seat's owner.
    bool read_tickets(Client& c, const EventSetup& setup, const Ledger& ledger, FinalState& out,
                      std::string& error) {
        struct Pending {
            std::uint32_t seat;
            std::string id;
            std::future<client::Result<client::TicketInfo>> f;
        };
        std::deque<Pending> pending;
        std::uint64_t missing = 0;
        auto settle = [&](Pending& p) {
            auto r = p.f.get();
            if (r.ok() && r.value.ticket.seat == p.seat &&
                r.value.ticket.status == client::TicketStatus::valid) {
                out.owner[p.seat] = p.id;
            } else if (client::is_transport_error(r.status)) {
                error = "GetTicket: " + r.message;
            } else {
                ++missing;
            }
        };
        for (const auto& purchase : ledger.purchases) {
            for (std::size_t i = 0; i < purchase.seats.size() && i < purchase.proofs.size(); ++i) {
                auto id = client::Id128::parse(purchase.proofs[i]);
                if (!id) continue;
                pending.push_back(
                    {purchase.seats[i], purchase.proofs[i], c.get_ticket_async(setup.event, *id)});
                if (pending.size() >= kAuditPipelineDepth) {
                    settle(pending.front());
                    pending.pop_front();
                }
            }
        }
        for (auto& p : pending)
            settle(p);
        if (missing > 0)
            out.failures.push_back(std::to_string(missing) +
                                   " acknowledged tickets are missing or not for their seat");
        return error.empty();
    }

    Options options_;
    // The run's connections share these I/O threads (--threads); null: a
    // thread per connection. The admin and audit clients keep their own.
    std::shared_ptr<ClientThreads> threads_;
};

}  // namespace

std::unique_ptr<Target> make_seatd_target(const Options& options) {
    return std::make_unique<SeatdTarget>(options);
}

}  // namespace seat::bench
