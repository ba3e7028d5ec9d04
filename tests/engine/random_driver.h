// A seeded random workload for the engine: many sessions hold, release, extend,
// buy and retry (with and without idempotency keys), operators block and
// unblock, the clock moves and the expiry timer runs; sold tickets are scanned at
// gates (current, old and unknown codes), reissued and cancelled; holds are paid
// for through checkouts whose charges succeed, decline, come back late or never,
// and refunds owed are settled, failed and retried; tickets are offered and
// claimed (or cancelled, expired, claimed twice or with a bogus token), listed
// (some over the cap), delisted and bought through checkouts, sellers verified
// and payouts settled. Same seed, same run.
#pragma once

#include <span>
#include <vector>

#include "engine/engine.h"
#include "engine/queries.h"

namespace seat::testing {

struct DriverStats {
    std::size_t commands = 0;
    std::size_t holds_ok = 0;
    std::size_t holds_refused = 0;
    std::size_t purchases_ok = 0;
    std::size_t replays = 0;
    std::size_t admits_ok = 0;
    std::size_t reissues_ok = 0;
    std::size_t cancels_ok = 0;
    std::size_t ticket_refusals = 0;
    std::size_t checkouts_sold = 0;
    std::size_t checkouts_declined = 0;
    std::size_t checkouts_compensated = 0;
    std::size_t offers_made = 0;
    std::size_t offers_claimed = 0;
    std::size_t offers_withdrawn = 0;
    std::size_t listings_made = 0;
    std::size_t listings_sold = 0;
    std::size_t listings_delisted = 0;
    std::size_t transfer_refusals = 0;
    std::size_t payouts_settled = 0;
};

class RandomDriver {
  public:
    // `hot_seats` > 0 confines requests to the first hot_seats seats (contention).
    RandomDriver(std::uint64_t seed, std::size_t sessions, std::size_t hot_seats = 0)
        : choice_(seed), sessions_(sessions), hot_seats_(hot_seats) {}

