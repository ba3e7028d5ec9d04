// The codec of transfers and resale: every transfer fact and a snapshot holding
// offers (open, claimed, cancelled, expired), listings (listed, paying, sold,
// delisted), payouts (owed, held for KYC, paid, failed), custody records and
// verified sellers survive encode/decode and restore, built by real commands;
// records written before transfers decode to the defaults, and at version 1;
// and damaged transfer records (unknown enum values, a missing token hash, a
// record cut inside it, indices out of range) are refused with a reason.
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "fact_generated.h"
#include "storage/fact_codec.h"
#include "storage/recovery.h"
#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

TokenHash hash_of(std::uint8_t seed) {
    TokenHash h;
    for (std::size_t i = 0; i < h.bytes.size(); ++i)
        h.bytes[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + 1);
    return h;
}

std::vector<std::uint8_t> copy(const flatbuffers::FlatBufferBuilder& b) {
    return {bytes_of(b).begin(), bytes_of(b).end()};
}

std::vector<std::uint8_t> encoded(const Fact& fact) {
    flatbuffers::FlatBufferBuilder b;
    encode(fact, b);
    return copy(b);
}

std::uint16_t fact_version_of(const std::vector<std::uint8_t>& bytes) {
    return flatbuffers::GetRoot<log::FactRecord>(bytes.data())->format_version();
}

// An event on the theatre whose tickets changed hands in every way there is,
// run through seat::execute; every fact it logged is kept, in order.
struct TransferEvent {
    EventState state;
    std::vector<Fact> facts;
    FactBuffer out;
    Rng rng{17};
    UnixMillis now = 1'800'000'000'000;
    std::uint64_t keys = 0;

    Result run(const Command& c, seat::Status expected = seat::Status::ok) {
        now += 1000;
        out.clear();
        const Result r = execute(state, c, now, rng, out);
        EXPECT_EQ(r.status, expected) << "command " << c.index();
        facts.insert(facts.end(), out.begin(), out.end());
        return r;
    }
    IdempotencyKey key() { return IdempotencyKey{0x7A, ++keys}; }
    const TicketId& ticket(std::uint32_t i) const { return state.tickets()[i].id; }
    std::uint32_t checkout_of(const Result& r) const {
        return r.reply_as<CheckoutReply>()->checkout;
    }

    // Buys seats [first, first + count) for `buyer`; returns the first ticket's index.
    std::uint32_t buy(const std::string& buyer, SeatId first, std::uint32_t count) {
        PlaceHold hold{SessionId{3, keys + 1}, {}, key()};
        for (std::uint32_t i = 0; i < count; ++i)
            hold.seats.push_back(first + i);
        const HoldId id = run(hold).reply_as<HoldReply>()->hold;
        return run(Purchase{id, hold.session, buyer, "pay-" + buyer, key()})
            .reply_as<PurchaseReply>()
            ->first_ticket;
    }
    // Lists ticket i at `price` and has "fan" buy it, paid (or left paying).
    std::uint32_t sell(std::uint32_t i, std::int64_t price, bool settle = true) {
        const std::string seller(ticket_owner(state, state.tickets()[i]));
        const std::uint32_t listing =
            run(ListTicket{ticket(i), seller, price, "acct_" + seller, key()})
                .reply_as<ListingReply>()
                ->listing;
        const std::uint32_t checkout = checkout_of(
            run(BuyListing{state.listings()[listing].id, "fan", "pm_card_visa", key()}));
        if (settle)
            run(SettleCheckout{state.checkouts()[checkout].id,
                               ChargeResult::succeeded,
                               "pi_resale_" + std::to_string(listing),
                               {}});
        return listing;
    }
};

