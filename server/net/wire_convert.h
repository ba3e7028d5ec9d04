// Conversions between engine types and wire types, on the server's side of the
// wire (the client library has its own, over its public types): values (ids, statuses, counts),
// requests into engine commands (seat names resolved once, here at the edge), and engine results
// and views into responses. Pure functions: no I/O, no clock, no locks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/commands.h"
#include "engine/event_state.h"
#include "engine/result.h"
#include "engine/room/view.h"
#include "engine/status.h"
#include "engine/transfers/views.h"
#include "protocol/frame.h"
#include "seat_generated.h"
#include "server/net/wire_limits.h"

namespace seat::server {

using protocol::FrameError;

using Builder = flatbuffers::FlatBufferBuilder;
using WireSeatIds = flatbuffers::Vector<std::uint32_t>;
using WireNames = flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>;

// ---- Values. The wire enums carry the engine's numbers (asserted in convert.cc).

inline wire::Id128 to_wire(const Id128& id) {
    return wire::Id128(id.hi, id.lo);
}
// An absent id reads as zero.
inline Id128 from_wire(const wire::Id128* id) {
    return id == nullptr ? Id128{} : Id128{id->hi(), id->lo()};
}
inline std::uint16_t to_wire(Status s) {
    return static_cast<std::uint16_t>(s);
}
// nullopt for a code this build does not know (a newer server): keep the number.
std::optional<Status> status_from_wire(std::uint16_t code);
wire::SeatProblem to_wire(SeatProblem p);
SeatProblem from_wire(wire::SeatProblem p);
wire::SeatStatus to_wire(SeatStatus s);
wire::TicketStatus to_wire(TicketStatus s);
wire::SeatType to_wire(SeatType t);
wire::Counts to_wire(const Counts& c);

// ---- Requests. (Decoding whole requests into shard jobs is wire_jobs.h.)

// One refused seat as the wire reports it: by id, by name, or both.
struct Refusal {
    SeatId seat = kNoSeat;
    std::string seat_name;
    SeatProblem problem = SeatProblem::unknown;
};

// The sale settings of a CreateEvent (zero fields take the defaults); on
// invalid_argument `error` says which. The caller parses venue_json itself
// (venues/venue_json.h) and checks the idempotency key with key_given().
Status to_settings(const wire::CreateEvent& in, SaleSettings& out, std::string& error);
inline bool key_given(const wire::Id128* key) {
    return !from_wire(key).is_zero();
}

// ---- Responses. Each builds a Response table; finish it with encode_frame().

// A status without a body; `message` defaults to describe(status).
flatbuffers::Offset<wire::Response> build_status(Builder& b, std::uint64_t request_id,
                                                 Status status, std::string_view message = {});
// A refusal with ErrorDetail. At most kHoldSeatsMax refusals are listed;
// refused_count says how many there were (at least refusals.size()).
flatbuffers::Offset<wire::Response> build_refusal(Builder& b, std::uint64_t request_id,
                                                  Status status, std::span<const Refusal> refusals,
                                                  std::uint32_t refused_count,
                                                  std::string_view message = {});
flatbuffers::Offset<wire::Response> build_overloaded(Builder& b, std::uint64_t request_id,
                                                     std::uint32_t retry_after_ms);
// The answer to a frame that could not be used; request_id 0 unless it verified.
flatbuffers::Offset<wire::Response> build_frame_error(Builder& b, std::uint64_t request_id,
                                                      FrameError error);
// The engine's refusals, named through the venue.
std::vector<Refusal> refusals_of(const Result& result, const Venue& venue);

// The answer to `command` (PlaceHold, ExtendHold, ReleaseHold, Purchase, BlockSeats,
// UnblockSeats, CreateEvent), from its Result and the event's state after the
// command's facts were applied; a refusal of any command.
flatbuffers::Offset<wire::Response> build_result(Builder& b, std::uint64_t request_id,
                                                 const Command& command, const Result& result,
                                                 const EventState& state);

// `protocol_version` is the negotiated one (negotiate_version); a refused Hello
// is answered with status unsupported, role none and this build's version.
flatbuffers::Offset<wire::Response> build_hello_reply(Builder& b, std::uint64_t request_id,
                                                      std::uint32_t protocol_version,
                                                      wire::Role role,
                                                      std::string_view server_version,
                                                      Status status = Status::ok);
flatbuffers::Offset<wire::Response> build_pong(Builder& b, std::uint64_t request_id,
                                               UnixMillis server_time_ms);
// What a ticket view carries besides the ticket itself: the owner (not for
// scanners) and the codes (only where they were asked for: signing costs).
struct TicketViewExtras {
    bool with_owner = false;
    std::string_view code;
    std::string_view code_hmac;
};
flatbuffers::Offset<wire::TicketView> build_ticket_view(Builder& b, const EventState& state,
                                                        const Ticket& ticket,
                                                        const TicketViewExtras& extras);
// `seat` must be a seat of the venue.
flatbuffers::Offset<wire::Response> build_seat_reply(Builder& b, std::uint64_t request_id,
                                                     const EventState& state, SeatId seat);
// `section` must be a section of the venue. Rows and labels follow frame.h's limits.
flatbuffers::Offset<wire::Response> build_section_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state, SectionId section,
                                                        bool with_labels);
