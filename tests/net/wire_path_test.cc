// Proves the binary protocol's path through a real shard, without a socket:
// request frames become jobs (decode_job), a Shard on a real RocksDB log runs
// them round by round on the test's thread (ManualClock, fixed seed), and the
// connection's WireResponder turns the answers into response frames. Shown:
// seat names are resolved on the shard (ids first, then names; unknown names
// refused by name, nothing written); answers leave only after the round's
// commit, all of a round's answers for a connection in one delivery; a query
// after a write in the same round sees the write; holds expire when the test's
// clock says so; what a reply shows depends on the caller's role; and a seed
// replays a run byte for byte.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "server/net/wire_jobs.h"
#include "server/net/wire_responder.h"
#include "server/shard/shard.h"
#include "tests/protocol/wire_helpers.h"
#include "tests/storage/fixture.h"

namespace seat::server {
namespace {

using storage::testing::TempDir;
constexpr EventId kEvent = 7;
constexpr UnixMillis kStart = 1'800'000'000'000;

// Collects what a responder delivers and counts it out of the memory, as the
// connection does once it has written it.
class Collector final : public FrameSink {
  public:
    explicit Collector(std::shared_ptr<ConnectionMemory> m) : memory(std::move(m)) {}
    void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) override {
        memory->sub(frames.size());
        deliveries.push_back({std::move(frames), count});
    }
    std::shared_ptr<ConnectionMemory> memory;
    struct Delivery {
        std::vector<std::uint8_t> bytes;
        std::uint32_t count;
    };
    std::vector<Delivery> deliveries;
};

// The responses of one delivery, verified, in order.
class Responses {
  public:
    explicit Responses(const std::vector<std::uint8_t>& bytes) {
        std::size_t at = 0;
        while (at < bytes.size()) {
            const std::uint32_t body = bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 |
                                       std::uint32_t{bytes[at + 3]} << 24;
            const std::size_t size = protocol::kFrameHeaderBytes + body;
            frames_.push_back(std::make_unique<protocol::testing::AlignedBytes>(
                std::span<const std::uint8_t>(bytes.data() + at, size)));
            const auto v = protocol::verify_response(frames_.back()->span());
            EXPECT_TRUE(v.ok());
            responses_.push_back(v.message);
            at += (size + protocol::kFrameAlignBytes - 1) / protocol::kFrameAlignBytes *
                  protocol::kFrameAlignBytes;
        }
    }
    std::size_t size() const { return responses_.size(); }
    const wire::Response& operator[](std::size_t i) const { return *responses_.at(i); }

  private:
    std::vector<std::unique_ptr<protocol::testing::AlignedBytes>> frames_;
    std::vector<const wire::Response*> responses_;
};

class WirePath : public ::testing::Test {
  protected:
    WirePath() {
        storage::Status status;
        log_ = storage::FactLog::open(dir_ / "data", {}, status);
        EXPECT_NE(log_, nullptr);
        bool created = false;
        keys_ = std::make_shared<TicketKeys>(dir_ / "ticket-keys", created);
        shard_ = make_shard(*log_, directory_, 42);
        app_ =
            std::make_shared<WireResponder>(app_sink_, app_sink_->memory, wire::Role::app, keys_);
        scanner_ = std::make_shared<WireResponder>(scanner_sink_, scanner_sink_->memory,
                                                   wire::Role::scanner, keys_);
        CreateEvent create{kEvent, std::make_shared<const Venue>(make_theatre()), {}};
        EXPECT_TRUE(shard_->create_now(create).ok());
    }

    std::unique_ptr<Shard> make_shard(storage::FactLog& log, EventDirectory& directory,
                                      std::uint64_t seed) {
        ShardOptions options;
        options.environment.clock = clock_;
        options.environment.seed = seed;
        return std::make_unique<Shard>(0, log, directory, options);
    }

