#include "server/net/wire_jobs.h"

#include "server/net/claim_tokens.h"
#include "server/net/wire_convert.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::server {
namespace {

using T = wire::RequestBody;

std::string_view text_of(const flatbuffers::String* s) {
    return s == nullptr ? std::string_view{} : s->string_view();
}

DecodeOutcome refuse(Status status, std::string message = {}) {
    return DecodeOutcome{status, std::move(message)};
}

// A hold's or block's seats: the ids into the command, the names for the shard.
// The count is checked first: a hostile request must not make anyone resolve
// 100,000 names.
template <typename WireSeats, typename Seats>
DecodeOutcome seats_of(const WireSeats& in, std::size_t seats_max, Seats& seats, Job& out) {
    const std::size_t id_count = in.seats() == nullptr ? 0 : in.seats()->size();
    const std::size_t name_count = in.seat_names() == nullptr ? 0 : in.seat_names()->size();
    if (id_count + name_count == 0) return refuse(Status::invalid_argument, "no seats named");
    if (id_count + name_count > seats_max) return refuse(Status::too_many_seats);
    if (in.seats() != nullptr)
        for (const std::uint32_t seat : *in.seats())
            seats.push_back(seat);
    if (in.seat_names() != nullptr) {
        out.seat_names.reserve(name_count);
        for (const flatbuffers::String* name : *in.seat_names())
            out.seat_names.emplace_back(text_of(name));
    }
    return {};
}

template <typename WireHold, typename Out>
DecodeOutcome hold_action(const WireHold& in, Out& command) {
    if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
    command.hold = HoldId{in.hold()};
    command.session = from_wire(in.session());
    command.key = from_wire(in.idempotency_key());
    return {};
}

DecodeOutcome decode_create(const wire::CreateEvent& in, EventId event, Job& out) {
    if (!key_given(in.idempotency_key()))
        return refuse(Status::invalid_argument, "CreateEvent needs an idempotency_key");
    if (event == 0)
        return refuse(Status::invalid_argument, "event id 0 is reserved: choose a non-zero id");
    CreateEvent command;
    command.event = event;
    std::string error;
    if (to_settings(in, command.settings, error) != Status::ok)
        return refuse(Status::invalid_argument, error);
    const std::string_view generator = text_of(in.generator());
    std::optional<Venue> venue;
    if (generator.empty()) {
        venue = parse_venue_json(text_of(in.venue_json()), error);
        if (!venue) return refuse(Status::invalid_argument, "venue_json: " + error);
    } else if (!text_of(in.venue_json()).empty()) {
        return refuse(Status::invalid_argument,
                      "CreateEvent takes venue_json or generator, not both");
    } else if (generator == "theatre") {
        venue = make_theatre();
    } else if (generator == "stadium") {
        venue = make_stadium();
    } else {
        return refuse(Status::invalid_argument, "generator: unknown venue generator \"" +
                                                    std::string(generator) +
                                                    "\" (theatre, stadium)");
    }
    command.venue = std::make_shared<const Venue>(std::move(*venue));
    out.create_key = from_wire(in.idempotency_key());
    out.work = Command{std::move(command)};
    return {};
}

template <typename C>
DecodeOutcome command(Job& out, C c, DecodeOutcome outcome = {}) {
    if (outcome.ok()) out.work = Command{std::move(c)};
    return outcome;
}

// Every client-chosen session id and idempotency key a command carries.
template <typename C>
void bind_ids(const Binding& binding, C& c) {
    if constexpr (requires { c.session; }) c.session = binding.bind(c.session);
    if constexpr (requires { c.key; }) c.key = binding.bind(c.key);
}

DecodeOutcome decode_unbound(const wire::Request& request, Job& out);
DecodeOutcome decode_transfer(const wire::Request& request, Job& out);

}  // namespace

