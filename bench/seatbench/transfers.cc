// The transfers scenario: the setup's sale, the actor whose slots hand tickets
// over, the after-run completion of hand-overs cut in half, and the custody
// audit. Only the actor runs during the timed run; the rest use a Client of
// their own, pipelined through the future calls.
#include "bench/seatbench/transfers.h"

#include <deque>
#include <future>

#include "bench/seatbench/seatd_target.h"
#include "seat/client.h"

namespace seat::bench {
namespace {

// Look-ups and sales in flight at once in the untimed parts.
constexpr std::size_t kPipelineDepth = 512;
// Any price at or under the face value passes the default cap.
constexpr std::int64_t kListingPriceMinor = 100;
constexpr std::size_t kNoTicket = SIZE_MAX;

std::string unknown_or(const std::string& what, const client::Outcome& o) {
    return what + ": " + std::string(client::to_string(o.status)) +
           (o.message.empty() ? "" : " (" + o.message + ")");
}

using Phase = TransferTicket::Phase;

// prefix + n, appended rather than with operator+ (GCC 12's -Wrestrict false
// positive on a literal + std::to_string).
std::string numbered(std::string prefix, std::uint64_t n) {
    prefix += std::to_string(n);
    return prefix;
}

// One connection's tickets, every C-th of the setup's. Each slot hands one
// ticket over at a time: it takes the ticket that waited longest (so tickets
// get hand-overs in turn), sends the first command, and on its answer the
// second; then the ticket goes to the back of the line, or is retired.
class TransfersActor final : public Actor {
  public:
    TransfersActor(Shared& shared, std::uint32_t connection)
        : options_(shared.options.transfer),
          connection_(connection),
          slot_ticket_(static_cast<std::size_t>(shared.options.pipeline), kNoTicket) {
        const auto c = static_cast<std::size_t>(shared.options.connections);
        for (std::size_t i = connection; i < shared.transfer_tickets.size(); i += c) {
            tickets_.push_back(shared.transfer_tickets[i]);
            ids_.push_back(client::Id128::parse(tickets_.back().id).value_or(client::Id128{}));
            free_.push_back(tickets_.size() - 1);
        }
    }

    Step next(std::uint32_t slot, Clock::time_point now) override {
        Step step;
        std::size_t& t = slot_ticket_[slot];
        if (t == kNoTicket) {
            if (free_.empty()) {
                if (in_hand_ == 0) return step;  // every ticket retired (or set aside)
                step.kind = Step::wait;          // the others come back from hand-over
                step.wake = now + std::chrono::milliseconds(1);
                return step;
            }
            t = free_.front();
            free_.pop_front();
            ++in_hand_;
        }
        TransferTicket& tk = tickets_[t];
        step.kind = Step::request;
        Op& op = step.op;
        op.slot = slot;
        op.ticket = ids_[t];
        switch (tk.phase) {
            case Phase::idle:
                op.owner = tk.owner;
                if (options_.list_every > 0 &&
                    started_++ % options_.list_every == options_.list_every - 1) {
                    op.kind = OpKind::list;
                    op.price_minor = kListingPriceMinor;
                } else {
                    op.kind = OpKind::offer;
                    tk.next_owner = numbered(numbered("c", connection_) + "-", names_++);
                    op.to = tk.next_owner + "@seatbench.example";
                }
                break;
            case Phase::offered:
                op.kind = OpKind::claim;
                op.token = tk.token;
                op.to = tk.next_owner;  // the claimer
                break;
            case Phase::listed:
                op.kind = OpKind::delist;
                op.owner = tk.owner;
                break;
        }
        return step;
    }

    void on_result(const Completion& c) override {
        std::size_t& t = slot_ticket_[c.op.slot];
        TransferTicket& tk = tickets_[t];
        if (c.result.status != OpStatus::ok ||
            (c.op.kind == OpKind::offer && c.result.claim_token.empty())) {
            // Refused (not expected here), of unknown outcome, or a replayed
            // offer without its token: the ticket is set aside, unaudited.
            tk.uncertain = true;
            ++set_aside_;
            put_down(t, false);
            return;
        }
        switch (c.op.kind) {
            case OpKind::offer:
                tk.phase = Phase::offered;
                tk.token = c.result.claim_token;
                return;
            case OpKind::list:
                tk.phase = Phase::listed;
                return;
            case OpKind::claim:
                tk.owner = std::move(tk.next_owner);
                tk.next_owner.clear();
                tk.token.clear();
                ++transfers_;
                break;
            case OpKind::delist:
                ++escrow_;
                break;
            default:
                return;
        }
        tk.phase = Phase::idle;
        ++tk.handovers;
        put_down(t, tk.handovers < options_.handovers_max);
    }