    // Decodes a request frame into a job for `responder` and queues it.
    void submit(const std::vector<std::uint8_t>& frame, std::shared_ptr<WireResponder> responder,
                Shard* shard = nullptr) {
        protocol::testing::AlignedBytes aligned(frame);
        const auto v = protocol::verify_request(aligned.span());
        ASSERT_TRUE(v.ok());
        Job job;
        const DecodeOutcome decoded = decode_job(*v.message, binding_, room(), job);
        ASSERT_TRUE(decoded.ok()) << decoded.message;
        job.responder = std::move(responder);
        std::vector<Job> jobs;
        jobs.push_back(std::move(job));
        ASSERT_EQ((shard != nullptr ? shard : shard_.get())->push(jobs), Shard::Push::queued);
    }

    static std::vector<std::uint8_t> hold(std::uint64_t id, std::vector<std::uint32_t> ids,
                                          std::vector<std::string> names, std::uint64_t key) {
        flatbuffers::FlatBufferBuilder b;
        std::vector<flatbuffers::Offset<flatbuffers::String>> offsets;
        for (const auto& n : names)
            offsets.push_back(b.CreateString(n));
        const wire::Id128 session(1, 2), k(3, key);
        const auto body = wire::CreatePlaceHoldDirect(b, &session, &ids, &offsets, &k);
        return protocol::testing::to_bytes(protocol::encode_frame(
            b, wire::CreateRequest(b, id, kEvent, wire::RequestBody::PlaceHold, body.Union())));
    }
    static std::vector<std::uint8_t> purchase(std::uint64_t id, std::uint64_t hold,
                                              std::uint64_t key) {
        flatbuffers::FlatBufferBuilder b;
        const wire::Id128 session(1, 2), k(4, key);
        const auto body =
            wire::CreatePurchaseDirect(b, hold, &session, "buyer@example.com", "pay-1", &k);
        return protocol::testing::to_bytes(protocol::encode_frame(
            b, wire::CreateRequest(b, id, kEvent, wire::RequestBody::Purchase, body.Union())));
    }
    static std::vector<std::uint8_t> section(std::uint64_t id, const char* name) {
        flatbuffers::FlatBufferBuilder b;
        const auto body = wire::CreateGetSectionDirect(b, 0xFFFF, name);
        return protocol::testing::to_bytes(protocol::encode_frame(
            b, wire::CreateRequest(b, id, kEvent, wire::RequestBody::GetSection, body.Union())));
    }
    static std::vector<std::uint8_t> ticket(std::uint64_t id, const wire::Id128& t) {
        flatbuffers::FlatBufferBuilder b;
        const auto body = wire::CreateGetTicket(b, &t);
        return protocol::testing::to_bytes(protocol::encode_frame(
            b, wire::CreateRequest(b, id, kEvent, wire::RequestBody::GetTicket, body.Union())));
    }

    // Runs one round and returns the app responder's delivery (exactly one).
    Responses round_for_app() {
        const std::size_t before = app_sink_->deliveries.size();
        shard_->run_one_round();
        EXPECT_EQ(app_sink_->deliveries.size(), before + 1);
        return Responses(app_sink_->deliveries.back().bytes);
    }

    std::uint64_t sequence() { return shard_->stats().facts; }

    TempDir dir_;
    const std::array<std::uint8_t, 32> secret_{1, 2, 3};
    const Binding binding_ = Binding::derive(secret_, "wire-path-test");
    const Binding room_binding_ = room_binding(secret_);
    RoomEdge room() const { return RoomEdge{room_binding_, *keys_}; }
    std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(kStart);
    std::unique_ptr<storage::FactLog> log_;
    EventDirectory directory_;
    std::shared_ptr<TicketKeys> keys_;
    std::unique_ptr<Shard> shard_;
    MemoryBudget budget_{std::size_t{64} << 20};
    std::shared_ptr<Collector> app_sink_ =
        std::make_shared<Collector>(std::make_shared<ConnectionMemory>(budget_));
    std::shared_ptr<Collector> scanner_sink_ =
        std::make_shared<Collector>(std::make_shared<ConnectionMemory>(budget_));
    std::shared_ptr<WireResponder> app_, scanner_;
};

TEST_F(WirePath, SeatNamesAreResolvedOnTheShardAfterTheIds) {
    submit(hold(1, {0}, {"Stalls/A/2", "Stalls/A/3"}, 1), app_);
    const Responses r = round_for_app();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status(), 0u);
    ASSERT_NE(r[0].body_as_HoldReply(), nullptr);
    EXPECT_EQ(r[0].body_as_HoldReply()->expires_at_ms(),
              kStart + SaleSettings{}.hold_ttl_ms);  // the test's clock, not the wall's

