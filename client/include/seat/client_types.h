// The values that seat::Client sends and receives: 128-bit ids, status codes,
// typed results carrying the server's status, message and refused seats, and one
// plain struct per reply. Self-contained (standard library only), so applications
// need neither FlatBuffers nor the server's headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Marks what libseatclient exports; everything else in it is hidden.
#if defined(__GNUC__)
#define SEATCLIENT_API __attribute__((visibility("default")))
#else
#define SEATCLIENT_API
#endif

namespace seat::client {

// ---- Ids.

// A 128-bit id: ticket ids, session ids, idempotency keys. Text form is the
// canonical UUID form (8-4-4-4-12 lowercase hex); hi is the first 8 bytes.
struct SEATCLIENT_API Id128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    bool is_zero() const { return hi == 0 && lo == 0; }
    std::string to_string() const;
    // Accepts the canonical form or 32 hex digits.
    static std::optional<Id128> parse(std::string_view text);
    // A random UUID v4 from the operating system's random source.
    static Id128 random();
    // A stable 128-bit hash of `name`, for applications whose session ids are
    // strings: equal strings give equal ids in every process and every version of
    // this library (two FNV-1a-64 passes with different offsets, each finished by
    // the splitmix64 mixer). Not cryptographic: do not use it for secrets.
    static Id128 from_name(std::string_view name);

    friend bool operator==(const Id128&, const Id128&) = default;
    friend auto operator<=>(const Id128&, const Id128&) = default;
};

// ---- Statuses.

// Codes 0..52 are the server's (docs/protocol.md, section 5); codes from 1000 up
// are decided by this library and never come from a server. A code a newer
// server sends that this build does not know is kept as its number.
enum class Status : std::uint16_t {
    ok = 0,
    seats_unavailable = 1,
    group_rule = 2,
    invalid_argument = 3,
    too_many_seats = 4,
    session_hold_limit = 5,
    hold_not_found = 6,
    hold_expired = 7,
    wrong_session = 8,
    hold_already_extended = 9,
    idempotency_key_reused = 10,
    event_exists = 11,
    event_not_found = 12,
    unauthorized = 13,
    overloaded = 14,
    bad_frame = 15,
    unsupported = 16,
    internal_error = 17,
    ticket_not_found = 18,
    already_admitted = 19,  // AdmitInfo says when and at which gate
    superseded = 20,        // an older version of a reissued ticket's code
    ticket_cancelled = 21,
    invalid_signature = 22,  // forged, mangled, unknown or retired key
    hold_in_checkout = 23,   // the hold is being paid for
    // The checkout answers below come with the CheckoutInfo (Result::value): the
    // caller sees the checkout's state, its decline reason or its refund.
    payment_declined = 24,    // CheckoutView::decline_reason says why
    payment_refunded = 25,    // charged, but the sale could not complete: refunded
    checkout_throttled = 26,  // the provider is failing or slow: Outcome::retry_after_ms
    checkout_not_found = 27,
    refund_not_found = 28,
    payment_pending = 29,  // the outcome is not known yet: ask with get_checkout()
    // The sale's start and the waiting room (docs/waiting-room.md).
    sale_not_started = 30,  // holds open at EventSettings::sale_starts_at_ms
    not_admitted = 31,      // the event has a waiting room: hold with an admission token
    admission_limit = 32,   // the admission's holds are used up
    no_waiting_room = 33,   // the event has no waiting room
    queue_ticket_not_found = 34,
    queue_full = 35,  // the room holds its maximum of entries
    sold_out = 36,    // nothing is left to sell: the room admits no one
    // Transfers and resale (docs/resale.md). Refusals about an offer come with
    // the offer (OfferInfo, ClaimInfo::offer), refusals about a listing with
    // the listing (ListingInfo).
    not_owner = 37,               // the named owner or seller is not the ticket's owner
    transfers_disabled = 38,      // TransferSettings::transfers_allowed is off
    resale_disabled = 39,         // TransferSettings::resale_allowed is off
    transfer_window_closed = 40,  // within TransferSettings::cutoff_before_start_ms of the start
    transfer_limit = 41,          // the ticket changed hands max_transfers_per_ticket times
    ticket_offered = 42,          // an open offer holds the ticket: no code admits it
    ticket_listed = 43,           // listed for resale: no code admits it
    offer_not_found = 44,         // no offer with that claim token (or for that ticket)
    offer_claimed = 45,
    offer_cancelled = 46,
    offer_expired = 47,
    price_over_cap = 48,  // ListingInfo::cap_minor is the highest price allowed
    listing_not_found = 49,
    listing_unavailable = 50,  // sold or delisted
    listing_in_checkout = 51,  // a buyer is paying for it now
    payout_not_found = 52,

