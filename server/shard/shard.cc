// The shard's round, and why replies wait for the fsync.
//
// Since we promise that every answer a client sees survives a crash, a reply may
// leave only after the facts it reports are on disk. Syncing once per request
// would cap a shard at one request per fsync (hundreds of microseconds to
// milliseconds). So, like Redis writing its AOF just before re-entering the event
// loop, a shard collects work: it drains its whole queue, runs decide + apply for
// every request (later requests see earlier ones' effects, exactly as if they had
// run one by one), puts all the facts of the round into one RocksDB WriteBatch,
// writes it with sync = true, and only then hands the round's replies to the
// connections. One fsync pays for the whole round, and the busier the shard, the
// bigger its rounds. Reads are answered in the round too, built at their place in
// the order and held back with the rest: a read built after a write of the same
// round reports that write, so it must not leave before the write is durable.
//
// If the commit fails, commit_or_die stops the process before any reply of the
// round exists outside this thread (docs/durability.md).
#include "server/shard/shard.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iterator>
#include <random>

#include "server/net/wire_convert.h"
#include "base/check.h"
#include "engine/queries.h"
#include "server/log.h"
#include "server/shard/router.h"
#include "venues/venue_json.h"
#include "tickets/revocation_filter.h"
#include "venues/generators.h"

namespace seat::server {
namespace {

using namespace seat::protocol;
using T = wire::RequestBody;

// Due holds are looked for at most this often; a command that touches a hold
// past its time also expires it on the spot, so no one can use a stale hold.
constexpr UnixMillis kExpiryCheckIntervalMs = 100;

// ListTickets answers at most this many tickets (an owner with more is told
// `more`; a box office lists a buyer's tickets, not an agency's stock).
constexpr std::size_t kListTicketsMax = 1000;
// A revocation filter must fit one reply frame with room to spare.
constexpr std::size_t kRevocationFilterBytesMax = kFrameBytesMax - 64 * 1024;

std::uint64_t random_seed() {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
}

std::string_view text_of(const flatbuffers::String* s) {
    return s == nullptr ? std::string_view{} : s->string_view();
}

}  // namespace

OwnedFrame::OwnedFrame(std::span<const std::uint8_t> frame)
    : words_((frame.size() + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t)) {
    std::memcpy(words_.data(), frame.data(), frame.size());
}

const wire::Request* OwnedFrame::request() const {
    return flatbuffers::GetSizePrefixedRoot<wire::Request>(words_.data());
}

Shard::Shard(std::size_t index, storage::FactLog& log, EventDirectory& directory,
             const ShardOptions& options)
    : index_(index),
      log_(log),
      directory_(directory),
      options_(options),
      rng_(random_seed()),
      batch_(log),
      snapshot_writer_(std::make_unique<SnapshotWriter>(index, log)) {}

Shard::~Shard() {
    SEAT_CHECK(!thread_.joinable(), "a shard is destroyed while its thread runs");
}

void Shard::adopt(storage::RecoveredEvent recovered) {
    const EventId id = recovered.state.event();
    directory_.update(listing_of(recovered.state));
    events_[id] = EventSlot{std::move(recovered.state), recovered.snapshot_sequence, {}, false, {}};
}

Result Shard::create_now(const CreateEvent& command) {
    EventSlot slot;
    facts_.clear();
    const Result r = execute(slot.state, command, wall_clock_ms(), rng_, facts_);
    if (!r.ok()) return r;
    EventSlot& stored = events_[command.event] = std::move(slot);
    stage_facts(stored, 1);
    commit_round();
    directory_.update(listing_of(stored.state));
    stored.touched = false;
    touched_.clear();
    return r;
}

void Shard::start() {
    thread_ = std::thread([this] { run(); });
}

Shard::Push Shard::push(std::vector<ShardRequest>& requests) {
    std::size_t taken = 0;
    Push result = Push::queued;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            result = Push::closed;
        } else {
            taken = std::min(requests.size(),
                             options_.queue_max - std::min(options_.queue_max, queue_.size()));
            std::move(requests.begin(), requests.begin() + static_cast<std::ptrdiff_t>(taken),
                      std::back_inserter(queue_));
            if (taken < requests.size()) result = Push::full;
        }
    }
    requests.erase(requests.begin(), requests.begin() + static_cast<std::ptrdiff_t>(taken));
    if (taken > 0) wake_.notify_one();
    return result;
}

void Shard::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
}