TransferEvent event_with_transfers() {
    TransferEvent ev;
    SaleSettings settings;
    settings.event_name = "Transfers night";
    settings.transfers.offer_ttl_ms = 60'000;
    settings.transfers.kyc_threshold_sales = 2;  // a seller's second sale waits for KYC
    settings.transfers.cap = ResaleCap::percent_above_face;
    settings.transfers.cap_percent = 10;
    ev.run(CreateEvent{1, theatre(), settings});
    const std::uint32_t a = ev.buy("alice", 0, 4);  // tickets a .. a + 3
    const std::uint32_t b = ev.buy("bob", 10, 4);
    const std::uint32_t c = ev.buy("carol", 20, 3);
    auto offer = [&](std::uint32_t i, std::uint8_t seed, TransferType type) {
        const std::string from(ticket_owner(ev.state, ev.state.tickets()[i]));
        return ev.run(
            OfferTransfer{ev.ticket(i), from, "dave@example.com", type, hash_of(seed), ev.key()});
    };
    // Offers: one expired (first, while the others are yet to be made), one
    // claimed, one cancelled, one open.
    offer(a, 1, TransferType::gift);
    ev.now += 61'000;
    ev.run(ExpireOffers{});
    offer(a + 1, 2, TransferType::direct);
    ev.run(ClaimTransfer{hash_of(2), "dave@example.com", ev.key()});
    offer(a + 2, 3, TransferType::direct);
    ev.run(CancelOffer{ev.ticket(a + 2), "alice", ev.key()});
    offer(a + 3, 4, TransferType::gift);
    // Listings and payouts: alice's sale paid, bob's first failed and his second
    // held for KYC, carol's owed; one listed, one being paid for, one delisted,
    // one delisted while paying (ends with the payment).
    // Ticket a is alice's again since its offer expired; carol's payout stays owed.
    const std::uint32_t paid = ev.sell(a, 5000);
    const std::uint32_t failed = ev.sell(b, 2500);
    ev.sell(b + 1, 2500);
    ev.sell(c, 4000);
    auto payout_of = [&](std::uint32_t listing) {
        return ev.state.payouts()[ev.state.listings()[listing].payout].id;
    };
    ev.run(SettlePayout{payout_of(paid), true, "po_1", {}, 1});
    ev.run(SettlePayout{payout_of(failed), false, {}, "account_closed", 3});
    ev.run(ListTicket{ev.ticket(b + 2), "bob", 2000, "acct_bob", ev.key()});
    ev.sell(c + 1, 3000, /*settle=*/false);
    ev.run(ListTicket{ev.ticket(b + 3), "bob", 2100, "acct_bob", ev.key()});
    ev.run(DelistTicket{ev.ticket(b + 3), "bob", ev.key()});
    ev.sell(c + 2, 3500, /*settle=*/false);
    ev.run(DelistTicket{ev.ticket(c + 2), "carol", ev.key()});
    ev.run(VerifySeller{"alice", ev.key()});
    ev.run(ReissueTicket{ev.ticket(a + 1), "", ev.key()});
    EXPECT_EQ(ev.state.check_invariants(), "");
    return ev;
}

template <typename T>
std::set<T> states_of(const auto& records) {
    std::set<T> out;
    for (const auto& r : records)
        out.insert(r.state);
    return out;
}

TEST(TransfersCodec, TheEventHasEveryStateOfOffersListingsAndPayouts) {
    const TransferEvent ev = event_with_transfers();
    const EventState& st = ev.state;
    EXPECT_EQ(states_of<OfferState>(st.offers()),
              (std::set<OfferState>{OfferState::open, OfferState::claimed, OfferState::cancelled,
                                    OfferState::expired}));
    EXPECT_EQ(states_of<ListingState>(st.listings()),
              (std::set<ListingState>{ListingState::listed, ListingState::paying,
                                      ListingState::sold, ListingState::delisted}));
    EXPECT_EQ(states_of<PayoutState>(st.payouts()),
              (std::set<PayoutState>{PayoutState::owed, PayoutState::held_kyc, PayoutState::paid,
                                     PayoutState::failed}));
    EXPECT_FALSE(st.transfers().empty());
    EXPECT_EQ(st.verified_sellers().size(), 1u);
    bool delist_requested = false;
    for (const Listing& l : st.listings())
        delist_requested |= l.delist_requested;
    EXPECT_TRUE(delist_requested);
}

