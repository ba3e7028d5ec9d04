// FlatBuffers encoding of facts, images and directory entries. The schema's enums
// mirror the engine's value for value (pinned by static_asserts below), so
// conversion is a cast after a range check. Every decoder verifies the buffer,
// then checks the version, enum ranges, inline capacities and indices, because
// the engine trusts what it is given and asserts (stops) on impossible state.
#include "storage/fact_codec.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "base/check.h"
#include "fact_generated.h"

namespace seat::storage {
namespace {

namespace fb = ::flatbuffers;

// Nesting of the deepest record: FactRecord > EventCreated > Venue > [Group] > Group > [uint].
constexpr fb::uoffset_t kVerifyDepthMax = 16;
constexpr fb::uoffset_t kFactTablesMax = kVenueTablesMax + 8;
constexpr fb::uoffset_t kEntryTablesMax = 4;
// Every valid FlatBuffer holds at least its root offset.
constexpr std::size_t kRecordBytesMin = sizeof(fb::uoffset_t);

template <typename A, typename B>
constexpr bool same_value(A a, B b) {
    return static_cast<int>(a) == static_cast<int>(b);
}
static_assert(same_value(log::SeatType::Floor, SeatType::floor) &&
              same_value(log::SeatType::Companion, SeatType::companion));
static_assert(same_value(log::SectionType::Stand, SectionType::stand) &&
              same_value(log::SectionType::Vip, SectionType::vip));
static_assert(same_value(log::GroupKind::Together, GroupKind::together) &&
              same_value(log::GroupKind::Companion, GroupKind::companion));
static_assert(same_value(log::SeatStatus::Held, SeatStatus::held) &&
              same_value(log::SeatStatus::Blocked, SeatStatus::blocked));
static_assert(same_value(log::TicketStatus::Admitted, TicketStatus::admitted) &&
              same_value(log::TicketStatus::Cancelled, TicketStatus::cancelled) &&
              same_value(log::TicketStatus::Offered, TicketStatus::offered) &&
              same_value(log::TicketStatus::MAX, TicketStatus::listed) &&
              std::size_t(log::TicketStatus::MAX) + 1 == kTicketStatusCount);
static_assert(same_value(log::CommandKind::Release, CommandKind::release) &&
              same_value(log::CommandKind::Unblock, CommandKind::unblock) &&
              same_value(log::CommandKind::Reissue, CommandKind::reissue) &&
              same_value(log::CommandKind::Cancel, CommandKind::cancel) &&
              same_value(log::CommandKind::StartCheckout, CommandKind::start_checkout) &&
              same_value(log::CommandKind::RetryRefund, CommandKind::retry_refund) &&
              same_value(log::CommandKind::OfferTransfer, CommandKind::offer_transfer) &&
              same_value(log::CommandKind::ClaimTransfer, CommandKind::claim_transfer) &&
              same_value(log::CommandKind::CancelOffer, CommandKind::cancel_offer) &&
              same_value(log::CommandKind::ListTicket, CommandKind::list_ticket) &&
              same_value(log::CommandKind::DelistTicket, CommandKind::delist_ticket) &&
              same_value(log::CommandKind::BuyListing, CommandKind::buy_listing) &&
              same_value(log::CommandKind::MAX, CommandKind::retry_payout));
static_assert(same_value(log::TransferType::Issue, TransferType::issue) &&
              same_value(log::TransferType::Gift, TransferType::gift) &&
              same_value(log::TransferType::MAX, TransferType::reissue) &&
              std::size_t(log::TransferType::MAX) + 1 == kTransferTypeCount);
static_assert(same_value(log::OfferState::Claimed, OfferState::claimed) &&
              same_value(log::OfferState::Cancelled, OfferState::cancelled) &&
              same_value(log::OfferState::MAX, OfferState::expired) &&
              std::size_t(log::OfferState::MAX) + 1 == kOfferStateCount);
static_assert(same_value(log::ListingState::Paying, ListingState::paying) &&
              same_value(log::ListingState::MAX, ListingState::delisted) &&
              std::size_t(log::ListingState::MAX) + 1 == kListingStateCount);
static_assert(same_value(log::PayoutState::HeldKyc, PayoutState::held_kyc) &&
              same_value(log::PayoutState::MAX, PayoutState::failed) &&
              std::size_t(log::PayoutState::MAX) + 1 == kPayoutStateCount);
static_assert(same_value(log::ResaleCap::FaceValue, ResaleCap::face_value) &&
              same_value(log::ResaleCap::MAX, ResaleCap::percent_above_face) &&
              std::size_t(log::ResaleCap::MAX) + 1 == kResaleCapCount);
static_assert(same_value(log::EntryState::Abandoned, EntryState::abandoned) &&
              same_value(log::EntryState::MAX, EntryState::abandoned));
static_assert(same_value(log::CheckoutState::Refunded, CheckoutState::refunded) &&
              same_value(log::CheckoutState::MAX, CheckoutState::refunded) &&
              same_value(log::RefundState::Failed, RefundState::failed) &&
              same_value(log::RefundReason::Cancellation, RefundReason::cancellation));
// The union's type byte is on disk: each fact keeps its number forever.
static_assert(same_value(log::FactBody::EventCreated, 1) &&
                  same_value(log::FactBody::SeatsUnblocked, 8) &&
                  same_value(log::FactBody::TicketAdmitted, 9) &&
                  same_value(log::FactBody::TicketCancelled, 11) &&
                  same_value(log::FactBody::CheckoutStarted, 12) &&
                  same_value(log::FactBody::RefundRetried, 20) &&
                  same_value(log::FactBody::AdmissionsEnded, 26) &&
                  same_value(log::FactBody::TransferOffered, 27) &&
                  same_value(log::FactBody::PayoutSettled, 34) &&
                  same_value(log::FactBody::PayoutRetried, 35) && std::variant_size_v<Fact> == 35,
              "a new Fact alternative needs a FactBody member appended to storage/fact.fbs");

// RocksDB hands out values at any address, while FlatBuffers reads scalars in place
// and its verifier insists on natural alignment: misaligned input is copied once.
class AlignedBytes {
  public:
    explicit AlignedBytes(std::span<const std::uint8_t> bytes) {
        if (reinterpret_cast<std::uintptr_t>(bytes.data()) % kAlign == 0) {
            view_ = bytes;
            return;
        }
        copy_.resize((bytes.size() + kAlign - 1) / kAlign);
        std::memcpy(copy_.data(), bytes.data(), bytes.size());
        view_ = {reinterpret_cast<const std::uint8_t*>(copy_.data()), bytes.size()};
    }
    std::span<const std::uint8_t> bytes() const { return view_; }