void Shard::join() {
    if (thread_.joinable()) thread_.join();
    snapshot_writer_->wait_idle();
}

void Shard::run() {
    std::vector<ShardRequest> requests;
    for (;;) {
        bool stopping = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::milliseconds(kExpiryCheckIntervalMs),
                           [&] { return !queue_.empty() || stopping_; });
            requests.swap(queue_);
            // Pushes are refused from the moment stopping_ is set, so the queue
            // taken here is the last: this round answers everything accepted.
            stopping = stopping_;
        }
        run_round(requests);
        requests.clear();
        if (stopping) return;
    }
}

void Shard::run_round(std::vector<ShardRequest>& requests) {
    const UnixMillis now = wall_clock_ms();
    const bool expiry_due = now >= next_expiry_check_;
    if (requests.empty() && !expiry_due) return;
    if (expiry_due) {
        expire_due_holds(now);
        next_expiry_check_ = now + kExpiryCheckIntervalMs;
    }
    for (const ShardRequest& request : requests)
        handle(request, now);

    commit_round();
    // Listings first, so a client told "created" finds the event in ListEvents.
    for (EventSlot* slot : touched_)
        directory_.update(listing_of(slot->state));
    send_replies();
    after_commit();

    stats_.rounds += requests.empty() ? 0 : 1;
    stats_.requests += requests.size();
    stats_.requests_max = std::max<std::uint64_t>(stats_.requests_max, requests.size());
}

void Shard::expire_due_holds(UnixMillis now) {
    for (auto& [event, slot] : events_) {
        bool due = false;
        slot.state.for_each_due_hold(now, [&](HoldId, UnixMillis) {
            due = true;
            return false;  // one is enough
        });
        while (due) {
            const Sequence first = slot.state.sequence() + 1;
            facts_.clear();
            const Result r = execute(slot.state, ExpireHolds{}, now, rng_, facts_);
            stage_facts(slot, first);
            due = std::get<ExpireReply>(r.reply).holds_expired >= kExpireBatchMax;
        }
    }
}

void Shard::stage_facts(EventSlot& slot, Sequence first) {
    for (std::size_t i = 0; i < facts_.size(); ++i)
        batch_.add(slot.state.event(), first + i, facts_[i]);
    if (!facts_.empty() && !slot.touched) {
        slot.touched = true;
        touched_.push_back(&slot);
    }
    stats_.facts += facts_.size();
}

void Shard::commit_round() {
    if (batch_.empty()) return;
    const auto start = std::chrono::steady_clock::now();
    log_.commit_or_die(batch_);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    ++stats_.commits;
    stats_.commit_us_total += static_cast<std::uint64_t>(us);
    stats_.commit_us_max = std::max<std::uint64_t>(stats_.commit_us_max, us);
}

// Snapshots bound the replay at start-up. The shard only copies the state (no
// reply depends on a snapshot: the facts are already durable); the writer's
// thread encodes and syncs it, so a round never waits for one.
void Shard::after_commit() {
    for (EventSlot* slot : touched_) {
        slot->touched = false;
        const Sequence seq = slot->state.sequence();
        if (!options_.snapshots.due(seq, slot->last_snapshot)) continue;
        if (!snapshot_writer_->idle()) continue;  // offered again after a later round
        if (snapshot_writer_->offer(slot->state.image())) slot->last_snapshot = seq;
    }
    touched_.clear();
}

void Shard::handle(const ShardRequest& request, UnixMillis now) {
    current_sink_ = request.sink;
    current_code_ = request.code ? &*request.code : nullptr;
    const wire::Request& req = *request.frame.request();
    current_request_id_ = req.request_id();
    builder_.Clear();
    if (req.body_type() == T::CreateEvent) {
        handle_create(req, now);
        return;
    }
    // An admission goes to the event its verified code names.
    const EventId event = request.code ? request.code->event : req.event();
    auto it = event == 0 ? events_.end() : events_.find(event);
    if (it == events_.end()) {
        queue_reply(build_status(builder_, req.request_id(), Status::event_not_found));
        return;
    }
    handle_event_request(req, request.role, it->second, now);
}

