// Engine <-> wire conversions. The wire enums are the engine's numbers, asserted
// below, so converting a value is a cast; what takes code is resolving seat names
// and laying out replies within the limits of frame.h.
#include "server/net/wire_convert.h"

#include "protocol/status_text.h"

#include <algorithm>

#include "base/check.h"
#include "engine/queries.h"
#include "engine/transfers/views.h"

namespace seat::server {
namespace {

template <typename A, typename B>
constexpr bool same_number(A a, B b) {
    return static_cast<unsigned>(a) == static_cast<unsigned>(b);
}

static_assert(same_number(wire::StatusCode::ok, Status::ok));
static_assert(same_number(wire::StatusCode::seats_unavailable, Status::seats_unavailable));
static_assert(same_number(wire::StatusCode::group_rule, Status::group_rule));
static_assert(same_number(wire::StatusCode::invalid_argument, Status::invalid_argument));
static_assert(same_number(wire::StatusCode::too_many_seats, Status::too_many_seats));
static_assert(same_number(wire::StatusCode::session_hold_limit, Status::session_hold_limit));
static_assert(same_number(wire::StatusCode::hold_not_found, Status::hold_not_found));
static_assert(same_number(wire::StatusCode::hold_expired, Status::hold_expired));
static_assert(same_number(wire::StatusCode::wrong_session, Status::wrong_session));
static_assert(same_number(wire::StatusCode::hold_already_extended, Status::hold_already_extended));
static_assert(same_number(wire::StatusCode::idempotency_key_reused,
                          Status::idempotency_key_reused));
static_assert(same_number(wire::StatusCode::event_exists, Status::event_exists));
static_assert(same_number(wire::StatusCode::event_not_found, Status::event_not_found));
static_assert(same_number(wire::StatusCode::unauthorized, Status::unauthorized));
static_assert(same_number(wire::StatusCode::overloaded, Status::overloaded));
static_assert(same_number(wire::StatusCode::bad_frame, Status::bad_frame));
static_assert(same_number(wire::StatusCode::unsupported, Status::unsupported));
static_assert(same_number(wire::StatusCode::internal_error, Status::internal_error));
static_assert(same_number(wire::StatusCode::ticket_not_found, Status::ticket_not_found));
static_assert(same_number(wire::StatusCode::already_admitted, Status::already_admitted));
static_assert(same_number(wire::StatusCode::superseded, Status::superseded));
static_assert(same_number(wire::StatusCode::ticket_cancelled, Status::ticket_cancelled));
static_assert(same_number(wire::StatusCode::invalid_signature, Status::invalid_signature));
static_assert(same_number(wire::StatusCode::hold_in_checkout, Status::hold_in_checkout));
static_assert(same_number(wire::StatusCode::payment_declined, Status::payment_declined));
static_assert(same_number(wire::StatusCode::payment_refunded, Status::payment_refunded));
static_assert(same_number(wire::StatusCode::checkout_throttled, Status::checkout_throttled));
static_assert(same_number(wire::StatusCode::checkout_not_found, Status::checkout_not_found));
static_assert(same_number(wire::StatusCode::refund_not_found, Status::refund_not_found));
static_assert(same_number(wire::StatusCode::payment_pending, Status::payment_pending));
static_assert(same_number(wire::CheckoutState::refunded, CheckoutState::refunded));
static_assert(same_number(wire::RefundState::failed, RefundState::failed));
static_assert(same_number(wire::StatusCode::sale_not_started, Status::sale_not_started));
static_assert(same_number(wire::StatusCode::not_admitted, Status::not_admitted));
static_assert(same_number(wire::StatusCode::queue_ticket_not_found,
                          Status::queue_ticket_not_found));
static_assert(same_number(wire::QueueEntryState::abandoned, EntryState::abandoned));
static_assert(same_number(wire::RoomState::sold_out, RoomState::sold_out));
static_assert(same_number(wire::StatusCode::not_owner, Status::not_owner));
static_assert(same_number(wire::StatusCode::ticket_offered, Status::ticket_offered));
static_assert(same_number(wire::StatusCode::price_over_cap, Status::price_over_cap));
static_assert(same_number(wire::StatusCode::MAX, Status::payout_not_found),
              "a status added to seat::Status needs its StatusCode in protocol/seat.fbs");

static_assert(same_number(wire::SeatProblem::held, SeatProblem::held));
static_assert(same_number(wire::SeatProblem::sold, SeatProblem::sold));
static_assert(same_number(wire::SeatProblem::blocked, SeatProblem::blocked));
static_assert(same_number(wire::SeatProblem::unknown, SeatProblem::unknown));
static_assert(same_number(wire::SeatProblem::duplicate, SeatProblem::duplicate));
static_assert(same_number(wire::SeatProblem::group_incomplete, SeatProblem::group_incomplete));
static_assert(same_number(wire::SeatProblem::companion_needs_anchor,
                          SeatProblem::companion_needs_anchor));

static_assert(same_number(wire::SeatStatus::available, SeatStatus::available));
static_assert(same_number(wire::SeatStatus::held, SeatStatus::held));
static_assert(same_number(wire::SeatStatus::sold, SeatStatus::sold));
static_assert(same_number(wire::SeatStatus::blocked, SeatStatus::blocked));

static_assert(same_number(wire::TicketStatus::valid, TicketStatus::valid));
static_assert(same_number(wire::TicketStatus::admitted, TicketStatus::admitted));
static_assert(same_number(wire::TicketStatus::superseded, TicketStatus::superseded));
static_assert(same_number(wire::TicketStatus::cancelled, TicketStatus::cancelled));
static_assert(same_number(wire::TicketStatus::offered, TicketStatus::offered));
static_assert(same_number(wire::TicketStatus::MAX, TicketStatus::listed));

static_assert(same_number(wire::TransferType::gift, TransferType::gift));
static_assert(same_number(wire::TransferType::MAX, TransferType::reissue));
static_assert(same_number(wire::OfferState::MAX, OfferState::expired));
static_assert(same_number(wire::ListingState::paying, ListingState::paying));
static_assert(same_number(wire::ListingState::MAX, ListingState::delisted));
static_assert(same_number(wire::PayoutState::held_kyc, PayoutState::held_kyc));
static_assert(same_number(wire::PayoutState::MAX, PayoutState::failed));
static_assert(same_number(wire::ResaleCap::percent_above_face, ResaleCap::percent_above_face));
static_assert(std::size_t(wire::ResaleCap::MAX) + 1 == kResaleCapCount);

static_assert(same_number(wire::SeatType::floor, SeatType::floor));
static_assert(same_number(wire::SeatType::balcony, SeatType::balcony));
static_assert(same_number(wire::SeatType::vip, SeatType::vip));
static_assert(same_number(wire::SeatType::accessible, SeatType::accessible));
static_assert(same_number(wire::SeatType::companion, SeatType::companion));

std::string_view text_of(const flatbuffers::String* s) {
    return s == nullptr ? std::string_view{} : s->string_view();
}

flatbuffers::Offset<flatbuffers::String> string_or_null(Builder& b, std::string_view s) {
    return s.empty() ? 0 : b.CreateString(s.data(), s.size());
}

flatbuffers::Offset<wire::Response> response(Builder& b, std::uint64_t request_id, Status status,
                                             std::string_view message, wire::ResponseBody type,
                                             flatbuffers::Offset<void> body,
                                             bool replayed = false) {
    if (message.empty() && status != Status::ok)
        message = protocol::describe_status(to_wire(status));
    const auto text = string_or_null(b, message);
    wire::ResponseBuilder r(b);
    r.add_request_id(request_id);
    r.add_status(to_wire(status));
    r.add_message(text);
    r.add_body_type(type);
    r.add_body(body);
    r.add_replayed(replayed);
    return r.Finish();
}

flatbuffers::Offset<wire::Response> ok_response(Builder& b, std::uint64_t request_id,
                                                wire::ResponseBody type,
                                                flatbuffers::Offset<void> body, bool replayed) {
    return response(b, request_id, Status::ok, {}, type, body, replayed);
}

flatbuffers::Offset<wire::Response> purchase_reply(Builder& b, std::uint64_t request_id,
                                                   const Result& r, const PurchaseReply& p,
                                                   const EventState& state) {
    SEAT_CHECK(std::size_t{p.first_ticket} + p.ticket_count <= state.tickets().size(),
               "a purchase result names tickets the state does not have");
    std::vector<flatbuffers::Offset<wire::TicketView>> tickets;
    tickets.reserve(p.ticket_count);
    for (std::uint32_t i = 0; i < p.ticket_count; ++i)
        tickets.push_back(build_ticket_view(b, state, state.tickets()[p.first_ticket + i],
                                            TicketViewExtras{true, {}, {}}));
    const auto body = wire::CreatePurchaseReply(b, b.CreateVector(tickets));
    return ok_response(b, request_id, wire::ResponseBody::PurchaseReply, body.Union(), r.replayed);
}

}  // namespace

std::optional<Status> status_from_wire(std::uint16_t code) {
    if (code > static_cast<std::uint16_t>(wire::StatusCode::MAX)) return std::nullopt;
    return static_cast<Status>(code);
}

wire::SeatProblem to_wire(SeatProblem p) {
    return static_cast<wire::SeatProblem>(p);
}
SeatProblem from_wire(wire::SeatProblem p) {
    return static_cast<SeatProblem>(p);
}
wire::SeatStatus to_wire(SeatStatus s) {
    return static_cast<wire::SeatStatus>(s);
}
wire::TicketStatus to_wire(TicketStatus s) {
    return static_cast<wire::TicketStatus>(s);
}
wire::SeatType to_wire(SeatType t) {
    return static_cast<wire::SeatType>(t);
}

wire::Counts to_wire(const Counts& c) {
    return wire::Counts(c[SeatStatus::available], c[SeatStatus::held], c[SeatStatus::sold],
                        c[SeatStatus::blocked]);
}

Status to_settings(const wire::CreateEvent& in, SaleSettings& out, std::string& error) {
    out = SaleSettings{};
    out.event_name = text_of(in.event_name());
    if (in.hold_ttl_ms() != 0) out.hold_ttl_ms = in.hold_ttl_ms();
    if (in.checkout_ttl_ms() != 0) out.checkout_ttl_ms = in.checkout_ttl_ms();
    if (in.max_seats_per_hold() != 0) out.max_seats_per_hold = in.max_seats_per_hold();
    if (in.max_holds_per_session() != 0) out.max_holds_per_session = in.max_holds_per_session();
    out.starts_at_ms = in.starts_at_ms();
    out.currency = text_of(in.currency());
    if (in.payment_timeout_ms() != 0) out.payment_timeout_ms = in.payment_timeout_ms();
    out.sale_starts_at_ms = in.sale_starts_at_ms();
    if (const wire::RoomSettings* r = in.room(); r != nullptr) {
        RoomSettings& room = out.room;
        room.enabled = r->enabled();
        if (r->max_active() != 0) room.max_active = r->max_active();
        if (r->batch_size() != 0) room.batch_size = r->batch_size();
        if (r->batch_interval_ms() != 0) room.batch_interval_ms = r->batch_interval_ms();
        if (r->token_ttl_ms() != 0) room.token_ttl_ms = r->token_ttl_ms();
        // The default seats per token follow the event's seats per hold.
        room.seats_per_token =
            r->seats_per_token() != 0 ? r->seats_per_token() : out.max_seats_per_hold;
        if (r->holds_per_token() != 0) room.holds_per_token = r->holds_per_token();
        if (r->heartbeat_grace_ms() != 0) room.heartbeat_grace_ms = r->heartbeat_grace_ms();
    } else {
        out.room.seats_per_token = out.max_seats_per_hold;
    }
    // Absent fields read as the schema's defaults, which are the engine's.
    if (const wire::TransferSettings* t = in.transfers(); t != nullptr) {
        TransferSettings& x = out.transfers;
        x.transfers_allowed = t->transfers_allowed();
        x.resale_allowed = t->resale_allowed();
        x.cutoff_before_start_ms = t->cutoff_before_start_ms();
        x.offer_ttl_ms = t->offer_ttl_ms();
        x.max_transfers_per_ticket = t->max_transfers_per_ticket();
        x.cap = static_cast<ResaleCap>(t->cap());
        x.cap_percent = t->cap_percent();
        x.fee_bps = t->fee_bps();
        x.kyc_threshold_minor = t->kyc_threshold_minor();
        x.kyc_threshold_sales = t->kyc_threshold_sales();
        x.kyc_window_ms = t->kyc_window_ms();
    }
    error = validate(out);
    return error.empty() ? Status::ok : Status::invalid_argument;
}

flatbuffers::Offset<wire::Response> build_status(Builder& b, std::uint64_t request_id,
                                                 Status status, std::string_view message) {
    return response(b, request_id, status, message, wire::ResponseBody::NONE, 0);
}

flatbuffers::Offset<wire::Response> build_refusal(Builder& b, std::uint64_t request_id,
                                                  Status status, std::span<const Refusal> refusals,
                                                  std::uint32_t refused_count,
                                                  std::string_view message) {
    const std::size_t listed = std::min(refusals.size(), kHoldSeatsMax);
    std::vector<flatbuffers::Offset<wire::SeatRefusal>> items;
    items.reserve(listed);
    for (const Refusal& r : refusals.first(listed)) {
        const auto name = string_or_null(b, r.seat_name);
        items.push_back(wire::CreateSeatRefusal(b, r.seat, name, to_wire(r.problem)));
    }
    const auto vec = b.CreateVector(items);
    const auto count =
        std::max<std::uint32_t>(refused_count, static_cast<std::uint32_t>(refusals.size()));
    const auto detail = wire::CreateErrorDetail(b, vec, count);
    return response(b, request_id, status, message, wire::ResponseBody::ErrorDetail,
                    detail.Union());
}

flatbuffers::Offset<wire::Response> build_overloaded(Builder& b, std::uint64_t request_id,
                                                     std::uint32_t retry_after_ms) {
    const auto detail = wire::CreateErrorDetail(b, 0, 0, retry_after_ms);
    return response(b, request_id, Status::overloaded, {}, wire::ResponseBody::ErrorDetail,
                    detail.Union());
}

flatbuffers::Offset<wire::Response> build_frame_error(Builder& b, std::uint64_t request_id,
                                                      FrameError error) {
    return build_status(b, request_id, static_cast<Status>(protocol::status_of(error)),
                        protocol::to_string(error));
}

std::vector<Refusal> refusals_of(const Result& result, const Venue& venue) {
    std::vector<Refusal> out;
    out.reserve(result.refusals.size());
    for (const SeatRefusal& r : result.refusals) {
        // An unknown id has no name: it is not a seat of this venue.
        std::string name = r.seat < venue.seat_count() ? venue.seat_name(r.seat) : std::string();
        out.push_back(Refusal{r.seat, std::move(name), r.problem});
    }
    return out;
}

flatbuffers::Offset<wire::Response> build_result(Builder& b, std::uint64_t request_id,
                                                 const Command& command, const Result& r,
                                                 const EventState& state) {
    if (!r.ok()) {
        if (r.refused_count == 0) return build_status(b, request_id, r.status);
        return build_refusal(b, request_id, r.status, refusals_of(r, state.venue()),
                             r.refused_count);
    }
    if (const HoldReply* hold = r.reply_as<HoldReply>()) {
        const auto body = wire::CreateHoldReply(b, hold->hold.value, hold->expires_at);
        return ok_response(b, request_id, wire::ResponseBody::HoldReply, body.Union(), r.replayed);
    }
    if (const PurchaseReply* purchase = r.reply_as<PurchaseReply>())
        return purchase_reply(b, request_id, r, *purchase, state);
    if (const BlockReply* block = r.reply_as<BlockReply>()) {
        const auto body = wire::CreateBlockReply(b, block->seats_changed, block->seats_pending);
        return ok_response(b, request_id, wire::ResponseBody::BlockReply, body.Union(), r.replayed);
    }
    // ReleaseHold and CreateEvent answer with the status alone.
    SEAT_CHECK(std::holds_alternative<ReleaseHold>(command) ||
                   std::holds_alternative<CreateEvent>(command),
               "build_result for a command whose reply it does not know");
    return ok_response(b, request_id, wire::ResponseBody::NONE, 0, r.replayed);
}

flatbuffers::Offset<wire::Response> build_hello_reply(Builder& b, std::uint64_t request_id,
                                                      std::uint32_t protocol_version,
                                                      wire::Role role,
                                                      std::string_view server_version,
                                                      Status status) {
    const auto version = string_or_null(b, server_version);
    const auto body = wire::CreateHelloReply(b, protocol_version, role, version,
                                             static_cast<std::uint32_t>(protocol::kFrameBytesMax));
    return response(b, request_id, status, {}, wire::ResponseBody::HelloReply, body.Union());
}

flatbuffers::Offset<wire::Response> build_pong(Builder& b, std::uint64_t request_id,
                                               UnixMillis server_time_ms) {
    const auto body = wire::CreatePong(b, server_time_ms);
    return ok_response(b, request_id, wire::ResponseBody::Pong, body.Union(), false);
}

flatbuffers::Offset<wire::TicketView> build_ticket_view(Builder& b, const EventState& state,
                                                        const Ticket& ticket,
                                                        const TicketViewExtras& extras) {
    const Venue& venue = state.venue();
    const SeatInfo& info = venue.seats[ticket.seat];
    const PriceTier& tier = venue.tiers[info.tier];
    const UnixMillis issued_at = state.purchases()[ticket.purchase].issued_at;
    const auto name = b.CreateString(venue.seat_name(ticket.seat));
    const auto currency = string_or_null(b, tier.currency);
    const auto owner = extras.with_owner ? string_or_null(b, ticket_owner(state, ticket)) : 0;
    const auto gate = string_or_null(b, ticket_gate(state, ticket));
    const auto section = string_or_null(b, venue.sections[info.section].name);
    const auto row = string_or_null(b, venue.rows[info.row].label);
    const auto seat_label = string_or_null(b, venue.seat_label(ticket.seat));
    const auto code = string_or_null(b, extras.code);
    const auto code_hmac = string_or_null(b, extras.code_hmac);
    const wire::Id128 id = to_wire(ticket.id);
    const auto index = static_cast<std::uint32_t>(&ticket - state.tickets().data());
    SEAT_CHECK(index < state.tickets().size(), "a ticket view of a ticket not in the state");
    return wire::CreateTicketView(b, &id, ticket.seat, name, info.tier, tier.amount_minor, currency,
                                  to_wire(ticket.status), ticket.version, issued_at, owner,
                                  ticket.admitted_at, gate, ticket.device_at, section, row,
                                  seat_label, code, code_hmac, version_issued_at(state, index));
}

flatbuffers::Offset<wire::Response> build_seat_reply(Builder& b, std::uint64_t request_id,
                                                     const EventState& state, SeatId seat) {
    const SeatView view = seat_view(state, seat);
    const SeatInfo& info = state.venue().seats[seat];
    const auto name = b.CreateString(state.venue().seat_name(seat));
    const wire::Id128 ticket = to_wire(view.ticket == nullptr ? Id128{} : view.ticket->id);
    const auto body =
        wire::CreateSeatReply(b, seat, name, info.section, info.tier, to_wire(info.type),
                              to_wire(view.status), view.block_pending, view.hold.value,
                              view.hold_expires_at, view.ticket == nullptr ? nullptr : &ticket);
    return ok_response(b, request_id, wire::ResponseBody::SeatReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_section_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state, SectionId section,
                                                        bool with_labels) {
    const Venue& venue = state.venue();
    const Section& sec = venue.sections[section];
    // Written straight into the frame: one byte per seat, no intermediate copy.
    std::uint8_t* statuses = nullptr;
    const auto status_vec = b.CreateUninitializedVector(sec.seat_count, &statuses);
    const std::span<const SeatState> seats = state.seats().subspan(sec.first_seat, sec.seat_count);
    for (std::size_t i = 0; i < seats.size(); ++i)
        statuses[i] = static_cast<std::uint8_t>(seats[i].status);

    flatbuffers::Offset<flatbuffers::Vector<const wire::RowSpan*>> rows;
    flatbuffers::Offset<WireNames> row_labels;
    if (sec.row_count <= protocol::kSectionRowsMax) {
        std::vector<wire::RowSpan> spans;
        std::vector<flatbuffers::Offset<flatbuffers::String>> labels;
        for (std::uint32_t r = sec.first_row; r < sec.first_row + sec.row_count; ++r) {
            spans.emplace_back(venue.rows[r].first_seat, venue.rows[r].seat_count);
            labels.push_back(b.CreateString(venue.rows[r].label));
        }
        rows = b.CreateVectorOfStructs(spans);
        row_labels = b.CreateVector(labels);
    }
    flatbuffers::Offset<WireNames> seat_labels;
    if (with_labels && sec.seat_count <= protocol::kSectionLabelsSeatsMax) {
        std::vector<flatbuffers::Offset<flatbuffers::String>> labels;
        labels.reserve(sec.seat_count);
        for (SeatId s = sec.first_seat; s < sec.first_seat + sec.seat_count; ++s) {
            const std::string_view label = venue.seat_label(s);
            labels.push_back(b.CreateString(label.data(), label.size()));
        }
        seat_labels = b.CreateVector(labels);
    }
    const auto name = b.CreateString(sec.name);
    const wire::Counts counts = to_wire(state.section_counts(section));
    const auto body = wire::CreateSectionReply(b, section, name, sec.first_seat, status_vec, rows,
                                               row_labels, seat_labels, &counts, state.sequence());
    return ok_response(b, request_id, wire::ResponseBody::SectionReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_summary_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state) {
    const EventSummary summary = summarize(state);
    const Venue& venue = state.venue();
    std::vector<wire::Counts> sections;
    std::vector<flatbuffers::Offset<flatbuffers::String>> names;
    sections.reserve(summary.sections.size());
    names.reserve(summary.sections.size());
    for (std::size_t i = 0; i < summary.sections.size(); ++i) {
        sections.push_back(to_wire(summary.sections[i]));
        names.push_back(b.CreateString(venue.sections[i].name));
    }
    std::vector<flatbuffers::Offset<wire::TierSummary>> tiers;
    tiers.reserve(summary.tiers.size());
    for (std::size_t t = 0; t < summary.tiers.size(); ++t) {
        const PriceTier& tier = venue.tiers[t];
        const wire::Counts counts = to_wire(summary.tiers[t].counts);
        const auto name = b.CreateString(tier.name);
        const auto currency = string_or_null(b, tier.currency);
        tiers.push_back(wire::CreateTierSummary(b, name, tier.amount_minor, currency, &counts,
                                                summary.tiers[t].revenue_minor));
    }
    const wire::Counts totals = to_wire(summary.totals);
    const auto section_vec = b.CreateVectorOfStructs(sections);
    const auto name_vec = b.CreateVector(names);
    const auto tier_vec = b.CreateVector(tiers);
    const SaleSettings& s = state.settings();
    const auto currency = string_or_null(b, s.currency);
    const RoomSettings& r = s.room;
    const auto room = wire::CreateRoomSettings(
        b, r.enabled, r.max_active, r.batch_size, r.batch_interval_ms, r.token_ttl_ms,
        r.seats_per_token, r.holds_per_token, r.heartbeat_grace_ms);
    const TransferSettings& t = s.transfers;
    const auto transfers = wire::CreateTransferSettings(
        b, t.transfers_allowed, t.resale_allowed, t.cutoff_before_start_ms, t.offer_ttl_ms,
        t.max_transfers_per_ticket, static_cast<wire::ResaleCap>(t.cap), t.cap_percent, t.fee_bps,
        t.kyc_threshold_minor, t.kyc_threshold_sales, t.kyc_window_ms);
    const auto settings = wire::CreateEventSettings(
        b, s.hold_ttl_ms, s.checkout_ttl_ms, s.max_seats_per_hold, s.max_holds_per_session,
        s.starts_at_ms, currency, s.payment_timeout_ms, s.sale_starts_at_ms, room, transfers);
    std::uint32_t on_sale = 0;
    std::uint32_t held_kyc = 0;
    for (const Listing& l : state.listings())
        on_sale += l.state == ListingState::listed && !l.delist_requested;
    for (const Payout& p : state.payouts())
        held_kyc += p.state == PayoutState::held_kyc;
    const auto body = wire::CreateSummaryReply(
        b, &totals, section_vec, name_vec, tier_vec, summary.live_holds, summary.tickets,
        summary.sequence, settings, static_cast<std::uint32_t>(state.paying_checkouts().size()),
        static_cast<std::uint32_t>(state.owed_refunds().size()),
        static_cast<std::uint32_t>(state.open_offers().size()), on_sale,
        static_cast<std::uint32_t>(state.owed_payouts().size()), held_kyc);
    return ok_response(b, request_id, wire::ResponseBody::SummaryReply, body.Union(), false);
}

flatbuffers::Offset<wire::EventInfo> build_event_info(Builder& b, const EventState& state) {
    const auto name = string_or_null(b, state.settings().event_name);
    const auto venue_name = string_or_null(b, state.venue().name);
    const wire::Counts counts = to_wire(state.totals());
    return wire::CreateEventInfo(b, state.event(), name, venue_name,
                                 static_cast<std::uint32_t>(state.capacity()), &counts,
                                 state.created_at(), state.sequence());
}

flatbuffers::Offset<wire::Response> build_events_reply(
    Builder& b, std::uint64_t request_id,
    std::span<const flatbuffers::Offset<wire::EventInfo>> events, bool more) {
    const auto vec = b.CreateVector(events.data(), events.size());
    const auto body = wire::CreateEventsReply(b, vec, more);
    return ok_response(b, request_id, wire::ResponseBody::EventsReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_ticket_reply(Builder& b, std::uint64_t request_id,
                                                       const EventState& state,
                                                       const Ticket& ticket, bool with_buyer,
                                                       const TicketViewExtras& extras,
                                                       bool replayed) {
    const auto view = build_ticket_view(b, state, ticket, extras);
    flatbuffers::Offset<flatbuffers::String> buyer, payment;
    if (with_buyer) {
        const PurchaseRecord& p = state.purchases()[ticket.purchase];
        buyer = string_or_null(b, p.buyer_id);
        payment = string_or_null(b, p.payment_ref);
    }
    const auto body = wire::CreateTicketReply(b, view, buyer, payment);
    return ok_response(b, request_id, wire::ResponseBody::TicketReply, body.Union(), replayed);
}

flatbuffers::Offset<wire::Response> build_admit_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const EventState& state,
                                                      const Ticket* ticket) {
    flatbuffers::Offset<wire::AdmitReply> body;
    if (ticket != nullptr)
        body = wire::CreateAdmitReply(b, build_ticket_view(b, state, *ticket, {}));
    else
        body = wire::CreateAdmitReply(b);
    return response(b, request_id, status, {}, wire::ResponseBody::AdmitReply, body.Union());
}

flatbuffers::Offset<wire::Response> build_tickets_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> tickets,
                                                        bool more) {
    std::vector<flatbuffers::Offset<wire::TicketView>> views;
    views.reserve(tickets.size());
    for (std::uint32_t i : tickets)
        views.push_back(
            build_ticket_view(b, state, state.tickets()[i], TicketViewExtras{true, {}, {}}));
    const auto body = wire::CreateTicketsReply(b, b.CreateVector(views), more);
    return ok_response(b, request_id, wire::ResponseBody::TicketsReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_revocations_reply(Builder& b, std::uint64_t request_id,
                                                            std::string_view filter,
                                                            std::uint64_t sequence,
                                                            double false_positive_rate) {
    const auto bytes =
        b.CreateVector(reinterpret_cast<const std::uint8_t*>(filter.data()), filter.size());
    const auto body = wire::CreateRevocationsReply(b, bytes, sequence, false_positive_rate);
    return ok_response(b, request_id, wire::ResponseBody::RevocationsReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_checkout_reply(Builder& b, std::uint64_t request_id,
                                                         Status status, const EventState& state,
                                                         std::uint32_t index, bool replayed,
                                                         const TicketViewExtras& bought) {
    const Checkout& c = state.checkouts()[index];
    const wire::Id128 id = to_wire(c.id);
    const wire::Id128 refund = to_wire(c.refund == kNone ? Id128{} : state.refunds()[c.refund].id);
    const auto currency = string_or_null(b, c.currency);
    const auto method = string_or_null(b, c.payment_method);
    const auto payment = string_or_null(b, c.payment_id);
    const auto reason = string_or_null(b, c.decline_reason);
    const auto view = wire::CreateCheckoutView(
        b, &id, c.hold.value, static_cast<wire::CheckoutState>(c.state), c.amount_minor, currency,
        method, payment, reason, c.started_at, c.deadline, c.settled_at, &refund);
    flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<wire::TicketView>>> tickets;
    if (c.state == CheckoutState::sold && c.listing != kNone) {
        // A resale: the one ticket bought.
        const Ticket& t = state.tickets()[state.listings()[c.listing].ticket];
        const flatbuffers::Offset<wire::TicketView> view[] = {
            build_ticket_view(b, state, t, bought)};
        tickets = b.CreateVector(view, 1);
    } else if (c.state == CheckoutState::sold) {
        const PurchaseRecord& p = state.purchases()[c.purchase];
        std::vector<flatbuffers::Offset<wire::TicketView>> views;
        for (std::uint32_t i = p.first_ticket; i < p.first_ticket + p.ticket_count; ++i)
            views.push_back(
                build_ticket_view(b, state, state.tickets()[i], TicketViewExtras{true, {}, {}}));
        tickets = b.CreateVector(views);
    }
    const auto body = wire::CreateCheckoutReply(b, view, tickets);
    const std::string_view message = status == Status::payment_declined
                                         ? std::string_view(c.decline_reason)
                                         : std::string_view{};
    return response(b, request_id, status, message, wire::ResponseBody::CheckoutReply, body.Union(),
                    replayed);
}

flatbuffers::Offset<wire::Response> build_refunds_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> refunds,
                                                        bool more, std::uint32_t next_after,
                                                        bool replayed) {
    std::vector<flatbuffers::Offset<wire::RefundView>> views;
    views.reserve(refunds.size());
    for (const std::uint32_t i : refunds) {
        const Refund& r = state.refunds()[i];
        const wire::Id128 id = to_wire(r.id);
        const wire::Id128 checkout =
            to_wire(r.checkout == kNone ? Id128{} : state.checkouts()[r.checkout].id);
        const auto payment = string_or_null(b, r.payment_id);
        const auto currency = string_or_null(b, r.currency);
        const auto reason = b.CreateString(to_string(r.reason));
        const auto provider = string_or_null(b, r.provider_refund_id);
        const auto failure = string_or_null(b, r.failure);
        views.push_back(wire::CreateRefundView(b, &id, &checkout, payment, r.amount_minor, currency,
                                               reason, static_cast<wire::RefundState>(r.state),
                                               provider, failure, r.attempts, r.owed_at,
                                               r.settled_at));
    }
    const auto body = wire::CreateRefundsReply(b, b.CreateVector(views), more, next_after);
    return ok_response(b, request_id, wire::ResponseBody::RefundsReply, body.Union(), replayed);
}

flatbuffers::Offset<wire::Response> build_throttled(Builder& b, std::uint64_t request_id,
                                                    std::uint32_t retry_after_ms) {
    const auto detail = wire::CreateErrorDetail(b, 0, 0, retry_after_ms);
    return response(b, request_id, Status::checkout_throttled, {}, wire::ResponseBody::ErrorDetail,
                    detail.Union());
}

flatbuffers::Offset<wire::Response> build_public_keys_reply(Builder& b, std::uint64_t request_id,
                                                            std::string_view keys) {
    const auto body = wire::CreatePublicKeysReply(b, b.CreateString(keys));
    return ok_response(b, request_id, wire::ResponseBody::PublicKeysReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_queue_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const QueueView& v,
                                                      const QueueTicketId& ticket,
                                                      std::string_view token, bool existing) {
    const wire::Id128 t = to_wire(ticket);
    const auto token_s = string_or_null(b, token);
    const std::uint32_t position = v.position_known ? v.ahead + 1 : 0;
    const auto body = wire::CreateQueueReply(
        b, &t, static_cast<wire::QueueEntryState>(v.state), static_cast<wire::RoomState>(v.room),
        position, v.ahead, v.eta_ms, v.seats_left, v.fewer_seats_than_ahead, v.joined_at,
        v.admitted_at, token_s, v.token_expires_at, v.holds_left,
        static_cast<std::uint32_t>(kRoomHeartbeatEveryMs), existing, v.place);
    if (status != Status::ok)
        return response(b, request_id, status, {}, wire::ResponseBody::QueueReply, body.Union());
    return ok_response(b, request_id, wire::ResponseBody::QueueReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_room_reply(Builder& b, std::uint64_t request_id,
                                                     const RoomView& v) {
    const auto body =
        wire::CreateRoomReply(b, static_cast<wire::RoomState>(v.state), v.waiting, v.active,
                              v.max_active, v.admitted_total, v.abandoned, v.left, v.done,
                              v.admission_rate, v.available, v.held, v.sale_starts_at, v.opened_at);
    return ok_response(b, request_id, wire::ResponseBody::RoomReply, body.Union(), false);
}

// ---- Transfers and resale.

flatbuffers::Offset<wire::OfferView> build_offer_view(Builder& b, const EventState& state,
                                                      std::uint32_t index) {
    const TransferOffer& o = state.offers()[index];
    const wire::Id128 id = to_wire(o.id);
    const wire::Id128 ticket = to_wire(state.tickets()[o.ticket].id);
    const auto from = string_or_null(b, o.from);
    const auto to = string_or_null(b, o.to);
    const auto claimer = string_or_null(b, o.claimer);
    return wire::CreateOfferView(b, &id, &ticket, from, to, static_cast<wire::TransferType>(o.type),
                                 static_cast<wire::OfferState>(o.state), o.offered_at, o.expires_at,
                                 o.settled_at, claimer);
}

flatbuffers::Offset<wire::ListingView> build_listing_view(Builder& b, const EventState& state,
                                                          std::uint32_t index, bool with_seller) {
    const Listing& l = state.listings()[index];
    const Ticket& t = state.tickets()[l.ticket];
    const Venue& venue = state.venue();
    const SeatInfo& info = venue.seats[t.seat];
    const wire::Id128 id = to_wire(l.id);
    const wire::Id128 ticket = to_wire(t.id);
    const auto seat_name = b.CreateString(venue.seat_name(t.seat));
    const auto section_name = string_or_null(b, venue.sections[info.section].name);
    const auto currency = string_or_null(b, l.currency);
    const auto seller = with_seller ? string_or_null(b, l.seller) : 0;
    return wire::CreateListingView(b, &id, &ticket, t.seat, seat_name, info.section, section_name,
                                   l.price_minor, venue.tiers[info.tier].amount_minor, currency,
                                   static_cast<wire::ListingState>(l.state), l.delist_requested,
                                   l.listed_at, l.settled_at, seller);
}

flatbuffers::Offset<wire::Response> build_offer_reply(Builder& b, std::uint64_t request_id,
                                                      Status status, const EventState& state,
                                                      std::uint32_t offer,
                                                      std::string_view claim_token,
                                                      flatbuffers::Offset<wire::TicketView> ticket,
                                                      bool replayed) {
    const auto view = offer == kNone ? 0 : build_offer_view(b, state, offer);
    const auto token = string_or_null(b, claim_token);
    const auto body = wire::CreateOfferReply(b, view, token, ticket);
    return response(b, request_id, status, {}, wire::ResponseBody::OfferReply, body.Union(),
                    replayed);
}

flatbuffers::Offset<wire::Response> build_listing_reply(
    Builder& b, std::uint64_t request_id, Status status, const EventState& state,
    std::uint32_t listing, bool with_seller, std::int64_t cap_minor,
    flatbuffers::Offset<wire::TicketView> ticket, bool replayed) {
    const auto view = listing == kNone ? 0 : build_listing_view(b, state, listing, with_seller);
    const auto body = wire::CreateListingReply(b, view, cap_minor, ticket);
    return response(b, request_id, status, {}, wire::ResponseBody::ListingReply, body.Union(),
                    replayed);
}

flatbuffers::Offset<wire::Response> build_listings_reply(Builder& b, std::uint64_t request_id,
                                                         const EventState& state,
                                                         std::span<const std::uint32_t> listings,
                                                         bool more) {
    std::vector<flatbuffers::Offset<wire::ListingView>> views;
    views.reserve(listings.size());
    for (const std::uint32_t i : listings)
        views.push_back(build_listing_view(b, state, i, /*with_seller=*/false));
    const auto body = wire::CreateListingsReply(b, b.CreateVector(views), more);
    return ok_response(b, request_id, wire::ResponseBody::ListingsReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_history_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        const Ticket& ticket,
                                                        std::span<const HistoryEntry> entries) {
    const auto view = build_ticket_view(b, state, ticket, TicketViewExtras{true, {}, {}});
    std::vector<flatbuffers::Offset<wire::TransferView>> transfers;
    transfers.reserve(entries.size());
    for (const HistoryEntry& e : entries) {
        const wire::Id128 id = to_wire(e.id);
        const auto from = string_or_null(b, e.from);
        const auto to = string_or_null(b, e.to);
        const auto currency = string_or_null(b, e.currency);
        transfers.push_back(
            wire::CreateTransferView(b, &id, from, to, static_cast<wire::TransferType>(e.type),
                                     e.price_minor, e.fee_minor, currency, e.version, e.at));
    }
    const auto body = wire::CreateHistoryReply(b, view, b.CreateVector(transfers));
    return ok_response(b, request_id, wire::ResponseBody::HistoryReply, body.Union(), false);
}

flatbuffers::Offset<wire::Response> build_payouts_reply(Builder& b, std::uint64_t request_id,
                                                        const EventState& state,
                                                        std::span<const std::uint32_t> payouts,
                                                        bool more, std::uint32_t next_after,
                                                        bool replayed) {
    std::vector<flatbuffers::Offset<wire::PayoutView>> views;
    views.reserve(payouts.size());
    for (const std::uint32_t i : payouts) {
        const Payout& p = state.payouts()[i];
        const wire::Id128 id = to_wire(p.id);
        const wire::Id128 listing =
            to_wire(p.listing == kNone ? Id128{} : state.listings()[p.listing].id);
        const auto seller = string_or_null(b, p.seller);
        const auto destination = string_or_null(b, p.destination);
        const auto currency = string_or_null(b, p.currency);
        const auto provider = string_or_null(b, p.provider_payout_id);
        const auto failure = string_or_null(b, p.failure);
        views.push_back(wire::CreatePayoutView(
            b, &id, &listing, seller, destination, p.gross_minor, p.fee_minor, p.amount_minor,
            currency, static_cast<wire::PayoutState>(p.state), provider, failure, p.attempts,
            p.owed_at, p.released_at, p.settled_at, p.retries));
    }
    const auto body = wire::CreatePayoutsReply(b, b.CreateVector(views), more, next_after);
    return ok_response(b, request_id, wire::ResponseBody::PayoutsReply, body.Union(), replayed);
}

flatbuffers::Offset<wire::Response> build_kyc_reply(Builder& b, std::uint64_t request_id,
                                                    std::string_view seller, std::uint32_t released,
                                                    bool replayed) {
    const auto name = string_or_null(b, seller);
    const auto body = wire::CreateKycReply(b, name, released);
    return ok_response(b, request_id, wire::ResponseBody::KycReply, body.Union(), replayed);
}

}  // namespace seat::server