  private:
    static constexpr std::size_t kAlign = alignof(std::uint64_t);
    std::vector<std::uint64_t> copy_;
    std::span<const std::uint8_t> view_;
};

template <typename Root>
const Root* verified_root(std::span<const std::uint8_t> bytes, fb::uoffset_t tables_max,
                          const char* what, std::string& error) {
    if (bytes.size() < kRecordBytesMin || bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE) {
        error = std::string(what) + " has an impossible size (" + std::to_string(bytes.size()) +
                " bytes)";
        return nullptr;
    }
    fb::Verifier::Options options;
    options.max_depth = kVerifyDepthMax;
    options.max_tables = tables_max;
    options.check_alignment = true;
    fb::Verifier verifier(bytes.data(), bytes.size(), options);
    if (!verifier.VerifyBuffer<Root>(nullptr)) {
        error = std::string(what) + " fails FlatBuffers verification (" +
                std::to_string(bytes.size()) + " bytes)";
        return nullptr;
    }
    return fb::GetRoot<Root>(bytes.data());
}

bool version_ok(std::uint16_t version, std::uint16_t newest, const char* what, std::string& error) {
    if (version >= 1 && version <= newest) return true;
    error = std::string(what) + " has format version " + std::to_string(version) +
            "; this build reads versions 1 to " + std::to_string(newest);
    return false;
}

template <typename E>
bool enum_ok(E value, const char* what, std::string& error) {
    using U = std::underlying_type_t<E>;
    if (static_cast<U>(value) <= static_cast<U>(E::MAX)) return true;
    error = std::string("unknown ") + what + " value " + std::to_string(static_cast<U>(value));
    return false;
}

// ---- Small values.

log::Id128 to_log(const Id128& id) {
    return log::Id128(id.hi, id.lo);
}
Id128 from_log(const log::Id128& id) {
    return Id128{id.hi(), id.lo()};
}
// An absent struct field reads as zero, the engine's "none".
Id128 from_log(const log::Id128* id) {
    return id != nullptr ? from_log(*id) : Id128{};
}
log::CommandTag to_log(const CommandTag& tag) {
    return log::CommandTag(to_log(tag.key), tag.fingerprint);
}
CommandTag from_log(const log::CommandTag* tag) {
    if (tag == nullptr) return CommandTag{};
    return CommandTag{from_log(tag->key()), tag->fingerprint()};
}
std::string str(const fb::String* s) {
    return s != nullptr ? s->str() : std::string();
}
static_assert(sizeof(log::TokenHash) == sizeof(TokenHash::bytes),
              "a token hash is stored as its 32 bytes, nothing else");
log::TokenHash to_log(const TokenHash& h) {
    return log::TokenHash(fb::make_span(h.bytes));
}
// The struct is 32 bytes by construction (the verifier refuses a record too
// short to hold it); absent, it is refused: every offer has a claim token.
bool from_log(const log::TokenHash* in, TokenHash& out, const char* what, std::string& error) {
    if (in == nullptr) {
        error = std::string(what) + " has no token hash";
        return false;
    }
    std::copy(in->bytes()->begin(), in->bytes()->end(), out.bytes.begin());
    return true;
}

template <typename T>
std::size_t size_of(const fb::Vector<T>* v) {
    return v != nullptr ? v->size() : 0;
}

// FlatBuffers 2.0.8's Verifier checks that a vector's length is aligned, not its
// elements (google/flatbuffers#8397): a vector of 8-byte structs or scalars can
// start 4 bytes off and pass, and reading it is then a misaligned load. Every
// such vector a decoder reads is checked here; the others have 4-byte elements.
template <typename T>
bool elements_aligned(const fb::Vector<T>* v, const char* what, std::string& error) {
    constexpr std::size_t align = alignof(std::remove_pointer_t<T>);
    if (v == nullptr || v->size() == 0 || reinterpret_cast<std::uintptr_t>(v->Data()) % align == 0)
        return true;
    error = std::string(what) + " is not aligned to " + std::to_string(align) + " bytes";
    return false;
}
static_assert(alignof(log::SeatInfo) <= sizeof(fb::uoffset_t) &&
                  alignof(log::SeatState) <= sizeof(fb::uoffset_t),
              "vectors of these are aligned whenever their length is");

// Copies a list of seat ids into an inline vector, refusing more than it holds.
template <std::size_t N>
bool copy_ids(const fb::Vector<std::uint32_t>* in, InlineVec<SeatId, N>& out, const char* what,
              std::string& error) {
    if (size_of(in) > N) {
        error = std::string(what) + " lists " + std::to_string(in->size()) + " seats; at most " +
                std::to_string(N) + " fit";
        return false;
    }
    if (in != nullptr)
        for (std::uint32_t seat : *in)
            out.push_back(seat);
    return true;
}

// FlatBuffers 2.0.8's CreateUninitializedVectorOfStructs aligns to sizeof(T), which
// breaks the buffer's alignment for struct sizes that are not a power of two (28, 48
// and 56 bytes here); CreateVectorOfStructs with a filler aligns to alignof(T).
template <typename T, typename Items, typename Convert>
fb::Offset<fb::Vector<const T*>> struct_vector(fb::FlatBufferBuilder& b, const Items& items,
                                               Convert convert) {
    return b.CreateVectorOfStructs<T>(
        items.size(),
        [&convert](std::size_t i, T* out, const Items* in) { *out = convert((*in)[i]); }, &items);
}

std::vector<SeatId> copy_ids(const fb::Vector<std::uint32_t>* in) {
    if (in == nullptr) return {};
    return std::vector<SeatId>(in->begin(), in->end());
}

// ---- Venue and settings.

fb::Offset<log::Venue> encode_venue(fb::FlatBufferBuilder& b, const Venue& venue) {
    std::vector<fb::Offset<log::PriceTier>> tiers;
    tiers.reserve(venue.tiers.size());
    for (const PriceTier& t : venue.tiers) {
        const auto name = b.CreateString(t.name);
        const auto currency = b.CreateString(t.currency);
        tiers.push_back(log::CreatePriceTier(b, name, t.amount_minor, currency));
    }
    std::vector<fb::Offset<log::Section>> sections;
    sections.reserve(venue.sections.size());
    for (const Section& s : venue.sections) {
        const auto name = b.CreateString(s.name);
        sections.push_back(log::CreateSection(b, name, static_cast<log::SectionType>(s.type),
                                              s.first_row, s.row_count, s.first_seat,
                                              s.seat_count));
    }
    std::vector<fb::Offset<log::Row>> rows;
    rows.reserve(venue.rows.size());
    for (const Row& r : venue.rows) {
        const auto label = b.CreateString(r.label);
        rows.push_back(log::CreateRow(b, label, r.section, r.first_seat, r.seat_count));
    }
    std::vector<fb::Offset<log::Group>> groups;
    groups.reserve(venue.groups.size());
    for (const Group& g : venue.groups) {
        const auto name = b.CreateString(g.name);
        const auto seats = b.CreateVector(g.seats);
        groups.push_back(
            log::CreateGroup(b, name, static_cast<log::GroupKind>(g.kind), g.anchor, seats));
    }
    const auto seats = struct_vector<log::SeatInfo>(b, venue.seats, [](const SeatInfo& s) {
        return log::SeatInfo(s.row, s.group, s.x, s.y, s.label_offset, s.section, s.tier,
                             static_cast<log::SeatType>(s.type), s.label_size, s.initially_blocked,
                             s.aisle_before);
    });
    const auto name = b.CreateString(venue.name);
    const auto labels = b.CreateString(venue.labels);
    return log::CreateVenue(b, name, b.CreateVector(tiers), b.CreateVector(sections),
                            b.CreateVector(rows), seats, b.CreateVector(groups), labels);
}

std::shared_ptr<const Venue> decode_venue(const log::Venue* in, std::string& error) {
    if (in == nullptr) {
        error = "the venue is missing";
        return nullptr;
    }
    auto venue = std::make_shared<Venue>();
    venue->name = str(in->name());
    venue->labels = str(in->labels());
    if (in->tiers() != nullptr)
        for (const log::PriceTier* t : *in->tiers())
            venue->tiers.push_back({str(t->name()), t->amount_minor(), str(t->currency())});
    if (in->sections() != nullptr) {
        for (const log::Section* s : *in->sections()) {
            if (!enum_ok(s->type(), "section type", error)) return nullptr;
            venue->sections.push_back({str(s->name()), static_cast<SectionType>(s->type()),
                                       s->first_row(), s->row_count(), s->first_seat(),
                                       s->seat_count()});
        }
    }
    if (in->rows() != nullptr)
        for (const log::Row* r : *in->rows())
            venue->rows.push_back(
                {str(r->label()), r->section(), r->first_seat(), r->seat_count()});
    if (in->seats() != nullptr) {
        venue->seats.reserve(in->seats()->size());
        for (const log::SeatInfo* s : *in->seats()) {
            if (!enum_ok(s->type(), "seat type", error)) return nullptr;
            SeatInfo& seat = venue->seats.emplace_back();
            seat.row = s->row();
            seat.group = s->group();
            seat.x = s->x();
            seat.y = s->y();
            seat.label_offset = s->label_offset();
            seat.section = s->section();
            seat.tier = s->tier();
            seat.type = static_cast<SeatType>(s->type());
            seat.label_size = s->label_size();
            seat.initially_blocked = s->initially_blocked();
            seat.aisle_before = s->aisle_before();
        }
    }
    if (in->groups() != nullptr) {
        for (const log::Group* g : *in->groups()) {
            if (!enum_ok(g->kind(), "group kind", error)) return nullptr;
            venue->groups.push_back({str(g->name()), static_cast<GroupKind>(g->kind()), g->anchor(),
                                     copy_ids(g->seats())});
        }
    }
    // Offsets and indices inside the venue (labels, rows, groups) are used unchecked
    // by the engine; the venue's own validation covers every one of them.
    if (std::string why = validate(*venue); !why.empty()) {
        error = "the venue fails validation: " + why;
        return nullptr;
    }
    return venue;
}

fb::Offset<log::SaleSettings> encode_settings(fb::FlatBufferBuilder& b, const SaleSettings& s) {
    const auto name = b.CreateString(s.event_name);
    const auto currency = b.CreateString(s.currency);
    const RoomSettings& r = s.room;
    const auto room = log::CreateRoomSettings(
        b, r.enabled, r.max_active, r.batch_size, r.batch_interval_ms, r.token_ttl_ms,
        r.seats_per_token, r.holds_per_token, r.heartbeat_grace_ms);
    // The defaults are left out: an absent table means them, as in every record
    // written before transfers.
    const TransferSettings& t = s.transfers;
    const auto transfers =
        t == TransferSettings{}
            ? fb::Offset<log::TransferSettings>()
            : log::CreateTransferSettings(
                  b, t.transfers_allowed, t.resale_allowed, t.cutoff_before_start_ms,
                  t.offer_ttl_ms, t.max_transfers_per_ticket, static_cast<log::ResaleCap>(t.cap),
                  t.cap_percent, t.fee_bps, t.kyc_threshold_minor, t.kyc_threshold_sales,
                  t.kyc_window_ms);
    return log::CreateSaleSettings(b, name, s.hold_ttl_ms, s.checkout_ttl_ms, s.max_seats_per_hold,
                                   s.max_holds_per_session, s.starts_at_ms, currency,
                                   s.payment_timeout_ms, s.sale_starts_at_ms, room, transfers);
}

// Absent in records written before transfers: the engine's defaults, which are
// the schema's (a test pins them together, since the schema's may never change).
bool decode_transfer_settings(const log::TransferSettings* in, TransferSettings& t,
                              std::string& error) {
    if (in == nullptr) return true;
    if (!enum_ok(in->cap(), "resale cap", error)) return false;
    t.transfers_allowed = in->transfers_allowed();
    t.resale_allowed = in->resale_allowed();
    t.cutoff_before_start_ms = in->cutoff_before_start_ms();
    t.offer_ttl_ms = in->offer_ttl_ms();
    t.max_transfers_per_ticket = in->max_transfers_per_ticket();
    t.cap = static_cast<ResaleCap>(in->cap());
    t.cap_percent = in->cap_percent();
    t.fee_bps = in->fee_bps();
    t.kyc_threshold_minor = in->kyc_threshold_minor();
    t.kyc_threshold_sales = in->kyc_threshold_sales();
    t.kyc_window_ms = in->kyc_window_ms();
    return true;
}

std::optional<SaleSettings> decode_settings(const log::SaleSettings* in, std::string& error) {
    if (in == nullptr) {
        error = "the sale settings are missing";
        return std::nullopt;
    }
    SaleSettings s;
    s.event_name = str(in->event_name());
    s.hold_ttl_ms = in->hold_ttl_ms();
    s.checkout_ttl_ms = in->checkout_ttl_ms();
    s.max_seats_per_hold = in->max_seats_per_hold();
    s.max_holds_per_session = in->max_holds_per_session();
    s.starts_at_ms = in->starts_at_ms();
    s.currency = str(in->currency());
    // Absent in records written before checkout: the default then.
    if (in->payment_timeout_ms() != 0) s.payment_timeout_ms = in->payment_timeout_ms();
    s.sale_starts_at_ms = in->sale_starts_at_ms();
    // Absent in records written before the waiting room: no room.
    if (const log::RoomSettings* r = in->room(); r != nullptr) {
        s.room.enabled = r->enabled();
        s.room.max_active = r->max_active();
        s.room.batch_size = r->batch_size();
        s.room.batch_interval_ms = r->batch_interval_ms();
        s.room.token_ttl_ms = r->token_ttl_ms();
        s.room.seats_per_token = r->seats_per_token();
        s.room.holds_per_token = r->holds_per_token();
        s.room.heartbeat_grace_ms = r->heartbeat_grace_ms();
    }
    if (!decode_transfer_settings(in->transfers(), s.transfers, error)) return std::nullopt;
    if (std::string why = validate(s); !why.empty()) {
        error = "the sale settings fail validation: " + why;
        return std::nullopt;
    }
    return s;
}

// ---- Facts: one encoder overload and one decoder per alternative.

struct FactEncoder {
    fb::FlatBufferBuilder& b;
    using Body = std::pair<log::FactBody, fb::Offset<void>>;