void Shard::handle_create(const wire::Request& req, UnixMillis now) {
    const wire::CreateEvent& in = *req.body_as_CreateEvent();
    const std::uint64_t id = req.request_id();
    auto refuse = [&](std::string_view why) {
        queue_reply(build_status(builder_, id, Status::invalid_argument, why));
    };
    if (!key_given(in.idempotency_key())) return refuse("CreateEvent needs an idempotency_key");
    if (req.event() == 0) return refuse("event id 0 is reserved: choose a non-zero id");
    SaleSettings settings;
    std::string error;
    if (to_settings(in, settings, error) != Status::ok) return refuse(error);
    std::optional<Venue> venue;
    const std::string_view generator = text_of(in.generator());
    if (generator.empty()) {
        venue = parse_venue_json(text_of(in.venue_json()), error);
        if (!venue) return refuse("venue_json: " + error);
    } else if (!text_of(in.venue_json()).empty()) {
        return refuse("CreateEvent takes venue_json or generator, not both");
    } else if (generator == "theatre") {
        venue = make_theatre();
    } else if (generator == "stadium") {
        venue = make_stadium();
    } else {
        return refuse("generator: unknown venue generator \"" + std::string(generator) +
                      "\" (theatre, stadium)");
    }

    const IdempotencyKey key = from_wire(in.idempotency_key());
    if (auto it = events_.find(req.event()); it != events_.end()) {
        const EventSlot& slot = it->second;
        // The creating key is kept in memory only; after a restart a retry is
        // recognised by asking for exactly the event that exists.
        const bool retry = slot.create_key.is_zero()
                               ? slot.state.venue() == *venue && slot.state.settings() == settings
                               : slot.create_key == key;
        if (!retry) {
            queue_reply(build_status(builder_, id, Status::event_exists));
        } else {
            Result replayed;
            replayed.replayed = true;
            replayed.reply = CreateReply{};
            queue_reply(build_result(builder_, id, T::CreateEvent, replayed, slot.state));
        }
        return;
    }
    EventSlot fresh;
    fresh.create_key = key;
    facts_.clear();
    const CreateEvent command{req.event(), std::make_shared<const Venue>(std::move(*venue)),
                              std::move(settings)};
    const Result r = execute(fresh.state, command, now, rng_, facts_);
    if (r.ok()) {
        EventSlot& slot = events_[req.event()] = std::move(fresh);
        stage_facts(slot, 1);
        queue_reply(build_result(builder_, id, T::CreateEvent, r, slot.state));
    } else {
        queue_reply(build_status(builder_, id, r.status));
    }
}

void Shard::handle_event_request(const wire::Request& req, wire::Role role, EventSlot& slot,
                                 UnixMillis now) {
    const Venue& venue = slot.state.venue();
    std::vector<Refusal> unknown;
    Status s = Status::ok;
    auto convert_and_run = [&](auto command, auto convert) {
        s = convert(command);
        if (s == Status::ok) return run_command(req, slot, Command{std::move(command)}, now);
        if (unknown.empty()) return queue_reply(build_status(builder_, req.request_id(), s));
        queue_reply(build_refusal(builder_, req.request_id(), s, unknown,
                                  static_cast<std::uint32_t>(unknown.size())));
    };
    switch (req.body_type()) {
        case T::PlaceHold:
            return convert_and_run(PlaceHold{}, [&](PlaceHold& c) {
                return to_command(*req.body_as_PlaceHold(), venue, c, unknown);
            });
        case T::ReleaseHold:
            return convert_and_run(ReleaseHold{}, [&](ReleaseHold& c) {
                return to_command(*req.body_as_ReleaseHold(), c);
            });
        case T::ExtendHold:
            return convert_and_run(ExtendHold{}, [&](ExtendHold& c) {
                return to_command(*req.body_as_ExtendHold(), c);
            });
        case T::Purchase:
            return convert_and_run(
                Purchase{}, [&](Purchase& c) { return to_command(*req.body_as_Purchase(), c); });
        case T::BlockSeats:
            return convert_and_run(BlockSeats{}, [&](BlockSeats& c) {
                return to_command(*req.body_as_BlockSeats(), venue, c, unknown);
            });
        case T::UnblockSeats:
            return convert_and_run(UnblockSeats{}, [&](UnblockSeats& c) {
                return to_command(*req.body_as_UnblockSeats(), venue, c, unknown);
            });
        case T::AdmitTicket:
            return handle_admit(req, slot, now);
        case T::ReissueTicket: {
            ReissueTicket c;
            s = to_command(*req.body_as_ReissueTicket(), c);
            if (s != Status::ok) return queue_reply(build_status(builder_, req.request_id(), s));
            return run_ticket_command(req, role, slot, Command{std::move(c)}, now);
        }
        case T::CancelTicket: {
            CancelTicket c;
            s = to_command(*req.body_as_CancelTicket(), c);
            if (s != Status::ok) return queue_reply(build_status(builder_, req.request_id(), s));
            return run_ticket_command(req, role, slot, Command{std::move(c)}, now);
        }
        default:
            return handle_read(req, role, slot);
    }
}

