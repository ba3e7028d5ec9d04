// Decoding of responses into public values. Absent strings and vectors read as
// empty, absent structs as zero, matching the schema's defaults. The server is
// not trusted to send sense: an "unknown" that is not the documented -1 (a
// negative ETA, a rate that is negative, NaN or infinite) reads as -1.
#include "client/src/codec.h"

#include <cmath>

namespace seat::client::codec {
namespace {

std::string str(const flatbuffers::String* s) {
    return s == nullptr ? std::string() : s->str();
}

Counts counts(const wire::Counts* c) {
    if (c == nullptr) return {};
    return Counts{c->available(), c->held(), c->sold(), c->blocked()};
}

std::vector<std::string> strings(
    const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v) {
    std::vector<std::string> out;
    if (v == nullptr) return out;
    out.reserve(v->size());
    for (const auto* s : *v)
        out.push_back(str(s));
    return out;
}

Ticket ticket(const wire::TicketView* t) {
    Ticket out;
    if (t == nullptr) return out;
    out.ticket_id = from_wire(t->ticket_id());
    out.seat = t->seat();
    out.seat_name = str(t->seat_name());
    out.tier = t->tier();
    out.amount_minor = t->amount_minor();
    out.currency = str(t->currency());
    out.status = static_cast<TicketStatus>(t->status());
    out.version = t->version();
    out.issued_at_ms = t->issued_at_ms();
    out.owner_id = str(t->owner_id());
    out.admitted_at_ms = t->admitted_at_ms();
    out.admitted_gate = str(t->admitted_gate());
    out.device_at_ms = t->device_at_ms();
    out.section_name = str(t->section_name());
    out.row_label = str(t->row_label());
    out.seat_label = str(t->seat_label());
    out.code = str(t->code());
    out.code_hmac = str(t->code_hmac());
    return out;
}

CheckoutView checkout_view(const wire::CheckoutView* c) {
    CheckoutView out;
    if (c == nullptr) return out;
    out.checkout_id = from_wire(c->checkout_id());
    out.hold = c->hold();
    out.state = static_cast<CheckoutState>(c->state());
    out.amount_minor = c->amount_minor();
    out.currency = str(c->currency());
    out.payment_method = str(c->payment_method());
    out.payment_id = str(c->payment_id());
    out.decline_reason = str(c->decline_reason());
    out.started_at_ms = c->started_at_ms();
    out.deadline_ms = c->deadline_ms();
    out.settled_at_ms = c->settled_at_ms();
    out.refund_id = from_wire(c->refund_id());
    return out;
}

RoomSettings room_settings(const wire::RoomSettings* r) {
    if (r == nullptr) return {};
    return RoomSettings{r->enabled(),           r->max_active(),        r->batch_size(),
                        r->batch_interval_ms(), r->token_ttl_ms(),      r->seats_per_token(),
                        r->holds_per_token(),   r->heartbeat_grace_ms()};
}

Refund refund(const wire::RefundView* r) {
    Refund out;
    out.refund_id = from_wire(r->refund_id());
    out.checkout_id = from_wire(r->checkout_id());
    out.payment_id = str(r->payment_id());
    out.amount_minor = r->amount_minor();
    out.currency = str(r->currency());
    out.reason = str(r->reason());
    out.state = static_cast<RefundState>(r->state());
    out.provider_refund_id = str(r->provider_refund_id());
    out.failure = str(r->failure());
    out.attempts = r->attempts();
    out.owed_at_ms = r->owed_at_ms();
    out.settled_at_ms = r->settled_at_ms();
    return out;
}

}  // namespace

void read_outcome(const wire::Response& response, Outcome& out) {
    out.status = static_cast<Status>(response.status());
    out.message = str(response.message());
    out.replayed = response.replayed();
    if (out.message.empty()) out.message = std::string(describe(out.status));
    const auto* detail = response.body_as_ErrorDetail();
    if (detail == nullptr) return;
    out.refused_count = detail->refused_count();
    out.retry_after_ms = detail->retry_after_ms();
    if (detail->refusals() == nullptr) return;
    for (const auto* r : *detail->refusals()) {
        out.refusals.push_back(
            SeatRefusal{r->seat(), str(r->seat_name()), static_cast<SeatProblem>(r->problem())});
    }
}

bool read_value(const wire::Response&, Empty&) {
    return true;
}

bool read_value(const wire::Response& response, HelloInfo& out) {
    const auto* r = response.body_as_HelloReply();
    if (r == nullptr) return false;
    out.protocol_version = r->protocol_version();
    out.role = static_cast<Role>(r->role());
    out.server_version = str(r->server_version());
    out.frame_bytes_max = r->frame_bytes_max();
    return true;
}

bool read_value(const wire::Response& response, Pong& out) {
    const auto* r = response.body_as_Pong();
    if (r == nullptr) return false;
    out.server_time_ms = r->server_time_ms();
    return true;
}

bool read_value(const wire::Response& response, HoldInfo& out) {
    const auto* r = response.body_as_HoldReply();
    if (r == nullptr) return false;
    out.hold = r->hold();
    out.expires_at_ms = r->expires_at_ms();
    return true;
}

bool read_value(const wire::Response& response, PurchaseInfo& out) {
    const auto* r = response.body_as_PurchaseReply();
    if (r == nullptr) return false;
    if (r->tickets() != nullptr) {
        for (const auto* t : *r->tickets())
            out.tickets.push_back(ticket(t));
    }
    return true;
}

bool read_value(const wire::Response& response, BlockInfo& out) {
    const auto* r = response.body_as_BlockReply();
    if (r == nullptr) return false;
    out.changed = r->changed();
    out.pending = r->pending();
    return true;
}

bool read_value(const wire::Response& response, SeatInfo& out) {
    const auto* r = response.body_as_SeatReply();
    if (r == nullptr) return false;
    out.seat = r->seat();
    out.seat_name = str(r->seat_name());
    out.section = r->section();
    out.tier = r->tier();
    out.seat_type = static_cast<SeatType>(r->seat_type());
    out.status = static_cast<SeatStatus>(r->status());
    out.block_pending = r->block_pending();
    out.hold = r->hold();
    out.hold_expires_at_ms = r->hold_expires_at_ms();
    out.ticket_id = from_wire(r->ticket_id());
    return true;
}

bool read_value(const wire::Response& response, SectionInfo& out) {
    const auto* r = response.body_as_SectionReply();
    if (r == nullptr) return false;
    out.section = r->section();
    out.name = str(r->name());
    out.first_seat = r->first_seat();
    if (r->statuses() != nullptr) {
        out.statuses.reserve(r->statuses()->size());
        for (std::uint8_t s : *r->statuses())
            out.statuses.push_back(static_cast<SeatStatus>(s));
    }
    if (r->rows() != nullptr) {
        for (const auto* row : *r->rows())
            out.rows.push_back(RowSpan{row->first_seat(), row->seat_count()});
    }
    out.row_labels = strings(r->row_labels());
    out.seat_labels = strings(r->seat_labels());
    out.counts = counts(r->counts());
    out.sequence = r->sequence();
    return true;
}

bool read_value(const wire::Response& response, Summary& out) {
    const auto* r = response.body_as_SummaryReply();
    if (r == nullptr) return false;
    out.totals = counts(r->totals());
    if (r->sections() != nullptr) {
        for (const auto* c : *r->sections())
            out.sections.push_back(counts(c));
    }
    out.section_names = strings(r->section_names());
    if (r->tiers() != nullptr) {
        for (const auto* t : *r->tiers()) {
            out.tiers.push_back(TierSummary{str(t->name()), t->amount_minor(), str(t->currency()),
                                            counts(t->counts()), t->revenue_minor()});
        }
    }
    out.live_holds = r->live_holds();
    out.tickets = r->tickets();
    out.sequence = r->sequence();
    if (const auto* s = r->settings(); s != nullptr) {
        out.settings = EventSettings{
            s->hold_ttl_ms(),           s->checkout_ttl_ms(),   s->max_seats_per_hold(),
            s->max_holds_per_session(), s->starts_at_ms(),      str(s->currency()),
            s->payment_timeout_ms(),    s->sale_starts_at_ms(), room_settings(s->room())};
    }
    out.checkouts_paying = r->checkouts_paying();
    out.refunds_owed = r->refunds_owed();
    return true;
}

bool read_value(const wire::Response& response, EventList& out) {
    const auto* r = response.body_as_EventsReply();
    if (r == nullptr) return false;
    if (r->events() != nullptr) {
        for (const auto* e : *r->events()) {
            out.events.push_back(EventInfo{e->event(), str(e->name()), str(e->venue_name()),
                                           e->capacity(), counts(e->counts()), e->created_at_ms(),
                                           e->sequence()});
        }
    }
    out.more = r->more();
    return true;
}

bool read_value(const wire::Response& response, TicketInfo& out) {
    const auto* r = response.body_as_TicketReply();
    if (r == nullptr) return false;
    out.ticket = ticket(r->ticket());
    out.buyer_id = str(r->buyer_id());
    out.payment_ref = str(r->payment_ref());
    return true;
}

bool read_value(const wire::Response& response, AdmitInfo& out) {
    const auto* r = response.body_as_AdmitReply();
    if (r == nullptr) return false;
    out.ticket = ticket(r->ticket());
    return true;
}

bool read_value(const wire::Response& response, TicketList& out) {
    const auto* r = response.body_as_TicketsReply();
    if (r == nullptr) return false;
    if (r->tickets() != nullptr) {
        out.tickets.reserve(r->tickets()->size());
        for (const auto* t : *r->tickets())
            out.tickets.push_back(ticket(t));
    }
    out.more = r->more();
    return true;
}

bool read_value(const wire::Response& response, Revocations& out) {
    const auto* r = response.body_as_RevocationsReply();
    if (r == nullptr) return false;
    if (r->filter() != nullptr)
        out.filter.assign(reinterpret_cast<const char*>(r->filter()->data()), r->filter()->size());
    out.sequence = r->sequence();
    out.false_positive_rate = r->false_positive_rate();
    return true;
}

bool read_value(const wire::Response& response, PublicKeys& out) {
    const auto* r = response.body_as_PublicKeysReply();
    if (r == nullptr) return false;
    out.keys = str(r->keys());
    return true;
}

// Read with any status it comes with: a declined, refunded or pending checkout
// is a refusal that still shows the checkout.
bool read_value(const wire::Response& response, CheckoutInfo& out) {
    const auto* r = response.body_as_CheckoutReply();
    if (r == nullptr) return false;
    out.checkout = checkout_view(r->checkout());
    if (r->tickets() != nullptr) {
        out.tickets.reserve(r->tickets()->size());
        for (const auto* t : *r->tickets())
            out.tickets.push_back(ticket(t));
    }
    return true;
}

bool read_value(const wire::Response& response, RefundList& out) {
    const auto* r = response.body_as_RefundsReply();
    if (r == nullptr) return false;
    if (r->refunds() != nullptr) {
        out.refunds.reserve(r->refunds()->size());
        for (const auto* v : *r->refunds())
            out.refunds.push_back(refund(v));
    }
    out.more = r->more();
    out.next_after = r->next_after();
    return true;
}

bool read_value(const wire::Response& response, Refund& out) {
    const auto* r = response.body_as_RefundsReply();
    if (r == nullptr || r->refunds() == nullptr || r->refunds()->size() != 1) return false;
    out = refund(r->refunds()->Get(0));
    return true;
}

// Read with any status it comes with, as the server may send the entry with a
// refusal; a refusal without a body leaves the value empty.
bool read_value(const wire::Response& response, QueueEntryInfo& out) {
    const auto* r = response.body_as_QueueReply();
    if (r == nullptr) return false;
    out.ticket = from_wire(r->ticket());
    out.state = static_cast<QueueEntryState>(r->state());
    out.room = static_cast<RoomState>(r->room());
    out.position = r->position();
    out.ahead = r->ahead();
    out.eta_ms = r->eta_ms() < 0 ? -1 : r->eta_ms();
    out.seats_left = r->seats_left();
    out.fewer_seats_than_ahead = r->fewer_seats_than_ahead();
    out.joined_at_ms = r->joined_at_ms();
    out.admitted_at_ms = r->admitted_at_ms();
    out.admission_token = str(r->admission_token());
    out.token_expires_at_ms = r->token_expires_at_ms();
    out.holds_left = r->holds_left();
    out.heartbeat_every_ms = r->heartbeat_every_ms();
    out.existing = r->existing();
    out.place = r->place();
    return true;
}

bool read_value(const wire::Response& response, RoomInfo& out) {
    const auto* r = response.body_as_RoomReply();
    if (r == nullptr) return false;
    out.state = static_cast<RoomState>(r->state());
    out.waiting = r->waiting();
    out.active = r->active();
    out.max_active = r->max_active();
    out.admitted_total = r->admitted_total();
    out.abandoned = r->abandoned();
    out.left = r->left();
    out.done = r->done();
    const double rate = r->admitted_per_second();
    out.admitted_per_second = std::isfinite(rate) && rate >= 0 ? rate : -1;
    out.available = r->available();
    out.held = r->held();
    out.sale_starts_at_ms = r->sale_starts_at_ms();
    out.opened_at_ms = r->opened_at_ms();
    return true;
}

}  // namespace seat::client::codec