    // The server could not be reached, or the connection broke and reconnecting
    // gave up. A mutation may or may not have taken effect: retry it with the
    // same idempotency key (Outcome::idempotency_key).
    connection_failed = 1000,
    // No answer within the call's timeout; as above, the outcome is unknown.
    timed_out = 1001,
    // The Client was closed or destroyed before the answer came.
    client_closed = 1002,
    // The server sent an answer this library cannot read (wrong body type).
    protocol_error = 1003,
    // The request could not be encoded (over the 1 MiB frame limit) or the
    // client has too many calls in flight (ClientOptions::calls_in_flight_max).
    request_rejected = 1004,
};

SEATCLIENT_API std::string_view to_string(Status s);
// A sentence for people, the same one the server uses for its codes. For the
// library's transport statuses it says what happened, not what to do, since
// it cannot know the call: after a mutating one (Outcome::idempotency_key is
// non-zero) the outcome is unknown and retrying with that key is safe; a query
// has nothing to retry safely. Outcome::message says what failed (which host
// and port, which step, after how long).
SEATCLIENT_API std::string_view describe(Status s);
// True for the library's own transport outcomes (connection_failed, timed_out,
// client_closed, protocol_error): the server's answer, if any, is unknown.
SEATCLIENT_API bool is_transport_error(Status s);

enum class Role : std::uint8_t { none = 0, app = 1, scanner = 2, admin = 3 };
enum class SeatStatus : std::uint8_t { available = 0, held = 1, sold = 2, blocked = 3 };
enum class SeatProblem : std::uint8_t {
    held = 0,
    sold = 1,
    blocked = 2,
    unknown = 3,
    duplicate = 4,
    group_incomplete = 5,
    companion_needs_anchor = 6,
};
// offered: an open transfer offer holds the ticket; listed: it is on the resale
// marketplace, in the platform's escrow. Neither has a code that admits.
enum class TicketStatus : std::uint8_t {
    valid = 0,
    admitted = 1,
    superseded = 2,
    cancelled = 3,
    offered = 4,
    listed = 5
};
enum class SeatType : std::uint8_t {
    floor = 0,
    balcony = 1,
    vip = 2,
    accessible = 3,
    companion = 4
};

// A checkout's state (docs/payments.md): paying until the provider answers, then
// sold, declined, refunded (charged, but the sale could not complete) or
// abandoned (the hold ran out before a charge).
enum class CheckoutState : std::uint8_t {
    paying = 0,
    sold = 1,
    declined = 2,
    abandoned = 3,
    refunded = 4
};
// A refund seatd owes a buyer: owed until the provider settles it.
enum class RefundState : std::uint8_t { owed = 0, succeeded = 1, failed = 2 };

// A waiting-room entry's state (docs/waiting-room.md): waiting in the queue;
// admitted (an active shopper: its admission token lets the session hold);
// done (bought, used up its holds, or let the token expire with no live hold);
// left (leave_queue); abandoned (no heartbeat within the event's grace). A
// session whose entry ended may join again, at the back.
enum class QueueEntryState : std::uint8_t {
    waiting = 0,
    admitted = 1,
    done = 2,
    left = 3,
    abandoned = 4
};
// The waiting room as a whole: before_sale (the pre-queue gathers; its order is
// drawn when the sale starts), open (admitting in batches as shoppers finish),
// paused (every seat still for sale is held: admission resumes as holds end),
// sold_out (nothing is left: no one more is admitted).
enum class RoomState : std::uint8_t { before_sale = 0, open = 1, paused = 2, sold_out = 3 };