TEST(TransfersCodec, EveryTransferFactRoundTripsAtVersion2) {
    const TransferEvent ev = event_with_transfers();
    std::set<std::string> seen;
    std::string error;
    for (const Fact& f : ev.facts) {
        const std::vector<std::uint8_t> bytes = encoded(f);
        const std::optional<Fact> back = decode(bytes, error);
        ASSERT_TRUE(back.has_value()) << fact_name(f) << ": " << error;
        EXPECT_TRUE(same_fact(f, *back)) << fact_name(f) << " changed in the round trip";
        const bool resale_checkout = std::holds_alternative<CheckoutStarted>(f) &&
                                     !std::get<CheckoutStarted>(f).listing.is_zero();
        // EventCreated carries non-default transfer settings here.
        const bool transfers = f.index() >= Fact(TransferOffered{}).index() || resale_checkout ||
                               std::holds_alternative<EventCreated>(f);
        EXPECT_EQ(fact_version_of(bytes), transfers ? 2 : 1) << fact_name(f);
        seen.insert(fact_name(f));
    }
    for (const char* name : {"TransferOffered", "TransferClaimed", "OfferWithdrawn", "TicketListed",
                             "TicketDelisted", "ListingSold", "SellerVerified", "PayoutSettled"})
        EXPECT_TRUE(seen.contains(name)) << "the event logged no " << name;
}

TEST(TransfersCodec, HandBuiltTransferFactsWithExtremeValuesRoundTrip) {
    const CommandTag tag{IdempotencyKey{UINT64_MAX, 1}, UINT64_MAX};
    const std::vector<Fact> facts = {
        TransferOffered{OfferId{1, 2}, TicketId{UINT64_MAX, 0}, std::string(kOwnerBytesMax, 'f'),
                        std::string(kAddresseeBytesMax, 't'), TransferType::gift, hash_of(0xFF),
                        INT64_MAX, INT64_MIN, tag},
        TransferClaimed{OfferId{3, 4}, "", 0, CommandTag{}},
        OfferWithdrawn{OfferId{5, 6}, OfferState::expired, 7, CommandTag{}},
        OfferWithdrawn{OfferId{5, 6}, OfferState::cancelled, 8, tag},
        TicketListed{ListingId{7, 8}, TicketId{9, 10}, "seller", kResalePriceMinorMax, "EUR",
                     std::string(kPayoutAccountBytesMax, 'a'), 9, tag},
        TicketDelisted{ListingId{7, 8}, -1, tag},
        ListingSold{CheckoutId{11, 12}, "pi_1", PayoutId{13, 14}, INT64_MAX, true, 10},
        ListingSold{CheckoutId{}, "", PayoutId{}, 0, false, 0},
        SellerVerified{"seller", 11, tag},
        PayoutSettled{PayoutId{13, 14}, true, "po_1", "", UINT32_MAX, 12},
        PayoutSettled{PayoutId{13, 14}, false, "", std::string(kReasonBytesMax, 'r'), 0, 13},
        CheckoutStarted{CheckoutId{1, 1}, HoldId{}, "fan", "pm", 100, "EUR", 5, 4, tag,
                        ListingId{UINT64_MAX, UINT64_MAX}},
    };
    std::string error;
    for (const Fact& f : facts) {
        const std::optional<Fact> back = decode(encoded(f), error);
        ASSERT_TRUE(back.has_value()) << fact_name(f) << ": " << error;
        EXPECT_TRUE(same_fact(f, *back)) << fact_name(f);
    }
}