    submit(section(2, "Stalls"), app_);
    const Responses s = round_for_app();
    const auto* statuses = s[0].body_as_SectionReply()->statuses();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(statuses->Get(i), static_cast<std::uint8_t>(wire::SeatStatus::held)) << i;
    EXPECT_EQ(statuses->Get(3), static_cast<std::uint8_t>(wire::SeatStatus::available));
}

TEST_F(WirePath, UnknownNamesAreRefusedByNameAndNothingIsWritten) {
    const std::uint64_t facts = sequence();
    submit(hold(1, {}, {"Stalls/A/1", "Stalls/Z/99", "stalls/a/2"}, 1), app_);
    const Responses r = round_for_app();
    EXPECT_EQ(r[0].status(), static_cast<std::uint16_t>(wire::StatusCode::invalid_argument));
    const auto* detail = r[0].body_as_ErrorDetail();
    ASSERT_NE(detail, nullptr);
    ASSERT_EQ(detail->refusals()->size(), 2u);
    EXPECT_EQ(detail->refusals()->Get(0)->seat_name()->str(), "Stalls/Z/99");
    EXPECT_EQ(detail->refusals()->Get(1)->seat_name()->str(), "stalls/a/2");
    EXPECT_EQ(detail->refusals()->Get(0)->seat(), 0xFFFFFFFFu);
    EXPECT_EQ(sequence(), facts);
}

TEST_F(WirePath, TooManySeatsAndMissingKeysAreRefusedBeforeAnyShard) {
    protocol::testing::AlignedBytes big(
        hold(1, std::vector<std::uint32_t>(kHoldSeatsMax, 0), {"no/such/seat"}, 1));
    Job job;
    EXPECT_EQ(
        decode_job(*protocol::verify_request(big.span()).message, binding_, room(), job).status,
        Status::too_many_seats);
    EXPECT_TRUE(job.seat_names.empty());  // refused before any name was looked at

    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 zero(0, 0);
    const auto body = wire::CreateReleaseHold(b, 1, nullptr, &zero);
    protocol::testing::AlignedBytes release(protocol::testing::to_bytes(protocol::encode_frame(
        b, wire::CreateRequest(b, 2, kEvent, wire::RequestBody::ReleaseHold, body.Union()))));
    Job job2;
    EXPECT_EQ(decode_job(*protocol::verify_request(release.span()).message, binding_, room(), job2)
                  .status,
              Status::invalid_argument);
}

TEST_F(WirePath, AnswersLeaveAfterTheCommitInOneDeliveryPerRound) {
    submit(hold(1, {10}, {}, 1), app_);
    submit(hold(2, {11}, {}, 2), app_);
    submit(section(3, "Stalls"), app_);
    EXPECT_TRUE(app_sink_->deliveries.empty());  // queued, not answered
    const Responses r = round_for_app();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(app_sink_->deliveries.back().count, 3u);
    EXPECT_EQ(r[0].request_id(), 1u);
    EXPECT_EQ(r[1].request_id(), 2u);
    // The read after the writes of its round reports them.
    const auto* statuses = r[2].body_as_SectionReply()->statuses();
    EXPECT_EQ(statuses->Get(10), static_cast<std::uint8_t>(wire::SeatStatus::held));
    EXPECT_EQ(statuses->Get(11), static_cast<std::uint8_t>(wire::SeatStatus::held));
}

TEST_F(WirePath, HoldsExpireWhenTheTestsClockSaysSo) {
    submit(hold(1, {5}, {}, 1), app_);
    const std::uint64_t hold_id = round_for_app()[0].body_as_HoldReply()->hold();
    clock_->advance(SaleSettings{}.hold_ttl_ms - 1);
    shard_->run_one_round();
    submit(section(2, "Stalls"), app_);
    EXPECT_EQ(round_for_app()[0].body_as_SectionReply()->statuses()->Get(5),
              static_cast<std::uint8_t>(wire::SeatStatus::held));
    clock_->advance(1);
    shard_->run_one_round();  // the timer's round: the hold is due now
    submit(section(3, "Stalls"), app_);
    submit(purchase(4, hold_id, 1), app_);
    const Responses r = round_for_app();
    EXPECT_EQ(r[0].body_as_SectionReply()->statuses()->Get(5),
              static_cast<std::uint8_t>(wire::SeatStatus::available));
    EXPECT_EQ(r[1].status(), static_cast<std::uint16_t>(wire::StatusCode::hold_not_found));
}

