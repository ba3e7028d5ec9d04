// Fuzzes what a hostile or broken server makes the client read: a response
// frame, verified as the client verifies every frame (protocol/frame.h), then
// read by libseatclient's codec into the outcome and into every reply value a
// call can expect (client/src/codec.h), as a call awaiting any of them would.
// Checked besides "no crash, no leak, no undefined behaviour": a frame that
// verifies has a message; no value is read from a response without a body
// (except a call expecting none); a refund, and a retried payout, is read only
// from a reply of exactly one; the refusals listed stay within what a reply may carry; an
// entry's unknown ETA and a room's unknown rate read as exactly -1, never as
// another negative number or NaN; a claim token is either none or 32 hex
// digits; a resale cap is never negative; a claim reads a value only from a
// TicketReply (its refusals' OfferReply fills the offer alone).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "client/src/codec.h"
#include "protocol/frame.h"

namespace {

using namespace seat;
using namespace seat::client;

void check(bool ok) {
    if (!ok) std::abort();
}

template <typename T>
bool read(const wire::Response& response) {
    T value{};
    return codec::read_value(response, value);
}

// How many of the value types read successfully from `response` (every one is tried).
template <typename... T>
int reads(const wire::Response& response) {
    return (int{read<T>(response)} + ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // verify_response wants a frame at an aligned address, as FrameReader hands out.
    std::vector<std::uint64_t> aligned((size + 7) / 8 + 1);
    std::memcpy(aligned.data(), data, size);
    const std::span<const std::uint8_t> frame(reinterpret_cast<const std::uint8_t*>(aligned.data()),
                                              size);
    const protocol::Verified<wire::Response> verified = protocol::verify_response(frame);
    if (!verified.ok()) return 0;
    check(verified.message != nullptr);
    const wire::Response& response = *verified.message;

    Outcome outcome;
    codec::read_outcome(response, outcome);
    check(outcome.refusals.size() <= protocol::kFrameBytesMax);

    const bool body = response.body() != nullptr;
    (void)read<Empty>(response);
    const int read_from =
        reads<HelloInfo, Pong, HoldInfo, PurchaseInfo, BlockInfo, SeatInfo, SectionInfo, Summary,
              EventList, TicketInfo, AdmitInfo, TicketList, Revocations, PublicKeys, CheckoutInfo,
              RefundList, QueueEntryInfo, RoomInfo, OfferInfo, ClaimInfo, ListingInfo, ListingPage,
              TicketHistory, PayoutList, KycInfo>(response);
    check(body || read_from == 0);
    if (read<Refund>(response)) {
        const auto* refunds = response.body_as_RefundsReply();
        check(refunds != nullptr && refunds->refunds() != nullptr &&
              refunds->refunds()->size() == 1);
    }
    if (read<Payout>(response)) {
        const auto* payouts = response.body_as_PayoutsReply();
        check(payouts != nullptr && payouts->payouts() != nullptr &&
              payouts->payouts()->size() == 1);
    }
    QueueEntryInfo entry;
    if (codec::read_value(response, entry)) check(entry.eta_ms >= -1);
    RoomInfo room;
    if (codec::read_value(response, room))
        check(room.admitted_per_second == -1 || room.admitted_per_second >= 0);
    OfferInfo offer;
    if (codec::read_value(response, offer)) {
        const std::string& token = offer.claim_token;
        check(token.empty() || token.size() == 32);
        for (const char c : token)
            check((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
    ClaimInfo claim;
    if (codec::read_value(response, claim)) check(response.body_as_TicketReply() != nullptr);
    ListingInfo listing;
    if (codec::read_value(response, listing)) check(listing.cap_minor >= 0);
    return 0;
}