    Body operator()(const EventCreated& f) const {
        SEAT_CHECK(f.venue != nullptr, "EventCreated without a venue");
        const auto venue = encode_venue(b, *f.venue);
        const auto settings = encode_settings(b, f.settings);
        return {log::FactBody::EventCreated,
                log::CreateEventCreated(b, f.event, venue, settings, f.at).Union()};
    }
    Body operator()(const HoldPlaced& f) const {
        const auto seats = b.CreateVector(f.seats.begin(), f.seats.size());
        const log::Id128 session = to_log(f.session);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::HoldPlaced,
                log::CreateHoldPlaced(b, f.hold.value, &session, seats, f.expires_at, f.at, &tag,
                                      f.admission)
                    .Union()};
    }
    Body operator()(const HoldReleased& f) const {
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::HoldReleased,
                log::CreateHoldReleased(b, f.hold.value, f.at, &tag).Union()};
    }
    Body operator()(const HoldExtended& f) const {
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::HoldExtended,
                log::CreateHoldExtended(b, f.hold.value, f.expires_at, f.at, &tag).Union()};
    }
    Body operator()(const HoldExpired& f) const {
        return {log::FactBody::HoldExpired, log::CreateHoldExpired(b, f.hold.value, f.at).Union()};
    }
    Body operator()(const HoldPurchased& f) const {
        const auto buyer = b.CreateString(f.buyer_id);
        const auto payment = b.CreateString(f.payment_ref);
        const auto tickets =
            struct_vector<log::Id128>(b, f.tickets, [](const TicketId& t) { return to_log(t); });
        const log::CommandTag tag = to_log(f.tag);
        return {
            log::FactBody::HoldPurchased,
            log::CreateHoldPurchased(b, f.hold.value, buyer, payment, tickets, f.at, &tag).Union()};
    }
    Body operator()(const SeatsBlocked& f) const {
        const auto seats = b.CreateVector(f.seats);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::SeatsBlocked, log::CreateSeatsBlocked(b, seats, f.at, &tag).Union()};
    }
    Body operator()(const SeatsUnblocked& f) const {
        const auto seats = b.CreateVector(f.seats);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::SeatsUnblocked,
                log::CreateSeatsUnblocked(b, seats, f.at, &tag).Union()};
    }
    Body operator()(const TicketAdmitted& f) const {
        const auto gate = b.CreateString(f.gate);
        const log::Id128 ticket = to_log(f.ticket);
        return {log::FactBody::TicketAdmitted,
                log::CreateTicketAdmitted(b, &ticket, f.version, gate, f.at, f.device_at).Union()};
    }
    Body operator()(const TicketReissued& f) const {
        const auto owner = b.CreateString(f.new_owner);
        const log::Id128 ticket = to_log(f.ticket);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::TicketReissued,
                log::CreateTicketReissued(b, &ticket, f.new_version, owner, f.at, &tag).Union()};
    }
    Body operator()(const TicketCancelled& f) const {
        const log::Id128 ticket = to_log(f.ticket);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::TicketCancelled,
                log::CreateTicketCancelled(b, &ticket, f.at, &tag).Union()};
    }
    Body operator()(const CheckoutStarted& f) const {
        const log::Id128 checkout = to_log(f.checkout);
        const log::CommandTag tag = to_log(f.tag);
        const auto buyer = b.CreateString(f.buyer_id);
        const auto method = b.CreateString(f.payment_method);
        const auto currency = b.CreateString(f.currency);
        // A hold's checkout leaves the listing out, as every record before resale did.
        const log::Id128 listing = to_log(f.listing);
        return {log::FactBody::CheckoutStarted,
                log::CreateCheckoutStarted(b, &checkout, f.hold.value, buyer, method,
                                           f.amount_minor, currency, f.deadline, f.at, &tag,
                                           f.listing.is_zero() ? nullptr : &listing)
                    .Union()};
    }
    Body operator()(const CheckoutSold& f) const {
        const log::Id128 checkout = to_log(f.checkout);
        const auto payment = b.CreateString(f.payment_id);
        const auto tickets =
            struct_vector<log::Id128>(b, f.tickets, [](const TicketId& t) { return to_log(t); });
        return {log::FactBody::CheckoutSold,
                log::CreateCheckoutSold(b, &checkout, payment, tickets, f.at).Union()};
    }
    Body operator()(const CheckoutDeclined& f) const {
        const log::Id128 checkout = to_log(f.checkout);
        const auto reason = b.CreateString(f.reason);
        return {log::FactBody::CheckoutDeclined,
                log::CreateCheckoutDeclined(b, &checkout, reason, f.at).Union()};
    }
    Body operator()(const CheckoutAbandoned& f) const {
        const log::Id128 checkout = to_log(f.checkout);
        return {log::FactBody::CheckoutAbandoned,
                log::CreateCheckoutAbandoned(b, &checkout, f.at).Union()};
    }
    Body operator()(const CheckoutCompensated& f) const {
        const log::Id128 checkout = to_log(f.checkout);
        const auto payment = b.CreateString(f.payment_id);
        return {log::FactBody::CheckoutCompensated,
                log::CreateCheckoutCompensated(b, &checkout, payment, f.at).Union()};
    }
    Body operator()(const RefundOwed& f) const {
        const log::Id128 refund = to_log(f.refund), checkout = to_log(f.checkout);
        const auto payment = b.CreateString(f.payment_id);
        const auto currency = b.CreateString(f.currency);
        return {log::FactBody::RefundOwed,
                log::CreateRefundOwed(b, &refund, &checkout, payment, f.amount_minor, currency,
                                      static_cast<log::RefundReason>(f.reason), f.at)
                    .Union()};
    }
    Body operator()(const RefundSucceeded& f) const {
        const log::Id128 refund = to_log(f.refund);
        const auto id = b.CreateString(f.provider_refund_id);
        return {log::FactBody::RefundSucceeded,
                log::CreateRefundSucceeded(b, &refund, id, f.at).Union()};
    }
    Body operator()(const RefundFailed& f) const {
        const log::Id128 refund = to_log(f.refund);
        const auto reason = b.CreateString(f.reason);
        return {log::FactBody::RefundFailed,
                log::CreateRefundFailed(b, &refund, reason, f.attempts, f.at).Union()};
    }
    Body operator()(const RefundRetried& f) const {
        const log::Id128 refund = to_log(f.refund);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::RefundRetried,
                log::CreateRefundRetried(b, &refund, f.at, &tag).Union()};
    }
    Body operator()(const QueueJoined& f) const {
        const log::Id128 ticket = to_log(f.ticket);
        const log::Id128 session = to_log(f.session);
        return {log::FactBody::QueueJoined,
                log::CreateQueueJoined(b, &ticket, &session, f.at).Union()};
    }
    Body operator()(const QueueLeft& f) const {
        return {log::FactBody::QueueLeft, log::CreateQueueLeft(b, f.entry, f.at).Union()};
    }
    Body operator()(const QueueOpened& f) const {
        return {log::FactBody::QueueOpened, log::CreateQueueOpened(b, f.seed, f.at).Union()};
    }
    Body operator()(const QueueAdmitted& f) const {
        const auto entries = b.CreateVector(f.entries);
        return {log::FactBody::QueueAdmitted,
                log::CreateQueueAdmitted(b, entries, f.token_expires_at, f.at).Union()};
    }
    Body operator()(const QueueAbandoned& f) const {
        const auto entries = b.CreateVector(f.entries);
        return {log::FactBody::QueueAbandoned, log::CreateQueueAbandoned(b, entries, f.at).Union()};
    }
    Body operator()(const AdmissionsEnded& f) const {
        const auto entries = b.CreateVector(f.entries);
        return {log::FactBody::AdmissionsEnded,
                log::CreateAdmissionsEnded(b, entries, static_cast<std::uint8_t>(f.reason), f.at)
                    .Union()};
    }
    Body operator()(const TransferOffered& f) const {
        const log::Id128 offer = to_log(f.offer), ticket = to_log(f.ticket);
        const log::TokenHash hash = to_log(f.token_hash);
        const log::CommandTag tag = to_log(f.tag);
        const auto from = b.CreateString(f.from);
        const auto to = b.CreateString(f.to);
        return {log::FactBody::TransferOffered,
                log::CreateTransferOffered(b, &offer, &ticket, from, to,
                                           static_cast<log::TransferType>(f.type), &hash,
                                           f.expires_at, f.at, &tag)
                    .Union()};
    }
    Body operator()(const TransferClaimed& f) const {
        const log::Id128 offer = to_log(f.offer);
        const log::CommandTag tag = to_log(f.tag);
        const auto claimer = b.CreateString(f.claimer);
        return {log::FactBody::TransferClaimed,
                log::CreateTransferClaimed(b, &offer, claimer, f.at, &tag).Union()};
    }
    Body operator()(const OfferWithdrawn& f) const {
        const log::Id128 offer = to_log(f.offer);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::OfferWithdrawn,
                log::CreateOfferWithdrawn(b, &offer, static_cast<log::OfferState>(f.to), f.at, &tag)
                    .Union()};
    }
    Body operator()(const TicketListed& f) const {
        const log::Id128 listing = to_log(f.listing), ticket = to_log(f.ticket);
        const log::CommandTag tag = to_log(f.tag);
        const auto seller = b.CreateString(f.seller);
        const auto currency = b.CreateString(f.currency);
        const auto account = b.CreateString(f.payout_account);
        return {log::FactBody::TicketListed,
                log::CreateTicketListed(b, &listing, &ticket, seller, f.price_minor, currency,
                                        account, f.at, &tag)
                    .Union()};
    }
    Body operator()(const TicketDelisted& f) const {
        const log::Id128 listing = to_log(f.listing);
        const log::CommandTag tag = to_log(f.tag);
        return {log::FactBody::TicketDelisted,
                log::CreateTicketDelisted(b, &listing, f.at, &tag).Union()};
    }
    Body operator()(const ListingSold& f) const {
        const log::Id128 checkout = to_log(f.checkout), payout = to_log(f.payout);
        const auto payment = b.CreateString(f.payment_id);
        return {log::FactBody::ListingSold,
                log::CreateListingSold(b, &checkout, payment, &payout, f.fee_minor, f.held_for_kyc,
                                       f.at)
                    .Union()};
    }
    Body operator()(const SellerVerified& f) const {
        const log::CommandTag tag = to_log(f.tag);
        const auto seller = b.CreateString(f.seller);
        return {log::FactBody::SellerVerified,
                log::CreateSellerVerified(b, seller, f.at, &tag).Union()};
    }
    Body operator()(const PayoutSettled& f) const {
        const log::Id128 payout = to_log(f.payout);
        const auto provider = b.CreateString(f.provider_payout_id);
        const auto failure = b.CreateString(f.failure);
        return {
            log::FactBody::PayoutSettled,
            log::CreatePayoutSettled(b, &payout, f.succeeded, provider, failure, f.attempts, f.at)
                .Union()};
    }
    Body operator()(const PayoutRetried& f) const {
        const log::Id128 payout = to_log(f.payout);
        const log::CommandTag tag = to_log(f.tag);
        const auto destination = b.CreateString(f.destination);
        return {log::FactBody::PayoutRetried,
                log::CreatePayoutRetried(b, &payout, destination, f.at, &tag).Union()};
    }
};