// Why a ticket's owner or code changed, in its custody chain (TicketHistory):
// issue (the sale), direct (a claimed offer), gift (a claimed gift offer),
// marketplace (a resale), reissue (a new code: a lost phone, a reissue to a new
// owner, an offer or a listing that ended and gave the ticket back).
enum class TransferType : std::uint8_t {
    issue = 0,
    direct = 1,
    gift = 2,
    marketplace = 3,
    reissue = 4
};
// A transfer offer: open until claimed, cancelled by its sender, or expired.
enum class OfferState : std::uint8_t { open = 0, claimed = 1, cancelled = 2, expired = 3 };
// A resale listing: listed (on sale), paying (a buyer's payment is in flight),
// sold, or delisted (the seller took it back).
enum class ListingState : std::uint8_t { listed = 0, paying = 1, sold = 2, delisted = 3 };
// A seller's payout: owed until the provider settles it (paid or failed), or
// held_kyc until an admin verifies the seller (verify_seller).
enum class PayoutState : std::uint8_t { owed = 0, held_kyc = 1, paid = 2, failed = 3 };
// How resale prices are capped: not at all, at the ticket's face value, or at
// TransferSettings::cap_percent above it.
enum class ResaleCap : std::uint8_t { none = 0, face_value = 1, percent_above_face = 2 };

SEATCLIENT_API std::string_view to_string(Role r);
SEATCLIENT_API std::string_view to_string(SeatStatus s);
SEATCLIENT_API std::string_view to_string(SeatProblem p);
SEATCLIENT_API std::string_view to_string(TicketStatus s);
// The protocol's names ("paying", "owed", ...); "unknown" for a newer server's value.
SEATCLIENT_API std::string_view to_string(CheckoutState s);
SEATCLIENT_API std::string_view to_string(RefundState s);
SEATCLIENT_API std::string_view to_string(QueueEntryState s);
SEATCLIENT_API std::string_view to_string(RoomState s);
SEATCLIENT_API std::string_view to_string(TransferType t);
SEATCLIENT_API std::string_view to_string(OfferState s);
SEATCLIENT_API std::string_view to_string(ListingState s);
SEATCLIENT_API std::string_view to_string(PayoutState s);
SEATCLIENT_API std::string_view to_string(ResaleCap c);

inline constexpr std::uint32_t kNoSeat = 0xFFFFFFFFu;

// ---- Results.

// One refused seat: its id (kNoSeat when a name did not resolve), its
// "SECTION/ROW/SEAT" name when it has one, and why.
struct SeatRefusal {
    std::uint32_t seat = kNoSeat;
    std::string seat_name;
    SeatProblem problem = SeatProblem::unknown;
};

// What every call returns besides its value.
struct Outcome {
    Status status = Status::ok;
    std::string message;                // the server's sentence (or the library's); never parse it
    bool replayed = false;              // answered from the server's idempotency window
    std::vector<SeatRefusal> refusals;  // at most 16 listed
    std::uint32_t refused_count = 0;    // refused in all
    std::uint32_t retry_after_ms = 0;   // a hint with overloaded and checkout_throttled
    // The key a mutating call carried (zero for queries): retry with it after a
    // transport error and the server returns the original outcome.
    Id128 idempotency_key;

    bool ok() const { return status == Status::ok; }
};

// A typed result: `value` is meaningful only when ok().
template <typename T>
struct Result : Outcome {
    T value{};
};

// The reply of calls whose answer has no body (release, create event).
struct Empty {};

// ---- Reply values.

struct HelloInfo {
    std::uint32_t protocol_version = 0;
    Role role = Role::none;
    std::string server_version;
    std::uint32_t frame_bytes_max = 0;
};

struct Pong {
    std::int64_t server_time_ms = 0;
    std::int64_t round_trip_us = 0;  // measured by the client
};

struct HoldInfo {
    std::uint64_t hold = 0;  // opaque: store it, never compute it
    std::int64_t expires_at_ms = 0;
};

