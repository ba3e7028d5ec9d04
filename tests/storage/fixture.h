// Helpers for the storage tests: a temporary directory per test (removed after),
// a miniature shard that drives real events with seeded random commands and
// fixed clock values, field-by-field fact comparison, and WAL file helpers for
// crash images. Everything is deterministic: a seed replays a run exactly.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/engine.h"
#include "engine/queries.h"
#include "storage/fact_log.h"
#include "venues/generators.h"

namespace seat::storage::testing {

namespace fs = std::filesystem;

// A directory unique to this test process and test, removed when the test ends.
class TempDir {
  public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "." + info->name();
        std::replace(name.begin(), name.end(), '/', '_');
        path_ = fs::path(::testing::TempDir()) /
                ("seatd-storage-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

  private:
    fs::path path_;
};

inline std::unique_ptr<FactLog> open_log(const fs::path& dir) {
    Status status;
    std::unique_ptr<FactLog> log = FactLog::open(dir, LogOptions{}, status);
    EXPECT_TRUE(status.ok()) << status.to_string();
    return log;
}

// Opens the store's RocksDB directly (the FactLog must be closed), to look under
// it or to write what an older build, or damage, would leave. `create`: a new
// store with the four column families and nothing in them.
struct RawDb {
    static constexpr std::size_t kFactsFamily = 1;
    static constexpr std::size_t kSnapshotsFamily = 2;
    static constexpr std::size_t kMetaFamily = 3;

    explicit RawDb(const fs::path& dir, bool create = false) {
        std::vector<rocksdb::ColumnFamilyDescriptor> families;
        for (const char* name : {"default", "facts", "snapshots", "meta"})
            families.emplace_back(name, rocksdb::ColumnFamilyOptions());
        rocksdb::DBOptions options;
        options.create_if_missing = create;
        options.create_missing_column_families = create;
        rocksdb::DB* raw = nullptr;
        const rocksdb::Status s =
            rocksdb::DB::Open(options, dir.string(), families, &handles, &raw);
        EXPECT_TRUE(s.ok()) << s.ToString();
        db.reset(raw);
    }
    ~RawDb() {
        for (auto* h : handles)
            db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    std::size_t count(std::size_t family) {
        std::unique_ptr<rocksdb::Iterator> it(
            db->NewIterator(rocksdb::ReadOptions(), handles[family]));
        std::size_t n = 0;
        for (it->SeekToFirst(); it->Valid(); it->Next())
            ++n;
        return n;
    }
    // Every (key, value) of a family, in key order.
    std::vector<std::pair<std::string, std::string>> all(std::size_t family) {
        std::unique_ptr<rocksdb::Iterator> it(
            db->NewIterator(rocksdb::ReadOptions(), handles[family]));
        std::vector<std::pair<std::string, std::string>> out;
        for (it->SeekToFirst(); it->Valid(); it->Next())
            out.emplace_back(it->key().ToString(), it->value().ToString());
        return out;
    }
    void put(std::size_t family, const std::string& key, const std::string& value) {
        const rocksdb::Status s = db->Put(rocksdb::WriteOptions(), handles[family], key, value);
        EXPECT_TRUE(s.ok()) << s.ToString();
    }
    void remove(std::size_t family, const std::string& key) {
        const rocksdb::Status s = db->Delete(rocksdb::WriteOptions(), handles[family], key);
        EXPECT_TRUE(s.ok()) << s.ToString();
    }
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
};

// A fact or snapshot key: event and sequence, each 8 bytes big-endian.
inline std::string log_key(EventId event, Sequence sequence) {
    std::string key(16, '\0');
    for (std::size_t i = 0; i < 8; ++i) {
        key[7 - i] = static_cast<char>((event >> (8 * i)) & 0xff);
        key[15 - i] = static_cast<char>((sequence >> (8 * i)) & 0xff);
    }
    return key;
}

inline std::shared_ptr<const Venue> theatre() {
    return std::make_shared<const Venue>(make_theatre());
}
inline std::shared_ptr<const Venue> stadium() {
    return std::make_shared<const Venue>(make_stadium());
}

// One fact as the shard logs it.
struct Logged {
    EventId event = 0;
    Sequence sequence = 0;
    Fact fact;
};

// A shard in miniature: owns several events, runs seeded random commands against
// them with seat::execute (holds, purchases, releases, extensions, expiry,
// blocks, client retries, admissions, reissues and cancels of sold tickets, and
// transfers: offers claimed, cancelled and expired, listings bought, delisted
// and paid out), and hands back the facts of each round in order.
class ShardSim {
  public:
    // Requests go to the first `hot_seats` seats of each event, so holds collide and
    // blocks meet holds; a small range also sells out a venue quickly.
    explicit ShardSim(std::uint64_t seed, std::size_t hot_seats = kHotSeatsDefault)
        : rng_(seed), choice_(seed * 7919 + 1), hot_seats_(hot_seats) {}

