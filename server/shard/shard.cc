// The shard's round, and why answers wait for the fsync.
//
// Since we promise that every answer a client sees survives a crash, an answer
// may leave only after the facts it reports are on disk. Syncing once per job
// would cap a shard at one job per fsync (hundreds of microseconds to
// milliseconds). So, like Redis writing its AOF just before re-entering the event
// loop, a shard collects work: it drains its whole queue, runs decide + apply for
// every job (later jobs see earlier ones' effects, exactly as if they had run one
// by one), puts all the facts of the round into one RocksDB WriteBatch, writes it
// with sync = true, and only then releases the round's answers. One fsync pays
// for the whole round, and the busier the shard, the bigger its rounds. Queries
// are answered in the round too, at their place in the order, and held back with
// the rest: a query after a write of the same round reports that write, so it
// must not leave before the write is durable. Responders encode each answer when
// it is given (the state it reads is only valid then) and hand the encoded bytes
// on when released.
//
// If the commit fails, commit_or_die stops the process before any answer of the
// round exists outside this thread (docs/durability.md).
#include "server/shard/shard.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <utility>

#include "base/check.h"
#include "base/thread_name.h"
#include "engine/queries.h"
#include "engine/room/view.h"
#include "engine/transfers/views.h"
#include "server/shard/router.h"

namespace seat::server {
namespace {

// Due holds are looked for at most this often; a command that touches a hold
// past its time also expires it on the spot, so no one can use a stale hold.
constexpr UnixMillis kExpiryCheckIntervalMs = 100;
// Room for this many jobs is kept between rounds.
constexpr std::size_t kJobsRetained = 4096;

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
// Spelled out for clang before 17, which does not deduce an aggregate's arguments.
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

void store_max(std::atomic<std::uint64_t>& cell, std::uint64_t value) {
    if (value > cell.load(std::memory_order_relaxed)) cell.store(value, std::memory_order_relaxed);
}

// How a checkout stands, as its buyer is told.
Status checkout_status(const Checkout& c) {
    switch (c.state) {
        case CheckoutState::paying:
            return Status::payment_pending;
        case CheckoutState::sold:
            return Status::ok;
        case CheckoutState::declined:
            return Status::payment_declined;
        case CheckoutState::refunded:
            return Status::payment_refunded;
        case CheckoutState::abandoned:
            return Status::hold_expired;
    }
    return Status::internal_error;
}

// The ticket's newest offer in any state (index into offers), kNone if it
// never had one. O(offers): asked for one ticket at a time.
std::uint32_t newest_offer(const EventState& st, std::uint32_t ticket) {
    const std::span<const TransferOffer> offers = st.offers();
    for (std::size_t i = offers.size(); i > 0; --i)
        if (offers[i - 1].ticket == ticket) return static_cast<std::uint32_t>(i - 1);
    return kNone;
}

// The bucket `value` falls in: the first whose bound is at least it, else the last.
template <std::size_t N>
std::size_t bucket_of(const std::array<double, N>& bounds, double value) {
    std::size_t i = 0;
    while (i < N && value > bounds[i])
        ++i;
    return i;
}

void add(std::atomic<std::uint64_t>& cell, std::uint64_t value) {
    // One writer (the shard thread): a load and a store, no read-modify-write.
    cell.store(cell.load(std::memory_order_relaxed) + value, std::memory_order_relaxed);
}

}  // namespace

Shard::Shard(std::size_t index, storage::FactLog& log, EventDirectory& directory,
             const ShardOptions& options)
    : index_(index),
      log_(log),
      directory_(directory),
      options_(options),
      clock_(options_.environment.clock_or_wall()),
      rng_(options_.environment.make_rng()),
      batch_(log),
      snapshot_writer_(std::make_unique<SnapshotWriter>(index, log)) {}

Shard::~Shard() {
    SEAT_CHECK(!thread_.joinable(), "a shard is destroyed while its thread runs");
}

void Shard::adopt(storage::RecoveredEvent recovered) {
    const EventId id = recovered.state.event();
    directory_.update(listing_of(recovered.state));
    EventSlot slot(options_.revocation_filter_bytes_max);
    slot.state = std::move(recovered.state);
    slot.last_snapshot = recovered.snapshot_sequence;
    events_.insert_or_assign(id, std::move(slot));
}

Result Shard::create_now(const CreateEvent& command) {
    EventSlot slot(options_.revocation_filter_bytes_max);
    facts_.clear();
    const Result r = execute(slot.state, command, clock_.now_ms(), rng_, facts_);
    if (!r.ok()) return r;
    EventSlot& stored = events_.insert_or_assign(command.event, std::move(slot)).first->second;
    stage_facts(stored, 1);
    commit_round();
    directory_.update(listing_of(stored.state));
    stored.touched = false;
    touched_.clear();
    return r;
}

void Shard::start() {
    thread_ = std::thread([this] {
        name_this_thread("shard" + std::to_string(index_));
        run();
    });
}

Shard::Push Shard::push(std::vector<Job>& jobs) {
    std::size_t taken = 0;
    Push result = Push::queued;
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            result = Push::closed;
        } else {
            taken = std::min(jobs.size(),
                             options_.queue_max - std::min(options_.queue_max, queue_.size()));
            std::move(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(taken),
                      std::back_inserter(queue_));
            if (taken < jobs.size()) result = Push::full;
            if (taken > 0 && sleeping_) {
                sleeping_ = false;
                wake = true;
            }
        }
    }
    jobs.erase(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(taken));
    if (wake) wake_.notify_one();
    return result;
}

