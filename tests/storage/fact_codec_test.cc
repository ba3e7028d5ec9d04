// Proves the FlatBuffers codec is lossless and safe: every fact type and whole
// event images (theatre and stadium, tickets admitted, reissued and cancelled
// included) survive encode/decode field for field, from any address; snapshots
// written before tickets had owners and gates still decode; idempotency entries
// keep the snapshot's flat fields whatever their reply type; and corrupted,
// truncated, unknown-version or unknown-type bytes are refused with an error
// message, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "engine/queries.h"
#include "fact_generated.h"
#include "storage/fact_codec.h"
#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

// A seeded workload's facts: thousands of them, every type included.
std::vector<Logged> workload_facts(std::uint64_t seed, std::size_t rounds) {
    ShardSim sim(seed);
    std::vector<Logged> all = sim.create(1, theatre());
    for (const Logged& l : sim.create(2, theatre(), /*room=*/true))
        all.push_back(l);
    for (std::size_t r = 0; r < rounds; ++r)
        for (Logged& l : sim.round(20))
            all.push_back(std::move(l));
    return all;
}

std::vector<std::uint8_t> encoded(const Fact& fact) {
    flatbuffers::FlatBufferBuilder builder;
    encode(fact, builder);
    const auto bytes = bytes_of(builder);
    return {bytes.begin(), bytes.end()};
}