void expect_snapshot_round_trip(const EventState& state, std::uint16_t version) {
    const EventImage image = state.image();
    flatbuffers::FlatBufferBuilder b;
    encode_image(image, b);
    EXPECT_EQ(flatbuffers::GetRoot<log::EventSnapshot>(b.GetBufferPointer())->format_version(),
              version);
    std::string error;
    std::optional<EventImage> back = decode_image(bytes_of(b), error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(same_state(image, *back));
    EXPECT_EQ(back->settings, image.settings);
    std::string problem;
    const std::optional<EventState> restored = EventState::restore(std::move(*back), problem);
    ASSERT_TRUE(restored.has_value()) << problem;
    EXPECT_TRUE(same_state(restored->image(), image));
    EXPECT_EQ(restored->open_offers().size(), state.open_offers().size());
    EXPECT_EQ(restored->owed_payouts().size(), state.owed_payouts().size());
    for (std::uint32_t i = 0; i < state.tickets().size(); ++i) {
        EXPECT_EQ(restored->escrow_of(i), state.escrow_of(i)) << "ticket " << i;
        EXPECT_EQ(restored->chain_head(i), state.chain_head(i)) << "ticket " << i;
    }
    for (const TransferOffer& o : state.offers())
        EXPECT_EQ(restored->offer_by_token(o.token_hash), state.offer_by_token(o.token_hash));
}

TEST(TransfersCodec, SnapshotWithTransfersRoundTripsAndRestores) {
    const TransferEvent ev = event_with_transfers();
    expect_snapshot_round_trip(ev.state, 2);
}

TEST(TransfersCodec, RestoredSnapshotGoesOnLikeTheLiveEvent) {
    TransferEvent ev = event_with_transfers();
    flatbuffers::FlatBufferBuilder b;
    encode_image(ev.state.image(), b);
    std::string error;
    std::optional<EventImage> image = decode_image(bytes_of(b), error);
    ASSERT_TRUE(image.has_value()) << error;
    EventState restored = EventState::from_image(std::move(*image));
    // The open offer is claimed by its token, the paying listing sold, the held
    // payout released: the same facts from both.
    const std::uint32_t paying = ev.state.paying_checkouts()[0];
    const std::vector<Command> next = {
        ClaimTransfer{hash_of(4), "erin", IdempotencyKey{1, 1}},
        SettleCheckout{ev.state.checkouts()[paying].id, ChargeResult::succeeded, "pi_late", {}},
        VerifySeller{"bob", IdempotencyKey{1, 2}},
    };
    for (const Command& c : next) {
        FactBuffer live, again;
        Rng r1(5), r2(5);
        const Result a = execute(ev.state, c, ev.now + 1000, r1, live);
        const Result b2 = execute(restored, c, ev.now + 1000, r2, again);
        EXPECT_EQ(a.status, b2.status);
        ASSERT_EQ(live.size(), again.size());
        for (std::size_t i = 0; i < live.size(); ++i)
            EXPECT_TRUE(same_fact(live[i], again[i])) << fact_name(live[i]);
    }
    EXPECT_TRUE(same_state(ev.state.image(), restored.image()));
}

TEST(TransfersCodec, RecoveryReplaysTransferFactsOntoATransferSnapshot) {
    TempDir dir;
    TransferEvent ev = event_with_transfers();
    const std::size_t half = ev.facts.size() / 2;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (std::size_t i = 0; i < half; ++i)
            batch.add(1, i + 1, ev.facts[i]);
        log->commit_or_die(batch);
        // A snapshot of the state after the first half: replay it from the facts.
        EventState half_state;
        for (std::size_t i = 0; i < half; ++i)
            seat::apply(half_state, ev.facts[i]);
        ASSERT_TRUE(log->write_snapshot(half_state.image()).ok());
        for (std::size_t i = half; i < ev.facts.size(); ++i)
            batch.add(1, i + 1, ev.facts[i]);
        log->commit_or_die(batch);
    }
    auto log = open_log(dir.path());
    for (const bool use_snapshots : {true, false}) {
        std::vector<RecoveredEvent> recovered;
        RecoveryStats stats;
        const Status s = recover(*log, RecoveryOptions{use_snapshots}, recovered, stats);
        ASSERT_TRUE(s.ok()) << s.to_string();
        ASSERT_EQ(recovered.size(), 1u);
        EXPECT_TRUE(same_state(recovered[0].state.image(), ev.state.image()));
        EXPECT_EQ(stats.snapshots_used, use_snapshots ? 1u : 0u);
    }
}

// ---- Records written before transfers.

TEST(TransfersCodec, RecordsWithoutTransfersAreWrittenAtVersion1) {
    // An event that never used transfers is written byte for byte as before
    // them, so a reader from before transfers keeps reading its log.
    ShardSim sim(41);
    sim.create(1, theatre(), /*room=*/true);  // default transfer settings
    for (int r = 0; r < 10; ++r)
        sim.round(20);
    ASSERT_TRUE(sim.state(1).offers().empty() && sim.state(1).listings().empty());
    expect_snapshot_round_trip(sim.state(1), 1);
    SaleSettings defaults;
    EXPECT_EQ(fact_version_of(encoded(EventCreated{1, theatre(), defaults, 5})), 1);
    EXPECT_EQ(fact_version_of(encoded(CheckoutStarted{CheckoutId{1, 2}, HoldId{3}, "b", "pm", 1,
                                                      "EUR", 2, 1, CommandTag{}, ListingId{}})),
              1);
}