    // `room`: the event has a waiting room, and holds are placed under admissions.
    std::vector<Logged> create(EventId event, std::shared_ptr<const Venue> venue,
                               bool room = false) {
        SaleSettings settings;
        settings.event_name = "event " + std::to_string(event);
        settings.hold_ttl_ms = 120'000;
        settings.checkout_ttl_ms = 300'000;
        if (room) {
            settings.room.enabled = true;
            settings.room.max_active = 8;
            settings.room.batch_size = 3;
            settings.room.token_ttl_ms = 60'000;
            settings.room.holds_per_token = 2;
            settings.sale_starts_at_ms = now_ + 1;  // a pre-queue, shuffled at the first tick
        } else {
            // Offers that expire within a run, and KYC held from a seller's second sale.
            settings.transfers.offer_ttl_ms = 90'000;
            settings.transfers.kyc_threshold_sales = 2;
        }
        std::vector<Logged> out;
        run(event, CreateEvent{event, std::move(venue), settings}, out);
        return out;
    }

    // `commands` random commands spread over the events; returns their facts.
    std::vector<Logged> round(std::size_t commands) {
        std::vector<Logged> out;
        for (std::size_t i = 0; i < commands; ++i) {
            auto it = events_.begin();
            std::advance(it, static_cast<std::ptrdiff_t>(choice_.below(events_.size())));
            now_ += static_cast<UnixMillis>(choice_.below(5'000));
            run(it->first, pick(it->second), out);
        }
        return out;
    }

    // Goes on from `state` (the event as recovered) instead of what this sim ran:
    // after a crash took away a round that was never acknowledged. Holds the sim
    // remembers but the state lacks are forgotten on the next pick.
    void adopt(EventState state) {
        const EventId event = state.event();
        events_[event].state = std::move(state);
    }

    // Forgets an event whose creation a crash took away.
    void forget(EventId event) { events_.erase(event); }
    std::vector<EventId> event_ids() const {
        std::vector<EventId> out;
        for (const auto& entry : events_)
            out.push_back(entry.first);
        return out;
    }

    const EventState& state(EventId event) const { return events_.at(event).state; }
    std::map<EventId, EventImage> images() const {
        std::map<EventId, EventImage> out;
        for (const auto& [id, sim] : events_)
            out.emplace(id, sim.state.image());
        return out;
    }
    std::size_t event_count() const { return events_.size(); }

  private:
    struct Known {
        HoldId hold;
        SessionId session;
    };
    struct EventSim {
        EventState state;
        std::vector<Known> holds;
        Command last;
    };

    void run(EventId event, const Command& command, std::vector<Logged>& out) {
        EventSim& sim = events_[event];
        facts_.clear();
        const Sequence before = sim.state.sequence();
        const Result r = execute(sim.state, command, now_, rng_, facts_);
        if (const auto* hold = std::get_if<PlaceHold>(&command); hold && r.ok() && !r.replayed)
            sim.holds.push_back({std::get<HoldReply>(r.reply).hold, hold->session});
        sim.last = command;
        for (std::size_t i = 0; i < facts_.size(); ++i)
            out.push_back({event, before + i + 1, std::move(facts_[i])});
        EXPECT_EQ(sim.state.sequence(), before + facts_.size());
    }

    SessionId session() { return SessionId{7, 1 + choice_.below(kSessions)}; }
    IdempotencyKey key() {
        return choice_.below(2) ? IdempotencyKey{9, ++next_key_} : IdempotencyKey{};
    }
    SeatId seat(const EventState& state) {
        return static_cast<SeatId>(choice_.below(std::min(state.capacity(), hot_seats_)));
    }

    Command pick(EventSim& sim) {
        if (sim.state.settings().room.enabled && choice_.below(3) == 0) return room_command(sim);
        if (choice_.below(8) == 0) return checkout_command(sim);
        // An event with a waiting room keeps to the sale: its tickets never change hands.
        if (!sim.state.settings().room.enabled && choice_.below(10) == 0 &&
            !sim.state.tickets().empty())
            return transfer_command(sim);
        const std::uint64_t roll = choice_.below(100);
        if (roll < 4 && sim.last.index() != 0) return sim.last;  // a client's retry
        // Holds that ended (expired, bought, released) are forgotten, as a client would.
        std::erase_if(sim.holds, [&](const Known& k) { return !sim.state.live_hold(k.hold); });
        if (roll < 45 || sim.holds.empty()) {
            PlaceHold h{session(), {}, key(), admission(sim.state)};
            const SeatId first = seat(sim.state);
            const std::size_t n = 1 + choice_.below(4);
            for (std::size_t i = 0; i < n && first + i < sim.state.capacity(); ++i)
                h.seats.push_back(static_cast<SeatId>(first + i));
            return h;
        }
        const std::size_t i = choice_.below(sim.holds.size());
        const Known k = sim.holds[i];
        if (roll < 62) {
            sim.holds.erase(sim.holds.begin() + static_cast<std::ptrdiff_t>(i));
            return Purchase{k.hold, k.session, "buyer-" + std::to_string(roll),
                            "pay-" + std::to_string(next_key_), key()};
        }
        if (roll < 74) {
            sim.holds.erase(sim.holds.begin() + static_cast<std::ptrdiff_t>(i));
            return ReleaseHold{k.hold, k.session, key()};
        }
        if (roll < 84) return ExtendHold{k.hold, k.session, key()};
        if (roll < 88) return ExpireHolds{};
        if (roll < 92 && !sim.state.tickets().empty()) return ticket_command(sim.state);
        std::vector<SeatId> seats{seat(sim.state), seat(sim.state)};
        if (seats[0] == seats[1]) seats.pop_back();
        if (roll < 96) return BlockSeats{seats, key()};
        return UnblockSeats{seats, key()};
    }

    // The waiting room: buyers join (some twice), leave, and the shard's tick
    // opens it, reclaims lapsed positions and admits batches.
    Command room_command(EventSim& sim) {
        const Room& room = sim.state.room();
        const std::uint64_t what = choice_.below(5);
        if (what <= 1) return JoinQueue{session()};
        if (what == 2 && room.size() > 0)
            return LeaveQueue{
                room.entry(static_cast<std::uint32_t>(choice_.below(room.size()))).ticket};
        RunRoom tick;
        if (room.size() > 0 && choice_.below(3) == 0)
            tick.lapsed.push_back(static_cast<std::uint32_t>(choice_.below(room.size())));
        return tick;
    }

    // A random admitted entry's claim, as the server makes it from a good
    // token (sometimes none: refused not_admitted).
    AdmissionClaim admission(const EventState& st) {
        const Room& room = st.room();
        if (!st.settings().room.enabled || room.size() == 0 || choice_.below(5) == 0) return {};
        const auto e = static_cast<std::uint32_t>(choice_.below(room.size()));
        const QueueEntry& entry = room.entry(e);
        return AdmissionClaim{true, true, e, entry.token_expires_at, entry.session};
    }

    // The checkout saga: start one on a known hold, settle a paying one either
    // way, abandon the overdue, settle an abandoned one late (compensation), and
    // settle, fail and retry refunds, as the server's workers and an operator do.
    Command checkout_command(EventSim& sim) {
        const EventState& st = sim.state;
        const std::uint64_t what = choice_.below(6);
        if (what == 0 && !st.paying_checkouts().empty()) {
            const Checkout& c =
                st.checkouts()[st.paying_checkouts()[choice_.below(st.paying_checkouts().size())]];
            if (choice_.below(3) == 0)
                return SettleCheckout{c.id, ChargeResult::declined, "", "card_declined"};
            return SettleCheckout{c.id, ChargeResult::succeeded,
                                  "pi_" + std::to_string(++next_key_), ""};
        }
        if (what == 1) return ExpireCheckouts{};
        if (what == 2 && !st.checkouts().empty()) {
            // A late success, as after a lost response: for an abandoned checkout, compensation.
            const Checkout& c = st.checkouts()[choice_.below(st.checkouts().size())];
            return SettleCheckout{c.id, ChargeResult::succeeded,
                                  "pi_late_" + std::to_string(++next_key_), ""};
        }
        if (what == 3 && !st.owed_refunds().empty()) {
            const Refund& r = st.refunds()[st.owed_refunds()[0]];
            if (choice_.below(2) == 0)
                return SettleRefund{r.id, true, "re_" + std::to_string(++next_key_), "", 1};
            return SettleRefund{r.id, false, "", "card_closed", 3};
        }
        if (what == 4 && !st.refunds().empty()) {
            const Refund& r = st.refunds()[choice_.below(st.refunds().size())];
            return RetryRefund{r.id, key()};
        }
        std::erase_if(sim.holds, [&](const Known& k) { return !st.live_hold(k.hold); });
        if (sim.holds.empty()) return ExpireCheckouts{};
        const Known k = sim.holds[choice_.below(sim.holds.size())];
        AdmissionClaim claim;
        if (const Hold* h = st.live_hold(k.hold); h != nullptr && h->admission != kNone) {
            const QueueEntry& entry = st.room().entry(h->admission);
            claim = AdmissionClaim{true, true, h->admission, entry.token_expires_at, entry.session};
        }
        return StartCheckout{k.hold,         k.session, "buyer-" + std::to_string(choice_.below(9)),
                             "pm_card_visa", key(),     claim};
    }

    // Tickets changing hands, as owners, buyers, an admin and the payout worker
    // do it; many are refused (not the owner, already offered or listed...).
    Command transfer_command(EventSim& sim) {
        const EventState& st = sim.state;
        const Ticket& t = st.tickets()[choice_.below(st.tickets().size())];
        const std::string owner(ticket_owner(st, t));
        const std::uint64_t n = ++next_key_;
        switch (choice_.below(9)) {
            case 0:
                return OfferTransfer{t.id,
                                     owner,
                                     "friend-" + std::to_string(choice_.below(6)),
                                     choice_.below(2) ? TransferType::direct : TransferType::gift,
                                     token_hash(n),
                                     key()};
            case 1:
                if (const TransferOffer* o = pick_offer(st))
                    return ClaimTransfer{o->token_hash, "claimer-" + std::to_string(n % 7), key()};
                break;
            case 2:
                if (const TransferOffer* o = pick_offer(st))
                    return CancelOffer{st.tickets()[o->ticket].id, o->from, key()};
                break;
            case 3:
                return ExpireOffers{};
            case 4: {
                const Venue& venue = st.venue();
                const std::int64_t face = venue.tiers[venue.seats[t.seat].tier].amount_minor;
                // Now and then over the face-value cap: refused price_over_cap.
                const std::int64_t price = 1 + static_cast<std::int64_t>(choice_.below(
                                                   static_cast<std::uint64_t>(face + face / 10)));
                return ListTicket{t.id, owner, price, "acct_" + owner, key()};
            }
            case 5:
                if (const Listing* l = pick_listing(st, /*listed_only=*/false))
                    return DelistTicket{st.tickets()[l->ticket].id, l->seller, key()};
                break;
            case 6:
                if (const Listing* l = pick_listing(st, /*listed_only=*/true))
                    return BuyListing{l->id, "buyer-" + std::to_string(choice_.below(9)),
                                      "pm_card_visa", key()};
                break;
            case 7:
                if (!st.payouts().empty())
                    return VerifySeller{st.payouts()[choice_.below(st.payouts().size())].seller,
                                        key()};
                break;
            default:
                for (const Payout& p : st.payouts()) {
                    if (p.state == PayoutState::failed && choice_.below(2) == 0)
                        return RetryPayout{p.id, "acct_fixed", key()};
                }
                if (!st.owed_payouts().empty()) {
                    const Payout& p = st.payouts()[st.owed_payouts()[0]];
                    if (choice_.below(3) == 0)
                        return SettlePayout{p.id, false, "", "account_closed", 2};
                    return SettlePayout{p.id, true, "po_" + std::to_string(n), "", 1};
                }
                break;
        }
        return ExpireOffers{};
    }

    static TokenHash token_hash(std::uint64_t n) {
        TokenHash h;
        for (std::size_t i = 0; i < h.bytes.size(); ++i)
            h.bytes[i] =
                static_cast<std::uint8_t>((n * 0x9E3779B97F4A7C15ull) >> (8 * (i % 8)) ^ i);
        return h;
    }
    const TransferOffer* pick_offer(const EventState& st) {
        if (st.open_offers().empty()) return nullptr;
        return &st.offers()[st.open_offers()[choice_.below(st.open_offers().size())]];
    }
    const Listing* pick_listing(const EventState& st, bool listed_only) {
        std::vector<const Listing*> live;
        for (const Listing& l : st.listings())
            if (l.state == ListingState::listed ||
                (!listed_only && l.state == ListingState::paying))
                live.push_back(&l);
        return live.empty() ? nullptr : live[choice_.below(live.size())];
    }

    // Admit, reissue (half of them to a new owner) or cancel a random ticket; some
    // are refused (already admitted, cancelled), as at a real gate or box office.
    Command ticket_command(const EventState& state) {
        const Ticket& t = state.tickets()[choice_.below(state.tickets().size())];
        const std::uint64_t what = choice_.below(3);
        if (what == 0) {
            return AdmitTicket{t.id, t.version, "gate-" + std::to_string(choice_.below(3)),
                               choice_.below(2) ? now_ - 1000 : UnixMillis{0}};
        }
        if (what == 1) {
            return ReissueTicket{
                t.id, choice_.below(2) ? "owner-" + std::to_string(choice_.below(5)) : "", key()};
        }
        return CancelTicket{t.id, key()};
    }

    static constexpr std::size_t kHotSeatsDefault = 400;
    static constexpr std::uint64_t kSessions = 40;

    Rng rng_;     // the engine's randomness (ticket ids)
    Rng choice_;  // the workload's choices
    std::size_t hot_seats_;
    UnixMillis now_ = 1'800'000'000'000;
    std::uint64_t next_key_ = 0;
    std::map<EventId, EventSim> events_;
    FactBuffer facts_;
};

inline void add_all(RoundBatch& batch, const std::vector<Logged>& facts) {
    for (const Logged& l : facts)
        batch.add(l.event, l.sequence, l.fact);
}

// ---- Field-by-field comparison (the engine's structs have no operator== for venues).

inline bool same_venue(const Venue& a, const Venue& b) {
    auto same_seat = [](const SeatInfo& x, const SeatInfo& y) {
        return x.row == y.row && x.group == y.group && x.x == y.x && x.y == y.y &&
               x.label_offset == y.label_offset && x.section == y.section && x.tier == y.tier &&
               x.type == y.type && x.label_size == y.label_size &&
               x.initially_blocked == y.initially_blocked && x.aisle_before == y.aisle_before;
    };
    auto same_tier = [](const PriceTier& x, const PriceTier& y) {
        return x.name == y.name && x.amount_minor == y.amount_minor && x.currency == y.currency;
    };
    auto same_section = [](const Section& x, const Section& y) {
        return x.name == y.name && x.type == y.type && x.first_row == y.first_row &&
               x.row_count == y.row_count && x.first_seat == y.first_seat &&
               x.seat_count == y.seat_count;
    };
    auto same_row = [](const Row& x, const Row& y) {
        return x.label == y.label && x.section == y.section && x.first_seat == y.first_seat &&
               x.seat_count == y.seat_count;
    };
    auto same_group = [](const Group& x, const Group& y) {
        return x.name == y.name && x.kind == y.kind && x.anchor == y.anchor && x.seats == y.seats;
    };
    return a.name == b.name && a.labels == b.labels &&
           std::equal(a.tiers.begin(), a.tiers.end(), b.tiers.begin(), b.tiers.end(), same_tier) &&
           std::equal(a.sections.begin(), a.sections.end(), b.sections.begin(), b.sections.end(),
                      same_section) &&
           std::equal(a.rows.begin(), a.rows.end(), b.rows.begin(), b.rows.end(), same_row) &&
           std::equal(a.seats.begin(), a.seats.end(), b.seats.begin(), b.seats.end(), same_seat) &&
           std::equal(a.groups.begin(), a.groups.end(), b.groups.begin(), b.groups.end(),
                      same_group);
}

struct SameFact {
    const Fact& other;
    template <typename T>
    bool operator()(const T& a) const {
        const T* b = std::get_if<T>(&other);
        return b != nullptr && equal(a, *b);
    }
    // Facts with an operator== of their own (the checkout group's).
    template <typename T>
    static bool equal(const T& a, const T& b) requires requires {
        a == b;
    }
    { return a == b; }
    static bool equal(const EventCreated& a, const EventCreated& b) {
        return a.event == b.event && a.at == b.at && a.settings == b.settings &&
               same_venue(*a.venue, *b.venue);
    }
    static bool equal(const HoldPlaced& a, const HoldPlaced& b) {
        return a.hold == b.hold && a.session == b.session && a.seats == b.seats &&
               a.expires_at == b.expires_at && a.at == b.at && a.tag == b.tag &&
               a.admission == b.admission;
    }
    static bool equal(const HoldReleased& a, const HoldReleased& b) {
        return a.hold == b.hold && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const HoldExtended& a, const HoldExtended& b) {
        return a.hold == b.hold && a.expires_at == b.expires_at && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const HoldExpired& a, const HoldExpired& b) {
        return a.hold == b.hold && a.at == b.at;
    }
    static bool equal(const HoldPurchased& a, const HoldPurchased& b) {
        return a.hold == b.hold && a.buyer_id == b.buyer_id && a.payment_ref == b.payment_ref &&
               a.tickets == b.tickets && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const SeatsBlocked& a, const SeatsBlocked& b) {
        return a.seats == b.seats && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const SeatsUnblocked& a, const SeatsUnblocked& b) {
        return a.seats == b.seats && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const TicketAdmitted& a, const TicketAdmitted& b) {
        return a.ticket == b.ticket && a.version == b.version && a.gate == b.gate && a.at == b.at &&
               a.device_at == b.device_at;
    }
    static bool equal(const TicketReissued& a, const TicketReissued& b) {
        return a.ticket == b.ticket && a.new_version == b.new_version &&
               a.new_owner == b.new_owner && a.at == b.at && a.tag == b.tag;
    }
    static bool equal(const TicketCancelled& a, const TicketCancelled& b) {
        return a.ticket == b.ticket && a.at == b.at && a.tag == b.tag;
    }
};

inline bool same_fact(const Fact& a, const Fact& b) {
    return std::visit(SameFact{b}, a);
}

// Every fact of the log, read back in (event, sequence) order.
inline std::vector<Logged> read_all(const FactLog& log, const std::vector<EventId>& events) {
    std::vector<Logged> out;
    for (EventId event : events) {
        const Status s = log.read_facts(event, 0, [&](Sequence sequence, const Fact& fact) {
            out.push_back({event, sequence, fact});
            return true;
        });
        EXPECT_TRUE(s.ok()) << s.to_string();
    }
    return out;
}

}  // namespace seat::storage::testing
