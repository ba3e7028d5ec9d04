// seat::Client, the C++ client of seatd (libseatclient). One Client is one TCP
// connection to one server (TLS when ClientOptions::tls says so), carrying many
// requests at once (docs/protocol.md).
//
// The contract:
//
// - Thread safety. A Client is safe for concurrent use from many threads without
//   external synchronization: every method may be called from any thread at any
//   time, except that the destructor must not race with other calls, and a
//   Client must not be destroyed from a callback running on its I/O thread
//   (checked).
// - Threads. Each Client has one I/O thread for its whole life. It connects,
//   writes, reads, reconnects, and runs every completion callback. By default
//   the Client owns that thread; with ClientOptions::threads it is one of a
//   ClientThreads' threads, shared with other Clients (an event loop: a few
//   threads multiplexing many connections). Callbacks must be short and must
//   not block; a callback must not call a synchronous method of a Client whose
//   I/O thread is the one running it -- its own Client, or one sharing the
//   thread -- (that would wait for itself, and is checked: the process stops).
//   Exceptions thrown by callbacks are caught and dropped.
// - What blocks. The synchronous methods (ping(), place_hold(), ...) block the
//   calling thread until the answer, a transport failure or the call's timeout;
//   connect() blocks until the Hello is answered or reconnecting gives up.
//   The *_async methods never block: they queue the request and return at once.
//   The constructor does not connect; the first call (or connect()) does.
// - Ownership. Every argument is copied before a method returns; results are
//   plain values owned by the caller. Callbacks are owned by the Client until
//   they have run, which happens exactly once for every call, on the I/O thread
//   (with client_closed when the Client is destroyed first). Futures returned
//   by *_async are always satisfied, never broken.
// - Idempotency. Every mutating call (create_event, place_hold, release_hold,
//   extend_hold, purchase, block_seats, unblock_seats, reissue_ticket,
//   cancel_ticket, checkout, retry_refund, offer_transfer, claim_transfer,
//   cancel_offer, list_ticket, delist_ticket, buy_listing, verify_seller,
//   retry_payout) carries a 16-byte idempotency key: the caller's (CallOptions::idempotency_key) or
//   a random one. When the connection breaks, the Client reconnects with exponential back-off and
//   resends every unanswered request with its original key, so a retried mutation returns its
//   original outcome (Outcome::replayed) and never acts twice. If reconnecting gives up, or the
//   call times out, the outcome is unknown (connection_failed / timed_out); calling again with the
//   same key (Outcome::idempotency_key) is always safe, from any Client.
// - Ordering. Requests made one after another (from one thread, or ordered by
//   the caller) are sent, and resent, in that order, and the server executes
//   requests for one event in the order it receives them. Answers complete in
//   any order.
// - Sessions. A session id is an Id128; an application with string session ids
//   passes Id128::from_name(its_session_string).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "seat/client_types.h"

namespace seat {

// TLS to a seatd started with --tls-cert (docs/protocol.md, "TLS"). The
// handshake is part of each connection attempt, so connect_timeout bounds it.
// A certificate the client does not accept fails the waiting calls at once
// with connection_failed ("TLS handshake with HOST:PORT failed: certificate
// verify failed (...)"), without the back-off: it would be refused again.
struct TlsOptions {
    bool enabled = false;
    // The CAs that may vouch for the server: a PEM file, a directory of hashed
    // certificates (openssl rehash), or both. Neither: the system's store.
    std::string ca_file;
    std::string ca_dir;
    // The name the server's certificate must carry, a DNS name or an IP
    // address, also sent as SNI when it is a name. Empty: ClientOptions::host.
    std::string server_name;
    // FOR TESTS ONLY: accept any certificate from anyone. The connection is
    // encrypted, but whoever sits in the middle reads it, API key included.
    bool insecure_skip_verify_for_tests = false;
};

// I/O threads for many Clients to share (ClientOptions::threads), as
// redis-benchmark and memtier multiplex many connections on a few threads.
// Each thread runs an event loop of its own, and each Client is given the loop
// with the fewest Clients when it is made and keeps it for its whole life, so
// a Client's work and callbacks still run on one thread, in order, without
// locks. Safe for concurrent use. Every Client made with it holds a reference:
// the threads are stopped and joined when the last holder lets go, which must
// not be from one of those threads (checked).
class SEATCLIENT_API ClientThreads {
  public:
    // At least one thread; `count` is clamped to [1, kThreadsMax].
    explicit ClientThreads(std::size_t count);
    ~ClientThreads();
    ClientThreads(const ClientThreads&) = delete;
    ClientThreads& operator=(const ClientThreads&) = delete;