// Zeroes fields' vtable entries of the table at `table` in a record, so they read
// as absent, as in a record written before they existed.
void drop_fields(std::vector<std::uint8_t>& bytes, const void* table,
                 std::initializer_list<flatbuffers::voffset_t> fields) {
    const auto at =
        static_cast<std::size_t>(static_cast<const std::uint8_t*>(table) - bytes.data());
    std::int32_t back;
    std::memcpy(&back, bytes.data() + at, sizeof back);
    const std::size_t vtable = at - static_cast<std::size_t>(back);
    std::uint16_t vtable_bytes;
    std::memcpy(&vtable_bytes, bytes.data() + vtable, sizeof vtable_bytes);
    for (const flatbuffers::voffset_t field : fields)
        if (field < vtable_bytes)
            std::memset(bytes.data() + vtable + field, 0, sizeof(flatbuffers::voffset_t));
}

SaleSettings odd_transfer_settings() {
    SaleSettings s;
    s.event_name = "Old night";
    TransferSettings& t = s.transfers;
    t.transfers_allowed = false;
    t.resale_allowed = false;
    t.cutoff_before_start_ms = 1;
    t.offer_ttl_ms = 2;
    t.max_transfers_per_ticket = 3;
    t.cap = ResaleCap::none;
    t.cap_percent = 4;
    t.fee_bps = 5;
    t.kyc_threshold_minor = 6;
    t.kyc_threshold_sales = 7;
    t.kyc_window_ms = 8;
    return s;
}