void Shard::run_one_round() {
    SEAT_CHECK(!thread_.joinable(), "run_one_round on a shard whose thread runs");
    std::vector<Job> jobs;
    {
        std::lock_guard lock(mutex_);
        jobs.swap(queue_);
    }
    // A driven round always looks for due holds: the test's clock decides.
    next_expiry_check_ = 0;
    hand_over_recovered();
    run_round(jobs);
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

RoundStats Shard::stats() const {
    constexpr auto relaxed = std::memory_order_relaxed;
    RoundStats s;
    s.rounds = stats_.rounds.load(relaxed);
    s.requests = stats_.requests.load(relaxed);
    s.facts = stats_.facts.load(relaxed);
    s.commits = stats_.commits.load(relaxed);
    s.commit_us_total = stats_.commit_us_total.load(relaxed);
    s.commit_us_max = stats_.commit_us_max.load(relaxed);
    s.requests_max = stats_.requests_max.load(relaxed);
    s.holds_placed = stats_.holds_placed.load(relaxed);
    s.holds_expired = stats_.holds_expired.load(relaxed);
    for (std::size_t i = 0; i < s.commit_seconds.size(); ++i)
        s.commit_seconds[i] = stats_.commit_seconds[i].load(relaxed);
    for (std::size_t i = 0; i < s.round_requests.size(); ++i)
        s.round_requests[i] = stats_.round_requests[i].load(relaxed);
    return s;
}

// In the order of the Command and Query variants.
constexpr std::array<std::string_view, kJobKinds> kJobKindNames = {
    "CreateEvent",    "Hold",
    "Release",        "Extend",
    "Purchase",       "Block",
    "Unblock",        "ExpireHolds",
    "AdmitTicket",    "ReissueTicket",
    "CancelTicket",   "Checkout",
    "SettleCheckout", "ExpireCheckouts",
    "SettleRefund",   "RetryRefund",
    "JoinQueue",      "LeaveQueue",
    "RunRoom",        "OfferTransfer",
    "ClaimTransfer",  "CancelOffer",
    "ExpireOffers",   "ListTicket",
    "DelistTicket",   "BuyListing",
    "VerifySeller",   "SettlePayout",
    "RetryPayout",    "GetSeat",
    "GetSection",     "GetSummary",
    "GetTicket",      "ListTickets",
    "GetRevocations", "GetCheckout",
    "ListRefunds",    "GetQueueEntry",
    "GetRoom",        "GetOffer",
    "ListListings",   "GetTicketHistory",
    "ListPayouts"};
static_assert(std::variant_size_v<Command> == 29 && std::variant_size_v<Query> == 14,
              "a new command or query needs its name in kJobKindNames");

std::size_t job_kind(const Job& job) {
    if (const Command* c = std::get_if<Command>(&job.work)) return c->index();
    return std::variant_size_v<Command> + std::get<Query>(job.work).index();
}

std::string_view job_kind_name(std::size_t kind) {
    return kind < kJobKindNames.size() ? kJobKindNames[kind] : "unknown";
}

AnswerCounts Shard::answer_counts() const {
    AnswerCounts out{};
    for (std::size_t k = 0; k < kJobKinds; ++k)
        for (std::size_t s = 0; s < kStatusSlots; ++s)
            out[k][s] = stats_.answers[k][s].load(std::memory_order_relaxed);
    return out;
}

std::size_t Shard::queue_depth() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void Shard::run() {
    hand_over_recovered();
    std::vector<Job> jobs;
    for (;;) {
        bool stopping = false;
        take_round(jobs, stopping);
        run_round(jobs);
        jobs.clear();
        // A burst's worth of room is given back, not kept for good.
        if (jobs.capacity() > kJobsRetained) jobs = {};
        if (stopping) return;
    }
}

// The shard sleeps only when its queue is empty, and says so (sleeping_), so
// that only the push that gives it work wakes it: a futex wake per push would
// cost more than the job. Rounds batch themselves: what arrives during one
// round's commit is the next round. (Waiting a little for more work before a
// small round was measured and did not lower CPU per request: docs/benchmarks.md.)
void Shard::take_round(std::vector<Job>& jobs, bool& stopping) {
    std::unique_lock lock(mutex_);
    if (queue_.empty() && !stopping_) {
        sleeping_ = true;
        wake_.wait_for(lock, std::chrono::milliseconds(kExpiryCheckIntervalMs),
                       [&] { return !queue_.empty() || stopping_; });
    }
    sleeping_ = false;
    jobs.swap(queue_);
    // Pushes are refused from the moment stopping_ is set, so the queue taken
    // here is the last: this round answers everything accepted.
    stopping = stopping_;
}

void Shard::run_round(std::vector<Job>& jobs) {
    const UnixMillis now = clock_.now_ms();
    const bool expiry_due = now >= next_expiry_check_;
    if (jobs.empty() && !expiry_due) return;
    if (expiry_due) {
        expire_due_holds(now);
        run_rooms(now);
        next_expiry_check_ = now + kExpiryCheckIntervalMs;
    }
    for (Job& job : jobs)
        handle(job, now);
    answer_parked(now);

    commit_round();
    // Listings first, so a client told "created" finds the event in ListEvents.
    for (EventSlot* slot : touched_)
        directory_.update(listing_of(slot->state));
    release_answers();
    hand_over_saga_work();
    after_commit();

    if (!jobs.empty()) {
        add(stats_.rounds, 1);
        add(stats_
                .round_requests[bucket_of(kRoundRequestsBounds, static_cast<double>(jobs.size()))],
            1);
    }
    add(stats_.requests, jobs.size());
    store_max(stats_.requests_max, jobs.size());
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
            const ExpireReply* expired = r.reply_as<ExpireReply>();
            due = expired != nullptr && expired->holds_expired >= kExpireBatchMax;
        }
        expire_due_checkouts(slot, now);
        expire_due_offers(slot, now);
    }
}