struct Counts {
    std::uint32_t available = 0;
    std::uint32_t held = 0;
    std::uint32_t sold = 0;
    std::uint32_t blocked = 0;
};

struct Ticket {
    Id128 ticket_id;
    std::uint32_t seat = kNoSeat;
    std::string seat_name;
    std::uint8_t tier = 0;
    std::int64_t amount_minor = 0;
    std::string currency;
    TicketStatus status = TicketStatus::valid;
    std::uint32_t version = 0;
    std::int64_t issued_at_ms = 0;
    std::string owner_id;  // empty for the scanner role
    std::int64_t admitted_at_ms = 0;
    std::string admitted_gate;
    std::int64_t device_at_ms = 0;  // when an offline scanner admitted it
    std::string section_name;
    std::string row_label;
    std::string seat_label;
    // get_ticket / reissue_ticket only: the current version's codes
    // (docs/tickets.md). `code` (Ed25519) is the one to show as a QR.
    std::string code;
    std::string code_hmac;
    // When the current code (this version) was issued; issued_at_ms is when the
    // ticket was. 0 while offered or listed, and from servers before transfers.
    std::int64_t version_issued_at_ms = 0;
};

struct PurchaseInfo {
    std::vector<Ticket> tickets;  // in the hold's seat order
};

struct BlockInfo {
    std::uint32_t changed = 0;  // seats whose status changed now
    std::uint32_t pending = 0;  // held seats that change when their hold ends
};

struct SeatInfo {
    std::uint32_t seat = kNoSeat;
    std::string seat_name;
    std::uint16_t section = 0;
    std::uint8_t tier = 0;
    SeatType seat_type = SeatType::floor;
    SeatStatus status = SeatStatus::available;
    bool block_pending = false;
    std::uint64_t hold = 0;               // when held
    std::int64_t hold_expires_at_ms = 0;  // when held
    Id128 ticket_id;                      // when sold
};

struct RowSpan {
    std::uint32_t first_seat = 0;
    std::uint32_t seat_count = 0;
};

struct SectionInfo {
    std::uint16_t section = 0;
    std::string name;
    std::uint32_t first_seat = 0;
    std::vector<SeatStatus> statuses;  // statuses[i] is seat first_seat + i
    std::vector<RowSpan> rows;         // empty for sections of more than 4,096 rows
    std::vector<std::string> row_labels;
    std::vector<std::string> seat_labels;  // only when asked for
    Counts counts;
    std::uint64_t sequence = 0;
};

struct TierSummary {
    std::string name;
    std::int64_t amount_minor = 0;
    std::string currency;
    Counts counts;
    std::int64_t revenue_minor = 0;
};

// An event's waiting room (docs/waiting-room.md). In EventSettings: as in
// force, every field set (all zero from a server before the waiting room). In
// CreateEventRequest: 0 = the server's default, field by field.
struct RoomSettings {
    bool enabled = false;
    std::uint32_t max_active = 0;         // admitted shoppers at once, at most
    std::uint32_t batch_size = 0;         // admitted per batch, at most
    std::int64_t batch_interval_ms = 0;   // between batches (the server's minimum: 100 ms)
    std::int64_t token_ttl_ms = 0;        // an admission's time to place its holds
    std::uint32_t seats_per_token = 0;    // seats in a hold placed with a token
    std::uint32_t holds_per_token = 0;    // holds one admission may place
    std::int64_t heartbeat_grace_ms = 0;  // a silent waiting entry is abandoned after this
};

