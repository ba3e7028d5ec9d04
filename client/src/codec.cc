// Decoding of responses into public values. Absent strings and vectors read as
// empty, absent structs as zero, matching the schema's defaults. The server is
// not trusted to send sense: an "unknown" that is not the documented -1 (a
// negative ETA, a rate that is negative, NaN or infinite) reads as -1; a claim
// token that is not 32 hex digits (what an application puts in a link) reads
// as none; a negative resale cap reads as 0.
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
    out.version_issued_at_ms = t->version_issued_at_ms();
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

TransferSettings transfer_settings(const wire::TransferSettings& t) {
    TransferSettings out;
    out.transfers_allowed = t.transfers_allowed();
    out.resale_allowed = t.resale_allowed();
    out.cutoff_before_start_ms = t.cutoff_before_start_ms();
    out.offer_ttl_ms = t.offer_ttl_ms();
    out.max_transfers_per_ticket = t.max_transfers_per_ticket();
    out.cap = static_cast<ResaleCap>(t.cap());
    out.cap_percent = t.cap_percent();
    out.fee_bps = t.fee_bps();
    out.kyc_threshold_minor = t.kyc_threshold_minor();
    out.kyc_threshold_sales = t.kyc_threshold_sales();
    out.kyc_window_ms = t.kyc_window_ms();
    return out;
}

Offer offer(const wire::OfferView* v) {
    Offer out;
    if (v == nullptr) return out;
    out.offer_id = from_wire(v->offer_id());
    out.ticket_id = from_wire(v->ticket_id());
    out.from_owner = str(v->from_owner());
    out.to = str(v->to());
    out.type = static_cast<TransferType>(v->type());
    out.state = static_cast<OfferState>(v->state());
    out.offered_at_ms = v->offered_at_ms();
    out.expires_at_ms = v->expires_at_ms();
    out.settled_at_ms = v->settled_at_ms();
    out.claimer = str(v->claimer());
    return out;
}

Listing listing(const wire::ListingView* v) {
    Listing out;
    if (v == nullptr) return out;
    out.listing_id = from_wire(v->listing_id());
    out.ticket_id = from_wire(v->ticket_id());
    out.seat = v->seat();
    out.seat_name = str(v->seat_name());
    out.section = v->section();
    out.section_name = str(v->section_name());
    out.price_minor = v->price_minor();
    out.face_value_minor = v->face_value_minor();
    out.currency = str(v->currency());
    out.state = static_cast<ListingState>(v->state());
    out.delist_requested = v->delist_requested();
    out.listed_at_ms = v->listed_at_ms();
    out.settled_at_ms = v->settled_at_ms();
    out.seller = str(v->seller());
    return out;
}

Transfer transfer(const wire::TransferView* v) {
    Transfer out;
    out.transfer_id = from_wire(v->transfer_id());
    out.from_owner = str(v->from_owner());
    out.to_owner = str(v->to_owner());
    out.type = static_cast<TransferType>(v->type());
    out.price_minor = v->price_minor();
    out.fee_minor = v->fee_minor();
    out.currency = str(v->currency());
    out.version = v->version();
    out.at_ms = v->at_ms();
    return out;
}

Payout payout(const wire::PayoutView* v) {
    Payout out;
    out.payout_id = from_wire(v->payout_id());
    out.listing_id = from_wire(v->listing_id());
    out.seller = str(v->seller());
    out.destination = str(v->destination());
    out.gross_minor = v->gross_minor();
    out.fee_minor = v->fee_minor();
    out.amount_minor = v->amount_minor();
    out.currency = str(v->currency());
    out.state = static_cast<PayoutState>(v->state());
    out.provider_payout_id = str(v->provider_payout_id());
    out.failure = str(v->failure());
    out.attempts = v->attempts();
    out.retries = v->retries();
    out.owed_at_ms = v->owed_at_ms();
    out.released_at_ms = v->released_at_ms();
    out.settled_at_ms = v->settled_at_ms();
    return out;
}

// A claim token as the server draws it: 32 hex digits. Anything else is not
// one, and is not handed to an application that would put it in a link.
bool is_claim_token(const flatbuffers::String* s) {
    constexpr std::size_t kClaimTokenDigits = 32;
    if (s == nullptr || s->size() != kClaimTokenDigits) return false;
    for (const char c : s->string_view()) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) return false;
    }
    return true;
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
        if (s->transfers() != nullptr) out.settings.transfers = transfer_settings(*s->transfers());
    }
    out.checkouts_paying = r->checkouts_paying();
    out.refunds_owed = r->refunds_owed();
    out.offers_open = r->offers_open();
    out.listings_on_sale = r->listings_on_sale();
    out.payouts_owed = r->payouts_owed();
    out.payouts_held_kyc = r->payouts_held_kyc();
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

bool read_value(const wire::Response& response, OfferInfo& out) {
    const auto* r = response.body_as_OfferReply();
    if (r == nullptr) return false;
    out.offer = offer(r->offer());
    if (is_claim_token(r->claim_token())) out.claim_token = r->claim_token()->str();
    out.ticket = ticket(r->ticket());
    return true;
}

bool read_value(const wire::Response& response, ClaimInfo& out) {
    if (const auto* o = response.body_as_OfferReply(); o != nullptr) {
        out.offer = offer(o->offer());
        return false;
    }
    return read_value(response, out.ticket);
}

bool read_value(const wire::Response& response, ListingInfo& out) {
    const auto* r = response.body_as_ListingReply();
    if (r == nullptr) return false;
    out.listing = listing(r->listing());
    out.cap_minor = r->cap_minor() < 0 ? 0 : r->cap_minor();
    out.ticket = ticket(r->ticket());
    return true;
}

bool read_value(const wire::Response& response, ListingPage& out) {
    const auto* r = response.body_as_ListingsReply();
    if (r == nullptr) return false;
    if (r->listings() != nullptr) {
        out.listings.reserve(r->listings()->size());
        for (const auto* v : *r->listings())
            out.listings.push_back(listing(v));
    }
    out.more = r->more();
    return true;
}

bool read_value(const wire::Response& response, TicketHistory& out) {
    const auto* r = response.body_as_HistoryReply();
    if (r == nullptr) return false;
    out.ticket = ticket(r->ticket());
    if (r->transfers() != nullptr) {
        out.transfers.reserve(r->transfers()->size());
        for (const auto* v : *r->transfers())
            out.transfers.push_back(transfer(v));
    }
    return true;
}

bool read_value(const wire::Response& response, PayoutList& out) {
    const auto* r = response.body_as_PayoutsReply();
    if (r == nullptr) return false;
    if (r->payouts() != nullptr) {
        out.payouts.reserve(r->payouts()->size());
        for (const auto* v : *r->payouts())
            out.payouts.push_back(payout(v));
    }
    out.more = r->more();
    out.next_after = r->next_after();
    return true;
}

bool read_value(const wire::Response& response, Payout& out) {
    const auto* r = response.body_as_PayoutsReply();
    if (r == nullptr || r->payouts() == nullptr || r->payouts()->size() != 1) return false;
    out = payout(r->payouts()->Get(0));
    return true;
}

bool read_value(const wire::Response& response, KycInfo& out) {
    const auto* r = response.body_as_KycReply();
    if (r == nullptr) return false;
    out.seller = str(r->seller());
    out.released = r->released();
    return true;
}

}  // namespace seat::client::codec