// Each waiting room's tick: the sale's start, lapsed positions (looked for once
// a second), expired admissions, the next batch. A tick with nothing to do
// writes nothing.
void Shard::run_rooms(UnixMillis now) {
    for (auto& [event, slot] : events_) {
        const RoomSettings& room = slot.state.settings().room;
        if (!room.enabled) continue;
        RunRoom tick;
        if (now >= slot.next_lapse_scan && slot.state.room().waiting() > 0) {
            tick.lapsed = slot.room_watch.lapsed(slot.state.room(), now, room.heartbeat_grace_ms,
                                                 kRoomBatchMax);
            slot.next_lapse_scan = now + kRoomLapseScanMs;
        }
        const Sequence first = slot.state.sequence() + 1;
        facts_.clear();
        execute(slot.state, Command{std::move(tick)}, now, rng_, facts_);
        if (!facts_.empty()) stage_facts(slot, first);
    }
}

// Checkouts still paying at their deadline are abandoned (their seats go back
// on sale; a charge that succeeds later is refunded).
void Shard::expire_due_checkouts(EventSlot& slot, UnixMillis now) {
    for (;;) {
        bool due = false;
        for (const std::uint32_t i : slot.state.paying_checkouts())
            due |= slot.state.checkouts()[i].deadline <= now;
        if (!due) return;
        const Sequence first = slot.state.sequence() + 1;
        facts_.clear();
        execute(slot.state, ExpireCheckouts{}, now, rng_, facts_);
        stage_facts(slot, first);
    }
}