bool routed_to_shard(wire::RequestBody type) {
    switch (type) {
        case T::CreateEvent:
        case T::PlaceHold:
        case T::ReleaseHold:
        case T::ExtendHold:
        case T::Purchase:
        case T::BlockSeats:
        case T::UnblockSeats:
        case T::GetSeat:
        case T::GetSection:
        case T::GetSummary:
        case T::GetTicket:
        case T::AdmitTicket:
        case T::ReissueTicket:
        case T::CancelTicket:
        case T::ListTickets:
        case T::GetRevocations:
        case T::Checkout:
        case T::GetCheckout:
        case T::ListRefunds:
        case T::RetryRefund:
        case T::JoinQueue:
        case T::GetQueueEntry:
        case T::LeaveQueue:
        case T::GetRoom:
        case T::OfferTransfer:
        case T::ClaimTransfer:
        case T::CancelOffer:
        case T::GetOffer:
        case T::ListTicket:
        case T::DelistTicket:
        case T::BuyListing:
        case T::ListListings:
        case T::GetTicketHistory:
        case T::VerifySeller:
        case T::ListPayouts:
        case T::RetryPayout:
            return true;
        case T::NONE:
        case T::Hello:
        case T::Ping:
        case T::ListEvents:
        case T::GetPublicKeys:
            return false;
    }
    return false;
}

// The room's binding of the raw session, and the token checked against it. Runs
// before bind_ids replaces the command's session with the principal's binding.
template <typename WireRequest>
DecodeOutcome claim_admission(const WireRequest& in, EventId event, const RoomEdge& room,
                              AdmissionClaim& claim) {
    const std::string_view token = text_of(in.admission_token());
    if (token.empty()) return {};
    if (token.size() > kAdmissionTokenBytesMax)
        return refuse(
            Status::invalid_argument,
            "admission_token is longer than " + std::to_string(kAdmissionTokenBytesMax) + " bytes");
    claim = verify_admission(room.keys, token, event, room.binding.bind(from_wire(in.session())));
    return {};
}

DecodeOutcome decode_room(const wire::Request& request, const RoomEdge& room, Job& out) {
    Command* command = std::get_if<Command>(&out.work);
    if (command == nullptr) return {};
    if (auto* hold = std::get_if<PlaceHold>(command))
        return claim_admission(*request.body_as_PlaceHold(), request.event(), room,
                               hold->admission);
    if (auto* checkout = std::get_if<StartCheckout>(command))
        return claim_admission(*request.body_as_Checkout(), request.event(), room,
                               checkout->admission);
    if (auto* join = std::get_if<JoinQueue>(command))
        join->buyer = room.binding.bind(from_wire(request.body_as_JoinQueue()->session()));
    return {};
}

DecodeOutcome decode_job(const wire::Request& request, const Binding& binding, const RoomEdge& room,
                         Job& out) {
    DecodeOutcome outcome = decode_unbound(request, out);
    if (!outcome.ok()) return outcome;
    outcome = decode_room(request, room, out);
    if (!outcome.ok()) return outcome;
    out.create_key = binding.bind(out.create_key);
    if (Command* command = std::get_if<Command>(&out.work))
        std::visit([&](auto& c) { bind_ids(binding, c); }, *command);
    return outcome;
}