    // Runs one random command against `state` (decide + apply) and returns its result.
    Result step(EventState& state, UnixMillis& now, Rng& rng, FactBuffer& out) {
        ++stats.commands;
        now += static_cast<UnixMillis>(choice_.below(20'000));
        const std::uint64_t roll = choice_.below(100);
        Command c = pick(state, roll);
        const std::size_t first = out.size();  // `out` may be the whole log: count only new facts
        Result r = execute(state, c, now, rng, out);
        const std::span<const Fact> made(out.data() + first, out.size() - first);
        if (r.replayed) ++stats.replays;
        if (std::holds_alternative<PlaceHold>(c)) {
            if (r.ok() && !r.replayed) {
                live_.push_back(
                    {std::get<HoldReply>(r.reply).hold, std::get<PlaceHold>(c).session});
                ++stats.holds_ok;
            } else if (!r.ok()) {
                ++stats.holds_refused;
            }
        }
        if (std::holds_alternative<Purchase>(c) && r.ok() && !r.replayed) ++stats.purchases_ok;
        if (std::holds_alternative<SettleCheckout>(c)) {
            for (const Fact& f : made) {
                stats.checkouts_sold += std::holds_alternative<CheckoutSold>(f);
                stats.checkouts_declined += std::holds_alternative<CheckoutDeclined>(f);
                stats.checkouts_compensated += std::holds_alternative<CheckoutCompensated>(f);
            }
        }
        if (std::holds_alternative<AdmitTicket>(c) || std::holds_alternative<ReissueTicket>(c) ||
            std::holds_alternative<CancelTicket>(c)) {
            if (!r.ok()) ++stats.ticket_refusals;
            if (r.ok() && !r.replayed) {
                stats.admits_ok += std::holds_alternative<AdmitTicket>(c);
                stats.reissues_ok += std::holds_alternative<ReissueTicket>(c);
                stats.cancels_ok += std::holds_alternative<CancelTicket>(c);
            }
        }
        for (const Fact& f : made) {
            stats.offers_made += std::holds_alternative<TransferOffered>(f);
            stats.offers_claimed += std::holds_alternative<TransferClaimed>(f);
            stats.offers_withdrawn += std::holds_alternative<OfferWithdrawn>(f);
            stats.listings_made += std::holds_alternative<TicketListed>(f);
            stats.listings_sold += std::holds_alternative<ListingSold>(f);
            stats.listings_delisted += std::holds_alternative<TicketDelisted>(f);
            stats.payouts_settled += std::holds_alternative<PayoutSettled>(f);
        }
        if (transfer_kind(c) && !r.ok()) ++stats.transfer_refusals;
        last_ = c;
        return r;
    }

    DriverStats stats;

  private:
    struct Known {
        HoldId hold;
        SessionId session;
    };

    SessionId random_session() { return SessionId{1, 1 + choice_.below(sessions_)}; }
    IdempotencyKey fresh_key() { return IdempotencyKey{2, ++next_key_}; }

    SeatId random_seat(const EventState& state) {
        const std::size_t range =
            hot_seats_ ? std::min(hot_seats_, state.capacity()) : state.capacity();
        return static_cast<SeatId>(choice_.below(range));
    }

    Command pick(const EventState& state, std::uint64_t roll) {
        if (roll < 5 && last_.index() != 0) return last_;  // a client retry of the same command
        if (choice_.below(6) == 0) return checkout_command(state);
        // Tickets live on after the hot seats sell out, when holds are mostly refused.
        if (roll >= 84 && roll < 90 && !state.tickets().empty()) return ticket_command(state);
        if (roll >= 90 && roll < 96 && !state.tickets().empty()) return transfer_command(state);
        if (roll < 45 || live_.empty()) {
            PlaceHold h{random_session(), {}, choice_.below(2) ? fresh_key() : IdempotencyKey{}};
            const SeatId first = random_seat(state);
            const std::size_t n = 1 + choice_.below(4);
            for (std::size_t i = 0; i < n; ++i) {
                // Mostly adjacent runs (what buyers ask for), sometimes scattered seats.
                SeatId s = choice_.below(4) ? static_cast<SeatId>(first + i) : random_seat(state);
                if (s >= state.capacity()) s = random_seat(state);
                bool dup = false;
                for (SeatId x : h.seats)
                    dup |= x == s;
                if (!dup) h.seats.push_back(s);
            }
            return h;
        }
        const std::size_t i = choice_.below(live_.size());
        Known k = live_[i];
        if (choice_.below(10) == 0) k.session = random_session();  // sometimes the wrong session
        if (roll < 60) {
            live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
            return Purchase{k.hold, k.session, "buyer", "pay-" + std::to_string(roll), fresh_key()};
        }
        if (roll < 72) {
            live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
            return ReleaseHold{k.hold, k.session, fresh_key()};
        }
        if (roll < 84) return ExtendHold{k.hold, k.session, fresh_key()};
        if (roll < 93) return ExpireHolds{};
        std::vector<SeatId> seats{random_seat(state)};
        if (roll < 97) return BlockSeats{seats, fresh_key()};
        return UnblockSeats{seats, fresh_key()};
    }

    // A checkout started on a known hold (sometimes with the wrong session), the
    // provider's answer for a paying one (mostly success, some declines), a late
    // success for any checkout (an abandoned one is compensated), the deadline
    // timer, and the refund worker's and operator's reports on refunds.
    Command checkout_command(const EventState& state) {
        const std::uint64_t what = choice_.below(7);
        if (what <= 1 && !state.paying_checkouts().empty()) {
            const auto paying = state.paying_checkouts();
            const Checkout& c = state.checkouts()[paying[choice_.below(paying.size())]];
            if (choice_.below(4) == 0)
                return SettleCheckout{c.id, ChargeResult::declined, "", "insufficient_funds"};
            return SettleCheckout{c.id, ChargeResult::succeeded,
                                  "pi_" + std::to_string(++next_key_), ""};
        }
        if (what == 2 && !state.checkouts().empty()) {
            const Checkout& c = state.checkouts()[choice_.below(state.checkouts().size())];
            return SettleCheckout{c.id, ChargeResult::succeeded,
                                  "pi_late_" + std::to_string(++next_key_), ""};
        }
        if (what == 3) return ExpireCheckouts{};
        if (what == 4 && !state.refunds().empty()) {
            const Refund& r = state.refunds()[choice_.below(state.refunds().size())];
            if (choice_.below(3) == 0) return RetryRefund{r.id, fresh_key()};
            if (choice_.below(2) == 0)
                return SettleRefund{r.id, false, "", "expired_card",
                                    1 + static_cast<std::uint32_t>(choice_.below(5))};
            return SettleRefund{r.id, true, "re_" + std::to_string(++next_key_), "", 1};
        }
        if (live_.empty()) return ExpireCheckouts{};
        Known k = live_[choice_.below(live_.size())];
        if (choice_.below(10) == 0) k.session = random_session();
        return StartCheckout{k.hold, k.session, "buyer-" + std::to_string(choice_.below(5)),
                             "pm_card_visa", choice_.below(2) ? fresh_key() : IdempotencyKey{}};
    }

    // A scan (mostly of the current code, sometimes of an old, a future or an
    // unknown one), a reissue (half of them to a new owner) or a refund.
    Command ticket_command(const EventState& state) {
        const Ticket& t = state.tickets()[choice_.below(state.tickets().size())];
        const std::uint64_t what = choice_.below(10);
        if (what < 5) {
            std::uint32_t version = t.version;
            const std::uint64_t odd = choice_.below(10);
            if (odd == 0) version = 1 + static_cast<std::uint32_t>(choice_.below(t.version));
            if (odd == 1) ++version;
            const TicketId id = odd == 2 ? TicketId{3, choice_.below(1000)} : t.id;
            const UnixMillis device_at = choice_.below(3) == 0 ? 1'700'000'000'000 : 0;
            return AdmitTicket{id, version, "gate-" + std::to_string(choice_.below(4)), device_at};
        }
        if (what < 8) {
            std::string owner;
            if (choice_.below(2)) owner = "owner-" + std::to_string(choice_.below(8));
            return ReissueTicket{t.id, owner, fresh_key()};
        }
        return CancelTicket{t.id, fresh_key()};
    }

    static bool transfer_kind(const Command& c) {
        return std::holds_alternative<OfferTransfer>(c) ||
               std::holds_alternative<ClaimTransfer>(c) || std::holds_alternative<CancelOffer>(c) ||
               std::holds_alternative<ListTicket>(c) || std::holds_alternative<DelistTicket>(c) ||
               std::holds_alternative<BuyListing>(c);
    }

    TokenHash fresh_token() {
        TokenHash h;
        for (std::size_t i = 0; i < h.bytes.size(); ++i)
            h.bytes[i] = static_cast<std::uint8_t>(choice_.below(256));
        tokens_.push_back(h);
        return h;
    }

    // Offers (by the owner, sometimes by someone else), claims (of known
    // tokens, claimed or not, or a bogus one), cancellations, the expiry timer,
    // listings at or over the face value, delistings, purchases of listings (the
    // checkout commands settle them), seller verifications and payout reports.
    Command transfer_command(const EventState& state) {
        const std::uint32_t index =
            static_cast<std::uint32_t>(choice_.below(state.tickets().size()));
        const Ticket& t = state.tickets()[index];
        std::string owner(ticket_owner(state, t));
        if (choice_.below(12) == 0) owner = "someone-else";
        const std::uint64_t what = choice_.below(12);
        if (what < 2) {
            return OfferTransfer{t.id,
                                 owner,
                                 "friend-" + std::to_string(choice_.below(6)),
                                 choice_.below(2) ? TransferType::direct : TransferType::gift,
                                 fresh_token(),
                                 choice_.below(2) ? fresh_key() : IdempotencyKey{}};
        }
        if (what < 4) {
            TokenHash h;
            const auto open = state.open_offers();
            if (!open.empty() && choice_.below(4) != 0) {
                h = state.offers()[open[choice_.below(open.size())]].token_hash;
            } else if (!tokens_.empty() && choice_.below(4) != 0) {
                h = tokens_[choice_.below(tokens_.size())];  // maybe claimed or withdrawn
            } else {
                h.bytes[0] = 0x42;  // a token no offer has
            }
            return ClaimTransfer{h, "claimer-" + std::to_string(choice_.below(6)), fresh_key()};
        }
        if (what == 4 && !state.open_offers().empty()) {
            const auto open = state.open_offers();
            const TransferOffer& o = state.offers()[open[choice_.below(open.size())]];
            return CancelOffer{state.tickets()[o.ticket].id, choice_.below(8) ? o.from : owner,
                               fresh_key()};
        }
        if (what == 5) return ExpireOffers{};
        if (what < 8) {
            const Venue& v = state.venue();
            const std::int64_t face = v.tiers[v.seats[t.seat].tier].amount_minor;
            const std::int64_t price =
                std::max<std::int64_t>(1, choice_.below(5) == 0 ? face + 1 : face / 2 + 1);
            return ListTicket{t.id, owner, price, "acct_" + owner, fresh_key()};
        }
        if (what == 8 && !state.listings().empty()) {
            const Listing& l = state.listings()[choice_.below(state.listings().size())];
            return DelistTicket{state.tickets()[l.ticket].id, choice_.below(8) ? l.seller : owner,
                                fresh_key()};
        }
        if (what == 9 && !state.listings().empty()) {
            // Mostly one on sale (what a buyer browsing sees), sometimes any.
            std::vector<std::uint32_t> on_sale;
            for (std::uint32_t i = 0; i < state.listings().size(); ++i)
                if (state.listings()[i].state == ListingState::listed) on_sale.push_back(i);
            const Listing& l = !on_sale.empty() && choice_.below(4) != 0
                                   ? state.listings()[on_sale[choice_.below(on_sale.size())]]
                                   : state.listings()[choice_.below(state.listings().size())];
            return BuyListing{l.id, "reseller-buyer-" + std::to_string(choice_.below(4)),
                              "pm_card_visa", choice_.below(2) ? fresh_key() : IdempotencyKey{}};
        }
        if (what == 10 && !state.payouts().empty()) {
            const Payout& p = state.payouts()[choice_.below(state.payouts().size())];
            if (choice_.below(3) == 0) return VerifySeller{p.seller, fresh_key()};
            if (choice_.below(3) == 0)
                return RetryPayout{p.id, choice_.below(2) ? "acct_fixed" : "", fresh_key()};
            if (choice_.below(4) == 0) return SettlePayout{p.id, false, "", "account_closed", 1};
            return SettlePayout{p.id, true, "tr_" + std::to_string(++next_key_), "", 1};
        }
        return ExpireOffers{};
    }

    Rng choice_;
    std::vector<TokenHash> tokens_;
    std::size_t sessions_;
    std::size_t hot_seats_;
    std::uint64_t next_key_ = 0;
    std::vector<Known> live_;
    Command last_;
};

}  // namespace seat::testing