// Open offers past their expiry go back to their senders (with a new code).
void Shard::expire_due_offers(EventSlot& slot, UnixMillis now) {
    for (;;) {
        bool due = false;
        for (const std::uint32_t i : slot.state.open_offers())
            due |= slot.state.offers()[i].expires_at <= now;
        if (!due) return;
        const Sequence first = slot.state.sequence() + 1;
        facts_.clear();
        execute(slot.state, ExpireOffers{}, now, rng_, facts_);
        stage_facts(slot, first);
    }
}

PayoutTask Shard::payout_task(const EventState& st, std::uint32_t index) {
    const Payout& p = st.payouts()[index];
    PayoutTask t;
    t.event = st.event();
    t.payout = p.id;
    t.listing = p.listing == kNone ? ListingId{} : st.listings()[p.listing].id;
    t.amount_minor = p.amount_minor;
    t.currency = p.currency;
    t.destination = p.destination;
    t.attempts = p.attempts;
    t.retries = p.retries;
    return t;
}

void Shard::stage_facts(EventSlot& slot, Sequence first) {
    const EventState& st = slot.state;
    for (std::size_t i = 0; i < facts_.size(); ++i) {
        batch_.add(st.event(), first + i, facts_[i]);
        // The saga's work, handed over once the round is durable.
        if (const auto* f = std::get_if<CheckoutStarted>(&facts_[i])) {
            charges_.push_back(ChargeTask{st.event(), f->checkout, f->amount_minor, f->currency,
                                          f->payment_method, f->buyer_id, f->deadline});
        } else if (const auto* f = std::get_if<RefundOwed>(&facts_[i])) {
            refunds_owed_.push_back(RefundTask{st.event(), f->refund, f->payment_id,
                                               f->amount_minor, f->currency, 0, 0});
        } else if (const auto* f = std::get_if<RefundRetried>(&facts_[i])) {
            const Refund& r = st.refunds()[st.refund_index(f->refund)];
            refunds_owed_.push_back(RefundTask{st.event(), r.id, r.payment_id, r.amount_minor,
                                               r.currency, r.attempts, r.retries});
        } else if (const auto* f = std::get_if<CheckoutSold>(&facts_[i])) {
            settled_.emplace_back(st.event(), f->checkout);
        } else if (const auto* f = std::get_if<CheckoutDeclined>(&facts_[i])) {
            settled_.emplace_back(st.event(), f->checkout);
        } else if (const auto* f = std::get_if<CheckoutAbandoned>(&facts_[i])) {
            settled_.emplace_back(st.event(), f->checkout);
        } else if (const auto* f = std::get_if<CheckoutCompensated>(&facts_[i])) {
            settled_.emplace_back(st.event(), f->checkout);
        } else if (const auto* f = std::get_if<ListingSold>(&facts_[i])) {
            settled_.emplace_back(st.event(), f->checkout);
            if (!f->held_for_kyc)
                payouts_owed_.push_back(payout_task(st, st.payout_index(f->payout)));
        } else if (const auto* f = std::get_if<PayoutRetried>(&facts_[i])) {
            payouts_owed_.push_back(payout_task(st, st.payout_index(f->payout)));
        } else if (const auto* f = std::get_if<SellerVerified>(&facts_[i])) {
            // The seller's held payouts, released by this verification, are owed now.
            for (const std::uint32_t p : st.owed_payouts())
                if (st.payouts()[p].seller == f->seller && st.payouts()[p].released_at == f->at)
                    payouts_owed_.push_back(payout_task(st, p));
        } else if (std::holds_alternative<HoldPlaced>(facts_[i])) {
            add(stats_.holds_placed, 1);
        } else if (std::holds_alternative<HoldExpired>(facts_[i])) {
            add(stats_.holds_expired, 1);
        }
    }
    if (!facts_.empty() && !slot.touched) {
        slot.touched = true;
        touched_.push_back(&slot);
    }
    add(stats_.facts, facts_.size());
}