// The schema's defaults of TransferSettings are what an older record means (no
// table, or a table without the field); they must be the engine's defaults.
TEST(TransfersCodec, SettingsWithoutTheTransferTableOrItsFieldsReadTheEngineDefaults) {
    const SaleSettings odd = odd_transfer_settings();
    std::vector<std::uint8_t> bytes = encoded(EventCreated{1, theatre(), odd, 5});
    std::string error;
    std::optional<Fact> back = decode(bytes, error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(std::get<EventCreated>(*back).settings, odd);

    // Every field of the table absent: the schema's defaults.
    const auto* record = flatbuffers::GetRoot<log::FactRecord>(bytes.data());
    const log::SaleSettings* settings = record->fact_as_EventCreated()->settings();
    using T = log::TransferSettings;
    drop_fields(
        bytes, settings->transfers(),
        {T::VT_TRANSFERS_ALLOWED, T::VT_RESALE_ALLOWED, T::VT_CUTOFF_BEFORE_START_MS,
         T::VT_OFFER_TTL_MS, T::VT_MAX_TRANSFERS_PER_TICKET, T::VT_CAP, T::VT_CAP_PERCENT,
         T::VT_FEE_BPS, T::VT_KYC_THRESHOLD_MINOR, T::VT_KYC_THRESHOLD_SALES, T::VT_KYC_WINDOW_MS});
    back = decode(bytes, error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(std::get<EventCreated>(*back).settings.transfers, TransferSettings{});
    EXPECT_EQ(std::get<EventCreated>(*back).settings.event_name, "Old night");

    // No table at all (a record from before transfers): the same.
    bytes = encoded(EventCreated{1, theatre(), odd, 5});
    record = flatbuffers::GetRoot<log::FactRecord>(bytes.data());
    drop_fields(bytes, record->fact_as_EventCreated()->settings(),
                {log::SaleSettings::VT_TRANSFERS});
    back = decode(bytes, error);
    ASSERT_TRUE(back.has_value()) << error;
    const TransferSettings& t = std::get<EventCreated>(*back).settings.transfers;
    EXPECT_EQ(t, TransferSettings{});
    EXPECT_TRUE(t.transfers_allowed && t.resale_allowed);
    EXPECT_EQ(t.fee_bps, 1000u);
    EXPECT_EQ(t.cap, ResaleCap::face_value);
}

TEST(TransfersCodec, CheckoutsFromBeforeResaleReadAsAHoldsCheckout) {
    const CheckoutStarted resale{CheckoutId{1, 2}, HoldId{},       "fan", "pm", 100, "EUR", 5, 4,
                                 CommandTag{},     ListingId{8, 9}};
    std::vector<std::uint8_t> bytes = encoded(resale);
    const auto* record = flatbuffers::GetRoot<log::FactRecord>(bytes.data());
    drop_fields(bytes, record->fact_as_CheckoutStarted(), {log::CheckoutStarted::VT_LISTING});
    std::string error;
    const std::optional<Fact> back = decode(bytes, error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(std::get<CheckoutStarted>(*back).listing.is_zero());

    // A snapshot's checkout without its listing field: a hold's (kNone).
    ShardSim sim(42);
    sim.create(1, theatre());
    for (int r = 0; r < 40 && sim.state(1).checkouts().empty(); ++r)
        sim.round(20);
    ASSERT_FALSE(sim.state(1).checkouts().empty());
    flatbuffers::FlatBufferBuilder b;
    encode_image(sim.state(1).image(), b);
    std::vector<std::uint8_t> image = copy(b);
    const auto* snapshot = flatbuffers::GetRoot<log::EventSnapshot>(image.data());
    for (const log::CheckoutRecord* c : *snapshot->checkouts())
        drop_fields(image, c, {log::CheckoutRecord::VT_LISTING});
    const std::optional<EventImage> decoded = decode_image(image, error);
    ASSERT_TRUE(decoded.has_value()) << error;
    for (const Checkout& c : decoded->checkouts)
        if (c.hold.value != 0) {
            EXPECT_EQ(c.listing, kNone);
        }
}

TEST(TransfersCodec, SnapshotsFromBeforeTransfersHaveNone) {
    const TransferEvent ev = event_with_transfers();
    flatbuffers::FlatBufferBuilder b;
    encode_image(ev.state.image(), b);
    std::vector<std::uint8_t> bytes = copy(b);
    using S = log::EventSnapshot;
    drop_fields(
        bytes, flatbuffers::GetRoot<S>(bytes.data()),
        {S::VT_OFFERS, S::VT_LISTINGS, S::VT_PAYOUTS, S::VT_CUSTODY, S::VT_VERIFIED_SELLERS});
    std::string error;
    // A resale checkout's listing is now out of range: the decoder says so.
    EXPECT_FALSE(decode_image(bytes, error).has_value());
    EXPECT_NE(error.find("a checkout's listing"), std::string::npos) << error;
    for (const log::CheckoutRecord* c : *flatbuffers::GetRoot<S>(bytes.data())->checkouts())
        drop_fields(bytes, c, {log::CheckoutRecord::VT_LISTING});
    std::optional<EventImage> image = decode_image(bytes, error);
    ASSERT_TRUE(image.has_value()) << error;
    EXPECT_TRUE(image->offers.empty() && image->listings.empty() && image->payouts.empty() &&
                image->transfers.empty() && image->verified_sellers.empty());
    // Without them this event is impossible (offered and listed tickets, resale
    // checkouts), and restore says so rather than starting it.
    std::string problem;
    EXPECT_FALSE(EventState::restore(std::move(*image), problem).has_value());
    EXPECT_FALSE(problem.empty());
}

// ---- Damaged records.

TEST(TransfersCodec, UnknownTransferEnumValuesAreRefused) {
    std::string error;
    auto offered = [](std::uint8_t type, bool with_hash) {
        flatbuffers::FlatBufferBuilder b;
        const log::Id128 id(1, 2);
        const log::TokenHash hash = log::TokenHash(flatbuffers::make_span(hash_of(1).bytes));
        const auto body = log::CreateTransferOffered(
            b, &id, &id, b.CreateString("a"), b.CreateString("b"),
            static_cast<log::TransferType>(type), with_hash ? &hash : nullptr, 5, 4, nullptr);
        b.Finish(log::CreateFactRecord(b, 2, log::FactBody::TransferOffered, body.Union()));
        return copy(b);
    };
    ASSERT_TRUE(decode(offered(2, true), error).has_value()) << error;
    EXPECT_FALSE(decode(offered(5, true), error).has_value());
    EXPECT_NE(error.find("unknown transfer type value 5"), std::string::npos) << error;
    EXPECT_FALSE(decode(offered(1, false), error).has_value());
    EXPECT_NE(error.find("TransferOffered has no token hash"), std::string::npos) << error;

    auto withdrawn = [](std::uint8_t to) {
        flatbuffers::FlatBufferBuilder b;
        const log::Id128 id(1, 2);
        const auto body =
            log::CreateOfferWithdrawn(b, &id, static_cast<log::OfferState>(to), 5, nullptr);
        b.Finish(log::CreateFactRecord(b, 2, log::FactBody::OfferWithdrawn, body.Union()));
        return copy(b);
    };
    ASSERT_TRUE(decode(withdrawn(3), error).has_value()) << error;
    EXPECT_FALSE(decode(withdrawn(4), error).has_value());
    EXPECT_NE(error.find("unknown offer state value 4"), std::string::npos) << error;
    EXPECT_FALSE(decode(withdrawn(1), error).has_value()) << "claimed is not a withdrawal";
    EXPECT_NE(error.find("OfferWithdrawn into offer state claimed"), std::string::npos) << error;

    // A resale cap the engine does not know (the encoder writes what it is given).
    SaleSettings capped = odd_transfer_settings();
    capped.transfers.cap = static_cast<ResaleCap>(3);
    EXPECT_FALSE(decode(encoded(EventCreated{1, theatre(), capped, 5}), error).has_value());
    EXPECT_NE(error.find("unknown resale cap value 3"), std::string::npos) << error;
}

// A token hash is a 32-byte struct: a record cut anywhere inside it (or anywhere
// at all) fails verification rather than yielding a short hash.
TEST(TransfersCodec, TruncatedTransferFactsAreRefused) {
    const TransferOffered f{OfferId{1, 2},        TicketId{3, 4}, "alice", "bob",
                            TransferType::direct, hash_of(9),     5,       6,
                            CommandTag{}};
    const std::vector<std::uint8_t> bytes = encoded(f);
    std::string error;
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const std::vector<std::uint8_t> cut(bytes.begin(),
                                            bytes.begin() + static_cast<std::ptrdiff_t>(n));
        const std::optional<Fact> back = decode(cut, error);
        if (back.has_value()) {
            // Only trailing alignment padding may go.
            EXPECT_TRUE(same_fact(*back, f)) << n << " bytes";
        } else {
            EXPECT_FALSE(error.empty());
        }
    }
}

// Damages the transfer event's image (the encoder writes what it is given) and
// expects the decoder to refuse it with `reason`.
template <typename Damage>
void expect_snapshot_refused(Damage damage, const std::string& reason) {
    EventImage image = event_with_transfers().state.image();
    ASSERT_TRUE(damage(image)) << "nothing to damage for: " << reason;
    flatbuffers::FlatBufferBuilder b;
    encode_image(image, b);
    std::string error;
    EXPECT_FALSE(decode_image(bytes_of(b), error).has_value()) << reason;
    EXPECT_NE(error.find(reason), std::string::npos) << error;
}

template <typename T, typename Pred, typename Change>
bool change_first(std::vector<T>& records, Pred pred, Change change) {
    for (T& r : records)
        if (pred(r)) {
            change(r);
            return true;
        }
    return false;
}

TEST(TransfersCodec, DamagedTransferSnapshotsAreRefusedWithAReason) {
    auto any = [](const auto&) { return true; };
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.offers, any,
                                [](TransferOffer& o) { o.state = static_cast<OfferState>(9); });
        },
        "unknown offer state value 9");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.offers, any,
                                [](TransferOffer& o) { o.type = static_cast<TransferType>(5); });
        },
        "unknown transfer type value 5");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.offers, any, [](TransferOffer& o) { o.ticket = 5000; });
        },
        "an offer's ticket 5000 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(
                im.offers, [](const TransferOffer& o) { return o.transfer != kNone; },
                [](TransferOffer& o) { o.transfer = 999; });
        },
        "an offer's custody record 999 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.listings, any,
                                [](Listing& l) { l.state = static_cast<ListingState>(4); });
        },
        "unknown listing state value 4");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.listings, any, [](Listing& l) { l.checkout = 999; });
        },
        "a listing's checkout 999 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.listings, any, [](Listing& l) { l.payout = 999; });
        },
        "a listing's payout 999 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.payouts, any,
                                [](Payout& p) { p.state = static_cast<PayoutState>(4); });
        },
        "unknown payout state value 4");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.payouts, any, [](Payout& p) { p.listing = kNone; });
        },
        "a payout's listing 4294967295 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.transfers, any, [](TransferRecord& r) { r.ticket = kNone; });
        },
        "a custody record's ticket 4294967295 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(im.transfers, any, [](TransferRecord& r) { r.previous = 999; });
        },
        "a custody record's previous record 999 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(
                im.checkouts, [](const Checkout& c) { return c.listing != kNone; },
                [](Checkout& c) { c.listing = 999; });
        },
        "a checkout's listing 999 is out of range");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(
                im.tickets, [](const Ticket& t) { return t.status == TicketStatus::listed; },
                [](Ticket& t) { t.status = static_cast<TicketStatus>(6); });
        },
        "unknown ticket status value 6");
    expect_snapshot_refused(
        [&](EventImage& im) {
            return change_first(
                im.idempotency,
                [](const IdempotencyEntry& e) { return e.kind == CommandKind::verify_seller; },
                [](IdempotencyEntry& e) { e.kind = static_cast<CommandKind>(18); });
        },
        "unknown command kind value 18");
    expect_snapshot_refused(
        [&](EventImage& im) {
            im.settings.transfers.cap = static_cast<ResaleCap>(7);
            return true;
        },
        "unknown resale cap value 7");
}