    static constexpr std::size_t kThreadsMax = 64;
    std::size_t size() const;

    class Impl;  // private to libseatclient

  private:
    friend class Client;
    std::unique_ptr<Impl> impl_;
};

struct ClientOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7400;
    std::string api_key;
    std::string client_name = "seatclient-cpp/0.1";
    TlsOptions tls;

    // One connection attempt (resolve, connect, TLS handshake, Hello answered).
    std::chrono::milliseconds connect_timeout{2000};
    // A call's default time to an answer, reconnects and resends included.
    std::chrono::milliseconds call_timeout{10000};
    // Back-off between connection attempts: initial, doubling up to max.
    std::chrono::milliseconds reconnect_delay_initial{50};
    std::chrono::milliseconds reconnect_delay_max{2000};
    // Consecutive failed attempts after which the waiting calls fail with
    // connection_failed; the next call starts over.
    int reconnect_attempts_max = 8;
    // A server answering `overloaded` is retried (same key) after its hint, at
    // most this many times per call.
    int overloaded_retries_max = 5;
    // Calls queued or awaiting an answer; beyond this a call fails at once with
    // request_rejected instead of growing memory without bound.
    std::size_t calls_in_flight_max = 65536;
    // Shared I/O threads (ClientThreads); null: the Client owns one thread.
    std::shared_ptr<ClientThreads> threads;
};

struct CallOptions {
    // The idempotency key of a mutating call; zero means a fresh random one.
    // Ignored by queries.
    client::Id128 idempotency_key;
    // Zero means ClientOptions::call_timeout.
    std::chrono::milliseconds timeout{0};
};

template <typename T>
using Callback = std::function<void(client::Result<T>)>;

class SEATCLIENT_API Client {
  public:
    explicit Client(ClientOptions options);
    // Closes the connection and fails every unanswered call with client_closed
    // (running its callback), and returns once none of the Client's work is
    // left on its I/O thread: no callback of this Client runs afterwards. An
    // owned thread is then stopped and joined; a shared one runs on.
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    const ClientOptions& options() const;

    // Connects (if not connected) and returns the server's HelloReply. Optional:
    // calls connect on demand. Useful to fail fast on a wrong host or key.
    client::Result<client::HelloInfo> connect();
    void connect_async(Callback<client::HelloInfo> done);

    // ---- Synchronous calls. Each blocks until its result (see the contract).