void Shard::commit_round() {
    if (batch_.empty()) return;
    const auto start = std::chrono::steady_clock::now();
    log_.commit_or_die(batch_);
    const auto us =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count());
    add(stats_.commits, 1);
    add(stats_.commit_us_total, us);
    store_max(stats_.commit_us_max, us);
    add(stats_.commit_seconds[bucket_of(kCommitSecondsBounds, static_cast<double>(us) / 1e6)], 1);
}

// Snapshots bound the replay at start-up. The shard only copies the state (no
// answer depends on a snapshot: the facts are already durable); the writer's
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

// ---- One job.

void Shard::handle(Job& job, UnixMillis now) {
    if (auto* command = std::get_if<Command>(&job.work)) {
        if (auto* create = std::get_if<CreateEvent>(command))
            return handle_create(job, *create, now);
    }
    auto it = job.event == 0 ? events_.end() : events_.find(job.event);
    if (it == events_.end()) return answer(Answer{job, Status::event_not_found});
    EventSlot& slot = it->second;
    std::visit(Overloaded{[&](Command& c) { run_command(job, slot, c, now); },
                          [&](const Query& q) { run_query(job, slot, q, now); }},
               job.work);
}

void Shard::handle_create(Job& job, CreateEvent& command, UnixMillis now) {
    command.event = job.event;
    if (auto it = events_.find(job.event); it != events_.end()) {
        const EventSlot& slot = it->second;
        // The creating key is kept in memory only; after a restart a retry is
        // recognised by asking for exactly the event that exists.
        const bool retry = slot.create_key.is_zero()
                               ? command.venue != nullptr && slot.state.venue() == *command.venue &&
                                     slot.state.settings() == command.settings
                               : slot.create_key == job.create_key;
        if (!retry) return answer(Answer{job, Status::event_exists, {}, &slot.state});
        Result replayed;
        replayed.replayed = true;
        replayed.reply = CreateReply{};
        return answer(Answer{job, Status::ok, {}, &slot.state, CommandAnswer{replayed}});
    }
    EventSlot fresh(options_.revocation_filter_bytes_max);
    fresh.create_key = job.create_key;
    facts_.clear();
    const Result r = execute(fresh.state, Command{command}, now, rng_, facts_);
    if (!r.ok()) return answer(Answer{job, r.status, {}, nullptr, CommandAnswer{r}});
    EventSlot& slot = events_.insert_or_assign(job.event, std::move(fresh)).first->second;
    stage_facts(slot, 1);
    answer(Answer{job, Status::ok, {}, &slot.state, CommandAnswer{r}});
}

void Shard::run_command(Job& job, EventSlot& slot, Command& command, UnixMillis now) {
    if (!job.seat_names.empty() && !resolve_seat_names(job, slot, command)) return;
    if (const auto* start = std::get_if<StartCheckout>(&command))
        return run_checkout(job, slot, command, start->key, now);
    if (const auto* buy = std::get_if<BuyListing>(&command))
        return run_checkout(job, slot, command, buy->key, now);
    const Sequence first = slot.state.sequence() + 1;
    facts_.clear();
    const Result r = execute(slot.state, command, now, rng_, facts_);
    stage_facts(slot, first);
    // A join or leave is answered with the entry as it now stands.
    if (const QueueReply* q = r.reply_as<QueueReply>(); q != nullptr && q->entry != kNone) {
        if (std::holds_alternative<JoinQueue>(command)) slot.room_watch.heard(q->entry, now);
        return answer_queue(job, slot, r.status, q->entry, q->existing, now);
    }
    answer(Answer{job, r.status, {}, &slot.state, CommandAnswer{r}});
}