// Transfers and resale after the sale (docs/resale.md). The defaults here are
// the server's, so a default-constructed value asks for exactly them.
struct TransferSettings {
    bool transfers_allowed = true;
    bool resale_allowed = true;
    // No offer, claim, listing or resale purchase this close to starts_at_ms.
    std::int64_t cutoff_before_start_ms = 3'600'000;
    std::int64_t offer_ttl_ms = 259'200'000;  // 72 h, never past the cutoff
    // Changes of owner (direct, gift, marketplace) per ticket; 0 = no limit.
    std::uint32_t max_transfers_per_ticket = 10;
    ResaleCap cap = ResaleCap::face_value;
    std::uint32_t cap_percent = 0;  // percent_above_face: at most face x (100 + p) / 100
    std::uint32_t fee_bps = 1000;   // the platform's fee, basis points of the price
    // A seller's payouts are held for KYC once their proceeds or sales within
    // the window reach these; 0 = that threshold never holds.
    std::int64_t kyc_threshold_minor = 200'000;
    std::uint32_t kyc_threshold_sales = 30;
    std::int64_t kyc_window_ms = 31'536'000'000;  // 365 days
};

// An event's sale settings as created (0 or empty = not set, for starts_at_ms,
// currency and sale_starts_at_ms). Servers before checkout send none: all zero.
struct EventSettings {
    std::int64_t hold_ttl_ms = 0;
    std::int64_t checkout_ttl_ms = 0;
    std::uint32_t max_seats_per_hold = 0;
    std::uint32_t max_holds_per_session = 0;
    std::int64_t starts_at_ms = 0;  // Unix ms; 0 = not set
    std::string currency;           // ISO 4217; empty = the tiers' own
    std::int64_t payment_timeout_ms = 0;
    std::int64_t sale_starts_at_ms = 0;  // Unix ms; 0 = the sale opened at creation
    RoomSettings room = {};              // room.enabled false: no waiting room
    // As in force; empty from a server before transfers.
    std::optional<TransferSettings> transfers = {};
};

struct Summary {
    Counts totals;
    std::vector<Counts> sections;  // indexed by section id
    std::vector<std::string> section_names;
    std::vector<TierSummary> tiers;  // indexed by tier id
    std::uint64_t live_holds = 0;
    std::uint64_t tickets = 0;
    std::uint64_t sequence = 0;
    EventSettings settings;
    std::uint32_t checkouts_paying = 0;  // waiting for the provider's answer
    std::uint32_t refunds_owed = 0;
    // Transfers and resale (0 from a server before them).
    std::uint32_t offers_open = 0;
    std::uint32_t listings_on_sale = 0;
    std::uint32_t payouts_owed = 0;
    std::uint32_t payouts_held_kyc = 0;
};

struct EventInfo {
    std::uint64_t event = 0;
    std::string name;
    std::string venue_name;
    std::uint32_t capacity = 0;
    Counts counts;
    std::int64_t created_at_ms = 0;
    std::uint64_t sequence = 0;
};

struct EventList {
    std::vector<EventInfo> events;
    bool more = false;  // ask again with after_event = events.back().event
};

struct TicketInfo {
    Ticket ticket;
    std::string buyer_id;  // empty for the scanner role
    std::string payment_ref;
};

// The answer to admit(): with ok, and also with already_admitted (when and
// where it was first admitted), superseded and ticket_cancelled, so that a gate
// display can show the seat and the reason.
struct AdmitInfo {
    Ticket ticket;
};

struct TicketList {
    std::vector<Ticket> tickets;
    bool more = false;  // the list was cut at the server's page limit
};

// The event's revoked codes as a Bloom filter (docs/tickets.md), for
// OfflineScanner::update_revocations.
struct Revocations {
    std::string filter;          // serialized filter bytes
    std::uint64_t sequence = 0;  // revocations included; newer filters have more
    double false_positive_rate = 0;
};

struct PublicKeys {
    std::string keys;  // the public key file an OfflineScanner loads
};