void Shard::handle_admit(const wire::Request& req, EventSlot& slot, UnixMillis now) {
    const std::uint64_t id = req.request_id();
    if (current_code_ == nullptr) {
        // The connection verifies every AdmitTicket before routing it.
        return queue_reply(build_status(builder_, id, Status::internal_error,
                                        "an admission reached a shard unverified"));
    }
    const wire::AdmitTicket& in = *req.body_as_AdmitTicket();
    AdmitTicket command{current_code_->ticket, current_code_->version,
                        std::string(text_of(in.gate())), in.device_at_ms()};
    const Sequence first = slot.state.sequence() + 1;
    facts_.clear();
    const Result r = execute(slot.state, Command{std::move(command)}, now, rng_, facts_);
    stage_facts(slot, first);
    // The engine names the ticket on success and on every refusal about it.
    const EventState& state = slot.state;
    const TicketReply* about = r.reply_as<TicketReply>();
    const Ticket* ticket = about != nullptr ? &state.tickets()[about->ticket] : nullptr;
    queue_reply(build_admit_reply(builder_, id, r.status, state, ticket));
}

void Shard::run_ticket_command(const wire::Request& req, wire::Role role, EventSlot& slot,
                               const Command& command, UnixMillis now) {
    const Sequence first = slot.state.sequence() + 1;
    facts_.clear();
    const Result r = execute(slot.state, command, now, rng_, facts_);
    stage_facts(slot, first);
    const TicketReply* done = r.reply_as<TicketReply>();
    if (!r.ok() || done == nullptr)
        return queue_reply(build_status(builder_, req.request_id(), r.status));
    queue_ticket_reply(req.request_id(), role, slot.state, slot.state.tickets()[done->ticket],
                       r.replayed);
}

// Codes are signed here, on demand: a purchase's reply carries none, so the
// sale's hot path never pays for a signature. Scanners get no codes and no
// buyer data.
void Shard::queue_ticket_reply(std::uint64_t request_id, wire::Role role, const EventState& state,
                               const Ticket& ticket, bool replayed) {
    const bool full = role != wire::Role::scanner;
    std::string code, code_hmac;
    if (full && ticket.status != TicketStatus::cancelled) {
        const std::shared_ptr<const TicketCodes> keys = options_.tickets->current();
        code = keys->code(tickets::CodeFormat::ed25519, state, ticket);
        code_hmac = keys->code(tickets::CodeFormat::hmac, state, ticket);
    }
    const TicketViewExtras extras{full, code, code_hmac};
    queue_reply(build_ticket_reply(builder_, request_id, state, ticket, full, extras, replayed));
}

void Shard::queue_revocations(std::uint64_t request_id, EventSlot& slot) {
    const EventState& state = slot.state;
    RevocationCache& cache = slot.revocations;
    if (!cache.built || cache.sequence != state.revoked_count()) {
        const auto n = static_cast<std::uint64_t>(
            std::max<std::size_t>({state.capacity(), state.revoked_count(), 1}));
        // Sized for the event at kFilterFalsePositiveRate; an event with more
        // revocations than fit one frame at that rate gets the best rate that fits.
        const double rate = tickets::RevocationFilter::rate_within(
            n, tickets::kFilterFalsePositiveRate, kRevocationFilterBytesMax * 8);
        tickets::RevocationFilter filter = tickets::RevocationFilter::sized_for(n, rate);
        state.for_each_revoked([&](const TicketId& ticket, std::uint32_t version) {
            filter.add(to_ticket_bytes(ticket), version);
        });
        filter.set_sequence(state.revoked_count());
        cache.filter = filter.serialize();
        cache.sequence = state.revoked_count();
        cache.false_positive_rate = rate;
        cache.built = true;
    }
    queue_reply(build_revocations_reply(builder_, request_id, cache.filter, cache.sequence,
                                        cache.false_positive_rate));
}

void Shard::run_command(const wire::Request& req, EventSlot& slot, const Command& command,
                        UnixMillis now) {
    const Sequence first = slot.state.sequence() + 1;
    facts_.clear();
    const Result r = execute(slot.state, command, now, rng_, facts_);
    stage_facts(slot, first);
    queue_reply(build_result(builder_, req.request_id(), req.body_type(), r, slot.state));
}