TEST_F(WirePath, WhatATicketShowsDependsOnTheRole) {
    submit(hold(1, {20}, {}, 1), app_);
    const std::uint64_t hold_id = round_for_app()[0].body_as_HoldReply()->hold();
    submit(purchase(2, hold_id, 1), app_);
    const Responses p = round_for_app();
    const auto* bought = p[0].body_as_PurchaseReply()->tickets()->Get(0);
    EXPECT_EQ(bought->code(), nullptr);  // no signing on the sale's path
    const wire::Id128 id = *bought->ticket_id();

    submit(ticket(3, id), app_);
    submit(ticket(4, id), scanner_);
    shard_->run_one_round();
    const Responses app(app_sink_->deliveries.back().bytes);
    ASSERT_EQ(scanner_sink_->deliveries.size(), 1u);
    const Responses scanner(scanner_sink_->deliveries.back().bytes);
    const auto* full = app[0].body_as_TicketReply();
    ASSERT_NE(full, nullptr);
    EXPECT_EQ(full->buyer_id()->str(), "buyer@example.com");
    EXPECT_NE(full->ticket()->code(), nullptr);
    EXPECT_NE(full->ticket()->code_hmac(), nullptr);
    const auto* gate = scanner[0].body_as_TicketReply();
    ASSERT_NE(gate, nullptr);
    EXPECT_EQ(gate->buyer_id(), nullptr);
    EXPECT_EQ(gate->ticket()->code(), nullptr);
    EXPECT_EQ(gate->ticket()->seat(), 20u);
}

TEST_F(WirePath, BlocksResolveNamesAfterIdsToo) {
    submit(hold(1, {1}, {}, 1), app_);
    round_for_app();
    flatbuffers::FlatBufferBuilder b;
    const std::vector<flatbuffers::Offset<flatbuffers::String>> names = {
        b.CreateString("Stalls/A/2")};
    const std::vector<std::uint32_t> ids = {0};
    const wire::Id128 key(5, 5);
    const auto body = wire::CreateBlockSeatsDirect(b, &ids, &names, &key);
    submit(protocol::testing::to_bytes(protocol::encode_frame(
               b, wire::CreateRequest(b, 2, kEvent, wire::RequestBody::BlockSeats, body.Union()))),
           app_);
    const Responses r = round_for_app();
    ASSERT_NE(r[0].body_as_BlockReply(), nullptr);
    EXPECT_EQ(r[0].body_as_BlockReply()->changed(), 1u);  // Stalls/A/1 was available
    EXPECT_EQ(r[0].body_as_BlockReply()->pending(), 1u);  // Stalls/A/2 is held
}

TEST_F(WirePath, RepliesAreCountedAndThoseOverTheConnectionsCapAreDropped) {
    // A connection that reads nothing: its memory is never counted out.
    auto memory = std::make_shared<ConnectionMemory>(budget_);
    struct Hoarder final : FrameSink {
        void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) override {
            kept += frames.capacity();  // what is counted: the buffers as allocated
            answered += count;
        }
        std::size_t kept = 0;
        std::uint32_t answered = 0;
    };
    auto hoarder = std::make_shared<Hoarder>();
    auto responder = std::make_shared<WireResponder>(hoarder, memory, wire::Role::app, keys_);
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateGetSectionDirect(b, 0xFFFF, "Stalls", /*with_labels=*/true);
    const auto frame = protocol::testing::to_bytes(protocol::encode_frame(
        b, wire::CreateRequest(b, 1, kEvent, wire::RequestBody::GetSection, body.Union())));
    std::uint32_t sent = 0;
    while (!memory->over_cap() && sent < 100'000) {
        for (int i = 0; i < 256; ++i, ++sent)
            submit(frame, responder);
        shard_->run_one_round();
    }
    ASSERT_TRUE(memory->over_cap());
    EXPECT_EQ(hoarder->answered, sent);        // every job answered, for the in-flight count
    EXPECT_EQ(memory->used(), hoarder->kept);  // what was kept is what is counted
    EXPECT_LE(memory->used(), kConnectionBytesMax);
    EXPECT_EQ(budget_.used(), memory->used());  // the other connections hold nothing now
}