// One waiting-room entry as its holder sees it: the answer to join_queue(),
// queue_status() and leave_queue(). Times are Unix ms on the server's clock.
struct QueueEntryInfo {
    Id128 ticket;  // the handle on the entry: poll, heartbeat and leave with it
    QueueEntryState state = QueueEntryState::waiting;
    RoomState room = RoomState::before_sale;
    // Waiting after the sale opened: ahead + 1. Otherwise 0: unknown (before
    // the sale the order is not drawn yet; admitted or ended, no place in line).
    std::uint32_t position = 0;
    // Live entries ahead; before the sale, every other entry waiting.
    std::uint32_t ahead = 0;
    // The wait from the measured admission rate; -1 = unknown (no rate yet, or
    // admission is paused or over).
    std::int64_t eta_ms = -1;
    // Seats that could still be sold (on sale or held). fewer_seats_than_ahead:
    // the buyer may wait for nothing.
    std::uint32_t seats_left = 0;
    bool fewer_seats_than_ahead = false;
    std::int64_t joined_at_ms = 0;
    std::int64_t admitted_at_ms = 0;  // 0 until admitted
    // Admitted: pass it with place_hold() (HoldRequest) and checkout()
    // (CheckoutRequest) from the session that joined; it is bound to it.
    std::string admission_token;
    std::int64_t token_expires_at_ms = 0;
    std::uint32_t holds_left = 0;  // admitted: holds the token may still place
    // Poll with heartbeat this often to keep a waiting position.
    std::uint32_t heartbeat_every_ms = 0;
    bool existing = false;  // join_queue: the session was in the queue already
    // The entry's fixed place in the queue's drawn order (from 1; 0 before the
    // sale starts): admission follows it.
    std::uint32_t place = 0;
};

// A waiting room as a whole: the answer to get_room().
struct RoomInfo {
    RoomState state = RoomState::before_sale;
    std::uint32_t waiting = 0;
    std::uint32_t active = 0;  // admitted shoppers who have not finished
    std::uint32_t max_active = 0;
    std::uint64_t admitted_total = 0;
    std::uint32_t abandoned = 0;
    std::uint32_t left = 0;
    std::uint32_t done = 0;
    // Admissions per second over the last minute; -1 = unknown (fewer than two
    // batches yet).
    double admitted_per_second = -1;
    std::uint32_t available = 0;  // seats on sale now
    std::uint32_t held = 0;       // seats held (they may come back)
    std::int64_t sale_starts_at_ms = 0;
    std::int64_t opened_at_ms = 0;  // when the sale opened; 0 = not yet
};

// One checkout as seatd recorded it. Times are Unix ms on the server's clock.
struct CheckoutView {
    Id128 checkout_id;
    std::uint64_t hold = 0;
    CheckoutState state = CheckoutState::paying;
    std::int64_t amount_minor = 0;
    std::string currency;
    std::string payment_method;
    std::string payment_id;  // the provider's, once charged
    std::string decline_reason;
    std::int64_t started_at_ms = 0;
    std::int64_t deadline_ms = 0;  // when seatd stops waiting for the provider
    std::int64_t settled_at_ms = 0;
    Id128 refund_id;  // when refunded: list_refunds() shows it
};

// The answer to checkout() and get_checkout(): with ok (sold, with the
// tickets), and also with payment_declined, payment_refunded and
// payment_pending, so that the caller can show what happened and why.
struct CheckoutInfo {
    CheckoutView checkout;
    std::vector<Ticket> tickets;  // when sold, in the hold's seat order
};

struct Refund {
    Id128 refund_id;
    Id128 checkout_id;  // zero when the refund is not a checkout's
    std::string payment_id;
    std::int64_t amount_minor = 0;
    std::string currency;
    std::string reason;  // "compensation", "cancellation"
    RefundState state = RefundState::owed;
    std::string provider_refund_id;
    std::string failure;  // why the provider refused it, when failed
    std::uint32_t attempts = 0;
    std::int64_t owed_at_ms = 0;
    std::int64_t settled_at_ms = 0;
};

// At most 500 refunds a page. RefundFilter::after counts the event's refunds of
// every state, so without a state filter the next page is after +
// refunds.size(); with one, that may list a few again.
struct RefundList {
    std::vector<Refund> refunds;  // oldest first
    bool more = false;            // the page was cut at the server's limit
    // With more: the RefundFilter::after of the next page (past the refunds a
    // state filter skipped, so pages never repeat one).
    std::uint32_t next_after = 0;
};

// ---- Transfers and resale (docs/resale.md). Times are Unix ms on the server's
// clock; money is in minor units of `currency`.