namespace {

DecodeOutcome decode_unbound(const wire::Request& request, Job& out) {
    out.event = request.event();
    out.tag = request.request_id();
    switch (request.body_type()) {
        case T::CreateEvent:
            return decode_create(*request.body_as_CreateEvent(), request.event(), out);
        case T::PlaceHold: {
            const wire::PlaceHold& in = *request.body_as_PlaceHold();
            PlaceHold c;
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            c.session = from_wire(in.session());
            c.key = from_wire(in.idempotency_key());
            DecodeOutcome o = seats_of(in, kHoldSeatsMax, c.seats, out);
            return command(out, std::move(c), std::move(o));
        }
        case T::ReleaseHold: {
            ReleaseHold c;
            DecodeOutcome o = hold_action(*request.body_as_ReleaseHold(), c);
            return command(out, std::move(c), std::move(o));
        }
        case T::ExtendHold: {
            ExtendHold c;
            DecodeOutcome o = hold_action(*request.body_as_ExtendHold(), c);
            return command(out, std::move(c), std::move(o));
        }
        case T::Purchase: {
            const wire::Purchase& in = *request.body_as_Purchase();
            Purchase c;
            DecodeOutcome o = hold_action(in, c);
            c.buyer_id = text_of(in.buyer_id());
            c.payment_ref = text_of(in.payment_ref());
            return command(out, std::move(c), std::move(o));
        }
        case T::BlockSeats: {
            const wire::BlockSeats& in = *request.body_as_BlockSeats();
            BlockSeats c;
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            c.key = from_wire(in.idempotency_key());
            DecodeOutcome o = seats_of(in, kBlockSeatsMax, c.seats, out);
            return command(out, std::move(c), std::move(o));
        }
        case T::UnblockSeats: {
            const wire::UnblockSeats& in = *request.body_as_UnblockSeats();
            UnblockSeats c;
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            c.key = from_wire(in.idempotency_key());
            DecodeOutcome o = seats_of(in, kBlockSeatsMax, c.seats, out);
            return command(out, std::move(c), std::move(o));
        }
        case T::ReissueTicket: {
            const wire::ReissueTicket& in = *request.body_as_ReissueTicket();
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            ReissueTicket c;
            c.ticket = from_wire(in.ticket_id());
            c.new_owner = text_of(in.new_owner());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::CancelTicket: {
            const wire::CancelTicket& in = *request.body_as_CancelTicket();
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            CancelTicket c;
            c.ticket = from_wire(in.ticket_id());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::GetSeat: {
            const wire::GetSeat& in = *request.body_as_GetSeat();
            const bool by_id = in.seat() != kNoSeat;
            if (by_id == (in.seat_name() != nullptr))
                return refuse(Status::invalid_argument, "give exactly one of seat and seat_name");
            out.work = Query{SeatQuery{in.seat(), std::string(text_of(in.seat_name()))}};
            return {};
        }
        case T::GetSection: {
            const wire::GetSection& in = *request.body_as_GetSection();
            const bool by_id = in.section() != kNoSectionId;
            if (by_id == (in.section_name() != nullptr))
                return refuse(Status::invalid_argument,
                              "give exactly one of section and section_name");
            out.work = Query{SectionQuery{in.section(), std::string(text_of(in.section_name())),
                                          in.with_labels()}};
            return {};
        }
        case T::GetSummary:
            out.work = Query{SummaryQuery{}};
            return {};
        case T::GetTicket:
            out.work = Query{TicketQuery{from_wire(request.body_as_GetTicket()->ticket_id())}};
            return {};
        case T::ListTickets: {
            const std::string_view owner = text_of(request.body_as_ListTickets()->owner_id());
            if (owner.empty() || owner.size() > kOwnerBytesMax)
                return refuse(Status::invalid_argument,
                              "owner_id must be 1 to " + std::to_string(kOwnerBytesMax) + " bytes");
            out.work = Query{OwnerTicketsQuery{std::string(owner)}};
            return {};
        }
        case T::GetRevocations:
            out.work = Query{RevocationsQuery{}};
            return {};
        case T::Checkout: {
            const wire::Checkout& in = *request.body_as_Checkout();
            if (!key_given(in.idempotency_key()))
                return refuse(Status::invalid_argument, "Checkout needs an idempotency_key");
            StartCheckout c;
            c.hold = HoldId{in.hold()};
            c.session = from_wire(in.session());
            c.buyer_id = text_of(in.buyer_id());
            c.payment_method = text_of(in.payment_method());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::GetCheckout:
            out.work =
                Query{CheckoutQuery{from_wire(request.body_as_GetCheckout()->checkout_id())}};
            return {};
        case T::ListRefunds: {
            const wire::ListRefunds& in = *request.body_as_ListRefunds();
            RefundsQuery q;
            q.after = in.after();
            if (in.state() != 255) {
                if (in.state() > static_cast<std::uint8_t>(wire::RefundState::MAX))
                    return refuse(Status::invalid_argument,
                                  "state: owed (0), succeeded (1), "
                                  "failed (2), or 255 for all");
                q.state = static_cast<RefundState>(in.state());
            }
            out.work = Query{q};
            return {};
        }
        case T::RetryRefund: {
            const wire::RetryRefund& in = *request.body_as_RetryRefund();
            if (!key_given(in.idempotency_key())) return refuse(Status::invalid_argument);
            return command(out,
                           RetryRefund{from_wire(in.refund_id()), from_wire(in.idempotency_key())});
        }
        case T::JoinQueue:
            // The session is the room's to bind (decode_room).
            return command(out, JoinQueue{});
        case T::GetQueueEntry: {
            const wire::GetQueueEntry& in = *request.body_as_GetQueueEntry();
            out.work = Query{QueueQuery{from_wire(in.ticket()), in.heartbeat()}};
            return {};
        }
        case T::LeaveQueue:
            return command(out, LeaveQueue{from_wire(request.body_as_LeaveQueue()->ticket())});
        case T::GetRoom:
            out.work = Query{RoomQuery{}};
            return {};
        default:
            return decode_transfer(request, out);
    }
}

DecodeOutcome needs_key(const wire::Id128* key, std::string_view request) {
    if (key_given(key)) return {};
    return refuse(Status::invalid_argument, std::string(request) + " needs an idempotency_key");
}

// Transfers and resale (requests 29..39). The owners' names, prices and
// accounts are checked by the engine; only what it never sees (the claim
// token) and what bounds a query are checked here.
DecodeOutcome decode_transfer(const wire::Request& request, Job& out) {
    switch (request.body_type()) {
        case T::OfferTransfer: {
            const wire::OfferTransfer& in = *request.body_as_OfferTransfer();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "OfferTransfer"); !o.ok())
                return o;
            ClaimToken token = draw_claim_token();
            OfferTransfer c;
            c.ticket = from_wire(in.ticket_id());
            c.from_owner = text_of(in.from_owner());
            c.to = text_of(in.to());
            c.type = in.gift() ? TransferType::gift : TransferType::direct;
            c.token_hash = token.hash;
            c.key = from_wire(in.idempotency_key());
            out.claim_token = std::move(token.text);
            return command(out, std::move(c));
        }
        case T::ClaimTransfer: {
            const wire::ClaimTransfer& in = *request.body_as_ClaimTransfer();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "ClaimTransfer"); !o.ok())
                return o;
            const std::optional<TokenHash> hash = claim_token_hash(text_of(in.claim_token()));
            if (!hash)
                return refuse(Status::invalid_argument, "claim_token must be the " +
                                                            std::to_string(kClaimTokenDigits) +
                                                            " hex digits the offer's link carries");
            ClaimTransfer c;
            c.token_hash = *hash;
            c.claimer = text_of(in.claimer());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::CancelOffer: {
            const wire::CancelOffer& in = *request.body_as_CancelOffer();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "CancelOffer"); !o.ok()) return o;
            return command(
                out, CancelOffer{from_wire(in.ticket_id()), std::string(text_of(in.from_owner())),
                                 from_wire(in.idempotency_key())});
        }
        case T::GetOffer:
            out.work = Query{OfferQuery{from_wire(request.body_as_GetOffer()->ticket_id())}};
            return {};
        case T::ListTicket: {
            const wire::ListTicket& in = *request.body_as_ListTicket();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "ListTicket"); !o.ok()) return o;
            ListTicket c;
            c.ticket = from_wire(in.ticket_id());
            c.seller = text_of(in.seller());
            c.price_minor = in.price_minor();
            c.payout_account = text_of(in.payout_account());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::DelistTicket: {
            const wire::DelistTicket& in = *request.body_as_DelistTicket();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "DelistTicket"); !o.ok())
                return o;
            return command(
                out, DelistTicket{from_wire(in.ticket_id()), std::string(text_of(in.seller())),
                                  from_wire(in.idempotency_key())});
        }
        case T::BuyListing: {
            const wire::BuyListing& in = *request.body_as_BuyListing();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "BuyListing"); !o.ok()) return o;
            BuyListing c;
            c.listing = from_wire(in.listing_id());
            c.buyer_id = text_of(in.buyer_id());
            c.payment_method = text_of(in.payment_method());
            c.key = from_wire(in.idempotency_key());
            return command(out, std::move(c));
        }
        case T::ListListings: {
            const wire::ListListings& in = *request.body_as_ListListings();
            ListingsQuery q;
            if (in.section() != kNoSectionId && in.section_name() != nullptr)
                return refuse(Status::invalid_argument,
                              "give at most one of section and section_name");
            if (in.section() != kNoSectionId) q.section = in.section();
            q.section_name = text_of(in.section_name());
            if (in.max_price_minor() < 0)
                return refuse(Status::invalid_argument,
                              "max_price_minor must be 0 (any price) or more");
            q.max_price_minor = in.max_price_minor();
            if (in.limit() != 0 && in.limit() < kListingsPageMax) q.limit = in.limit();
            out.work = Query{std::move(q)};
            return {};
        }
        case T::GetTicketHistory:
            out.work =
                Query{HistoryQuery{from_wire(request.body_as_GetTicketHistory()->ticket_id())}};
            return {};
        case T::VerifySeller: {
            const wire::VerifySeller& in = *request.body_as_VerifySeller();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "VerifySeller"); !o.ok())
                return o;
            return command(out, VerifySeller{std::string(text_of(in.seller())),
                                             from_wire(in.idempotency_key())});
        }
        case T::RetryPayout: {
            const wire::RetryPayout& in = *request.body_as_RetryPayout();
            if (DecodeOutcome o = needs_key(in.idempotency_key(), "RetryPayout"); !o.ok()) return o;
            return command(
                out, RetryPayout{from_wire(in.payout_id()), std::string(text_of(in.destination())),
                                 from_wire(in.idempotency_key())});
        }
        case T::ListPayouts: {
            const wire::ListPayouts& in = *request.body_as_ListPayouts();
            PayoutsQuery q;
            q.after = in.after();
            if (in.state() != 255) {
                if (in.state() > static_cast<std::uint8_t>(wire::PayoutState::MAX))
                    return refuse(Status::invalid_argument,
                                  "state: owed (0), held_kyc (1), paid (2), failed (3), or 255 "
                                  "for all");
                q.state = static_cast<PayoutState>(in.state());
            }
            out.work = Query{q};
            return {};
        }
        default:
            return refuse(Status::internal_error, "request type decoded for a shard by mistake");
    }
}

}  // namespace

DecodeOutcome decode_admit(const wire::Request& request, EventId event, const TicketId& ticket,
                           std::uint32_t version, UnixMillis now, Job& out) {
    const wire::AdmitTicket& in = *request.body_as_AdmitTicket();
    const UnixMillis device_at = in.device_at_ms();
    if (device_at != 0 &&
        (device_at < now - kDeviceTimeAgeMaxMs || device_at > now + kDeviceClockAheadMaxMs)) {
        return refuse(Status::invalid_argument,
                      "device_at_ms " + std::to_string(device_at) +
                          " is not a plausible admission time (0 for online scans, else within "
                          "30 days before and 10 minutes after the server's clock)");
    }
    out.event = event;
    out.tag = request.request_id();
    out.work =
        Command{AdmitTicket{ticket, version, std::string(text_of(in.gate())), in.device_at_ms()}};
    return {};
}

}  // namespace seat::server