    void finish(Ledger& ledger, std::map<std::string, std::uint64_t>& counters) override {
        std::uint64_t halfway = 0;
        for (const TransferTicket& tk : tickets_)
            halfway += !tk.uncertain && tk.phase != Phase::idle;
        counters["handovers"] += transfers_ + escrow_;
        counters["handovers_offer_claim"] += transfers_;
        counters["handovers_list_delist"] += escrow_;
        counters["handovers_halfway_at_end"] += halfway;
        counters["tickets"] += tickets_.size();
        counters["tickets_retired"] += retired_;
        counters["tickets_set_aside"] += set_aside_;
        ledger.transfer_tickets.insert(ledger.transfer_tickets.end(), tickets_.begin(),
                                       tickets_.end());
    }

  private:
    void put_down(std::size_t& t, bool again) {
        if (again)
            free_.push_back(t);
        else if (!tickets_[t].uncertain)
            ++retired_;
        t = kNoTicket;
        --in_hand_;
    }

    const TransferOptions& options_;
    const std::uint32_t connection_;
    std::vector<TransferTicket> tickets_;
    std::vector<client::Id128> ids_;  // tickets_[i]'s id, parsed once
    std::deque<std::size_t> free_;    // tickets waiting for their next hand-over, oldest first
    std::vector<std::size_t> slot_ticket_;
    std::size_t in_hand_ = 0;
    std::uint64_t started_ = 0, names_ = 0;
    std::uint64_t transfers_ = 0, escrow_ = 0, retired_ = 0, set_aside_ = 0;
};

// Runs `start(i)` for i in [0, n) with at most kPipelineDepth futures waiting,
// giving each answer to `settle(i, future)` in order.
template <typename Start, typename Settle>
void pipelined(std::size_t n, Start start, Settle settle) {
    using Future = decltype(start(std::size_t{0}));
    std::deque<std::pair<std::size_t, Future>> pending;
    for (std::size_t i = 0; i < n; ++i) {
        pending.emplace_back(i, start(i));
        if (pending.size() >= kPipelineDepth) {
            settle(pending.front().first, pending.front().second);
            pending.pop_front();
        }
    }
    for (auto& [i, f] : pending)
        settle(i, f);
}

bool connect(Client& c, std::string& error) {
    auto hello = c.connect();
    if (!hello.ok()) error = "seatd: " + hello.message;
    return hello.ok();
}

void add(AuditReport& r, std::string name, bool passed, std::string detail) {
    r.checks.push_back({std::move(name), passed, std::move(detail)});
}

}  // namespace

client::TransferSettings transfer_settings() {
    client::TransferSettings t;
    t.max_transfers_per_ticket = 0;  // no limit; seatbench retires tickets itself
    return t;
}

bool sell_transfer_tickets(const Options& o, const EventSetup& setup, Shared& shared,
                           Ledger& ledger, std::string& error) {
    const std::size_t want = o.transfer.tickets;
    const std::size_t units = (want + kHoldsScenarioSeats - 1) / kHoldsScenarioSeats;
    if (units > shared.units.size()) {
        error = "--tickets " + std::to_string(want) + ": the " + o.venue + " has " +
                std::to_string(shared.units.size() * kHoldsScenarioSeats) +
                " plain seats in runs of 4 to sell";
        return false;
    }
    Client c(seatd_client_options(o));
    if (!connect(c, error)) return false;
    auto seats_of = [&](std::size_t u) {
        std::vector<std::uint32_t> seats = shared.units[u];
        seats.resize(std::min(seats.size(), want - u * kHoldsScenarioSeats));
        return seats;
    };
    std::vector<client::Id128> sessions(units);
    std::vector<std::uint64_t> holds(units, 0);
    pipelined(
        units,
        [&](std::size_t u) {
            sessions[u] = client::Id128::random();
            return c.place_hold_async(setup.event, sessions[u], client::Seats{seats_of(u), {}});
        },
        [&](std::size_t u, auto& f) {
            auto r = f.get();
            if (r.ok())
                holds[u] = r.value.hold;
            else if (error.empty())
                error = unknown_or("setup hold", r);
        });
    if (!error.empty()) return false;
    pipelined(
        units,
        [&](std::size_t u) {
            const std::string buyer = numbered("b", u);
            return c.purchase_async(setup.event,
                                    client::PurchaseRequest{holds[u], sessions[u], buyer, buyer});
        },
        [&](std::size_t u, auto& f) {
            auto r = f.get();
            if (!r.ok()) {
                if (error.empty()) error = unknown_or("setup purchase", r);
                return;
            }
            Purchase p;
            for (const client::Ticket& t : r.value.tickets) {
                p.seats.push_back(t.seat);
                p.proofs.push_back(t.ticket_id.to_string());
                TransferTicket tk;
                tk.id = p.proofs.back();
                tk.seat = t.seat;
                tk.owner = numbered("b", u);
                shared.transfer_tickets.push_back(std::move(tk));
            }
            ledger.purchases.push_back(std::move(p));
        });
    return error.empty();
}

std::unique_ptr<Actor> make_transfers_actor(Shared& shared, std::uint32_t connection) {
    return std::make_unique<TransfersActor>(shared, connection);
}

bool finish_handovers(const Options& o, const EventSetup& setup, Ledger& ledger,
                      std::map<std::string, std::uint64_t>& counters, std::string& error) {
    std::vector<TransferTicket*> halfway;
    for (TransferTicket& tk : ledger.transfer_tickets)
        if (!tk.uncertain && tk.phase != Phase::idle) halfway.push_back(&tk);
    counters["handovers_finished_after_run"] += 0;
    counters["handovers_failed_after_run"] += 0;
    if (halfway.empty()) return true;
    Client c(seatd_client_options(o));
    if (!connect(c, error)) return false;
    // Claims and delistings answer with different values; each becomes "ok or not".
    pipelined(
        halfway.size(),
        [&](std::size_t i) -> std::future<bool> {
            TransferTicket& tk = *halfway[i];
            if (tk.phase == Phase::offered) {
                auto f = std::make_shared<std::promise<bool>>();
                c.claim_transfer_async(setup.event, tk.token, tk.next_owner,
                                       [f](auto r) { f->set_value(r.ok()); });
                return f->get_future();
            }
            auto f = std::make_shared<std::promise<bool>>();
            c.delist_ticket_async(setup.event,
                                  client::Id128::parse(tk.id).value_or(client::Id128{}), tk.owner,
                                  [f](auto r) { f->set_value(r.ok()); });
            return f->get_future();
        },
        [&](std::size_t i, std::future<bool>& f) {
            TransferTicket& tk = *halfway[i];
            if (!f.get()) {
                tk.uncertain = true;
                ++counters["handovers_failed_after_run"];
                return;
            }
            if (tk.phase == Phase::offered) tk.owner = tk.next_owner;
            tk.phase = Phase::idle;
            ++tk.handovers;
            ++counters["handovers_finished_after_run"];
        });
    return true;
}

bool audit_transfers(const Options& o, const EventSetup& setup, const Ledger& ledger,
                     std::uint64_t refused_or_failed, AuditReport& report, std::string& error) {
    std::vector<const TransferTicket*> audited;
    std::uint64_t set_aside = 0, handovers = 0;
    for (const TransferTicket& tk : ledger.transfer_tickets) {
        if (tk.uncertain) {
            ++set_aside;
            continue;
        }
        audited.push_back(&tk);
        handovers += tk.handovers;
    }
    add(report, "hand-overs without refusal or error", refused_or_failed == 0 && set_aside == 0,
        std::to_string(refused_or_failed) + " refused or failed commands, " +
            std::to_string(set_aside) + " tickets set aside");
    Client c(seatd_client_options(o));
    if (!connect(c, error)) return false;
    std::uint64_t owner_ok = 0, records_ok = 0, records = 0, valid = 0;
    std::string first_mismatch;
    pipelined(
        audited.size(),
        [&](std::size_t i) {
            return c.get_ticket_history_async(
                setup.event, client::Id128::parse(audited[i]->id).value_or(client::Id128{}));
        },
        [&](std::size_t i, auto& f) {
            auto r = f.get();
            const TransferTicket& tk = *audited[i];
            if (!r.ok()) {
                if (client::is_transport_error(r.status) && error.empty())
                    error = unknown_or("GetTicketHistory", r);
                if (first_mismatch.empty())
                    first_mismatch = tk.id + ": " + std::string(client::to_string(r.status));
                return;
            }
            const auto& chain = r.value.transfers;
            records += chain.size();
            valid += r.value.ticket.status == client::TicketStatus::valid;
            const bool owner = !chain.empty() && chain.back().to_owner == tk.owner &&
                               r.value.ticket.owner_id == tk.owner;
            const bool count = chain.size() == 1 + std::size_t{tk.handovers};
            owner_ok += owner;
            records_ok += count;
            if ((!owner || !count) && first_mismatch.empty())
                first_mismatch =
                    tk.id + ": " + std::to_string(chain.size()) + " records, last to \"" +
                    (chain.empty() ? "" : chain.back().to_owner) + "\"; seatbench counted " +
                    std::to_string(tk.handovers) + " hand-overs, owner \"" + tk.owner + "\"";
        });
    if (!error.empty()) return false;
    const std::string of = " of " + std::to_string(audited.size()) + " tickets";
    const std::string where = first_mismatch.empty() ? "" : "; first mismatch " + first_mismatch;
    add(report, "each ticket's last custody record is the owner seatbench believes",
        owner_ok == audited.size() && valid == audited.size(),
        std::to_string(owner_ok) + of + " (" + std::to_string(valid) + " valid)" + where);
    add(report, "custody records = the sale + the hand-overs counted, per ticket",
        records_ok == audited.size(),
        std::to_string(records_ok) + of + "; " + std::to_string(records) + " records for " +
            std::to_string(audited.size()) + " sales + " + std::to_string(handovers) +
            " hand-overs" + where);
    return true;
}

}  // namespace seat::bench