void Shard::answer_queue(Job& job, EventSlot& slot, Status status, std::uint32_t entry,
                         bool existing, UnixMillis now) {
    const QueueEntry& e = slot.state.room().entry(entry);
    answer(Answer{job,
                  status,
                  {},
                  &slot.state,
                  QueueAnswer{queue_view(slot.state, entry, now), e.ticket, e.session, existing}});
}

// A checkout (of a hold, StartCheckout, or of a resale listing, BuyListing) is
// answered when its payment's outcome is durable: the job is parked until a
// later round settles the checkout (answer_parked), or its wait ends. Only new
// checkouts meet the circuit breaker: a retry of one already started (its
// idempotency key is known) is answered, whatever the provider's state, with
// where it stands.
void Shard::run_checkout(Job& job, EventSlot& slot, const Command& command,
                         const IdempotencyKey& key, UnixMillis now) {
    if (options_.saga == nullptr)
        return answer(Answer{job, Status::unsupported,
                             "this seatd has no payment provider (start it with --psp-url)",
                             &slot.state});
    const bool retry = !key.is_zero() && slot.state.idempotency().find(key) != nullptr;
    if (!retry) {
        if (const std::optional<std::uint32_t> after = options_.saga->refuse_new_checkout())
            return answer(
                Answer{job, Status::checkout_throttled, {}, &slot.state, ThrottledAnswer{*after}});
    }
    const Sequence first = slot.state.sequence() + 1;
    facts_.clear();
    const Result r = execute(slot.state, command, now, rng_, facts_);
    stage_facts(slot, first);
    const CheckoutReply* reply = r.reply_as<CheckoutReply>();
    if (reply == nullptr || reply->checkout == kNone)
        return answer(Answer{job, r.status, {}, &slot.state, CommandAnswer{r}});
    const Checkout& c = slot.state.checkouts()[reply->checkout];
    if (c.state != CheckoutState::paying)
        return answer(Answer{job, r.status, {}, &slot.state, CheckoutAnswer{reply->checkout}});
    parked_[c.id].push_back(
        Parked{std::move(job), slot.state.event(), now + options_.checkout_answer_wait_ms});
}

// The parked checkouts this round settled are answered (their answers leave
// with the round, after its commit), and those whose wait ended are told their
// payment is still pending.
void Shard::answer_parked(UnixMillis now) {
    for (const auto& [event, checkout] : settled_) {
        auto it = parked_.find(checkout);
        if (it == parked_.end()) continue;
        const EventState& st = events_.at(event).state;
        const std::uint32_t index = st.checkout_index(checkout);
        for (Parked& p : it->second)
            answer(Answer{
                p.job, checkout_status(st.checkouts()[index]), {}, &st, CheckoutAnswer{index}});
        parked_.erase(it);
    }
    settled_.clear();
    for (auto it = parked_.begin(); it != parked_.end();) {
        std::vector<Parked>& waiting = it->second;
        std::erase_if(waiting, [&](Parked& p) {
            if (p.answer_by > now) return false;
            const EventState& st = events_.at(p.event).state;
            answer(Answer{p.job,
                          Status::payment_pending,
                          {},
                          &st,
                          CheckoutAnswer{st.checkout_index(it->first)}});
            return true;
        });
        it = waiting.empty() ? parked_.erase(it) : std::next(it);
    }
}