void Shard::handle_read(const wire::Request& req, wire::Role role, EventSlot& slot) {
    const EventState& state = slot.state;
    const Venue& venue = state.venue();
    const std::uint64_t id = req.request_id();
    auto refuse = [&](std::string_view why) {
        queue_reply(build_status(builder_, id, Status::invalid_argument, why));
    };
    switch (req.body_type()) {
        case T::GetSeat: {
            const wire::GetSeat& in = *req.body_as_GetSeat();
            const bool by_id = in.seat() != kNoSeat;
            if (by_id == (in.seat_name() != nullptr))
                return refuse("give exactly one of seat and seat_name");
            std::optional<SeatId> seat =
                by_id ? std::optional<SeatId>(in.seat()) : venue.find_seat(text_of(in.seat_name()));
            if (!seat || *seat >= venue.seat_count()) return refuse("no such seat in this venue");
            return queue_reply(build_seat_reply(builder_, id, state, *seat));
        }
        case T::GetSection: {
            const wire::GetSection& in = *req.body_as_GetSection();
            const bool by_id = in.section() != 0xFFFF;
            if (by_id == (in.section_name() != nullptr))
                return refuse("give exactly one of section and section_name");
            std::optional<SectionId> section = by_id
                                                   ? std::optional<SectionId>(in.section())
                                                   : venue.find_section(text_of(in.section_name()));
            if (!section || *section >= venue.sections.size())
                return refuse("no such section in this venue");
            return queue_reply(
                build_section_reply(builder_, id, state, *section, in.with_labels()));
        }
        case T::GetSummary:
            return queue_reply(build_summary_reply(builder_, id, state));
        case T::GetTicket: {
            const std::uint32_t index =
                state.ticket_index(from_wire(req.body_as_GetTicket()->ticket_id()));
            if (index == kNone)
                return queue_reply(build_status(builder_, id, Status::ticket_not_found));
            return queue_ticket_reply(id, role, state, state.tickets()[index], false);
        }
        case T::ListTickets: {
            const std::string_view owner = text_of(req.body_as_ListTickets()->owner_id());
            if (owner.empty() || owner.size() > kOwnerBytesMax)
                return refuse("owner_id must be 1 to 128 bytes");
            std::vector<std::uint32_t> found = tickets_of_owner(state, owner);
            const bool more = found.size() > kListTicketsMax;
            if (more) found.resize(kListTicketsMax);
            return queue_reply(build_tickets_reply(builder_, id, state, found, more));
        }
        case T::GetRevocations:
            return queue_revocations(id, slot);
        default:
            // Hello, Ping and ListEvents are answered by the connection, never routed here.
            return queue_reply(build_status(builder_, id, Status::internal_error,
                                            "request type routed to a shard by mistake"));
    }
}

void Shard::queue_reply(flatbuffers::Offset<wire::Response> root) {
    std::span<const std::uint8_t> frame = encode_frame(builder_, root);
    if (frame.empty()) {
        // Every reply fits by construction (frame.h); this is a last line of defence.
        builder_.Clear();
        frame = encode_frame(builder_,
                             build_status(builder_, current_request_id_, Status::internal_error,
                                          "the reply does not fit in a frame"));
    }
    const ReplySink* sink = current_sink_.get();
    auto [it, added] = outgoing_index_.try_emplace(sink, outgoing_.size());
    if (added) outgoing_.push_back(Outgoing{current_sink_, {}, 0});
    Outgoing& out = outgoing_[it->second];
    out.frames.insert(out.frames.end(), frame.begin(), frame.end());
    ++out.count;
    builder_.Clear();
}

void Shard::send_replies() {
    for (Outgoing& out : outgoing_)
        out.sink->deliver(std::move(out.frames), out.count);
    outgoing_.clear();
    outgoing_index_.clear();
    current_sink_.reset();
}

Shards::Shards(std::size_t count, storage::FactLog& log, EventDirectory& directory,
               const ShardOptions& options) {
    for (std::size_t i = 0; i < count; ++i)
        shards_.push_back(std::make_unique<Shard>(i, log, directory, options));
}

Shard& Shards::owner(EventId event) {
    return *shards_[shard_of(event, shards_.size())];
}

void Shards::start() {
    for (auto& s : shards_)
        s->start();
}

void Shards::stop_and_join() {
    for (auto& s : shards_)
        s->stop();
    for (auto& s : shards_)
        s->join();
}

}  // namespace seat::server