TEST(FactCodec, EveryFactTypeRoundTrips) {
    const std::vector<Logged> facts = workload_facts(11, 150);
    std::vector<std::size_t> seen(std::variant_size_v<Fact>, 0);
    flatbuffers::FlatBufferBuilder builder;  // reused, as the shard does
    std::string error;
    for (const Logged& l : facts) {
        encode(l.fact, builder);
        const std::optional<Fact> back = decode(bytes_of(builder), error);
        ASSERT_TRUE(back.has_value()) << fact_name(l.fact) << ": " << error;
        EXPECT_TRUE(same_fact(l.fact, *back)) << fact_name(l.fact) << " changed in the round trip";
        ++seen[l.fact.index()];
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
        EXPECT_GT(seen[i], 0u) << "the workload never produced fact type " << i;
}

TEST(FactCodec, HandBuiltFactsWithExtremeValuesRoundTrip) {
    const CommandTag tag{IdempotencyKey{UINT64_MAX, 1}, UINT64_MAX};
    HoldPlaced full_hold{
        HoldId::make(UINT32_MAX - 1, UINT32_MAX), SessionId{1, 2}, {}, INT64_MAX, INT64_MIN, tag};
    for (std::uint32_t i = 0; i < kHoldSeatsMax; ++i)
        full_hold.seats.push_back(i * 1000);
    HoldPurchased purchase{HoldId{42}, std::string(kBuyerIdBytesMax, 'b'), "", {}, -1, tag};
    for (std::uint64_t i = 0; i < kHoldSeatsMax; ++i)
        purchase.tickets.push_back({i, ~i});
    std::vector<SeatId> many(kBlockSeatsMax);
    for (std::size_t i = 0; i < many.size(); ++i)
        many[i] = static_cast<SeatId>(i);
    const std::vector<Fact> facts = {
        full_hold,
        HoldReleased{HoldId{1}, 0, CommandTag{}},
        HoldExtended{HoldId{2}, 5, 4, tag},
        HoldExpired{HoldId{3}, 6},
        purchase,
        SeatsBlocked{many, 7, tag},
        SeatsUnblocked{{}, 8, CommandTag{}},
        TicketAdmitted{TicketId{UINT64_MAX, 3}, UINT32_MAX, std::string(kGateBytesMax, 'g'),
                       INT64_MAX, INT64_MIN},
        TicketAdmitted{TicketId{1, 2}, 1, "north", 9, 0},
        TicketReissued{TicketId{4, 5}, 2, std::string(kOwnerBytesMax, 'o'), 10, tag},
        TicketReissued{TicketId{4, 5}, 3, "", -10, CommandTag{}},
        TicketCancelled{TicketId{6, 7}, 11, tag},
        TicketCancelled{TicketId{}, 0, CommandTag{}},
    };
    std::string error;
    for (const Fact& f : facts) {
        const std::vector<std::uint8_t> bytes = encoded(f);
        const std::optional<Fact> back = decode(bytes, error);
        ASSERT_TRUE(back.has_value()) << fact_name(f) << ": " << error;
        EXPECT_TRUE(same_fact(f, *back)) << fact_name(f);
    }
}

TEST(FactCodec, DecodesFromMisalignedAddresses) {
    const std::vector<Logged> facts = workload_facts(5, 10);
    std::string error;
    for (const Logged& l : facts) {
        const std::vector<std::uint8_t> bytes = encoded(l.fact);
        for (std::size_t shift = 1; shift < 8; ++shift) {
            // RocksDB values start wherever the block put them.
            std::vector<std::uint8_t> shifted(bytes.size() + shift);
            std::memcpy(shifted.data() + shift, bytes.data(), bytes.size());
            const std::optional<Fact> back = decode(std::span(shifted).subspan(shift), error);
            ASSERT_TRUE(back.has_value()) << error;
            EXPECT_TRUE(same_fact(l.fact, *back));
        }
    }
}

void expect_image_round_trip(const EventState& state) {
    const EventImage image = state.image();
    flatbuffers::FlatBufferBuilder builder;
    const auto started = std::chrono::steady_clock::now();
    encode_image(image, builder);
    const auto encoded_at = std::chrono::steady_clock::now();
    std::string error;
    std::optional<EventImage> back = decode_image(bytes_of(builder), error);
    const auto decoded_at = std::chrono::steady_clock::now();
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(same_state(image, *back));
    EXPECT_TRUE(same_venue(*image.venue, *back->venue));
    EXPECT_EQ(back->settings, image.settings);
    // The decoded image is a valid state: from_image checks every invariant.
    const EventState restored = EventState::from_image(std::move(*back));
    EXPECT_TRUE(same_state(restored.image(), image));
    using us = std::chrono::microseconds;
    std::printf(
        "[ info ] image of %zu seats, %zu tickets: %zu bytes, encode %lld us, decode %lld us\n",
        image.seats.size(), image.tickets.size(), static_cast<std::size_t>(builder.GetSize()),
        static_cast<long long>(std::chrono::duration_cast<us>(encoded_at - started).count()),
        static_cast<long long>(std::chrono::duration_cast<us>(decoded_at - encoded_at).count()));
}

TEST(FactCodec, TheatreImageRoundTrips) {
    ShardSim sim(21);
    sim.create(1, theatre());
    // Run until the image has a bit of everything: tickets, live holds, free slots.
    for (int r = 0; r < 100; ++r) {
        sim.round(20);
        const EventState& s = sim.state(1);
        if (s.tickets().size() >= 10 && s.live_hold_count() >= 3 && s.live_hold_count() < 10 &&
            !s.image().free_slots.empty())
            break;
    }
    ASSERT_GE(sim.state(1).tickets().size(), 10u);
    ASSERT_GE(sim.state(1).live_hold_count(), 3u);
    ASSERT_FALSE(sim.state(1).image().free_slots.empty());
    ASSERT_FALSE(sim.state(1).image().idempotency.empty());
    expect_image_round_trip(sim.state(1));
}

TEST(FactCodec, StadiumImageRoundTrips) {
    ShardSim sim(22);
    sim.create(1, stadium());
    for (int r = 0; r < 100; ++r)
        sim.round(20);
    ASSERT_GT(sim.state(1).tickets().size(), 0u);
    expect_image_round_trip(sim.state(1));
}

TEST(FactCodec, EmptyEventImageRoundTrips) {
    ShardSim sim(23);
    sim.create(1, theatre());
    expect_image_round_trip(sim.state(1));
}

// An event on the theatre where tickets were admitted (online and by an offline
// gate), reissued to new owners and cancelled, and a refunded seat sold again.
EventState event_with_ticket_lives() {
    EventState state;
    FactBuffer out;
    Rng rng(5);
    UnixMillis now = 1'800'000'000'000;
    auto run = [&](const Command& c) {
        now += 1000;
        const Result r = execute(state, c, now, rng, out);
        EXPECT_TRUE(r.ok()) << "status " << static_cast<int>(r.status);
        return r;
    };
    run(CreateEvent{1, theatre(), SaleSettings{}});
    for (std::uint64_t buyer = 0; buyer < 4; ++buyer) {
        const Result h =
            run(PlaceHold{SessionId{1, buyer},
                          {static_cast<SeatId>(3 * buyer), static_cast<SeatId>(3 * buyer + 1)},
                          {}});
        run(Purchase{std::get<HoldReply>(h.reply).hold, SessionId{1, buyer},
                     "buyer-" + std::to_string(buyer), "pay", IdempotencyKey{8, buyer + 1}});
    }
    auto id = [&](std::uint32_t i) { return state.tickets()[i].id; };
    run(AdmitTicket{id(0), 1, "north", 0});
    run(AdmitTicket{id(1), 1, "south", now - 50'000});
    run(ReissueTicket{id(2), "friend", IdempotencyKey{9, 1}});
    run(ReissueTicket{id(2), "", IdempotencyKey{9, 2}});
    run(ReissueTicket{id(3), "friend", {}});
    run(AdmitTicket{id(3), 2, "north", 0});
    run(ReissueTicket{id(4), "another", {}});
    run(CancelTicket{id(4), IdempotencyKey{9, 3}});
    run(CancelTicket{id(5), {}});
    const Result h = run(PlaceHold{SessionId{1, 9}, {state.tickets()[5].seat}, {}});
    run(Purchase{std::get<HoldReply>(h.reply).hold, SessionId{1, 9}, "buyer-9", "pay", {}});
    EXPECT_EQ(state.check_invariants(), "");
    return state;
}

TEST(FactCodec, ImageWithAdmittedReissuedAndCancelledTicketsRoundTrips) {
    const EventState state = event_with_ticket_lives();
    const EventImage image = state.image();
    ASSERT_EQ(image.owners, (std::vector<std::string>{"friend", "another"}));
    ASSERT_EQ(image.gates, (std::vector<std::string>{"north", "south"}));
    ASSERT_EQ(state.revoked_count(), 6u);
    expect_image_round_trip(state);

    flatbuffers::FlatBufferBuilder builder;
    encode_image(image, builder);
    std::string error;
    std::optional<EventImage> back = decode_image(bytes_of(builder), error);
    ASSERT_TRUE(back.has_value()) << error;
    const EventState restored = EventState::from_image(std::move(*back));
    const Ticket& admitted = restored.tickets()[1];
    EXPECT_EQ(admitted.status, TicketStatus::admitted);
    EXPECT_EQ(ticket_gate(restored, admitted), "south");
    EXPECT_EQ(admitted.device_at, admitted.admitted_at - 51'000);
    EXPECT_EQ(restored.tickets()[2].version, 3u);
    EXPECT_EQ(ticket_owner(restored, restored.tickets()[2]), "friend");
    EXPECT_EQ(restored.tickets()[4].status, TicketStatus::cancelled);
    EXPECT_EQ(restored.tickets()[5].status, TicketStatus::cancelled);
    EXPECT_EQ(restored.seat(restored.tickets()[5].seat).ticket, 8u) << "sold again";
    EXPECT_EQ(restored.revoked_count(), state.revoked_count());
    EXPECT_EQ(restored.ticket_index(restored.tickets()[7].id), 7u);
}

// Zeroes a field's vtable entry in an encoded snapshot, so the field reads as absent,
// as in a snapshot written before the field existed.
void drop_field(std::vector<std::uint8_t>& bytes, flatbuffers::voffset_t field) {
    auto read32 = [&](std::size_t at) {
        std::uint32_t v;
        std::memcpy(&v, bytes.data() + at, sizeof v);
        return v;
    };
    const std::size_t table = read32(0);
    const std::size_t vtable = table - static_cast<std::int32_t>(read32(table));
    std::uint16_t vtable_bytes;
    std::memcpy(&vtable_bytes, bytes.data() + vtable, sizeof vtable_bytes);
    ASSERT_LT(field, vtable_bytes);
    std::memset(bytes.data() + vtable + field, 0, sizeof(flatbuffers::voffset_t));
}

TEST(FactCodec, SnapshotFromBeforeTicketLivesReadsDefaults) {
    ShardSim sim(24);
    sim.create(1, theatre());
    for (int r = 0; r < 30 && sim.state(1).tickets().size() < 5; ++r)
        sim.round(10);
    // An older writer knew only what every ticket looked like when it was sold.
    EventImage image = sim.state(1).image();
    std::erase_if(image.idempotency, [](const IdempotencyEntry& e) {
        return e.kind == CommandKind::reissue || e.kind == CommandKind::cancel;
    });
    for (Ticket& t : image.tickets) {
        t = Ticket{t.id, t.seat, t.purchase, 1, t.status, 7, 7, 1, 2};
        if (t.status == TicketStatus::admitted) t.status = TicketStatus::valid;
    }
    flatbuffers::FlatBufferBuilder builder;
    encode_image(image, builder);
    std::vector<std::uint8_t> bytes(bytes_of(builder).begin(), bytes_of(builder).end());
    std::string error;
    ASSERT_FALSE(decode_image(bytes, error).has_value()) << "owner 7 of no owners";
    EXPECT_NE(error.find("a ticket's owner 7 is out of range"), std::string::npos) << error;

    drop_field(bytes, log::EventSnapshot::VT_TICKET_LIFE);
    drop_field(bytes, log::EventSnapshot::VT_OWNERS);
    drop_field(bytes, log::EventSnapshot::VT_GATES);
    std::optional<EventImage> back = decode_image(bytes, error);
    ASSERT_TRUE(back.has_value()) << error;
    ASSERT_EQ(back->tickets.size(), image.tickets.size());
    for (const Ticket& t : back->tickets) {
        EXPECT_EQ(t.owner, kNone);
        EXPECT_EQ(t.gate, kNone);
        EXPECT_EQ(t.admitted_at, 0);
        EXPECT_EQ(t.device_at, 0);
    }
    EXPECT_TRUE(back->owners.empty());
    EXPECT_TRUE(back->gates.empty());
    const EventState restored = EventState::from_image(std::move(*back));  // checks invariants
    EXPECT_EQ(ticket_owner(restored, restored.tickets()[0]),
              restored.purchases()[restored.tickets()[0].purchase].buyer_id);
}

TEST(FactCodec, TicketLivesThatDoNotMatchTheTicketsAreRefused) {
    EventImage image = event_with_ticket_lives().image();
    flatbuffers::FlatBufferBuilder builder;
    std::string error;
    image.tickets[1].gate = 2;  // two gates are known: 0 and 1
    encode_image(image, builder);
    EXPECT_FALSE(decode_image(bytes_of(builder), error).has_value());
    EXPECT_NE(error.find("a ticket's gate 2 is out of range"), std::string::npos) << error;
}

// The engine remembers a reply of each command's own type; on disk an entry keeps
// the flat fields the snapshot format always had, field for field, so snapshots
// written before and after the change read the same.
TEST(FactCodec, IdempotencyEntriesKeepTheirFlatFieldsOnDisk) {
    ShardSim sim(25);
    sim.create(1, theatre());
    EventImage image = sim.state(1).image();
    const HoldId hold = HoldId::make(3, 2);
    auto entry = [](std::uint64_t n, CommandKind kind, RememberedReply reply) {
        return IdempotencyEntry{IdempotencyKey{7, n}, 100 + n, kind, reply};
    };
    image.idempotency = {
        entry(1, CommandKind::hold, HoldReply{hold, 5000}),
        entry(2, CommandKind::release, ReleaseReply{hold}),
        entry(3, CommandKind::extend, HoldReply{hold, 9000}),
        entry(4, CommandKind::purchase, PurchaseReply{hold, 12, 4}),
        entry(5, CommandKind::block, BlockReply{6, 2}),
        entry(6, CommandKind::unblock, BlockReply{1, 3}),
        entry(7, CommandKind::reissue, TicketReply{12, 2}),
        entry(8, CommandKind::cancel, TicketReply{13, 1}),
    };
    // hold, expires_at, first_ticket, count, pending: what every writer has written.
    const std::uint64_t flat[][5] = {
        {hold.value, 5000, 0, 0, 0},
        {hold.value, 0, 0, 0, 0},
        {hold.value, 9000, 0, 0, 0},
        {hold.value, 0, 12, 4, 0},
        {0, 0, 0, 6, 2},
        {0, 0, 0, 1, 3},
        {0, 0, 12, 2, 0},
        {0, 0, 13, 1, 0},
    };
    flatbuffers::FlatBufferBuilder builder;
    encode_image(image, builder);
    const auto* on_disk = flatbuffers::GetRoot<log::EventSnapshot>(bytes_of(builder).data());
    ASSERT_NE(on_disk->idempotency(), nullptr);
    ASSERT_EQ(on_disk->idempotency()->size(), image.idempotency.size());
    for (std::uint32_t i = 0; i < image.idempotency.size(); ++i) {
        const log::IdempotencyEntry& e = *on_disk->idempotency()->Get(i);
        EXPECT_EQ(e.key().lo(), i + 1);
        EXPECT_EQ(e.fingerprint(), 101 + i);
        EXPECT_EQ(static_cast<int>(e.kind()), static_cast<int>(image.idempotency[i].kind));
        const std::uint64_t fields[] = {e.hold(), static_cast<std::uint64_t>(e.expires_at()),
                                        e.first_ticket(), e.count(), e.pending()};
        EXPECT_TRUE(std::equal(std::begin(fields), std::end(fields), flat[i])) << "entry " << i;
    }
    std::string error;
    const std::optional<EventImage> back = decode_image(bytes_of(builder), error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(back->idempotency, image.idempotency);
}

// Flips each byte (and truncates at each length) of a record: decode must return
// either an error or some value, never crash or read out of bounds (run under ASan).
template <typename Decode>
void corrupt_every_byte(const std::vector<std::uint8_t>& bytes, Decode decode_fn,
                        std::size_t stride) {
    std::string error;
    std::size_t refused = 0;
    std::size_t tries = 0;
    for (std::size_t i = 0; i < bytes.size(); i += stride) {
        for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
            std::vector<std::uint8_t> bad = bytes;
            bad[i] ^= mask;
            error.clear();
            ++tries;
            if (!decode_fn(bad, error)) {
                ++refused;
                EXPECT_FALSE(error.empty());
            }
        }
        // Cutting only the alignment padding at the end leaves a valid record.
        std::vector<std::uint8_t> cut(bytes.begin(),
                                      bytes.begin() + static_cast<std::ptrdiff_t>(i));
        error.clear();
        if (!decode_fn(cut, error)) {
            EXPECT_FALSE(error.empty());
        }
    }
    EXPECT_GT(refused, 0u);
    std::printf("[ info ] %zu of %zu byte flips in a %zu-byte record refused\n", refused, tries,
                bytes.size());
}

TEST(FactCodec, CorruptedFactsAreRefusedNotCrashed) {
    const std::vector<Logged> facts = workload_facts(31, 30);
    std::vector<bool> done(std::variant_size_v<Fact>, false);
    auto decode_fact = [](const std::vector<std::uint8_t>& b, std::string& e) {
        return decode(b, e).has_value();
    };
    for (const Logged& l : facts) {
        if (done[l.fact.index()]) continue;
        done[l.fact.index()] = true;
        const std::vector<std::uint8_t> bytes = encoded(l.fact);
        // The venue record is large; sample it, and try every byte of the small ones.
        corrupt_every_byte(bytes, decode_fact, bytes.size() > 4096 ? 7 : 1);
    }
}

TEST(FactCodec, CorruptedImagesAreRefusedNotCrashed) {
    ShardSim sim(32);
    sim.create(1, theatre());
    for (int r = 0; r < 20; ++r)
        sim.round(20);
    flatbuffers::FlatBufferBuilder builder;
    encode_image(sim.state(1).image(), builder);
    const auto span = bytes_of(builder);
    corrupt_every_byte(
        std::vector<std::uint8_t>(span.begin(), span.end()),
        [](const std::vector<std::uint8_t>& b, std::string& e) {
            return decode_image(b, e).has_value();
        },
        13);
}

TEST(FactCodec, GarbageIsRefused) {
    std::string error;
    EXPECT_FALSE(decode(std::span<const std::uint8_t>(), error).has_value());
    EXPECT_NE(error.find("impossible size"), std::string::npos) << error;
    Rng rng(99);
    for (int i = 0; i < 2000; ++i) {
        std::vector<std::uint8_t> junk(1 + rng.below(256));
        for (auto& b : junk)
            b = static_cast<std::uint8_t>(rng.next());
        error.clear();
        if (!decode(junk, error)) {
            EXPECT_FALSE(error.empty());
        }
        EXPECT_FALSE(decode_image(junk, error).has_value());
    }
}

// Found by storage/fuzz/fact_fuzz: a HoldPurchased whose ticket list (16-byte
// Id128 structs, 8-byte aligned) starts 4 bytes off passed FlatBuffers 2.0.8's
// Verifier, which checks only the alignment of a vector's length, and its ids
// were read with misaligned loads (UBSan: "reference binding to misaligned
// address ... for type 'const log::Id128'").
TEST(FactCodec, HoldPurchasedWithMisalignedTicketListIsRefused) {
    alignas(8) static constexpr std::uint8_t kRecord[] = {
        0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x0c, 0x00, 0x06,
        0x00, 0x05, 0x00, 0x08, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x06, 0x01, 0x00, 0x14, 0x00,
        0x00, 0x00, 0x10, 0x00, 0x3c, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x7c, 0x00, 0x00, 0x00, 0x6c, 0x00, 0x00, 0x00,
        0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
        0x00, 0x00, 0x00, 0x70, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    std::string error;
    EXPECT_FALSE(decode(kRecord, error).has_value());
    EXPECT_NE(error.find("HoldPurchased's ticket list is not aligned"), std::string::npos) << error;
}

// Builds a FactRecord by hand, as a writer from another version would.
std::vector<std::uint8_t> hand_record(std::uint16_t version, log::FactBody type) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = log::CreateHoldExpired(b, 5, 6);
    b.Finish(log::CreateFactRecord(b, version, type, body.Union()));
    return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

TEST(FactCodec, UnknownVersionsAndTypesAreRefusedWithAReason) {
    std::string error;
    ASSERT_TRUE(decode(hand_record(kFactFormatVersion, log::FactBody::HoldExpired), error));

    EXPECT_FALSE(decode(hand_record(kFactFormatVersion + 1, log::FactBody::HoldExpired), error));
    EXPECT_NE(error.find("format version " + std::to_string(kFactFormatVersion + 1)),
              std::string::npos)
        << error;

    EXPECT_FALSE(decode(hand_record(0, log::FactBody::HoldExpired), error));
    EXPECT_NE(error.find("format version 0"), std::string::npos) << error;

    EXPECT_FALSE(decode(hand_record(kFactFormatVersion, static_cast<log::FactBody>(42)), error));
    EXPECT_NE(error.find("unknown fact type 42"), std::string::npos) << error;

    EXPECT_FALSE(decode(hand_record(kFactFormatVersion, log::FactBody::NONE), error));
    EXPECT_NE(error.find("no fact"), std::string::npos) << error;
}

TEST(FactCodec, OverfullSeatListsAreRefused) {
    flatbuffers::FlatBufferBuilder b;
    std::vector<std::uint32_t> seats(kHoldSeatsMax + 1, 3);
    const auto list = b.CreateVector(seats);
    const log::Id128 session(1, 2);
    const auto body = log::CreateHoldPlaced(b, 7, &session, list, 1, 1, nullptr);
    b.Finish(log::CreateFactRecord(b, kFactFormatVersion, log::FactBody::HoldPlaced, body.Union()));
    std::string error;
    EXPECT_FALSE(decode(bytes_of(b), error).has_value());
    EXPECT_NE(error.find("at most 16 fit"), std::string::npos) << error;
}

TEST(FactCodec, HoldPlacedEncodingIsCheap) {
    HoldPlaced hold{HoldId::make(3, 9),
                    SessionId{1, 2},
                    {10, 11, 12, 13},
                    1000,
                    900,
                    CommandTag{IdempotencyKey{5, 6}, 77}};
    Fact fact = hold;
    flatbuffers::FlatBufferBuilder builder;
    constexpr int kRuns = 200'000;
    std::size_t bytes = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < kRuns; ++i) {
        std::get<HoldPlaced>(fact).at = i;
        encode(fact, builder);
        bytes += builder.GetSize();
    }
    const double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started)
            .count() /
        kRuns;
    std::printf("[ info ] HoldPlaced: %zu bytes, encode %.0f ns\n", bytes / kRuns, ns);
    EXPECT_LT(bytes / kRuns, 160u);
}

TEST(DirectoryEntry, RoundTripsAndRefusesGarbage) {
    const EventEntry entry{77, 1, 1'800'000'000'000, "Hamlet, opening night"};
    flatbuffers::FlatBufferBuilder builder;
    encode_entry(entry, builder);
    std::string error;
    const std::optional<EventEntry> back = decode_entry(77, bytes_of(builder), error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(*back, entry);
    const std::vector<std::uint8_t> junk = {1, 2, 3};
    EXPECT_FALSE(decode_entry(77, junk, error).has_value());
}

}  // namespace
}  // namespace seat::storage::testing