TEST(TransfersCodec, SnapshotsWithoutAnOffersTokenHashAreRefused) {
    const TransferEvent ev = event_with_transfers();
    flatbuffers::FlatBufferBuilder b;
    encode_image(ev.state.image(), b);
    std::vector<std::uint8_t> bytes = copy(b);
    const auto* snapshot = flatbuffers::GetRoot<log::EventSnapshot>(bytes.data());
    drop_fields(bytes, snapshot->offers()->Get(0), {log::OfferRecord::VT_TOKEN_HASH});
    std::string error;
    EXPECT_FALSE(decode_image(bytes, error).has_value());
    EXPECT_NE(error.find("an offer has no token hash"), std::string::npos) << error;
}

// What the decoder cannot see (the records against each other) restore refuses:
// check_invariants, with check_transfers.
TEST(TransfersCodec, ImpossibleTransferSnapshotsAreRefusedByRestore) {
    const TransferEvent ev = event_with_transfers();
    auto refused = [&](auto damage) {
        EventImage image = ev.state.image();
        damage(image);
        flatbuffers::FlatBufferBuilder b;
        encode_image(image, b);
        std::string error;
        std::optional<EventImage> back = decode_image(bytes_of(b), error);
        EXPECT_TRUE(back.has_value()) << error;
        std::string problem;
        EXPECT_FALSE(back && EventState::restore(std::move(*back), problem).has_value());
        return problem;
    };
    EXPECT_EQ(refused([](EventImage& im) {
                  for (Payout& p : im.payouts)
                      p.fee_minor += 1;
              }),
              "a payout's amount and fee do not add up to its price");
    EXPECT_EQ(refused([](EventImage& im) {
                  for (TransferOffer& o : im.offers)
                      if (o.state == OfferState::open) o.state = OfferState::cancelled;
              }),
              "an offered or listed ticket without its offer or listing");
    EXPECT_EQ(refused([](EventImage& im) {
                  for (Listing& l : im.listings)
                      if (l.state == ListingState::sold) l.payout = kNone;
              }),
              "a sold listing without its payout");
}