    client::Result<client::Pong> ping(const CallOptions& o = {});
    client::Result<client::EventList> list_events(std::uint64_t after_event = 0,
                                                  std::uint32_t limit = 0,
                                                  const CallOptions& o = {});
    client::Result<client::Empty> create_event(std::uint64_t event,
                                               const client::CreateEventRequest& request,
                                               const CallOptions& o = {});
    client::Result<client::HoldInfo> place_hold(std::uint64_t event, client::Id128 session,
                                                const client::Seats& seats,
                                                const CallOptions& o = {});
    // The same with the request's admission token (an event with a waiting room
    // refuses a hold without one: not_admitted).
    client::Result<client::HoldInfo> place_hold(std::uint64_t event,
                                                const client::HoldRequest& request,
                                                const CallOptions& o = {});
    client::Result<client::Empty> release_hold(std::uint64_t event, std::uint64_t hold,
                                               client::Id128 session, const CallOptions& o = {});
    client::Result<client::HoldInfo> extend_hold(std::uint64_t event, std::uint64_t hold,
                                                 client::Id128 session, const CallOptions& o = {});
    client::Result<client::PurchaseInfo> purchase(std::uint64_t event,
                                                  const client::PurchaseRequest& request,
                                                  const CallOptions& o = {});
    client::Result<client::BlockInfo> block_seats(std::uint64_t event, const client::Seats& seats,
                                                  const CallOptions& o = {});
    client::Result<client::BlockInfo> unblock_seats(std::uint64_t event, const client::Seats& seats,
                                                    const CallOptions& o = {});
    client::Result<client::SeatInfo> get_seat(std::uint64_t event, std::uint32_t seat,
                                              const CallOptions& o = {});
    client::Result<client::SeatInfo> get_seat(std::uint64_t event, const std::string& seat_name,
                                              const CallOptions& o = {});
    client::Result<client::SectionInfo> get_section(std::uint64_t event, std::uint16_t section,
                                                    bool with_labels = false,
                                                    const CallOptions& o = {});
    client::Result<client::SectionInfo> get_section(std::uint64_t event,
                                                    const std::string& section_name,
                                                    bool with_labels = false,
                                                    const CallOptions& o = {});
    client::Result<client::Summary> get_summary(std::uint64_t event, const CallOptions& o = {});
    client::Result<client::TicketInfo> get_ticket(std::uint64_t event, client::Id128 ticket_id,
                                                  const CallOptions& o = {});

    // ---- Tickets and entry (docs/tickets.md).

    // Scanner: admit the ticket whose code a gate read (either format). The
    // first admission wins; a repeated scan is already_admitted, and the value
    // still names the seat and the first admission's time and gate.
    // device_at_ms: when an offline scanner admitted it; 0 = now.
    client::Result<client::AdmitInfo> admit(std::uint64_t event, const std::string& code,
                                            const std::string& gate, std::int64_t device_at_ms = 0,
                                            const CallOptions& o = {});
    // A new code (version + 1) for a lost phone or a transfer to new_owner
    // (empty = same owner); the old code is revoked in the same step.
    client::Result<client::TicketInfo> reissue_ticket(std::uint64_t event, client::Id128 ticket_id,
                                                      const std::string& new_owner = {},
                                                      const CallOptions& o = {});
    // Refund: the ticket is cancelled, its code revoked, its seat available again.
    client::Result<client::TicketInfo> cancel_ticket(std::uint64_t event, client::Id128 ticket_id,
                                                     const CallOptions& o = {});
    client::Result<client::TicketList> list_tickets(std::uint64_t event,
                                                    const std::string& owner_id,
                                                    const CallOptions& o = {});
    client::Result<client::Revocations> get_revocations(std::uint64_t event,
                                                        const CallOptions& o = {});
    client::Result<client::PublicKeys> get_public_keys(const CallOptions& o = {});

    // ---- Checkout and refunds (docs/payments.md). A seatd without a payment
    // provider answers checkout() with unsupported.

    // Pays for a live hold: seatd charges request.payment_method through its
    // provider and answers once the outcome is durable. ok: sold, with the
    // tickets. payment_declined (decline_reason), payment_refunded (charged,
    // but the sale could not complete) and payment_pending (the wait ended
    // first: ask get_checkout) come with the checkout in `value` too;
    // checkout_throttled comes with Outcome::retry_after_ms and no checkout.
    // Retrying with the same idempotency key never charges twice.
    client::Result<client::CheckoutInfo> checkout(std::uint64_t event,
                                                  const client::CheckoutRequest& request,
                                                  const CallOptions& o = {});
    // A checkout as it stands now (ok whatever its state; the tickets when sold).
    client::Result<client::CheckoutInfo> get_checkout(std::uint64_t event,
                                                      client::Id128 checkout_id,
                                                      const CallOptions& o = {});
    // Admin: the event's refunds, oldest first, one page.
    client::Result<client::RefundList> list_refunds(std::uint64_t event,
                                                    const client::RefundFilter& filter = {},
                                                    const CallOptions& o = {});
    // Admin: owe a failed refund again; the value is the refund as it is now.
    client::Result<client::Refund> retry_refund(std::uint64_t event, client::Id128 refund_id,
                                                const CallOptions& o = {});

