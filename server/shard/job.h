// What a shard is asked to do, and where the answer goes. A job is one engine
// command or one query about one event, with a Responder; the shard runs it at
// its place in a round and tells the responder the outcome, on the shard
// thread, after the job's facts were applied and before the round commits. The
// binary protocol's connections decode frames into jobs (server/net/wire_jobs.h);
// anything else that needs an event's state decided or read (the HTTP side,
// payment outcomes, bulk jobs, followers) submits jobs the same way, so the
// shard stays the one place where an event's state is decided and it knows
// nothing of frames.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/commands.h"
#include "engine/event_state.h"
#include "engine/result.h"
#include "engine/room/view.h"
#include "engine/transfers/views.h"
#include "server/tickets/revocation_cache.h"

namespace seat::server {

// ---- Queries: read one event's state at their place in the round, so a query
// after a write of the same round reports that write (and, like every answer,
// leaves only once the round is durable).

// A section query by name leaves its id at this.
inline constexpr SectionId kNoSectionId = 0xFFFF;

struct SeatQuery {
    SeatId seat = kNoSeat;  // by id, or
    std::string name;       // by "SECTION/ROW/SEAT"
};
struct SectionQuery {
    SectionId section = kNoSectionId;  // by id, or
    std::string name;                  // by name
    bool with_labels = false;
};
struct SummaryQuery {};
struct TicketQuery {
    TicketId ticket;
};
// The tickets of one owner (the buyer, or whoever a reissue named), at most kOwnerTicketsMax.
struct OwnerTicketsQuery {
    std::string owner;
};
// The event's revocation filter for offline scanners.
struct RevocationsQuery {};
// One checkout, as it is now.
struct CheckoutQuery {
    CheckoutId checkout;
};
// The event's refunds, oldest first, in one state or all, from the `after`-th.
struct RefundsQuery {
    std::optional<RefundState> state;
    std::uint32_t after = 0;
};

// A waiting-room entry as its holder sees it; `heartbeat` keeps its position.
struct QueueQuery {
    QueueTicketId ticket;
    bool heartbeat = false;
};
// The waiting room as a whole.
struct RoomQuery {};

// Transfers and resale (engine/transfers/views.h): a ticket's newest offer (any
// state), the listings on sale (cheapest first), a ticket's custody chain, and
// the event's payouts, oldest first, in one state or all, from the `after`-th.
struct OfferQuery {
    TicketId ticket;
};
struct ListingsQuery {
    std::optional<SectionId> section;  // by id, or
    std::string section_name;          // by name, or neither (every section)
    std::int64_t max_price_minor = 0;  // 0: any price
    std::size_t limit = kListingsPageMax;
};
struct HistoryQuery {
    TicketId ticket;
};
struct PayoutsQuery {
    std::optional<PayoutState> state;
    std::uint32_t after = 0;
};

using Query = std::variant<SeatQuery, SectionQuery, SummaryQuery, TicketQuery, OwnerTicketsQuery,
                           RevocationsQuery, CheckoutQuery, RefundsQuery, QueueQuery, RoomQuery,
                           OfferQuery, ListingsQuery, HistoryQuery, PayoutsQuery>;

// Refunds listed per query at most; payouts the same.
inline constexpr std::size_t kRefundsPageMax = 500;
inline constexpr std::size_t kPayoutsPageMax = 500;

// An owner's tickets answered at most (an owner with more is told `more`: a box
// office lists a buyer's tickets, not an agency's stock).
inline constexpr std::size_t kOwnerTicketsMax = 1000;

class Responder;

struct Job {
    EventId event = 0;  // CreateEvent: the new event's id
    // An engine command or a query. An AdmitTicket command must carry a ticket
    // and version whose signature the submitter verified: the shard trusts them.
    std::variant<Command, Query> work;
    // PlaceHold, BlockSeats, UnblockSeats: seats named by "SECTION/ROW/SEAT",
    // resolved on the shard (where the venue is) and appended after the
    // command's seat ids. The submitter bounds their number.
    std::vector<std::string> seat_names;
    // CreateEvent: the caller's idempotency key. The engine keeps none for an
    // event's creation; the shard recognises a retry by it.
    IdempotencyKey create_key;
    // OfferTransfer: the claim token drawn for it (32 hex digits), whose hash
    // the command carries. Shown once, in the first answer; never logged or stored.
    std::string claim_token;
    std::shared_ptr<Responder> responder;
    std::uint64_t tag = 0;  // the submitter's own id for the job, echoed in its answer
};

// A seat name that did not resolve, or a refused seat, with its name.
struct NamedRefusal {
    SeatId seat = kNoSeat;
    std::string name;
    SeatProblem problem = SeatProblem::unknown;
};

// ---- Answers: what the shard tells a job's responder.

// Any command the engine ran (replays included).
struct CommandAnswer {
    const Result& result;
};
// Seats the job named that the venue does not have (status invalid_argument or
// too_many_seats); the engine never saw the command.
struct UnknownSeatsAnswer {
    std::span<const NamedRefusal> seats;
};
struct SeatAnswer {
    SeatId seat = kNoSeat;  // a seat of the venue
};
struct SectionAnswer {
    SectionId section = kNoSectionId;  // a section of the venue
    bool with_labels = false;
};
struct SummaryAnswer {};
// GetTicket; also the ticket a successful reissue or cancel acted on.
struct TicketAnswer {
    std::uint32_t ticket = kNone;  // index into state.tickets()
};
struct OwnerTicketsAnswer {
    std::span<const std::uint32_t> tickets;  // indices into state.tickets()
    bool more = false;
};
struct RevocationsAnswer {
    const RevocationCache::Filter& filter;
};
// GetCheckout, and a Checkout answered once its outcome is known (or its wait
// ended: status payment_pending); the status says how it stands.
struct CheckoutAnswer {
    std::uint32_t checkout = kNone;  // index into state.checkouts()
};
struct RefundsAnswer {
    std::span<const std::uint32_t> refunds;  // indices into state.refunds()
    bool more = false;
    std::uint32_t next_after = 0;  // where the next page starts (page_refunds)
};
// New checkouts are refused for now (the payment provider is failing or slow).
struct ThrottledAnswer {
    std::uint32_t retry_after_ms = 0;
};

// JoinQueue, LeaveQueue and QueueQuery: the entry as it stands after the job.
// The responder signs the admission token of an admitted entry (for
// `room_session`, the room's binding of the session that joined).
struct QueueAnswer {
    QueueView view;
    QueueTicketId ticket;
    SessionId room_session;
    bool existing = false;  // a join answered with the session's live entry
};
struct RoomAnswer {
    RoomView view;
};

// GetOffer: the ticket's newest offer.
struct OfferAnswer {
    std::uint32_t offer = kNone;  // index into state.offers()
};
struct ListingsAnswer {
    std::span<const std::uint32_t> listings;  // indices into state.listings()
    bool more = false;
};
// GetTicketHistory: the ticket (without its code) and its chain, oldest first.
struct HistoryAnswer {
    std::uint32_t ticket = kNone;
    std::span<const HistoryEntry> entries;
};
struct PayoutsAnswer {
    std::span<const std::uint32_t> payouts;  // indices into state.payouts()
    bool more = false;
    std::uint32_t next_after = 0;
};

using AnswerBody =
    std::variant<std::monostate, CommandAnswer, UnknownSeatsAnswer, SeatAnswer, SectionAnswer,
                 SummaryAnswer, TicketAnswer, OwnerTicketsAnswer, RevocationsAnswer, CheckoutAnswer,
                 RefundsAnswer, ThrottledAnswer, QueueAnswer, RoomAnswer, OfferAnswer,
                 ListingsAnswer, HistoryAnswer, PayoutsAnswer>;

struct Answer {
    Answer(const Job& job_, Status status_, std::string_view message_ = {},
           const EventState* state_ = nullptr, AnswerBody body_ = {})
        : job(job_), status(status_), message(message_), state(state_), body(std::move(body_)) {}

    const Job& job;
    Status status = Status::ok;
    std::string_view message;           // for people, when the status alone does not say enough
    const EventState* state = nullptr;  // the event after the job; null when there is none
    AnswerBody body;                    // monostate: the status (and message) is the whole answer
};

// Where a job's answer goes. A responder is called only from the thread of the
// shard its jobs went to; one that takes jobs for several shards must be one
// object per shard (the binary protocol's connections have one per shard).
class Responder {
  public:
    virtual ~Responder() = default;
    // The job's outcome, at its place in the round. The state and everything the
    // answer points at is valid only during the call: encode or copy what is
    // needed. Nothing may leave the process yet: the round is not durable.
    virtual void respond(const Answer& answer) = 0;
    // After the round's commit: what respond() prepared in this round may leave
    // now. Called once per round for every responder that had an answer in it.
    // Must not block.
    virtual void release() = 0;
};

}  // namespace seat::server