std::optional<Fact> decode_body(const log::EventCreated& in, std::string& error) {
    EventCreated f;
    f.event = in.event();
    f.at = in.at();
    f.venue = decode_venue(in.venue(), error);
    if (f.venue == nullptr) return std::nullopt;
    std::optional<SaleSettings> settings = decode_settings(in.settings(), error);
    if (!settings) return std::nullopt;
    f.settings = std::move(*settings);
    return f;
}

std::optional<Fact> decode_body(const log::HoldPlaced& in, std::string& error) {
    HoldPlaced f;
    f.hold = HoldId{in.hold()};
    f.session = from_log(in.session());
    if (!copy_ids(in.seats(), f.seats, "HoldPlaced", error)) return std::nullopt;
    f.expires_at = in.expires_at();
    f.at = in.at();
    f.tag = from_log(in.tag());
    f.admission = in.admission();
    return f;
}

std::optional<Fact> decode_body(const log::HoldReleased& in, std::string&) {
    return HoldReleased{HoldId{in.hold()}, in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::HoldExtended& in, std::string&) {
    return HoldExtended{HoldId{in.hold()}, in.expires_at(), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::HoldExpired& in, std::string&) {
    return HoldExpired{HoldId{in.hold()}, in.at()};
}

std::optional<Fact> decode_body(const log::HoldPurchased& in, std::string& error) {
    HoldPurchased f;
    f.hold = HoldId{in.hold()};
    f.buyer_id = str(in.buyer_id());
    f.payment_ref = str(in.payment_ref());
    if (size_of(in.tickets()) > TicketIds::capacity()) {
        error = "HoldPurchased lists " + std::to_string(in.tickets()->size()) + " tickets";
        return std::nullopt;
    }
    if (!elements_aligned(in.tickets(), "HoldPurchased's ticket list", error)) return std::nullopt;
    if (in.tickets() != nullptr)
        for (const log::Id128* t : *in.tickets())
            f.tickets.push_back(from_log(*t));
    f.at = in.at();
    f.tag = from_log(in.tag());
    return f;
}

std::optional<Fact> decode_body(const log::SeatsBlocked& in, std::string&) {
    return SeatsBlocked{copy_ids(in.seats()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::SeatsUnblocked& in, std::string&) {
    return SeatsUnblocked{copy_ids(in.seats()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::TicketAdmitted& in, std::string&) {
    return TicketAdmitted{from_log(in.ticket()), in.version(), str(in.gate()), in.at(),
                          in.device_at()};
}

std::optional<Fact> decode_body(const log::TicketReissued& in, std::string&) {
    return TicketReissued{from_log(in.ticket()), in.new_version(), str(in.new_owner()), in.at(),
                          from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::TicketCancelled& in, std::string&) {
    return TicketCancelled{from_log(in.ticket()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::CheckoutStarted& in, std::string&) {
    return CheckoutStarted{from_log(in.checkout()), HoldId{in.hold()},
                           str(in.buyer_id()),      str(in.payment_method()),
                           in.amount_minor(),       str(in.currency()),
                           in.deadline(),           in.at(),
                           from_log(in.tag()),      from_log(in.listing())};
}

std::optional<Fact> decode_body(const log::CheckoutSold& in, std::string& error) {
    CheckoutSold f{from_log(in.checkout()), str(in.payment_id()), {}, in.at()};
    if (!elements_aligned(in.tickets(), "CheckoutSold's ticket list", error)) return std::nullopt;
    if (size_of(in.tickets()) > TicketIds::capacity()) {
        error = "CheckoutSold lists " + std::to_string(in.tickets()->size()) + " tickets";
        return std::nullopt;
    }
    if (in.tickets() != nullptr)
        for (const log::Id128* t : *in.tickets())
            f.tickets.push_back(from_log(*t));
    return f;
}

std::optional<Fact> decode_body(const log::CheckoutDeclined& in, std::string&) {
    return CheckoutDeclined{from_log(in.checkout()), str(in.reason()), in.at()};
}

std::optional<Fact> decode_body(const log::CheckoutAbandoned& in, std::string&) {
    return CheckoutAbandoned{from_log(in.checkout()), in.at()};
}

std::optional<Fact> decode_body(const log::CheckoutCompensated& in, std::string&) {
    return CheckoutCompensated{from_log(in.checkout()), str(in.payment_id()), in.at()};
}

std::optional<Fact> decode_body(const log::RefundOwed& in, std::string& error) {
    if (!enum_ok(in.reason(), "refund reason", error)) return std::nullopt;
    return RefundOwed{from_log(in.refund()),
                      from_log(in.checkout()),
                      str(in.payment_id()),
                      in.amount_minor(),
                      str(in.currency()),
                      static_cast<RefundReason>(in.reason()),
                      in.at()};
}

std::optional<Fact> decode_body(const log::RefundSucceeded& in, std::string&) {
    return RefundSucceeded{from_log(in.refund()), str(in.provider_refund_id()), in.at()};
}

std::optional<Fact> decode_body(const log::RefundFailed& in, std::string&) {
    return RefundFailed{from_log(in.refund()), str(in.reason()), in.attempts(), in.at()};
}

std::optional<Fact> decode_body(const log::RefundRetried& in, std::string&) {
    return RefundRetried{from_log(in.refund()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::QueueJoined& in, std::string&) {
    return QueueJoined{from_log(in.ticket()), from_log(in.session()), in.at()};
}

std::optional<Fact> decode_body(const log::QueueLeft& in, std::string&) {
    return QueueLeft{in.entry(), in.at()};
}

std::optional<Fact> decode_body(const log::QueueOpened& in, std::string&) {
    return QueueOpened{in.seed(), in.at()};
}

// Entry lists of the room's facts: at most kRoomBatchMax numbers.
bool entry_list(const fb::Vector<std::uint32_t>* in, std::vector<std::uint32_t>& out,
                const char* what, std::string& error) {
    if (size_of(in) > kRoomBatchMax) {
        error = std::string(what) + " names " + std::to_string(in->size()) + " entries; at most " +
                std::to_string(kRoomBatchMax) + " fit";
        return false;
    }
    if (in != nullptr) out.assign(in->begin(), in->end());
    return true;
}

std::optional<Fact> decode_body(const log::QueueAdmitted& in, std::string& error) {
    QueueAdmitted f;
    if (!entry_list(in.entries(), f.entries, "QueueAdmitted", error)) return std::nullopt;
    f.token_expires_at = in.token_expires_at();
    f.at = in.at();
    return f;
}

std::optional<Fact> decode_body(const log::QueueAbandoned& in, std::string& error) {
    QueueAbandoned f;
    if (!entry_list(in.entries(), f.entries, "QueueAbandoned", error)) return std::nullopt;
    f.at = in.at();
    return f;
}

std::optional<Fact> decode_body(const log::AdmissionsEnded& in, std::string& error) {
    AdmissionsEnded f;
    if (!entry_list(in.entries(), f.entries, "AdmissionsEnded", error)) return std::nullopt;
    if (in.reason() != static_cast<std::uint8_t>(AdmissionEnd::token_expired)) {
        error = "AdmissionsEnded has an unknown reason";
        return std::nullopt;
    }
    f.at = in.at();
    return f;
}

std::optional<Fact> decode_body(const log::TransferOffered& in, std::string& error) {
    TransferOffered f;
    if (!enum_ok(in.type(), "transfer type", error) ||
        !from_log(in.token_hash(), f.token_hash, "TransferOffered", error))
        return std::nullopt;
    f.offer = from_log(in.offer());
    f.ticket = from_log(in.ticket());
    f.from = str(in.from());
    f.to = str(in.to());
    f.type = static_cast<TransferType>(in.type());
    f.expires_at = in.expires_at();
    f.at = in.at();
    f.tag = from_log(in.tag());
    return f;
}

std::optional<Fact> decode_body(const log::TransferClaimed& in, std::string&) {
    return TransferClaimed{from_log(in.offer()), str(in.claimer()), in.at(), from_log(in.tag())};
}

// apply() asserts that an offer is withdrawn only into cancelled or expired.
std::optional<Fact> decode_body(const log::OfferWithdrawn& in, std::string& error) {
    if (!enum_ok(in.to(), "offer state", error)) return std::nullopt;
    const auto to = static_cast<OfferState>(in.to());
    if (to != OfferState::cancelled && to != OfferState::expired) {
        error = std::string("OfferWithdrawn into offer state ") + to_string(to) +
                " (only cancelled or expired)";
        return std::nullopt;
    }
    return OfferWithdrawn{from_log(in.offer()), to, in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::TicketListed& in, std::string&) {
    return TicketListed{
        from_log(in.listing()), from_log(in.ticket()),    str(in.seller()), in.price_minor(),
        str(in.currency()),     str(in.payout_account()), in.at(),          from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::TicketDelisted& in, std::string&) {
    return TicketDelisted{from_log(in.listing()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::ListingSold& in, std::string&) {
    return ListingSold{from_log(in.checkout()), str(in.payment_id()), from_log(in.payout()),
                       in.fee_minor(),          in.held_for_kyc(),    in.at()};
}

std::optional<Fact> decode_body(const log::SellerVerified& in, std::string&) {
    return SellerVerified{str(in.seller()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::PayoutRetried& in, std::string&) {
    return PayoutRetried{from_log(in.payout()), str(in.destination()), in.at(), from_log(in.tag())};
}

std::optional<Fact> decode_body(const log::PayoutSettled& in, std::string&) {
    return PayoutSettled{from_log(in.payout()), in.succeeded(), str(in.provider_payout_id()),
                         str(in.failure()),     in.attempts(),  in.at()};
}

// A union member whose table is absent passes verification; it is still no fact.
template <typename T>
std::optional<Fact> decode_member(const T* body, const char* name, std::string& error) {
    if (body == nullptr) {
        error = std::string("fact record names ") + name + " but holds no body";
        return std::nullopt;
    }
    return decode_body(*body, error);
}

// ---- Idempotency entries. The engine remembers a reply of the command's own
// type; the snapshot keeps the flat fields every writer has written, so the
// format is unchanged and older snapshots read as before. Per kind, the fields
// used (the others are zero):
//   hold, extend        hold, expires_at
//   release             hold
//   purchase            hold, first_ticket, count (tickets issued)
//   block, unblock      count (seats changed), pending (seats whose block waits)
//   reissue, cancel     first_ticket (the ticket's index), count (its version)
//   start_checkout      first_ticket (the checkout's index)
//   retry_refund        first_ticket (the refund's index)
//   offer_transfer, cancel_offer   first_ticket (the offer's index)
//   claim_transfer      first_ticket (the ticket's index), count (the claimer's version)
//   list_ticket, delist_ticket     first_ticket (the listing's index), expires_at (cap_minor)
//   buy_listing         first_ticket (the checkout's index)
//   verify_seller       count (payouts released)
//   retry_payout        first_ticket (the payout's index)

log::IdempotencyEntry to_log(const IdempotencyEntry& e) {
    struct Flat {
        std::uint64_t hold = 0;
        std::int64_t expires_at = 0;
        std::uint32_t first_ticket = 0, count = 0, pending = 0;
    };
    struct Flatten {
        Flat operator()(const HoldReply& r) const { return {r.hold.value, r.expires_at}; }
        Flat operator()(const ReleaseReply& r) const { return {r.hold.value}; }
        Flat operator()(const PurchaseReply& r) const {
            return {r.hold.value, 0, r.first_ticket, r.ticket_count};
        }
        Flat operator()(const BlockReply& r) const {
            return {0, 0, 0, r.seats_changed, r.seats_pending};
        }
        Flat operator()(const TicketReply& r) const { return {0, 0, r.ticket, r.version}; }
        Flat operator()(const CheckoutReply& r) const { return {0, 0, r.checkout}; }
        Flat operator()(const RefundReply& r) const { return {0, 0, r.refund}; }
        Flat operator()(const OfferReply& r) const { return {0, 0, r.offer}; }
        Flat operator()(const ListingReply& r) const { return {0, r.cap_minor, r.listing}; }
        Flat operator()(const KycReply& r) const { return {0, 0, 0, r.released}; }
        Flat operator()(const PayoutReply& r) const { return {0, 0, r.payout}; }
    };
    const Flat f = std::visit(Flatten{}, e.reply);
    return log::IdempotencyEntry(to_log(e.key), e.fingerprint, f.hold, f.expires_at, f.first_ticket,
                                 f.count, f.pending, static_cast<log::CommandKind>(e.kind));
}

// `in.kind()` must be in range (enum_ok).
IdempotencyEntry from_log(const log::IdempotencyEntry& in) {
    const auto kind = static_cast<CommandKind>(in.kind());
    const HoldId hold{in.hold()};
    RememberedReply reply;
    switch (kind) {
        case CommandKind::hold:
        case CommandKind::extend:
            reply = HoldReply{hold, in.expires_at()};
            break;
        case CommandKind::release:
            reply = ReleaseReply{hold};
            break;
        case CommandKind::purchase:
            reply = PurchaseReply{hold, in.first_ticket(), in.count()};
            break;
        case CommandKind::block:
        case CommandKind::unblock:
            reply = BlockReply{in.count(), in.pending()};
            break;
        case CommandKind::reissue:
        case CommandKind::cancel:
            reply = TicketReply{in.first_ticket(), in.count()};
            break;
        case CommandKind::start_checkout:
        case CommandKind::buy_listing:
            reply = CheckoutReply{in.first_ticket()};
            break;
        case CommandKind::retry_refund:
            reply = RefundReply{in.first_ticket()};
            break;
        case CommandKind::offer_transfer:
        case CommandKind::cancel_offer:
            reply = OfferReply{in.first_ticket()};
            break;
        case CommandKind::claim_transfer:
            reply = TicketReply{in.first_ticket(), in.count()};
            break;
        case CommandKind::list_ticket:
        case CommandKind::delist_ticket:
            reply = ListingReply{in.first_ticket(), in.expires_at()};
            break;
        case CommandKind::verify_seller:
            reply = KycReply{in.count()};
            break;
        case CommandKind::retry_payout:
            reply = PayoutReply{in.first_ticket()};
            break;
    }
    return IdempotencyEntry{from_log(in.key()), in.fingerprint(), kind, reply};
}

// ---- Format versions (fact_codec.h): the oldest whose readers lose nothing.

// Facts from TransferOffered on are the transfers group's; a fact appended after
// them chooses its version here too.
constexpr std::size_t kFirstTransferFact = 26;
static_assert(
    std::is_same_v<std::variant_alternative_t<kFirstTransferFact, Fact>, TransferOffered>);

std::uint16_t fact_version(const Fact& fact) {
    bool transfers = fact.index() >= kFirstTransferFact;
    if (const auto* c = std::get_if<CheckoutStarted>(&fact)) transfers = !c->listing.is_zero();
    // A version-1 reader would keep the event but drop its transfer settings from
    // every snapshot it wrote.
    if (const auto* e = std::get_if<EventCreated>(&fact))
        transfers = !(e->settings.transfers == TransferSettings{});
    return transfers ? kFactFormatVersion : kFormatVersionBeforeTransfers;
}

std::uint16_t image_version(const EventImage& im) {
    const bool remembers_transfers =
        std::any_of(im.idempotency.begin(), im.idempotency.end(),
                    [](const IdempotencyEntry& e) { return e.kind > CommandKind::retry_refund; });
    const bool transfers = !im.offers.empty() || !im.listings.empty() || !im.payouts.empty() ||
                           !im.transfers.empty() || !im.verified_sellers.empty() ||
                           remembers_transfers || !(im.settings.transfers == TransferSettings{});
    return transfers ? kSnapshotFormatVersion : kFormatVersionBeforeTransfers;
}

// ---- Images.

static_assert(kHoldSeatsMax <= UINT8_MAX, "HoldSlot.seat_count is one byte");

// The transfer vectors of a snapshot; each is left out when empty, so an event
// without transfers is written exactly as before them.
struct TransferTables {
    fb::Offset<fb::Vector<fb::Offset<log::OfferRecord>>> offers;
    fb::Offset<fb::Vector<fb::Offset<log::ListingRecord>>> listings;
    fb::Offset<fb::Vector<fb::Offset<log::PayoutRecord>>> payouts;
    fb::Offset<fb::Vector<fb::Offset<log::CustodyRecord>>> custody;
    fb::Offset<fb::Vector<fb::Offset<fb::String>>> verified_sellers;
};

template <typename T>
fb::Offset<fb::Vector<fb::Offset<T>>> table_vector(fb::FlatBufferBuilder& b,
                                                   const std::vector<fb::Offset<T>>& tables) {
    return tables.empty() ? fb::Offset<fb::Vector<fb::Offset<T>>>() : b.CreateVector(tables);
}

fb::Offset<log::OfferRecord> encode_offer(fb::FlatBufferBuilder& b, const TransferOffer& o) {
    const log::Id128 id = to_log(o.id);
    const log::TokenHash hash = to_log(o.token_hash);
    const auto from = b.CreateString(o.from);
    const auto to = b.CreateString(o.to);
    const auto claimer = b.CreateString(o.claimer);
    return log::CreateOfferRecord(
        b, &id, o.ticket, from, to, static_cast<log::TransferType>(o.type), &hash, o.offered_at,
        o.expires_at, static_cast<log::OfferState>(o.state), claimer, o.settled_at, o.transfer);
}

fb::Offset<log::ListingRecord> encode_listing(fb::FlatBufferBuilder& b, const Listing& l) {
    const log::Id128 id = to_log(l.id);
    const auto seller = b.CreateString(l.seller);
    const auto currency = b.CreateString(l.currency);
    const auto account = b.CreateString(l.payout_account);
    return log::CreateListingRecord(b, &id, l.ticket, seller, l.price_minor, currency, account,
                                    l.listed_at, static_cast<log::ListingState>(l.state),
                                    l.checkout, l.delist_requested, l.payout, l.settled_at);
}

fb::Offset<log::PayoutRecord> encode_payout(fb::FlatBufferBuilder& b, const Payout& p) {
    const log::Id128 id = to_log(p.id);
    const auto seller = b.CreateString(p.seller);
    const auto destination = b.CreateString(p.destination);
    const auto currency = b.CreateString(p.currency);
    const auto provider = b.CreateString(p.provider_payout_id);
    const auto failure = b.CreateString(p.failure);
    return log::CreatePayoutRecord(b, &id, p.listing, seller, destination, p.gross_minor,
                                   p.fee_minor, p.amount_minor, currency,
                                   static_cast<log::PayoutState>(p.state), provider, failure,
                                   p.attempts, p.owed_at, p.released_at, p.settled_at, p.retries);
}

fb::Offset<log::CustodyRecord> encode_custody(fb::FlatBufferBuilder& b, const TransferRecord& r) {
    const log::Id128 id = to_log(r.id);
    const auto from = b.CreateString(r.from);
    const auto to = b.CreateString(r.to);
    const auto currency = b.CreateString(r.currency);
    return log::CreateCustodyRecord(b, &id, r.ticket, from, to,
                                    static_cast<log::TransferType>(r.type), r.price_minor,
                                    r.fee_minor, currency, r.version, r.at, r.previous);
}

TransferTables encode_transfers(fb::FlatBufferBuilder& b, const EventImage& image) {
    SEAT_CHECK(image.offers.size() <= kSnapshotTransfersMax &&
                   image.listings.size() <= kSnapshotTransfersMax &&
                   image.payouts.size() <= kSnapshotTransfersMax &&
                   image.transfers.size() <= kSnapshotTransfersMax,
               "more transfers than a snapshot reader accepts");
    TransferTables out;
    std::vector<fb::Offset<log::OfferRecord>> offers;
    offers.reserve(image.offers.size());
    for (const TransferOffer& o : image.offers)
        offers.push_back(encode_offer(b, o));
    out.offers = table_vector(b, offers);
    std::vector<fb::Offset<log::ListingRecord>> listings;
    listings.reserve(image.listings.size());
    for (const Listing& l : image.listings)
        listings.push_back(encode_listing(b, l));
    out.listings = table_vector(b, listings);
    std::vector<fb::Offset<log::PayoutRecord>> payouts;
    payouts.reserve(image.payouts.size());
    for (const Payout& p : image.payouts)
        payouts.push_back(encode_payout(b, p));
    out.payouts = table_vector(b, payouts);
    std::vector<fb::Offset<log::CustodyRecord>> custody;
    custody.reserve(image.transfers.size());
    for (const TransferRecord& r : image.transfers)
        custody.push_back(encode_custody(b, r));
    out.custody = table_vector(b, custody);
    if (!image.verified_sellers.empty())
        out.verified_sellers = b.CreateVectorOfStrings(image.verified_sellers);
    return out;
}

fb::Offset<log::EventSnapshot> encode_snapshot(fb::FlatBufferBuilder& b, const EventImage& image) {
    SEAT_CHECK(image.venue != nullptr, "an image without a venue");
    SEAT_CHECK(image.purchases.size() <= kSnapshotPurchasesMax,
               "more purchases than a snapshot reader accepts");
    const auto venue = encode_venue(b, *image.venue);
    const auto settings = encode_settings(b, image.settings);
    std::vector<fb::Offset<log::Purchase>> purchases;
    purchases.reserve(image.purchases.size());
    for (const PurchaseRecord& p : image.purchases) {
        const auto buyer = b.CreateString(p.buyer_id);
        const auto payment = b.CreateString(p.payment_ref);
        const log::Id128 session = to_log(p.session);
        purchases.push_back(log::CreatePurchase(b, p.hold.value, &session, buyer, payment,
                                                p.issued_at, p.first_ticket, p.ticket_count));
    }
    const auto purchases_v = b.CreateVector(purchases);

    const auto seats = struct_vector<log::SeatState>(b, image.seats, [](const SeatState& s) {
        return log::SeatState(static_cast<log::SeatStatus>(s.status), s.block_pending, s.hold_slot,
                              s.ticket);
    });
    std::vector<std::uint32_t> hold_seats;
    const auto holds = struct_vector<log::HoldSlot>(b, image.holds, [&](const Hold& h) {
        const auto begin = static_cast<std::uint32_t>(hold_seats.size());
        hold_seats.insert(hold_seats.end(), h.seats.begin(), h.seats.end());
        return log::HoldSlot(h.id.value, to_log(h.session), h.placed_at, h.expires_at, begin,
                             static_cast<std::uint8_t>(h.seats.size()), h.live, h.extended);
    });
    const auto hold_seats_v = b.CreateVector(hold_seats);
    const auto free_slots = b.CreateVector(image.free_slots);
    const auto tickets = struct_vector<log::Ticket>(b, image.tickets, [](const Ticket& t) {
        return log::Ticket(to_log(t.id), t.seat, t.purchase, t.version,
                           static_cast<log::TicketStatus>(t.status));
    });
    const auto life = struct_vector<log::TicketLife>(b, image.tickets, [](const Ticket& t) {
        return log::TicketLife(t.owner, t.gate, t.admitted_at, t.device_at);
    });
    const auto owners = b.CreateVectorOfStrings(image.owners);
    const auto gates = b.CreateVectorOfStrings(image.gates);
    const auto revenue = b.CreateVector(image.revenue_by_tier);
    const auto idempotency = struct_vector<log::IdempotencyEntry>(
        b, image.idempotency, [](const IdempotencyEntry& e) { return to_log(e); });
    std::vector<fb::Offset<log::CheckoutRecord>> checkouts;
    checkouts.reserve(image.checkouts.size());
    for (const Checkout& c : image.checkouts) {
        const log::Id128 id = to_log(c.id);
        const auto buyer = b.CreateString(c.buyer_id);
        const auto method = b.CreateString(c.payment_method);
        const auto currency = b.CreateString(c.currency);
        const auto payment = b.CreateString(c.payment_id);
        const auto reason = b.CreateString(c.decline_reason);
        checkouts.push_back(log::CreateCheckoutRecord(
            b, &id, c.hold.value, buyer, method, c.amount_minor, currency, c.started_at, c.deadline,
            static_cast<log::CheckoutState>(c.state), payment, reason, c.purchase, c.refund,
            c.settled_at, c.listing));
    }
    const auto checkouts_v = b.CreateVector(checkouts);
    std::vector<fb::Offset<log::RefundRecord>> refunds;
    refunds.reserve(image.refunds.size());
    for (const Refund& r : image.refunds) {
        const log::Id128 id = to_log(r.id);
        const auto payment = b.CreateString(r.payment_id);
        const auto currency = b.CreateString(r.currency);
        const auto provider = b.CreateString(r.provider_refund_id);
        const auto failure = b.CreateString(r.failure);
        refunds.push_back(log::CreateRefundRecord(
            b, &id, r.checkout, payment, r.amount_minor, currency,
            static_cast<log::RefundReason>(r.reason), static_cast<log::RefundState>(r.state),
            provider, failure, r.attempts, r.owed_at, r.settled_at, r.retries));
    }
    const auto refunds_v = b.CreateVector(refunds);
    std::vector<std::uint32_t> admissions;
    admissions.reserve(image.holds.size());
    for (const Hold& h : image.holds)
        admissions.push_back(h.admission);
    const auto admissions_v = b.CreateVector(admissions);
    const RoomImage& room = image.room;
    const auto entries = struct_vector<log::QueueEntry>(b, room.entries, [](const QueueEntry& e) {
        return log::QueueEntry(to_log(e.ticket), to_log(e.session), e.joined_at, e.admitted_at,
                               e.token_expires_at, static_cast<log::EntryState>(e.state),
                               e.holds_used, e.live_holds, e.bought);
    });
    const auto room_v =
        log::CreateRoomRecord(b, entries, room.opened, room.opened_at, room.seed, room.prequeue);
    const TransferTables transfers = encode_transfers(b, image);
    return log::CreateEventSnapshot(
        b, image_version(image), image.event, venue, settings, image.sequence, image.created_at,
        seats, holds, hold_seats_v, free_slots, tickets, purchases_v, revenue, idempotency, life,
        owners, gates, checkouts_v, refunds_v, admissions_v, room_v, transfers.offers,
        transfers.listings, transfers.payouts, transfers.custody, transfers.verified_sellers);
}

bool index_ok(std::uint32_t index, std::size_t size, const char* what, std::string& error) {
    if (index == kNone || index < size) return true;
    error = std::string(what) + " " + std::to_string(index) + " is out of range (" +
            std::to_string(size) + ")";
    return false;
}

bool decode_seats(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    const std::size_t holds = size_of(in.holds());
    const std::size_t tickets = size_of(in.tickets());
    if (size_of(in.seats()) != image.venue->seat_count()) {
        error = "the snapshot has " + std::to_string(size_of(in.seats())) +
                " seat states for a venue of " + std::to_string(image.venue->seat_count());
        return false;
    }
    image.seats.reserve(image.venue->seat_count());
    if (in.seats() == nullptr) return true;
    for (const log::SeatState* s : *in.seats()) {
        if (!enum_ok(s->status(), "seat status", error) ||
            !index_ok(s->hold_slot(), holds, "a seat's hold slot", error) ||
            !index_ok(s->ticket(), tickets, "a seat's ticket", error))
            return false;
        image.seats.push_back(SeatState{static_cast<SeatStatus>(s->status()), s->block_pending(),
                                        s->hold_slot(), s->ticket()});
    }
    return true;
}

bool decode_holds(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    const std::size_t seats = image.venue->seat_count();
    const std::size_t hold_seats = size_of(in.hold_seats());
    if (in.holds() != nullptr) {
        image.holds.reserve(in.holds()->size());
        for (const log::HoldSlot* h : *in.holds()) {
            if (h->seat_count() > kHoldSeatsMax ||
                std::size_t{h->seat_begin()} + h->seat_count() > hold_seats) {
                error = "a hold's seat list is out of range";
                return false;
            }
            Hold& hold = image.holds.emplace_back();
            hold.id = HoldId{h->id()};
            hold.session = from_log(h->session());
            hold.placed_at = h->placed_at();
            hold.expires_at = h->expires_at();
            hold.live = h->live();
            hold.extended = h->extended();
            for (std::uint32_t i = 0; i < h->seat_count(); ++i) {
                const std::uint32_t seat = in.hold_seats()->Get(h->seat_begin() + i);
                if (seat >= seats) {
                    error = "a hold names seat " + std::to_string(seat) + " of " +
                            std::to_string(seats);
                    return false;
                }
                hold.seats.push_back(seat);
            }
        }
    }
    // Absent in snapshots written before the waiting room: no hold was under an entry.
    if (in.hold_admissions() != nullptr) {
        if (in.hold_admissions()->size() != image.holds.size()) {
            error = "the snapshot's hold admissions do not match its hold table";
            return false;
        }
        for (std::size_t i = 0; i < image.holds.size(); ++i)
            image.holds[i].admission = in.hold_admissions()->Get(static_cast<fb::uoffset_t>(i));
    }
    if (in.free_slots() != nullptr) {
        for (std::uint32_t slot : *in.free_slots()) {
            if (slot >= image.holds.size()) {
                error = "free hold slot " + std::to_string(slot) + " is out of range";
                return false;
            }
            image.free_slots.push_back(slot);
        }
    }
    return true;
}

std::vector<std::string> strings(const fb::Vector<fb::Offset<fb::String>>* in) {
    std::vector<std::string> out;
    if (in == nullptr) return out;
    out.reserve(in->size());
    for (const fb::String* s : *in)
        out.push_back(str(s));
    return out;
}

// The owner, gate and admission of each ticket; absent in snapshots written
// before tickets had a life after the sale, and then every field keeps its default.
bool decode_ticket_life(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    image.owners = strings(in.owners());
    image.gates = strings(in.gates());
    if (in.ticket_life() == nullptr) return true;
    if (in.ticket_life()->size() != image.tickets.size()) {
        error = "the snapshot has " + std::to_string(in.ticket_life()->size()) +
                " ticket lives for " + std::to_string(image.tickets.size()) + " tickets";
        return false;
    }
    for (std::size_t i = 0; i < image.tickets.size(); ++i) {
        const log::TicketLife* life = in.ticket_life()->Get(static_cast<fb::uoffset_t>(i));
        if (!index_ok(life->owner(), image.owners.size(), "a ticket's owner", error) ||
            !index_ok(life->gate(), image.gates.size(), "a ticket's gate", error))
            return false;
        Ticket& t = image.tickets[i];
        t.owner = life->owner();
        t.gate = life->gate();
        t.admitted_at = life->admitted_at();
        t.device_at = life->device_at();
    }
    return true;
}

bool decode_sales(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    const std::size_t purchases = size_of(in.purchases());
    const std::size_t tickets = size_of(in.tickets());
    if (in.tickets() != nullptr) {
        image.tickets.reserve(tickets);
        for (const log::Ticket* t : *in.tickets()) {
            if (!enum_ok(t->status(), "ticket status", error) ||
                !index_ok(t->purchase(), purchases, "a ticket's purchase", error) ||
                !index_ok(t->seat(), image.venue->seat_count(), "a ticket's seat", error))
                return false;
            image.tickets.push_back(Ticket{from_log(t->id()), t->seat(), t->purchase(),
                                           t->version(), static_cast<TicketStatus>(t->status())});
        }
    }
    if (in.purchases() != nullptr) {
        image.purchases.reserve(purchases);
        for (const log::Purchase* p : *in.purchases()) {
            if (std::size_t{p->first_ticket()} + p->ticket_count() > tickets) {
                error = "a purchase's tickets are out of range";
                return false;
            }
            image.purchases.push_back(PurchaseRecord{
                HoldId{p->hold()}, from_log(p->session()), str(p->buyer_id()),
                str(p->payment_ref()), p->issued_at(), p->first_ticket(), p->ticket_count()});
        }
    }
    if (!decode_ticket_life(in, image, error)) return false;
    if (size_of(in.revenue_by_tier()) != image.venue->tiers.size()) {
        error = "the snapshot's revenue does not have one entry per price tier";
        return false;
    }
    if (in.revenue_by_tier() != nullptr)
        image.revenue_by_tier.assign(in.revenue_by_tier()->begin(), in.revenue_by_tier()->end());
    return true;
}

// Checkouts and refunds; absent in snapshots written before checkout (none then).
bool decode_checkouts(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (size_of(in.checkouts()) > kSnapshotCheckoutsMax ||
        size_of(in.refunds()) > kSnapshotCheckoutsMax) {
        error = "the snapshot has more checkouts or refunds than a reader accepts";
        return false;
    }
    const std::size_t refunds = size_of(in.refunds());
    const std::size_t listings = size_of(in.listings());
    if (in.checkouts() != nullptr) {
        image.checkouts.reserve(in.checkouts()->size());
        for (const log::CheckoutRecord* c : *in.checkouts()) {
            if (!enum_ok(c->state(), "checkout state", error) ||
                !index_ok(c->purchase(), image.purchases.size(), "a checkout's purchase", error) ||
                !index_ok(c->refund(), refunds, "a checkout's refund", error) ||
                !index_ok(c->listing(), listings, "a checkout's listing", error))
                return false;
            Checkout out;
            out.id = from_log(c->id());
            out.hold = HoldId{c->hold()};
            out.buyer_id = str(c->buyer_id());
            out.payment_method = str(c->payment_method());
            out.amount_minor = c->amount_minor();
            out.currency = str(c->currency());
            out.started_at = c->started_at();
            out.deadline = c->deadline();
            out.state = static_cast<CheckoutState>(c->state());
            out.payment_id = str(c->payment_id());
            out.decline_reason = str(c->decline_reason());
            out.purchase = c->purchase();
            out.refund = c->refund();
            out.listing = c->listing();
            out.settled_at = c->settled_at();
            image.checkouts.push_back(std::move(out));
        }
    }
    if (in.refunds() != nullptr) {
        image.refunds.reserve(refunds);
        for (const log::RefundRecord* r : *in.refunds()) {
            if (!enum_ok(r->state(), "refund state", error) ||
                !enum_ok(r->reason(), "refund reason", error) ||
                !index_ok(r->checkout(), image.checkouts.size(), "a refund's checkout", error))
                return false;
            Refund out;
            out.id = from_log(r->id());
            out.checkout = r->checkout();
            out.payment_id = str(r->payment_id());
            out.amount_minor = r->amount_minor();
            out.currency = str(r->currency());
            out.reason = static_cast<RefundReason>(r->reason());
            out.state = static_cast<RefundState>(r->state());
            out.provider_refund_id = str(r->provider_refund_id());
            out.failure = str(r->failure());
            out.attempts = r->attempts();
            out.owed_at = r->owed_at();
            out.settled_at = r->settled_at();
            out.retries = r->retries();
            image.refunds.push_back(std::move(out));
        }
    }
    return true;
}

// An index that must name an element (a record's ticket, a payout's listing):
// the engine indexes with these before it checks anything.
bool element_ok(std::uint32_t index, std::size_t size, const char* what, std::string& error) {
    if (index < size) return true;
    error = std::string(what) + " " + std::to_string(index) + " is out of range (" +
            std::to_string(size) + ")";
    return false;
}

bool decode_offers(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (in.offers() == nullptr) return true;
    const std::size_t custody = size_of(in.custody());
    image.offers.reserve(in.offers()->size());
    for (const log::OfferRecord* o : *in.offers()) {
        TransferOffer out;
        if (!enum_ok(o->type(), "transfer type", error) ||
            !enum_ok(o->state(), "offer state", error) ||
            !element_ok(o->ticket(), image.tickets.size(), "an offer's ticket", error) ||
            !index_ok(o->transfer(), custody, "an offer's custody record", error) ||
            !from_log(o->token_hash(), out.token_hash, "an offer", error))
            return false;
        out.id = from_log(o->id());
        out.ticket = o->ticket();
        out.from = str(o->from());
        out.to = str(o->to());
        out.type = static_cast<TransferType>(o->type());
        out.offered_at = o->offered_at();
        out.expires_at = o->expires_at();
        out.state = static_cast<OfferState>(o->state());
        out.claimer = str(o->claimer());
        out.settled_at = o->settled_at();
        out.transfer = o->transfer();
        image.offers.push_back(std::move(out));
    }
    return true;
}

bool decode_listings(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (in.listings() == nullptr) return true;
    const std::size_t payouts = size_of(in.payouts());
    image.listings.reserve(in.listings()->size());
    for (const log::ListingRecord* l : *in.listings()) {
        if (!enum_ok(l->state(), "listing state", error) ||
            !element_ok(l->ticket(), image.tickets.size(), "a listing's ticket", error) ||
            !index_ok(l->checkout(), image.checkouts.size(), "a listing's checkout", error) ||
            !index_ok(l->payout(), payouts, "a listing's payout", error))
            return false;
        Listing out;
        out.id = from_log(l->id());
        out.ticket = l->ticket();
        out.seller = str(l->seller());
        out.price_minor = l->price_minor();
        out.currency = str(l->currency());
        out.payout_account = str(l->payout_account());
        out.listed_at = l->listed_at();
        out.state = static_cast<ListingState>(l->state());
        out.checkout = l->checkout();
        out.delist_requested = l->delist_requested();
        out.payout = l->payout();
        out.settled_at = l->settled_at();
        image.listings.push_back(std::move(out));
    }
    return true;
}

bool decode_payouts(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (in.payouts() == nullptr) return true;
    image.payouts.reserve(in.payouts()->size());
    for (const log::PayoutRecord* p : *in.payouts()) {
        if (!enum_ok(p->state(), "payout state", error) ||
            !element_ok(p->listing(), image.listings.size(), "a payout's listing", error))
            return false;
        Payout out;
        out.id = from_log(p->id());
        out.listing = p->listing();
        out.seller = str(p->seller());
        out.destination = str(p->destination());
        out.gross_minor = p->gross_minor();
        out.fee_minor = p->fee_minor();
        out.amount_minor = p->amount_minor();
        out.currency = str(p->currency());
        out.state = static_cast<PayoutState>(p->state());
        out.provider_payout_id = str(p->provider_payout_id());
        out.failure = str(p->failure());
        out.attempts = p->attempts();
        out.owed_at = p->owed_at();
        out.released_at = p->released_at();
        out.settled_at = p->settled_at();
        out.retries = p->retries();
        image.payouts.push_back(std::move(out));
    }
    return true;
}

bool decode_custody(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (in.custody() == nullptr) return true;
    const std::size_t custody = in.custody()->size();
    image.transfers.reserve(custody);
    for (const log::CustodyRecord* r : *in.custody()) {
        if (!enum_ok(r->type(), "transfer type", error) ||
            !element_ok(r->ticket(), image.tickets.size(), "a custody record's ticket", error) ||
            !index_ok(r->previous(), custody, "a custody record's previous record", error))
            return false;
        TransferRecord out;
        out.id = from_log(r->id());
        out.ticket = r->ticket();
        out.from = str(r->from());
        out.to = str(r->to());
        out.type = static_cast<TransferType>(r->type());
        out.price_minor = r->price_minor();
        out.fee_minor = r->fee_minor();
        out.currency = str(r->currency());
        out.version = r->version();
        out.at = r->at();
        out.previous = r->previous();
        image.transfers.push_back(std::move(out));
    }
    return true;
}

// Offers, listings, payouts, custody records and verified sellers; absent in
// snapshots written before transfers (none then). Needs the tickets and checkouts.
bool decode_transfers(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (size_of(in.offers()) > kSnapshotTransfersMax ||
        size_of(in.listings()) > kSnapshotTransfersMax ||
        size_of(in.payouts()) > kSnapshotTransfersMax ||
        size_of(in.custody()) > kSnapshotTransfersMax) {
        error =
            "the snapshot has more offers, listings, payouts or custody records than a "
            "reader accepts";
        return false;
    }
    if (!decode_offers(in, image, error) || !decode_listings(in, image, error) ||
        !decode_payouts(in, image, error) || !decode_custody(in, image, error))
        return false;
    image.verified_sellers = strings(in.verified_sellers());
    return true;
}

// The waiting room; absent in snapshots written before it (no entries then).
bool decode_room(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    const log::RoomRecord* room = in.room();
    if (room == nullptr) return true;
    if (!elements_aligned(room->entries(), "the snapshot's queue entries", error)) return false;
    if (size_of(room->entries()) > kRoomEntriesMax) {
        error = "the snapshot has more queue entries than a room holds";
        return false;
    }
    RoomImage& out = image.room;
    out.opened = room->opened();
    out.opened_at = room->opened_at();
    out.seed = room->seed();
    out.prequeue = room->prequeue();
    if (room->entries() != nullptr) {
        out.entries.reserve(room->entries()->size());
        for (const log::QueueEntry* e : *room->entries()) {
            if (!enum_ok(e->state(), "queue entry state", error)) return false;
            QueueEntry q;
            q.ticket = from_log(e->ticket());
            q.session = from_log(e->session());
            q.joined_at = e->joined_at();
            q.admitted_at = e->admitted_at();
            q.token_expires_at = e->token_expires_at();
            q.state = static_cast<EntryState>(e->state());
            q.holds_used = e->holds_used();
            q.live_holds = e->live_holds();
            q.bought = e->bought();
            out.entries.push_back(q);
        }
    }
    for (const Hold& h : image.holds)
        if (!index_ok(h.admission, out.entries.size(), "a hold's admission", error)) return false;
    return true;
}

// The snapshot's vectors of 8-byte elements (see elements_aligned).
bool vectors_aligned(const log::EventSnapshot& in, std::string& error) {
    return elements_aligned(in.holds(), "the snapshot's hold table", error) &&
           elements_aligned(in.tickets(), "the snapshot's tickets", error) &&
           elements_aligned(in.ticket_life(), "the snapshot's ticket lives", error) &&
           elements_aligned(in.revenue_by_tier(), "the snapshot's revenue", error) &&
           elements_aligned(in.idempotency(), "the snapshot's idempotency window", error);
}

bool decode_idempotency(const log::EventSnapshot& in, EventImage& image, std::string& error) {
    if (size_of(in.idempotency()) > kIdempotencyWindow) {
        error = "the snapshot remembers more idempotency keys than the window holds";
        return false;
    }
    if (in.idempotency() == nullptr) return true;
    image.idempotency.reserve(in.idempotency()->size());
    for (const log::IdempotencyEntry* e : *in.idempotency()) {
        if (!enum_ok(e->kind(), "command kind", error)) return false;
        image.idempotency.push_back(from_log(*e));
    }
    return true;
}

}  // namespace

void encode(const Fact& fact, flatbuffers::FlatBufferBuilder& builder) {
    builder.Clear();
    const auto [type, body] = std::visit(FactEncoder{builder}, fact);
    builder.Finish(log::CreateFactRecord(builder, fact_version(fact), type, body));
}

std::optional<Fact> decode(std::span<const std::uint8_t> bytes, std::string& error) {
    const AlignedBytes aligned(bytes);
    const auto* record =
        verified_root<log::FactRecord>(aligned.bytes(), kFactTablesMax, "fact record", error);
    if (record == nullptr) return std::nullopt;
    if (!version_ok(record->format_version(), kFactFormatVersion, "fact record", error))
        return std::nullopt;
    switch (record->fact_type()) {
        case log::FactBody::NONE:
            error = "fact record holds no fact";
            return std::nullopt;
        case log::FactBody::EventCreated:
            return decode_member(record->fact_as_EventCreated(), "EventCreated", error);
        case log::FactBody::HoldPlaced:
            return decode_member(record->fact_as_HoldPlaced(), "HoldPlaced", error);
        case log::FactBody::HoldReleased:
            return decode_member(record->fact_as_HoldReleased(), "HoldReleased", error);
        case log::FactBody::HoldExtended:
            return decode_member(record->fact_as_HoldExtended(), "HoldExtended", error);
        case log::FactBody::HoldExpired:
            return decode_member(record->fact_as_HoldExpired(), "HoldExpired", error);
        case log::FactBody::HoldPurchased:
            return decode_member(record->fact_as_HoldPurchased(), "HoldPurchased", error);
        case log::FactBody::SeatsBlocked:
            return decode_member(record->fact_as_SeatsBlocked(), "SeatsBlocked", error);
        case log::FactBody::SeatsUnblocked:
            return decode_member(record->fact_as_SeatsUnblocked(), "SeatsUnblocked", error);
        case log::FactBody::TicketAdmitted:
            return decode_member(record->fact_as_TicketAdmitted(), "TicketAdmitted", error);
        case log::FactBody::TicketReissued:
            return decode_member(record->fact_as_TicketReissued(), "TicketReissued", error);
        case log::FactBody::TicketCancelled:
            return decode_member(record->fact_as_TicketCancelled(), "TicketCancelled", error);
        case log::FactBody::CheckoutStarted:
            return decode_member(record->fact_as_CheckoutStarted(), "CheckoutStarted", error);
        case log::FactBody::CheckoutSold:
            return decode_member(record->fact_as_CheckoutSold(), "CheckoutSold", error);
        case log::FactBody::CheckoutDeclined:
            return decode_member(record->fact_as_CheckoutDeclined(), "CheckoutDeclined", error);
        case log::FactBody::CheckoutAbandoned:
            return decode_member(record->fact_as_CheckoutAbandoned(), "CheckoutAbandoned", error);
        case log::FactBody::CheckoutCompensated:
            return decode_member(record->fact_as_CheckoutCompensated(), "CheckoutCompensated",
                                 error);
        case log::FactBody::RefundOwed:
            return decode_member(record->fact_as_RefundOwed(), "RefundOwed", error);
        case log::FactBody::RefundSucceeded:
            return decode_member(record->fact_as_RefundSucceeded(), "RefundSucceeded", error);
        case log::FactBody::RefundFailed:
            return decode_member(record->fact_as_RefundFailed(), "RefundFailed", error);
        case log::FactBody::RefundRetried:
            return decode_member(record->fact_as_RefundRetried(), "RefundRetried", error);
        case log::FactBody::QueueJoined:
            return decode_member(record->fact_as_QueueJoined(), "QueueJoined", error);
        case log::FactBody::QueueLeft:
            return decode_member(record->fact_as_QueueLeft(), "QueueLeft", error);
        case log::FactBody::QueueOpened:
            return decode_member(record->fact_as_QueueOpened(), "QueueOpened", error);
        case log::FactBody::QueueAdmitted:
            return decode_member(record->fact_as_QueueAdmitted(), "QueueAdmitted", error);
        case log::FactBody::QueueAbandoned:
            return decode_member(record->fact_as_QueueAbandoned(), "QueueAbandoned", error);
        case log::FactBody::AdmissionsEnded:
            return decode_member(record->fact_as_AdmissionsEnded(), "AdmissionsEnded", error);
        case log::FactBody::TransferOffered:
            return decode_member(record->fact_as_TransferOffered(), "TransferOffered", error);
        case log::FactBody::TransferClaimed:
            return decode_member(record->fact_as_TransferClaimed(), "TransferClaimed", error);
        case log::FactBody::OfferWithdrawn:
            return decode_member(record->fact_as_OfferWithdrawn(), "OfferWithdrawn", error);
        case log::FactBody::TicketListed:
            return decode_member(record->fact_as_TicketListed(), "TicketListed", error);
        case log::FactBody::TicketDelisted:
            return decode_member(record->fact_as_TicketDelisted(), "TicketDelisted", error);
        case log::FactBody::ListingSold:
            return decode_member(record->fact_as_ListingSold(), "ListingSold", error);
        case log::FactBody::SellerVerified:
            return decode_member(record->fact_as_SellerVerified(), "SellerVerified", error);
        case log::FactBody::PayoutSettled:
            return decode_member(record->fact_as_PayoutSettled(), "PayoutSettled", error);
        case log::FactBody::PayoutRetried:
            return decode_member(record->fact_as_PayoutRetried(), "PayoutRetried", error);
    }
    error = "unknown fact type " + std::to_string(static_cast<int>(record->fact_type())) +
            " (written by a newer seatd?)";
    return std::nullopt;
}

void encode_image(const EventImage& image, flatbuffers::FlatBufferBuilder& builder) {
    builder.Clear();
    builder.Finish(encode_snapshot(builder, image));
}

std::optional<EventImage> decode_image(std::span<const std::uint8_t> bytes, std::string& error) {
    const AlignedBytes aligned(bytes);
    const auto* in =
        verified_root<log::EventSnapshot>(aligned.bytes(), kSnapshotTablesMax, "snapshot", error);
    if (in == nullptr) return std::nullopt;
    if (!version_ok(in->format_version(), kSnapshotFormatVersion, "snapshot", error) ||
        !vectors_aligned(*in, error))
        return std::nullopt;
    EventImage image;
    image.event = in->event();
    image.sequence = in->sequence();
    image.created_at = in->created_at();
    image.venue = decode_venue(in->venue(), error);
    if (image.venue == nullptr) return std::nullopt;
    std::optional<SaleSettings> settings = decode_settings(in->settings(), error);
    if (!settings) return std::nullopt;
    image.settings = std::move(*settings);
    if (!decode_seats(*in, image, error) || !decode_holds(*in, image, error) ||
        !decode_sales(*in, image, error) || !decode_idempotency(*in, image, error) ||
        !decode_checkouts(*in, image, error) || !decode_room(*in, image, error) ||
        !decode_transfers(*in, image, error))
        return std::nullopt;
    return image;
}

void encode_entry(const EventEntry& entry, flatbuffers::FlatBufferBuilder& builder) {
    builder.Clear();
    const auto name = builder.CreateString(entry.name);
    builder.Finish(log::CreateEventDirectoryEntry(builder, kDirectoryFormatVersion,
                                                  entry.created_sequence, name, entry.created_at));
}

std::optional<EventEntry> decode_entry(EventId event, std::span<const std::uint8_t> bytes,
                                       std::string& error) {
    const AlignedBytes aligned(bytes);
    const auto* in = verified_root<log::EventDirectoryEntry>(aligned.bytes(), kEntryTablesMax,
                                                             "directory entry", error);
    if (in == nullptr) return std::nullopt;
    if (!version_ok(in->format_version(), kDirectoryFormatVersion, "directory entry", error))
        return std::nullopt;
    return EventEntry{event, in->created_sequence(), in->created_at(), str(in->name())};
}

}  // namespace seat::storage
