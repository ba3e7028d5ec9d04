// Writes the seed corpus of client_codec_fuzz: well-formed response frames a
// client meets (a hold, a refusal naming seats, a section with labels, a refund
// list of one and of two, a pong, an empty ok; the waiting room's: an admitted
// entry with its token, a waiting one with no ETA, a refusal without a body, a
// room with a rate and one without, a summary with the room's settings; and
// transfers and resale: an offer with its claim token, a claim refused with the
// offer, price_over_cap with the cap, a listings page, a custody chain, a
// payouts page, a KYC answer, a summary with the transfer settings).
//   client_codec_seeds [DIR]   (default: client/fuzz/corpus/client_codec in the source tree)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "protocol/frame.h"

namespace {

using namespace seat;
using B = flatbuffers::FlatBufferBuilder;
using R = wire::ResponseBody;

void write(const std::filesystem::path& dir, const std::string& name, B& b,
           flatbuffers::Offset<wire::Response> response) {
    const auto frame = protocol::encode_frame(b, response);
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(frame.data()),
               static_cast<std::streamsize>(frame.size()));
}

flatbuffers::Offset<wire::RefundView> refund(B& b, std::uint64_t n) {
    const wire::Id128 id(1, n), checkout(2, n);
    return wire::CreateRefundViewDirect(b, &id, &checkout, "pi_1", 4500, "EUR", "compensation",
                                        wire::RefundState::owed, "", "", 1, 1'800'000'000'000, 0);
}

flatbuffers::Offset<wire::OfferView> offer(B& b, wire::OfferState state) {
    const wire::Id128 id(7, 8), ticket(1, 2);
    return wire::CreateOfferViewDirect(b, &id, &ticket, "alice@example.com", "bob@example.com",
                                       wire::TransferType::direct, state, 1'800'000'000'000,
                                       1'800'259'200'000, 0, nullptr);
}

flatbuffers::Offset<wire::ListingView> listing(B& b, std::uint64_t n, std::int64_t price) {
    const wire::Id128 id(9, n), ticket(1, n);
    return wire::CreateListingViewDirect(b, &id, &ticket, 7, "Stalls/A/8", 0, "Stalls", price, 4500,
                                         "EUR", wire::ListingState::listed, false,
                                         1'800'000'000'000, 0, nullptr);
}