    // ---- The waiting room (docs/waiting-room.md). An event without one answers
    // these with no_waiting_room. None of them carries an idempotency key: a
    // resent join finds the session's entry (QueueEntryInfo::existing), and a
    // resent leave or poll asks again.

    // The session's live entry, or a new one at the back of the queue (before
    // the sale starts: in the pre-queue, whose order is drawn at the start).
    // queue_full and sold_out come without a value.
    client::Result<client::QueueEntryInfo> join_queue(std::uint64_t event, client::Id128 session,
                                                      const CallOptions& o = {});
    // How the entry stands; admitted, with the admission token. heartbeat keeps
    // a waiting position: send one every QueueEntryInfo::heartbeat_every_ms, or
    // the entry is abandoned after the event's grace.
    client::Result<client::QueueEntryInfo> queue_status(std::uint64_t event, client::Id128 ticket,
                                                        bool heartbeat = false,
                                                        const CallOptions& o = {});
    // Gives the place up (waiting) or ends the admission (admitted); the value is
    // the entry as it is now (left).
    client::Result<client::QueueEntryInfo> leave_queue(std::uint64_t event, client::Id128 ticket,
                                                       const CallOptions& o = {});
    // The room as a whole: queue length, active shoppers, admission rate.
    client::Result<client::RoomInfo> get_room(std::uint64_t event, const CallOptions& o = {});

    // ---- Transfers and resale (docs/resale.md). Owners act through the
    // application, which names them: the named owner (or seller) must be the
    // ticket's, or the answer is not_owner. An offered or listed ticket has no
    // code that admits; the event's TransferSettings decide what is allowed.

    // Offers the ticket to `request.to`; its code is revoked at once. The
    // value's claim_token is shown this once (a replayed answer has none): put
    // it in the link the addressee gets.
    client::Result<client::OfferInfo> offer_transfer(std::uint64_t event,
                                                     const client::OfferRequest& request,
                                                     const CallOptions& o = {});
    // The claimer becomes the owner: ok, with the new code. offer_claimed,
    // offer_cancelled and offer_expired come with the offer (ClaimInfo::offer).
    client::Result<client::ClaimInfo> claim_transfer(std::uint64_t event,
                                                     const std::string& claim_token,
                                                     const std::string& claimer,
                                                     const CallOptions& o = {});
    // The sender takes an open offer back: the value's ticket has the owner's new code.
    client::Result<client::OfferInfo> cancel_offer(std::uint64_t event, client::Id128 ticket_id,
                                                   const std::string& from_owner,
                                                   const CallOptions& o = {});
    // The ticket's newest offer, in any state (never with its claim token).
    client::Result<client::OfferInfo> get_offer(std::uint64_t event, client::Id128 ticket_id,
                                                const CallOptions& o = {});
    // Lists the ticket for resale, in the platform's escrow (the seller's code
    // is revoked at once). price_over_cap comes with ListingInfo::cap_minor.
    client::Result<client::ListingInfo> list_ticket(std::uint64_t event,
                                                    const client::ListingRequest& request,
                                                    const CallOptions& o = {});
    // Takes the listing back: the value's ticket has the seller's new code (or,
    // while a buyer pays, Listing::delist_requested: the payment decides).
    client::Result<client::ListingInfo> delist_ticket(std::uint64_t event, client::Id128 ticket_id,
                                                      const std::string& seller,
                                                      const CallOptions& o = {});
    // Buys a listing through seatd's payment provider, answered like checkout():
    // ok, sold, with the bought ticket and the buyer's code; payment_declined,
    // payment_refunded and payment_pending with the checkout.
    client::Result<client::CheckoutInfo> buy_listing(std::uint64_t event,
                                                     const client::BuyListingRequest& request,
                                                     const CallOptions& o = {});
    // Listings on sale, cheapest first (without their sellers).
    client::Result<client::ListingPage> list_listings(std::uint64_t event,
                                                      const client::ListingFilter& filter = {},
                                                      const CallOptions& o = {});
    // The ticket's custody chain, oldest first (the sale first).
    client::Result<client::TicketHistory> get_ticket_history(std::uint64_t event,
                                                             client::Id128 ticket_id,
                                                             const CallOptions& o = {});
    // Admin: the seller's identity was verified (KYC); their held payouts are released.
    client::Result<client::KycInfo> verify_seller(std::uint64_t event, const std::string& seller,
                                                  const CallOptions& o = {});
    // Admin: the event's payouts, oldest first, one page.
    client::Result<client::PayoutList> list_payouts(std::uint64_t event,
                                                    const client::PayoutFilter& filter = {},
                                                    const CallOptions& o = {});
    // Admin: owe a failed payout again, to `destination` (the seller's corrected
    // account) or, empty, to the same one; the value is the payout as it is now
    // (owed, Payout::retries one more). A payout that is not failed is
    // invalid_argument, an unknown one payout_not_found.
    client::Result<client::Payout> retry_payout(std::uint64_t event, client::Id128 payout_id,
                                                const std::string& destination = {},
                                                const CallOptions& o = {});