TEST(TransfersCodec, CorruptedTransferRecordsAreRefusedNotCrashed) {
    const TransferEvent ev = event_with_transfers();
    std::string error;
    std::set<std::size_t> done;
    for (const Fact& f : ev.facts) {
        if (f.index() < Fact(TransferOffered{}).index() || !done.insert(f.index()).second) continue;
        const std::vector<std::uint8_t> bytes = encoded(f);
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const std::uint8_t mask : {0x01, 0x80, 0xff}) {
                std::vector<std::uint8_t> bad = bytes;
                bad[i] ^= mask;
                if (!decode(bad, error)) {
                    EXPECT_FALSE(error.empty());
                }
            }
        }
    }
    flatbuffers::FlatBufferBuilder b;
    encode_image(ev.state.image(), b);
    const std::vector<std::uint8_t> image = copy(b);
    for (std::size_t i = 0; i < image.size(); i += 11) {
        std::vector<std::uint8_t> bad = image;
        bad[i] ^= 0xff;
        std::optional<EventImage> back = decode_image(bad, error);
        if (!back) {
            EXPECT_FALSE(error.empty());
            continue;
        }
        std::string problem;
        const std::optional<EventState> st = EventState::restore(std::move(*back), problem);
        EXPECT_EQ(st.has_value(), problem.empty());
    }
}

}  // namespace
}  // namespace seat::storage::testing