// Regression (issue 10): an AdmitTicket's device time was taken as sent; an
// absurd one (negative, far future, years old) went into the log.
TEST_F(WirePath, AbsurdDeviceTimesOfAdmissionsAreRefused) {
    auto admit = [&](std::int64_t device_at) {
        flatbuffers::FlatBufferBuilder b;
        const auto body = wire::CreateAdmitTicketDirect(b, "code", "north-1", device_at);
        protocol::testing::AlignedBytes frame(protocol::testing::to_bytes(protocol::encode_frame(
            b, wire::CreateRequest(b, 1, kEvent, wire::RequestBody::AdmitTicket, body.Union()))));
        Job job;
        return decode_admit(*protocol::verify_request(frame.span()).message, kEvent, TicketId{1, 2},
                            1, kStart, job)
            .status;
    };
    EXPECT_EQ(admit(0), Status::ok);  // online
    EXPECT_EQ(admit(kStart - 60'000), Status::ok);
    EXPECT_EQ(admit(kStart + kDeviceClockAheadMaxMs), Status::ok);
    EXPECT_EQ(admit(-1), Status::invalid_argument);
    EXPECT_EQ(admit(kStart + kDeviceClockAheadMaxMs + 1), Status::invalid_argument);
    EXPECT_EQ(admit(kStart - kDeviceTimeAgeMaxMs - 1), Status::invalid_argument);
    EXPECT_EQ(admit(INT64_MAX), Status::invalid_argument);
    EXPECT_EQ(admit(INT64_MIN), Status::invalid_argument);
}

TEST_F(WirePath, AnEventThatDoesNotExistIsNotFound) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateGetSummary(b);
    submit(protocol::testing::to_bytes(protocol::encode_frame(
               b, wire::CreateRequest(b, 9, 999, wire::RequestBody::GetSummary, body.Union()))),
           app_);
    const Responses r = round_for_app();
    EXPECT_EQ(r[0].status(), static_cast<std::uint16_t>(wire::StatusCode::event_not_found));
    EXPECT_EQ(r[0].request_id(), 9u);
}

TEST_F(WirePath, ASeedAndAClockReplayARunByteForByte) {
    // A second shard on a log of its own, same seed and clock: the same jobs
    // give the same answers, ticket ids included.
    storage::Status status;
    auto other_log = storage::FactLog::open(dir_ / "other-data", {}, status);
    ASSERT_NE(other_log, nullptr);
    EventDirectory other_directory;
    auto other = make_shard(*other_log, other_directory, 42);
    ASSERT_TRUE(
        other->create_now({kEvent, std::make_shared<const Venue>(make_theatre()), {}}).ok());
    auto other_sink = std::make_shared<Collector>(std::make_shared<ConnectionMemory>(budget_));
    auto other_app =
        std::make_shared<WireResponder>(other_sink, other_sink->memory, wire::Role::app, keys_);

    for (Shard* s : {shard_.get(), other.get()}) {
        auto responder = s == shard_.get() ? app_ : other_app;
        submit(hold(1, {30, 31}, {}, 1), responder, s);
        s->run_one_round();
    }
    const std::uint64_t hold_id =
        Responses(app_sink_->deliveries.back().bytes)[0].body_as_HoldReply()->hold();
    for (Shard* s : {shard_.get(), other.get()}) {
        submit(purchase(2, hold_id, 1), s == shard_.get() ? app_ : other_app, s);
        s->run_one_round();
    }
    ASSERT_EQ(app_sink_->deliveries.size(), other_sink->deliveries.size());
    for (std::size_t i = 0; i < app_sink_->deliveries.size(); ++i)
        EXPECT_EQ(app_sink_->deliveries[i].bytes, other_sink->deliveries[i].bytes) << i;
}

}  // namespace
}  // namespace seat::server