    // ---- Asynchronous calls. Each queues the request and returns at once; the
    // callback runs on the I/O thread (see the contract). The future overloads
    // are the same calls with a callback that fulfils a promise.

    void ping_async(Callback<client::Pong> done, const CallOptions& o = {});
    void list_events_async(std::uint64_t after_event, std::uint32_t limit,
                           Callback<client::EventList> done, const CallOptions& o = {});
    void create_event_async(std::uint64_t event, const client::CreateEventRequest& request,
                            Callback<client::Empty> done, const CallOptions& o = {});
    void place_hold_async(std::uint64_t event, client::Id128 session, const client::Seats& seats,
                          Callback<client::HoldInfo> done, const CallOptions& o = {});
    void place_hold_async(std::uint64_t event, const client::HoldRequest& request,
                          Callback<client::HoldInfo> done, const CallOptions& o = {});
    void release_hold_async(std::uint64_t event, std::uint64_t hold, client::Id128 session,
                            Callback<client::Empty> done, const CallOptions& o = {});
    void extend_hold_async(std::uint64_t event, std::uint64_t hold, client::Id128 session,
                           Callback<client::HoldInfo> done, const CallOptions& o = {});
    void purchase_async(std::uint64_t event, const client::PurchaseRequest& request,
                        Callback<client::PurchaseInfo> done, const CallOptions& o = {});
    void block_seats_async(std::uint64_t event, const client::Seats& seats,
                           Callback<client::BlockInfo> done, const CallOptions& o = {});
    void unblock_seats_async(std::uint64_t event, const client::Seats& seats,
                             Callback<client::BlockInfo> done, const CallOptions& o = {});
    void get_seat_async(std::uint64_t event, std::uint32_t seat, Callback<client::SeatInfo> done,
                        const CallOptions& o = {});
    void get_seat_async(std::uint64_t event, const std::string& seat_name,
                        Callback<client::SeatInfo> done, const CallOptions& o = {});
    void get_section_async(std::uint64_t event, std::uint16_t section, bool with_labels,
                           Callback<client::SectionInfo> done, const CallOptions& o = {});
    void get_section_async(std::uint64_t event, const std::string& section_name, bool with_labels,
                           Callback<client::SectionInfo> done, const CallOptions& o = {});
    void get_summary_async(std::uint64_t event, Callback<client::Summary> done,
                           const CallOptions& o = {});
    void get_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                          Callback<client::TicketInfo> done, const CallOptions& o = {});
    void admit_async(std::uint64_t event, const std::string& code, const std::string& gate,
                     std::int64_t device_at_ms, Callback<client::AdmitInfo> done,
                     const CallOptions& o = {});
    void reissue_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                              const std::string& new_owner, Callback<client::TicketInfo> done,
                              const CallOptions& o = {});
    void cancel_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                             Callback<client::TicketInfo> done, const CallOptions& o = {});
    void list_tickets_async(std::uint64_t event, const std::string& owner_id,
                            Callback<client::TicketList> done, const CallOptions& o = {});
    void get_revocations_async(std::uint64_t event, Callback<client::Revocations> done,
                               const CallOptions& o = {});
    void get_public_keys_async(Callback<client::PublicKeys> done, const CallOptions& o = {});
    void checkout_async(std::uint64_t event, const client::CheckoutRequest& request,
                        Callback<client::CheckoutInfo> done, const CallOptions& o = {});
    void get_checkout_async(std::uint64_t event, client::Id128 checkout_id,
                            Callback<client::CheckoutInfo> done, const CallOptions& o = {});
    void list_refunds_async(std::uint64_t event, const client::RefundFilter& filter,
                            Callback<client::RefundList> done, const CallOptions& o = {});
    void retry_refund_async(std::uint64_t event, client::Id128 refund_id,
                            Callback<client::Refund> done, const CallOptions& o = {});
    void join_queue_async(std::uint64_t event, client::Id128 session,
                          Callback<client::QueueEntryInfo> done, const CallOptions& o = {});
    void queue_status_async(std::uint64_t event, client::Id128 ticket, bool heartbeat,
                            Callback<client::QueueEntryInfo> done, const CallOptions& o = {});
    void leave_queue_async(std::uint64_t event, client::Id128 ticket,
                           Callback<client::QueueEntryInfo> done, const CallOptions& o = {});
    void get_room_async(std::uint64_t event, Callback<client::RoomInfo> done,
                        const CallOptions& o = {});
    void offer_transfer_async(std::uint64_t event, const client::OfferRequest& request,
                              Callback<client::OfferInfo> done, const CallOptions& o = {});
    void claim_transfer_async(std::uint64_t event, const std::string& claim_token,
                              const std::string& claimer, Callback<client::ClaimInfo> done,
                              const CallOptions& o = {});
    void cancel_offer_async(std::uint64_t event, client::Id128 ticket_id,
                            const std::string& from_owner, Callback<client::OfferInfo> done,
                            const CallOptions& o = {});
    void get_offer_async(std::uint64_t event, client::Id128 ticket_id,
                         Callback<client::OfferInfo> done, const CallOptions& o = {});
    void list_ticket_async(std::uint64_t event, const client::ListingRequest& request,
                           Callback<client::ListingInfo> done, const CallOptions& o = {});
    void delist_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                             const std::string& seller, Callback<client::ListingInfo> done,
                             const CallOptions& o = {});
    void buy_listing_async(std::uint64_t event, const client::BuyListingRequest& request,
                           Callback<client::CheckoutInfo> done, const CallOptions& o = {});
    void list_listings_async(std::uint64_t event, const client::ListingFilter& filter,
                             Callback<client::ListingPage> done, const CallOptions& o = {});
    void get_ticket_history_async(std::uint64_t event, client::Id128 ticket_id,
                                  Callback<client::TicketHistory> done, const CallOptions& o = {});
    void verify_seller_async(std::uint64_t event, const std::string& seller,
                             Callback<client::KycInfo> done, const CallOptions& o = {});
    void list_payouts_async(std::uint64_t event, const client::PayoutFilter& filter,
                            Callback<client::PayoutList> done, const CallOptions& o = {});
    void retry_payout_async(std::uint64_t event, client::Id128 payout_id,
                            const std::string& destination, Callback<client::Payout> done,
                            const CallOptions& o = {});

    std::future<client::Result<client::HoldInfo>> place_hold_async(std::uint64_t event,
                                                                   client::Id128 session,
                                                                   const client::Seats& seats,
                                                                   const CallOptions& o = {});
    std::future<client::Result<client::PurchaseInfo>> purchase_async(
        std::uint64_t event, const client::PurchaseRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::Empty>> release_hold_async(std::uint64_t event,
                                                                  std::uint64_t hold,
                                                                  client::Id128 session,
                                                                  const CallOptions& o = {});
    std::future<client::Result<client::TicketInfo>> get_ticket_async(std::uint64_t event,
                                                                     client::Id128 ticket_id,
                                                                     const CallOptions& o = {});
    std::future<client::Result<client::AdmitInfo>> admit_async(std::uint64_t event,
                                                               const std::string& code,
                                                               const std::string& gate,
                                                               std::int64_t device_at_ms = 0,
                                                               const CallOptions& o = {});
    std::future<client::Result<client::CheckoutInfo>> checkout_async(
        std::uint64_t event, const client::CheckoutRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::HoldInfo>> place_hold_async(
        std::uint64_t event, const client::HoldRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::QueueEntryInfo>> join_queue_async(std::uint64_t event,
                                                                         client::Id128 session,
                                                                         const CallOptions& o = {});
    std::future<client::Result<client::QueueEntryInfo>> queue_status_async(
        std::uint64_t event, client::Id128 ticket, bool heartbeat = false,
        const CallOptions& o = {});
    std::future<client::Result<client::QueueEntryInfo>> leave_queue_async(
        std::uint64_t event, client::Id128 ticket, const CallOptions& o = {});
    std::future<client::Result<client::RoomInfo>> get_room_async(std::uint64_t event,
                                                                 const CallOptions& o = {});
    std::future<client::Result<client::OfferInfo>> offer_transfer_async(
        std::uint64_t event, const client::OfferRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::ClaimInfo>> claim_transfer_async(
        std::uint64_t event, const std::string& claim_token, const std::string& claimer,
        const CallOptions& o = {});
    std::future<client::Result<client::OfferInfo>> cancel_offer_async(std::uint64_t event,
                                                                      client::Id128 ticket_id,
                                                                      const std::string& from_owner,
                                                                      const CallOptions& o = {});
    std::future<client::Result<client::OfferInfo>> get_offer_async(std::uint64_t event,
                                                                   client::Id128 ticket_id,
                                                                   const CallOptions& o = {});
    std::future<client::Result<client::ListingInfo>> list_ticket_async(
        std::uint64_t event, const client::ListingRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::ListingInfo>> delist_ticket_async(std::uint64_t event,
                                                                         client::Id128 ticket_id,
                                                                         const std::string& seller,
                                                                         const CallOptions& o = {});
    std::future<client::Result<client::CheckoutInfo>> buy_listing_async(
        std::uint64_t event, const client::BuyListingRequest& request, const CallOptions& o = {});
    std::future<client::Result<client::ListingPage>> list_listings_async(
        std::uint64_t event, const client::ListingFilter& filter, const CallOptions& o = {});
    std::future<client::Result<client::TicketHistory>> get_ticket_history_async(
        std::uint64_t event, client::Id128 ticket_id, const CallOptions& o = {});
    std::future<client::Result<client::KycInfo>> verify_seller_async(std::uint64_t event,
                                                                     const std::string& seller,
                                                                     const CallOptions& o = {});
    std::future<client::Result<client::PayoutList>> list_payouts_async(
        std::uint64_t event, const client::PayoutFilter& filter, const CallOptions& o = {});
    std::future<client::Result<client::Payout>> retry_payout_async(std::uint64_t event,
                                                                   client::Id128 payout_id,
                                                                   const std::string& destination,
                                                                   const CallOptions& o = {});

    // Statistics for tests and monitoring.
    struct Stats {
        std::uint64_t connects = 0;  // successful Hellos, the first included
        std::uint64_t resent = 0;    // requests sent again after a reconnect
        std::uint64_t calls_in_flight = 0;
    };
    Stats stats() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace seat