// A transfer offer as seatd recorded it.
struct Offer {
    Id128 offer_id;
    Id128 ticket_id;
    std::string from_owner;
    std::string to;                            // the addressee: an e-mail address or user id
    TransferType type = TransferType::direct;  // direct or gift
    OfferState state = OfferState::open;
    std::int64_t offered_at_ms = 0;
    std::int64_t expires_at_ms = 0;
    std::int64_t settled_at_ms = 0;  // claimed, cancelled or expired
    std::string claimer;             // once claimed
};

// The answer to offer_transfer(), cancel_offer() and get_offer().
struct OfferInfo {
    Offer offer;
    // offer_transfer's first answer only (32 hex digits): what the application
    // puts in the link it mails. Shown once: a replayed answer comes without
    // it, and the server keeps only its hash.
    std::string claim_token;
    // cancel_offer: the owner's ticket with its new code.
    Ticket ticket;
};

// The answer to claim_transfer(): ok, the claimer's ticket with its new code;
// offer_claimed, offer_cancelled and offer_expired come with the offer instead.
struct ClaimInfo {
    TicketInfo ticket;
    Offer offer;
};

// A ticket on the resale marketplace.
struct Listing {
    Id128 listing_id;
    Id128 ticket_id;
    std::uint32_t seat = kNoSeat;
    std::string seat_name;
    std::uint16_t section = 0;
    std::string section_name;
    std::int64_t price_minor = 0;
    std::int64_t face_value_minor = 0;
    std::string currency;
    ListingState state = ListingState::listed;
    bool delist_requested = false;  // asked while a buyer pays: the payment decides
    std::int64_t listed_at_ms = 0;
    std::int64_t settled_at_ms = 0;
    std::string seller;  // empty in list_listings() answers
};

// The answer to list_ticket() and delist_ticket(); price_over_cap comes with
// cap_minor only (the highest price the event allows for this ticket).
struct ListingInfo {
    Listing listing;
    std::int64_t cap_minor = 0;
    Ticket ticket;  // delist_ticket: the seller's ticket with its new code
};

// Listings on sale, cheapest first.
struct ListingPage {
    std::vector<Listing> listings;
    bool more = false;  // more matched than the page holds
};

// One link of a ticket's custody chain: a new holder or a new code.
struct Transfer {
    Id128 transfer_id;
    std::string from_owner;  // empty for the sale
    std::string to_owner;
    TransferType type = TransferType::issue;
    std::int64_t price_minor = 0;  // the sale's and a resale's
    std::int64_t fee_minor = 0;    // a resale's platform fee
    std::string currency;
    std::uint32_t version = 0;  // the version the new holder's code has
    std::int64_t at_ms = 0;
};

// The answer to get_ticket_history(): the ticket (without its codes) and its
// custody chain, oldest first; the first link is the sale.
struct TicketHistory {
    Ticket ticket;
    std::vector<Transfer> transfers;
};

// What a resale owes its seller: the price less the platform's fee.
struct Payout {
    Id128 payout_id;
    Id128 listing_id;
    std::string seller;
    std::string destination;  // the seller's account at the provider
    std::int64_t gross_minor = 0;
    std::int64_t fee_minor = 0;
    std::int64_t amount_minor = 0;  // gross less fee
    std::string currency;
    PayoutState state = PayoutState::owed;
    std::string provider_payout_id;
    std::string failure;  // why the provider refused it, when failed
    std::uint32_t attempts = 0;
    std::uint32_t retries = 0;  // times an admin owed it again after it failed (retry_payout)
    std::int64_t owed_at_ms = 0;
    std::int64_t released_at_ms = 0;  // when the seller's verification released it
    std::int64_t settled_at_ms = 0;
};

// One page of the event's payouts, oldest first. Paged like RefundList:
// PayoutFilter::after counts payouts of every state.
struct PayoutList {
    std::vector<Payout> payouts;
    bool more = false;
    std::uint32_t next_after = 0;  // with more: the PayoutFilter::after of the next page
};

// The answer to verify_seller().
struct KycInfo {
    std::string seller;
    std::uint32_t released = 0;  // held payouts the verification released
};

// ---- Request values.