void Shard::hand_over_saga_work() {
    if (options_.saga == nullptr) {
        charges_.clear();
        refunds_owed_.clear();
        payouts_owed_.clear();
        return;
    }
    if (!charges_.empty()) options_.saga->charge(std::exchange(charges_, {}));
    if (!refunds_owed_.empty()) options_.saga->refund(std::exchange(refunds_owed_, {}));
    if (!payouts_owed_.empty()) options_.saga->payout(std::exchange(payouts_owed_, {}));
}

// At start: every checkout still paying, every refund and payout still owed in
// the recovered events, which is how a payment in flight survives a crash (the
// provider is asked again with the same idempotency key).
void Shard::hand_over_recovered() {
    if (recovered_handed_over_) return;
    recovered_handed_over_ = true;
    for (const auto& [id, slot] : events_) {
        const EventState& st = slot.state;
        for (const std::uint32_t i : st.paying_checkouts()) {
            const Checkout& c = st.checkouts()[i];
            charges_.push_back(ChargeTask{id, c.id, c.amount_minor, c.currency, c.payment_method,
                                          c.buyer_id, c.deadline});
        }
        for (const std::uint32_t i : st.owed_refunds()) {
            const Refund& r = st.refunds()[i];
            refunds_owed_.push_back(RefundTask{id, r.id, r.payment_id, r.amount_minor, r.currency,
                                               r.attempts, r.retries});
        }
        for (const std::uint32_t i : st.owed_payouts())
            payouts_owed_.push_back(payout_task(st, i));
    }
    hand_over_saga_work();
}

// Seat names are resolved here because the venue lives here; the submitter has
// already bounded their number (a hostile job cannot make the shard resolve
// thousands). Every name that does not resolve is reported, and the engine
// never sees the command.
bool Shard::resolve_seat_names(Job& job, EventSlot& slot, Command& command) {
    const Venue& venue = slot.state.venue();
    unknown_seats_.clear();
    auto resolve = [&](auto& seats, std::size_t seats_max) {
        for (const std::string& name : job.seat_names) {
            const std::optional<SeatId> seat = venue.find_seat(name);
            if (!seat || seats.size() >= seats_max) {
                unknown_seats_.push_back(NamedRefusal{kNoSeat, name, SeatProblem::unknown});
                continue;
            }
            seats.push_back(*seat);
        }
    };
    if (auto* c = std::get_if<PlaceHold>(&command)) {
        resolve(c->seats, c->seats.capacity());
    } else if (auto* b = std::get_if<BlockSeats>(&command)) {
        resolve(b->seats, kBlockSeatsMax);
    } else if (auto* u = std::get_if<UnblockSeats>(&command)) {
        resolve(u->seats, kBlockSeatsMax);
    } else {
        answer(Answer{job, Status::invalid_argument,
                      "seat names are taken only by holds and blocks", &slot.state});
        return false;
    }
    if (unknown_seats_.empty()) return true;
    answer(
        Answer{job, Status::invalid_argument, {}, &slot.state, UnknownSeatsAnswer{unknown_seats_}});
    return false;
}