flatbuffers::Offset<wire::Response> build_summary_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state);
flatbuffers::Offset<wire::EventInfo> build_event_info(Builder& b, const EventState& state);
flatbuffers::Offset<wire::Response> build_events_reply(
    Builder& b, std::uint64_t request_id,
    std::span<const flatbuffers::Offset<wire::EventInfo>> events, bool more);
// buyer_id and payment_ref only when `with_buyer` (not for the scanner role).
flatbuffers::Offset<wire::Response> build_ticket_reply(Builder& b, std::uint64_t request_id,
                                                       const EventState& state,
                                                       const Ticket& ticket, bool with_buyer,
                                                       const TicketViewExtras& extras = {},
                                                       bool replayed = false);
// AdmitTicket's answer with any status; `ticket` (may be null) names the seat
// and, when admitted, when and at which gate.
flatbuffers::Offset<wire::Response> build_admit_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const EventState& state,
                                                      const Ticket* ticket);
// `tickets` are indices into state.tickets().
flatbuffers::Offset<wire::Response> build_tickets_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> tickets,
                                                        bool more);
// A checkout as it stands (CheckoutReply), with its tickets when sold; a
// decline's reason is the message. A resale's checkout, sold, lists the one
// ticket bought, with `bought` (its buyer's codes, where they are shown).
flatbuffers::Offset<wire::Response> build_checkout_reply(
    Builder& b, std::uint64_t request_id, Status status, const EventState& state,
    std::uint32_t checkout, bool replayed, const TicketViewExtras& bought = {true, {}, {}});
// `refunds` are indices into state.refunds(); `replayed`: RetryRefund's answer
// remembered under its key.
flatbuffers::Offset<wire::Response> build_refunds_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> refunds,
                                                        bool more, std::uint32_t next_after,
                                                        bool replayed = false);
// checkout_throttled with ErrorDetail.retry_after_ms.
flatbuffers::Offset<wire::Response> build_throttled(Builder& b, std::uint64_t request_id,
                                                    std::uint32_t retry_after_ms);
flatbuffers::Offset<wire::Response> build_revocations_reply(Builder& b, std::uint64_t request_id,
                                                            std::string_view filter,
                                                            std::uint64_t sequence,
                                                            double false_positive_rate);
flatbuffers::Offset<wire::Response> build_public_keys_reply(Builder& b, std::uint64_t request_id,
                                                            std::string_view keys);

// The waiting room: an entry as its holder sees it (with its admission token
// when admitted) and the room as a whole.
flatbuffers::Offset<wire::Response> build_queue_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const QueueView& view,
                                                      const QueueTicketId& ticket,
                                                      std::string_view token, bool existing);
flatbuffers::Offset<wire::Response> build_room_reply(Builder& b, std::uint64_t request_id,
                                                     const RoomView& view);

// ---- Transfers and resale. `offer`, `listing` and `payouts` index the
// state's records; kNone leaves the view out. A listing's seller is shown only
// `with_seller` (never on the resale page). A ticket view (0: none) is built by
// the caller, which knows whether its codes may be shown.
flatbuffers::Offset<wire::OfferView> build_offer_view(Builder& b, const EventState& state,
                                                      std::uint32_t offer);
flatbuffers::Offset<wire::ListingView> build_listing_view(Builder& b, const EventState& state,
                                                          std::uint32_t listing, bool with_seller);
// OfferReply with any status; the claim token only in OfferTransfer's first answer.
flatbuffers::Offset<wire::Response> build_offer_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const EventState& state,
                                                      std::uint32_t offer,
                                                      std::string_view claim_token,
                                                      flatbuffers::Offset<wire::TicketView> ticket,
                                                      bool replayed);
// ListingReply with any status; price_over_cap has no listing and says the cap.
flatbuffers::Offset<wire::Response> build_listing_reply(
    Builder& b, std::uint64_t request_id, Status status, const EventState& state,
    std::uint32_t listing, bool with_seller, std::int64_t cap_minor,
    flatbuffers::Offset<wire::TicketView> ticket, bool replayed);
flatbuffers::Offset<wire::Response> build_listings_reply(Builder& b, std::uint64_t request_id,
                                                         const EventState& state,
                                                         std::span<const std::uint32_t> listings,
                                                         bool more);
// The ticket without its codes, and its custody chain.
flatbuffers::Offset<wire::Response> build_history_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        const Ticket& ticket,
                                                        std::span<const HistoryEntry> entries);
// `replayed`: RetryPayout's answer remembered under its key.
flatbuffers::Offset<wire::Response> build_payouts_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> payouts,
                                                        bool more, std::uint32_t next_after,
                                                        bool replayed = false);
flatbuffers::Offset<wire::Response> build_kyc_reply(Builder& b, std::uint64_t request_id,
                                                    std::string_view seller, std::uint32_t released,
                                                    bool replayed);

}  // namespace seat::server