// Seats by dense id, by "SECTION/ROW/SEAT" name, or both (ids first).
struct Seats {
    std::vector<std::uint32_t> ids = {};
    std::vector<std::string> names = {};
};

struct CreateEventRequest {
    std::string venue_json;  // a "seatd-venue/1" document; at most ~1 MiB on the wire
    std::string name;
    std::int64_t hold_ttl_ms = 0;  // 0 = server default, as all settings here
    std::int64_t checkout_ttl_ms = 0;
    std::uint32_t max_seats_per_hold = 0;
    std::uint32_t max_holds_per_session = 0;
    // "theatre" or "stadium": the server generates the venue (tools/venuegen) and
    // venue_json must be empty. The only way to create a venue whose file is over
    // the 1 MiB frame (the 70,000-seat stadium). Servers before this field refuse it.
    std::string generator;
    // Checkout settings; servers before checkout ignore them.
    std::int64_t starts_at_ms = 0;        // Unix ms; 0 = not set
    std::string currency;                 // ISO 4217 ("EUR"): every tier must be in it
    std::int64_t payment_timeout_ms = 0;  // 0 = server default (120 s)
    // The waiting room; servers before it ignore them. Before the sale starts,
    // holds are refused (sale_not_started) and the room gathers its pre-queue.
    std::int64_t sale_starts_at_ms = 0;  // Unix ms; 0 = the sale opens at creation
    RoomSettings room = {};              // room.enabled false: no waiting room (sent as none)
    // Transfers and resale; empty: the server's defaults (sent as none).
    std::optional<TransferSettings> transfers = {};
};

// A hold placed with an admission token, for an event with a waiting room
// (docs/waiting-room.md). place_hold(event, session, seats) is the same with
// no token.
struct HoldRequest {
    Id128 session;
    Seats seats = {};
    std::string admission_token = {};  // QueueEntryInfo::admission_token
};

struct PurchaseRequest {
    std::uint64_t hold = 0;
    Id128 session;
    std::string buyer_id;     // 1..128 bytes
    std::string payment_ref;  // 1..128 bytes
};

// Paying for a live hold through seatd's payment provider (docs/payments.md).
struct CheckoutRequest {
    std::uint64_t hold = 0;
    Id128 session;
    std::string buyer_id;        // 1..128 bytes
    std::string payment_method;  // as the provider names it, e.g. "pm_card_visa"
    // With a waiting room: the token the hold was placed with.
    std::string admission_token = {};
};

// list_refunds()'s filter: every state, or one.
struct RefundFilter {
    std::optional<RefundState> state;  // empty = all
    std::uint32_t after = 0;           // skip the event's first `after` refunds (any state)
};

// Offering a ticket to someone (offer_transfer): its code is revoked at once.
struct OfferRequest {
    Id128 ticket_id;
    std::string from_owner;  // must be the ticket's owner
    std::string to;          // 1..254 bytes: an e-mail address or user id
    bool gift = false;       // recorded as a gift rather than a direct transfer
};

// Listing a ticket for resale (list_ticket): the seller's code is revoked at once.
struct ListingRequest {
    Id128 ticket_id;
    std::string seller;  // must be the ticket's owner
    std::int64_t price_minor = 0;
    std::string payout_account;  // the seller's account at the provider ("acct_...")
};

// Buying a listing through seatd's payment provider (buy_listing).
struct BuyListingRequest {
    Id128 listing_id;
    std::string buyer_id;
    std::string payment_method;  // as the provider names it, e.g. "pm_card_visa"
};

// list_listings()'s filter: every section, or one by id or by name.
struct ListingFilter {
    std::optional<std::uint16_t> section;  // empty = every section (unless section_name)
    std::string section_name = {};
    std::int64_t max_price_minor = 0;  // 0 = any price
    std::uint32_t limit = 0;           // 0 = the server's page (500 at most)
};

// list_payouts()'s filter: every state, or one.
struct PayoutFilter {
    std::optional<PayoutState> state;  // empty = all
    std::uint32_t after = 0;           // skip the event's first `after` payouts (any state)
};

}  // namespace seat::client