void Shard::run_query(Job& job, EventSlot& slot, const Query& query, UnixMillis now) {
    const EventState& state = slot.state;
    const Venue& venue = state.venue();
    auto refuse = [&](Status s, std::string_view why = {}) { answer(Answer{job, s, why, &state}); };
    auto ok = [&](AnswerBody body) {
        answer(Answer{job, Status::ok, {}, &state, std::move(body)});
    };
    std::visit(
        Overloaded{
            [&](const SeatQuery& q) {
                const std::optional<SeatId> seat =
                    q.name.empty() ? std::optional<SeatId>(q.seat) : venue.find_seat(q.name);
                if (!seat || *seat >= venue.seat_count())
                    return refuse(Status::invalid_argument, "no such seat in this venue");
                ok(SeatAnswer{*seat});
            },
            [&](const SectionQuery& q) {
                const std::optional<SectionId> section = q.name.empty()
                                                             ? std::optional<SectionId>(q.section)
                                                             : venue.find_section(q.name);
                if (!section || *section >= venue.sections.size())
                    return refuse(Status::invalid_argument, "no such section in this venue");
                ok(SectionAnswer{*section, q.with_labels});
            },
            [&](const SummaryQuery&) { ok(SummaryAnswer{}); },
            [&](const TicketQuery& q) {
                const std::uint32_t index = state.ticket_index(q.ticket);
                if (index == kNone) return refuse(Status::ticket_not_found);
                ok(TicketAnswer{index});
            },
            [&](const OwnerTicketsQuery& q) {
                std::vector<std::uint32_t> found = tickets_of_owner(state, q.owner);
                const bool more = found.size() > kOwnerTicketsMax;
                if (more) found.resize(kOwnerTicketsMax);
                ok(OwnerTicketsAnswer{found, more});
            },
            [&](const RevocationsQuery&) { ok(RevocationsAnswer{slot.revocations.get(state)}); },
            [&](const CheckoutQuery& q) {
                const std::uint32_t index = state.checkout_index(q.checkout);
                if (index == kNone) return refuse(Status::checkout_not_found);
                ok(CheckoutAnswer{index});
            },
            [&](const RefundsQuery& q) {
                const RefundPage page = page_refunds(state, q.state, q.after, kRefundsPageMax);
                ok(RefundsAnswer{page.refunds, page.more, page.next_after});
            },
            [&](const QueueQuery& q) {
                if (!state.settings().room.enabled) return refuse(Status::no_waiting_room);
                const std::uint32_t entry = state.room().find_ticket(q.ticket);
                if (entry == kNone) return refuse(Status::queue_ticket_not_found);
                if (q.heartbeat) slot.room_watch.heard(entry, now);
                answer_queue(job, slot, Status::ok, entry, false, now);
            },
            [&](const RoomQuery&) {
                if (!state.settings().room.enabled) return refuse(Status::no_waiting_room);
                ok(RoomAnswer{room_view(state, now)});
            },
            [&](const OfferQuery& q) {
                const std::uint32_t ticket = state.ticket_index(q.ticket);
                if (ticket == kNone) return refuse(Status::ticket_not_found);
                const std::uint32_t offer = newest_offer(state, ticket);
                if (offer == kNone) return refuse(Status::offer_not_found);
                ok(OfferAnswer{offer});
            },
            [&](const ListingsQuery& q) {
                std::optional<SectionId> section = q.section;
                if (!q.section_name.empty()) section = venue.find_section(q.section_name);
                if ((!q.section_name.empty() && !section) ||
                    (section && *section >= venue.sections.size()))
                    return refuse(Status::invalid_argument, "no such section in this venue");
                const ListingPage page =
                    browse_listings(state, section, q.max_price_minor, q.limit);
                ok(ListingsAnswer{page.listings, page.more});
            },
            [&](const HistoryQuery& q) {
                const std::uint32_t ticket = state.ticket_index(q.ticket);
                if (ticket == kNone) return refuse(Status::ticket_not_found);
                const std::vector<HistoryEntry> entries = ticket_history(state, ticket);
                ok(HistoryAnswer{ticket, entries});
            },
            [&](const PayoutsQuery& q) {
                const PayoutPage page = page_payouts(state, q.state, q.after, kPayoutsPageMax);
                ok(PayoutsAnswer{page.payouts, page.more, page.next_after});
            },
        },
        query);
}

// ---- Answers.

void Shard::answer(const Answer& a) {
    Responder* responder = a.job.responder.get();
    SEAT_CHECK(responder != nullptr, "a job without a responder");
    responder->respond(a);
    add(stats_.answers[job_kind(a.job)]
                      [std::min<std::size_t>(static_cast<std::size_t>(a.status), kStatusSlots - 1)],
        1);
    // Consecutive jobs usually come from one responder (a pipelining client's read).
    if (!answered_.empty() && answered_.back().get() == responder) return;
    if (answered_index_.try_emplace(responder, answered_.size()).second)
        answered_.push_back(a.job.responder);
}

void Shard::release_answers() {
    for (const std::shared_ptr<Responder>& responder : answered_)
        responder->release();
    answered_.clear();
    answered_index_.clear();
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
