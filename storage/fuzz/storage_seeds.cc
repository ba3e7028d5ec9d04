// Writes the seed corpora of fact_fuzz, round_record_fuzz and snapshot_fuzz: every
// fact type and a directory entry as the log stores them, round records of runs
// of those facts (one to eight facts each), and snapshots of one small event at
// several points of its life (just created; with live, extended and expired
// holds, a purchase, an admission, a reissue, a cancellation and blocks; with a
// waiting room; with tickets changing hands: offers claimed, cancelled and
// expired, listings sold, delisted and being paid for, payouts paid, failed and
// held for KYC, a verified seller). The
// venue is small on purpose (19 seats, yet every feature: two tiers, an aisle,
// an initially blocked seat, a companion group and a box), so the fuzzer spends
// its time on the records' structure rather than on thousands of seats.
//   storage_seeds [DIR]     (default: storage/fuzz/corpus in the source tree)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "storage/fact_codec.h"
#include "storage/round_record.h"

namespace {

using namespace seat;
using namespace seat::storage;
namespace fs = std::filesystem;

std::shared_ptr<const Venue> small_hall() {
    VenueBuilder v("Small Hall");
    const TierId front = v.add_tier("Front", 5000, "EUR");
    const TierId back = v.add_tier("Back", 2500, "EUR");
    v.add_section("Floor", SectionType::floor);
    v.add_row("A");
    for (const char* label : {"1", "2", "3", "4"})
        v.add_seat(label, SeatType::floor, front, 0, 0);
    const SeatId anchor = v.add_seat("5", SeatType::accessible, front, 5, 0);
    const SeatId companion = v.add_seat("6", SeatType::companion, front, 6, 0);
    v.add_row("B");
    for (int i = 1; i <= 6; ++i)
        v.add_seat(std::to_string(i), SeatType::floor, back, static_cast<float>(i), 1, i == 3,
                   i == 6);
    v.add_section("Box", SectionType::vip);
    v.add_row("1");
    std::vector<SeatId> box;
    for (const char* label : {"1", "2", "3", "4"})
        box.push_back(v.add_seat(label, SeatType::vip, front, 0, 5));
    v.add_row("2");
    for (const char* label : {"1", "2", "3"})
        v.add_seat(label, SeatType::balcony, back, 0, 6);
    v.add_group("Floor A5 access", GroupKind::companion, {anchor, companion}, anchor);
    v.add_group("Box 1", GroupKind::together, box);
    std::string error;
    std::optional<Venue> venue = std::move(v).build(error);
    if (!venue) {
        std::fprintf(stderr, "storage_seeds: %s\n", error.c_str());
        std::exit(1);
    }
    return std::make_shared<const Venue>(std::move(*venue));
}

class Writer {
  public:
    explicit Writer(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
    void operator()(const std::string& name, const flatbuffers::FlatBufferBuilder& b) const {
        (*this)(name, bytes_of(b));
    }
    void operator()(const std::string& name, std::span<const std::uint8_t> bytes) const {
        std::ofstream(dir_ / name, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }

  private:
    fs::path dir_;
};

}  // namespace

int main(int argc, char** argv) {
    const fs::path root = argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS;
    const Writer facts_out(root / "fact"), snapshots_out(root / "snapshot"),
        records_out(root / "round_record");
    std::vector<std::vector<std::uint8_t>> encoded;  // every fact written, in order
    flatbuffers::FlatBufferBuilder b;

    EventState state;
    Rng rng(7);
    FactBuffer facts;
    UnixMillis now = 1'800'000'000'000;
    std::size_t written = 0;
    // Runs a command and writes each new fact as a seed named after its type.
    auto run = [&](Command c, Status expected = Status::ok) {
        facts.clear();
        const Result r = execute(state, c, now += 1000, rng, facts);
        if (r.status != expected) {
            std::fprintf(stderr, "storage_seeds: command %zu refused (status %d)\n", c.index(),
                         static_cast<int>(r.status));
            std::exit(1);
        }
        for (const Fact& f : facts) {
            encode(f, b);
            facts_out(std::to_string(++written) + "_" + fact_name(f), b);
            encoded.emplace_back(bytes_of(b).begin(), bytes_of(b).end());
        }
        return r;
    };
    auto key = [](std::uint64_t n) { return IdempotencyKey{0xBB, n}; };
    const SessionId session{5, 6};

    SaleSettings settings;
    settings.event_name = "Seed night";
    run(CreateEvent{3, small_hall(), settings});
    encode_image(state.image(), b);
    snapshots_out("created", b);

    const HoldId live = run(PlaceHold{session, {0, 1}, key(1)}).reply_as<HoldReply>()->hold;
    run(ExtendHold{live, session, key(2)});
    const HoldId sold = run(PlaceHold{session, {6, 7, 8}, key(3)}).reply_as<HoldReply>()->hold;
    const PurchaseReply p = *run(Purchase{sold, session, "buyer@example.com", "pay-1", key(4)})
                                 .reply_as<PurchaseReply>();
    run(AdmitTicket{state.tickets()[p.first_ticket].id, 1, "north-1", 0});
    run(ReissueTicket{state.tickets()[p.first_ticket + 1].id, "owner-2", key(5)});
    run(CancelTicket{state.tickets()[p.first_ticket + 2].id, key(6)});
    const HoldId released = run(PlaceHold{session, {2}, key(7)}).reply_as<HoldReply>()->hold;
    run(ReleaseHold{released, session, key(8)});
    run(PlaceHold{SessionId{9, 9}, {12, 13, 14, 15}, key(9)});
    run(BlockSeats{{3, 0}, key(10)});
    run(UnblockSeats{{11}, key(11)});
    // Checkouts: one sold, one declined, one abandoned whose charge then
    // succeeded (compensated: a refund owed, failed once, retried, refunded).
    auto checkout_of = [](const Result& r) { return r.reply_as<CheckoutReply>()->checkout; };
    const HoldId paid = run(PlaceHold{session, {9, 10}, key(12)}).reply_as<HoldReply>()->hold;
    const std::uint32_t paying =
        checkout_of(run(StartCheckout{paid, session, "buyer-7", "pm_card_visa", key(13)}));
    run(SettleCheckout{state.checkouts()[paying].id, ChargeResult::succeeded, "pi_seed_1", {}});
    const HoldId refused = run(PlaceHold{session, {16}, key(14)}).reply_as<HoldReply>()->hold;
    const std::uint32_t declined =
        checkout_of(run(StartCheckout{refused, session, "buyer-8", "pm_card_declined", key(15)}));
    run(SettleCheckout{state.checkouts()[declined].id, ChargeResult::declined, {}, "card_declined"},
        Status::payment_declined);
    const HoldId late = run(PlaceHold{session, {17}, key(16)}).reply_as<HoldReply>()->hold;
    const std::uint32_t abandoned =
        checkout_of(run(StartCheckout{late, session, "buyer-9", "pm_card_visa", key(17)}));
    now += state.settings().payment_timeout_ms + 1;
    run(ExpireCheckouts{});
    run(SettleCheckout{state.checkouts()[abandoned].id, ChargeResult::succeeded, "pi_seed_2", {}},
        Status::payment_refunded);
    const RefundId refund = state.refunds().back().id;
    run(SettleRefund{refund, false, {}, "provider unavailable", 3});
    run(RetryRefund{refund, key(18)});
    encode_image(state.image(), b);
    snapshots_out("refund_owed", b);
    run(SettleRefund{refund, true, "re_seed_1", {}, 1});

    encode_image(state.image(), b);
    snapshots_out("sold_and_held", b);

    now += state.settings().hold_ttl_ms + 1;
    run(ExpireHolds{});
    encode_image(state.image(), b);
    snapshots_out("after_expiry", b);

    // A waiting room: a pre-queue of four, drawn at the sale's start; one
    // reclaimed, two admitted, one holding under its token, one leaving, the
    // other's token running out.
    state = EventState{};
    SaleSettings room;
    room.event_name = "Queue night";
    room.sale_starts_at_ms = now + 5'000;
    room.room.enabled = true;
    room.room.max_active = 2;
    room.room.batch_size = 2;
    room.room.token_ttl_ms = 60'000;
    run(CreateEvent{4, small_hall(), room});
    for (std::uint64_t buyer = 1; buyer <= 4; ++buyer)
        run(JoinQueue{SessionId{0x5E, buyer}});
    now += 5'000;
    run(RunRoom{});                           // opens: the pre-queue is drawn
    run(RunRoom{{state.room().size() - 1}});  // one reclaimed, the first batch admitted
    std::uint32_t admitted = kNone;
    state.room().for_each_admitted([&](std::uint32_t e) {
        admitted = e;
        return false;
    });
    const QueueEntry& entry = state.room().entry(admitted);
    run(PlaceHold{session,
                  {4, 5},
                  key(19),
                  AdmissionClaim{true, true, admitted, entry.token_expires_at, entry.session}});
    encode_image(state.image(), b);
    snapshots_out("room", b);
    std::uint32_t other = kNone;
    state.room().for_each_admitted([&](std::uint32_t e) {
        if (e != admitted) other = e;
        return other == kNone;
    });
    run(LeaveQueue{state.room().entry(other).ticket});
    now += 60'000;
    run(RunRoom{});  // the tokens ran out; the live hold keeps its admission; the last admitted
    now += 60'000;
    run(RunRoom{});  // its token ran out unused: the admission ends
    encode_image(state.image(), b);
    snapshots_out("room_after_expiry", b);

    // Transfers and resale, on an event whose settings are not the defaults (so
    // its EventCreated is format 2 too).
    state = EventState{};
    SaleSettings resale;
    resale.event_name = "Resale night";
    resale.transfers.offer_ttl_ms = 60'000;
    resale.transfers.kyc_threshold_sales = 2;
    resale.transfers.cap = ResaleCap::percent_above_face;
    resale.transfers.cap_percent = 20;
    run(CreateEvent{5, small_hall(), resale});
    auto buy = [&](const std::string& buyer, HoldSeats seats, std::uint64_t k) {
        const SessionId s{0x7E, k};
        const HoldId h = run(PlaceHold{s, seats, key(k)}).reply_as<HoldReply>()->hold;
        return run(Purchase{h, s, buyer, "pay-" + buyer, key(k + 1)})
            .reply_as<PurchaseReply>()
            ->first_ticket;
    };
    auto hash = [](std::uint8_t seed) {
        TokenHash h;
        for (std::size_t i = 0; i < h.bytes.size(); ++i)
            h.bytes[i] = static_cast<std::uint8_t>(seed * 37 + i);
        return h;
    };
    const std::uint32_t ann = buy("ann", {0, 1, 2}, 40);
    const std::uint32_t ben = buy("ben", {6, 7, 8, 9}, 42);
    auto ticket = [&](std::uint32_t i) { return state.tickets()[i].id; };
    run(OfferTransfer{ticket(ann), "ann", "cy@example.com", TransferType::gift, hash(1), key(44)});
    now += 61'000;
    run(ExpireOffers{});
    run(OfferTransfer{ticket(ann + 1), "ann", "cy@example.com", TransferType::direct, hash(2),
                      key(45)});
    run(ClaimTransfer{hash(2), "cy@example.com", key(46)});
    run(OfferTransfer{ticket(ann + 2), "ann", "di@example.com", TransferType::direct, hash(3),
                      key(47)});
    run(CancelOffer{ticket(ann + 2), "ann", key(48)});
    // Ben sells twice (the second payout waits for his KYC), ann once.
    auto sell = [&](std::uint32_t t, const std::string& seller, std::int64_t price,
                    std::uint64_t k) {
        const std::uint32_t l = run(ListTicket{ticket(t), seller, price, "acct_" + seller, key(k)})
                                    .reply_as<ListingReply>()
                                    ->listing;
        return checkout_of(
            run(BuyListing{state.listings()[l].id, "fan", "pm_card_visa", key(k + 1)}));
    };
    auto settle = [&](std::uint32_t c, bool paid) {
        if (paid) {
            run(SettleCheckout{state.checkouts()[c].id, ChargeResult::succeeded, "pi_resale", {}});
        } else {
            run(
                SettleCheckout{
                    state.checkouts()[c].id, ChargeResult::declined, {}, "card_declined"},
                Status::payment_declined);
        }
    };
    settle(sell(ben, "ben", 2500, 50), true);
    settle(sell(ben + 1, "ben", 2400, 52), true);
    settle(sell(ann, "ann", 5000, 54), true);
    settle(sell(ben + 2, "ben", 2000, 56), false);  // declined: listed again
    run(SettlePayout{state.payouts()[0].id, true, "po_seed_1", {}, 1});
    run(SettlePayout{state.payouts()[2].id, false, {}, "account_closed", 3});
    sell(ben + 3, "ben", 2200, 58);                      // being paid for
    run(DelistTicket{ticket(ben + 3), "ben", key(60)});  // ends with the payment
    run(VerifySeller{"ann", key(61)});
    encode_image(state.image(), b);
    snapshots_out("transfers", b);
    run(DelistTicket{ticket(ben + 2), "ben", key(62)});
    run(VerifySeller{"ben", key(63)});

    encode_entry(EventEntry{3, 1, 1'800'000'000'000, "Seed night"}, b);
    facts_out("directory_entry", b);

    // Round records of consecutive facts, of 1, 2, 3, 5 and 8 facts in turn
    // (the sequences are the facts' places in the run above).
    RoundRecordBuilder record;
    std::size_t records = 0;
    for (std::size_t at = 0, turn = 0; at < encoded.size(); ++turn) {
        constexpr std::size_t kSizes[] = {1, 2, 3, 5, 8};
        const std::size_t n = std::min(kSizes[turn % 5], encoded.size() - at);
        record.start(at + 1);
        for (std::size_t i = 0; i < n; ++i)
            record.append(encoded[at + i]);
        records_out("record_" + std::to_string(at + 1) + "_" + std::to_string(n), record.bytes());
        at += n;
        ++records;
    }
    std::printf("storage_seeds: wrote %zu facts, %zu round records and 7 snapshots under %s\n",
                written, records, root.c_str());
    return 0;
}