void transfer_seeds(const std::filesystem::path& dir) {
    {
        B b;
        const auto reply = wire::CreateOfferReplyDirect(b, offer(b, wire::OfferState::open),
                                                        "00112233445566778899aabbccddeeff");
        write(dir, "offer", b,
              wire::CreateResponseDirect(b, 11, 0, "", R::OfferReply, reply.Union()));
    }
    {
        B b;
        const auto reply = wire::CreateOfferReplyDirect(b, offer(b, wire::OfferState::claimed));
        write(dir, "claim_refused", b,
              wire::CreateResponseDirect(
                  b, 12, static_cast<std::uint16_t>(wire::StatusCode::offer_claimed), "",
                  R::OfferReply, reply.Union()));
    }
    {
        B b;
        const auto reply = wire::CreateListingReply(b, 0, 4500);
        write(dir, "price_over_cap", b,
              wire::CreateResponseDirect(
                  b, 13, static_cast<std::uint16_t>(wire::StatusCode::price_over_cap), "",
                  R::ListingReply, reply.Union()));
    }
    {
        B b;
        std::vector<flatbuffers::Offset<wire::ListingView>> list = {listing(b, 1, 3000),
                                                                    listing(b, 2, 4000)};
        const auto reply = wire::CreateListingsReplyDirect(b, &list, true);
        write(dir, "listings", b,
              wire::CreateResponseDirect(b, 14, 0, "", R::ListingsReply, reply.Union()));
    }
    {
        B b;
        const wire::Id128 ticket(1, 2), sale(4, 1), resale(4, 2);
        const auto view = wire::CreateTicketViewDirect(b, &ticket, 7, "Stalls/A/8", 0, 4500, "EUR",
                                                       wire::TicketStatus::valid, 3);
        std::vector<flatbuffers::Offset<wire::TransferView>> chain = {
            wire::CreateTransferViewDirect(b, &sale, nullptr, "alice", wire::TransferType::issue,
                                           4500, 0, "EUR", 1, 1'800'000'000'000),
            wire::CreateTransferViewDirect(b, &resale, "alice", "bob",
                                           wire::TransferType::marketplace, 4000, 400, "EUR", 3,
                                           1'800'000'100'000)};
        const auto reply = wire::CreateHistoryReplyDirect(b, view, &chain);
        write(dir, "history", b,
              wire::CreateResponseDirect(b, 15, 0, "", R::HistoryReply, reply.Union()));
    }
    {
        B b;
        const wire::Id128 payout(6, 1), listed(9, 1);
        std::vector<flatbuffers::Offset<wire::PayoutView>> list = {wire::CreatePayoutViewDirect(
            b, &payout, &listed, "alice", "acct_alice", 4000, 400, 3600, "EUR",
            wire::PayoutState::held_kyc, nullptr, nullptr, 0, 1'800'000'100'000, 0, 0)};
        const auto reply = wire::CreatePayoutsReplyDirect(b, &list, true, 1);
        write(dir, "payouts", b,
              wire::CreateResponseDirect(b, 16, 0, "", R::PayoutsReply, reply.Union()));
    }
    {
        B b;
        const auto reply = wire::CreateKycReplyDirect(b, "alice", 1);
        write(dir, "kyc", b, wire::CreateResponseDirect(b, 17, 0, "", R::KycReply, reply.Union()));
    }
    {
        B b;
        const auto transfers = wire::CreateTransferSettings(
            b, true, true, 0, 3'600'000, 10, wire::ResaleCap::percent_above_face, 20, 500, 1, 30);
        const auto settings = wire::CreateEventSettingsDirect(b, 600'000, 900'000, 10, 4, 0, "EUR",
                                                              120'000, 0, 0, transfers);
        const wire::Counts totals(200, 0, 0, 0);
        wire::SummaryReplyBuilder summary(b);
        summary.add_totals(&totals);
        summary.add_settings(settings);
        summary.add_offers_open(1);
        summary.add_listings_on_sale(2);
        summary.add_payouts_owed(3);
        summary.add_payouts_held_kyc(4);
        const auto reply = summary.Finish();
        write(dir, "summary_transfers", b,
              wire::CreateResponseDirect(b, 18, 0, "", R::SummaryReply, reply.Union()));
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS "/client_codec";
    std::filesystem::create_directories(dir);
    {
        B b;
        const auto hold = wire::CreateHoldReply(b, 42, 1'800'000'600'000);
        write(dir, "hold", b, wire::CreateResponseDirect(b, 1, 0, "", R::HoldReply, hold.Union()));
    }
    {
        B b;
        std::vector<flatbuffers::Offset<wire::SeatRefusal>> refusals = {
            wire::CreateSeatRefusalDirect(b, 5, "Stalls/A/6", wire::SeatProblem::held),
            wire::CreateSeatRefusalDirect(b, 0xFFFFFFFF, "Nowhere/Z/9",
                                          wire::SeatProblem::unknown)};
        const auto detail = wire::CreateErrorDetailDirect(b, &refusals, 2, 0);
        write(dir, "refused", b,
              wire::CreateResponseDirect(b, 2, 3, "2 seats are not available", R::ErrorDetail,
                                         detail.Union()));
    }
    {
        B b;
        const std::vector<std::uint8_t> statuses = {0, 1, 2, 3};
        const std::vector<wire::RowSpan> rows = {wire::RowSpan(10, 4)};
        const std::vector<std::string> row_labels = {"A"};
        const std::vector<std::string> seat_labels = {"1", "2", "3", "4"};
        auto rl = b.CreateVectorOfStrings(row_labels);
        auto sl = b.CreateVectorOfStrings(seat_labels);
        const wire::Counts counts(1, 1, 1, 1);
        auto section =
            wire::CreateSectionReply(b, 0, b.CreateString("Stalls"), 10, b.CreateVector(statuses),
                                     b.CreateVectorOfStructs(rows), rl, sl, &counts);
        write(dir, "section", b,
              wire::CreateResponseDirect(b, 3, 0, "", R::SectionReply, section.Union()));
    }
    for (int n : {1, 2}) {
        B b;
        std::vector<flatbuffers::Offset<wire::RefundView>> list;
        for (int i = 0; i < n; ++i)
            list.push_back(refund(b, static_cast<std::uint64_t>(i + 1)));
        const auto reply = wire::CreateRefundsReplyDirect(b, &list, n == 2);
        write(dir, "refunds" + std::to_string(n), b,
              wire::CreateResponseDirect(b, 4, 0, "", R::RefundsReply, reply.Union()));
    }
    {
        B b;
        write(dir, "empty_ok", b, wire::CreateResponseDirect(b, 5, 0, "done"));
    }
    {
        B b;
        const wire::Id128 ticket(3, 4);
        const auto entry = wire::CreateQueueReplyDirect(
            b, &ticket, wire::QueueEntryState::admitted, wire::RoomState::open, 0, 0, -1, 180,
            false, 1'800'000'000'000, 1'800'000'001'000,
            "a1.7.0.1800000601000.k1.00112233445566778899aabbccddeeff", 1'800'000'601'000, 1,
            20'000, true);
        write(dir, "queue_admitted", b,
              wire::CreateResponseDirect(b, 6, 0, "", R::QueueReply, entry.Union()));
    }
    {
        // A waiting entry whose ETA is left out: the schema's -1, unknown.
        B b;
        const wire::Id128 ticket(5, 6);
        wire::QueueReplyBuilder q(b);
        q.add_ticket(&ticket);
        q.add_position(3);
        q.add_ahead(2);
        q.add_seats_left(1);
        q.add_fewer_seats_than_ahead(true);
        q.add_heartbeat_every_ms(20'000);
        const auto entry = q.Finish();
        write(dir, "queue_waiting", b,
              wire::CreateResponseDirect(b, 7, 0, "", R::QueueReply, entry.Union()));
    }
    {
        B b;
        write(dir, "queue_refused", b,
              wire::CreateResponseDirect(
                  b, 8, static_cast<std::uint16_t>(wire::StatusCode::no_waiting_room)));
    }
    for (const double rate : {12.5, -1.0}) {
        B b;
        const auto room = wire::CreateRoomReply(
            b, rate < 0 ? wire::RoomState::before_sale : wire::RoomState::open, 40, 2, 5, 120, 3, 4,
            5, rate, 150, 10, 1'800'000'000'000, rate < 0 ? 0 : 1'800'000'000'000);
        write(dir, rate < 0 ? "room_unknown_rate" : "room", b,
              wire::CreateResponseDirect(b, 9, 0, "", R::RoomReply, room.Union()));
    }
    {
        B b;
        const auto room =
            wire::CreateRoomSettings(b, true, 5000, 500, 1000, 600'000, 10, 1, 60'000);
        const auto settings = wire::CreateEventSettingsDirect(b, 600'000, 900'000, 10, 4, 0, "EUR",
                                                              120'000, 1'800'000'000'000, room);
        const wire::Counts totals(200, 0, 0, 0);
        const auto summary = wire::CreateSummaryReply(b, &totals, 0, 0, 0, 0, 0, 1, settings);
        write(dir, "summary_room", b,
              wire::CreateResponseDirect(b, 10, 0, "", R::SummaryReply, summary.Union()));
    }
    transfer_seeds(dir);
    std::printf("client_codec seeds written to %s\n", dir.string().c_str());
    return 0;
}
