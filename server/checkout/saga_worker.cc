#include "server/checkout/saga_worker.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <utility>

#include "base/check.h"
#include "base/thread_name.h"
#include "engine/limits.h"
#include "server/log.h"
#include "server/payments/breaker_results.h"
#include "server/shard/shard.h"

namespace seat::server {

namespace {

using payments::BreakerClock;
using payments::Permit;

// The metadata entry the charge carries and is looked up by.
constexpr const char* kCheckoutMetadataKey = "seatd_checkout";
constexpr const char* kEventMetadataKey = "seatd_event";
// A payout's: the payout and the listing it pays for.
constexpr const char* kPayoutMetadataKey = "seatd_payout";
constexpr const char* kListingMetadataKey = "seatd_listing";

std::string bounded(std::string text, std::size_t bytes_max) {
    if (text.size() > bytes_max) text.resize(bytes_max);
    return text;
}

std::string decline_reason(const payments::ChargeDeclined& d) {
    std::string reason = d.code.empty() ? "declined" : d.code;
    if (!d.decline_code.empty()) reason += " (" + d.decline_code + ")";
    if (!d.message.empty()) reason += ": " + d.message;
    return bounded(std::move(reason), kReasonBytesMax);
}

std::string rejection(const payments::Rejected& r) {
    std::string text =
        "the provider refused the request (" + std::string(payments::to_string(r.cause)) + ")";
    if (!r.message.empty()) text += ": " + r.message;
    return bounded(std::move(text), kReasonBytesMax);
}

// What an outbox call's outcome (a refund's, a payout's) means for its report:
// the provider's id, a definitive failure with its reason, or unknown (ask again
// with the same key; `stopped`: the worker is going away, nothing to report).
struct OutboxAnswer {
    enum class Kind { succeeded, failed, unknown, stopped } kind = Kind::unknown;
    std::string provider_id;
    std::string failure;
};

template <typename Succeeded, typename Failed, typename Outcome>
OutboxAnswer outbox_answer(const Outcome& outcome, std::string Succeeded::*provider_id) {
    using Kind = OutboxAnswer::Kind;
    if (const auto* ok = std::get_if<Succeeded>(&outcome))
        return {Kind::succeeded, bounded(ok->*provider_id, kProviderIdBytesMax), {}};
    if (const auto* failed = std::get_if<Failed>(&outcome))
        return {Kind::failed,
                {},
                bounded(failed->code + (failed->message.empty() ? "" : ": ") + failed->message,
                        kReasonBytesMax)};
    if (const auto* rejected = std::get_if<payments::Rejected>(&outcome))
        return {Kind::failed, {}, rejection(*rejected)};
    const bool stopped =
        std::get<payments::Unknown>(outcome).cause == payments::UnknownCause::stopped;
    return {stopped ? Kind::stopped : Kind::unknown, {}, {}};
}

std::chrono::milliseconds doubled(std::chrono::milliseconds backoff,
                                  std::chrono::milliseconds max) {
    return std::min(backoff * 2, max);
}

// The shards' answers to the worker's reports carry nothing it needs: a report
// that a crash or a retry made redundant is answered with the state as it is.
// Stateless, so one object may take jobs for every shard (job.h).
class ReportResponder final : public Responder {
  public:
    void respond(const Answer& a) override {
        if (a.status == Status::invalid_argument || a.status == Status::event_not_found)
            log_line("payments: a report was refused: %s",
                     std::string(a.message.empty() ? "no reason given" : a.message).c_str());
    }
    void release() override {}
};

}  // namespace

struct SagaWorker::Charge {
    ChargeTask task;
    Ms backoff{0};
};

struct SagaWorker::RefundWork {
    RefundTask task;
    Ms backoff{0};
};

struct SagaWorker::PayoutWork {
    PayoutTask task;
    Ms backoff{0};
};

SagaWorker::SagaWorker(std::unique_ptr<payments::PaymentProvider> provider, const Clock& clock,
                       const SagaOptions& options)
    : provider_(std::move(provider)),
      clock_(clock),
      options_(options),
      reports_(std::make_shared<ReportResponder>()),
      breaker_(options.breaker) {
    SEAT_CHECK(provider_ != nullptr, "a saga worker needs a payment provider");
}

SagaWorker::~SagaWorker() {
    stop();
}

void SagaWorker::attach(Shards& shards) {
    SEAT_CHECK(shards_ == nullptr, "a saga worker is attached once");
    shards_ = &shards;
    work_.emplace(boost::asio::make_work_guard(io_));
    thread_ = std::thread([this] {
        name_this_thread("saga");
        io_.run();
    });
}

void SagaWorker::stop() {
    if (stopped_.exchange(true)) return;
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
    // Its destructor calls back whatever is in flight with Unknown{stopped};
    // those callbacks post to the stopped io_context and never run. What was
    // in flight is handed over again by the shards at the next start.
    provider_.reset();
}

// ---- The shards' side (shard threads).

std::optional<std::uint32_t> SagaWorker::refuse_new_checkout() {
    std::lock_guard lock(mutex_);
    if (stats_.charges_pending >= options_.charges_pending_max) {
        ++stats_.checkouts_refused;
        return static_cast<std::uint32_t>(options_.busy_retry_after.count());
    }
    Ms retry_after{0};
    if (breaker_.would_admit(BreakerClock::now(), retry_after) == Permit::Verdict::refused_open) {
        ++stats_.checkouts_refused;
        return static_cast<std::uint32_t>(std::max<std::int64_t>(1, retry_after.count()));
    }
    // refused_busy: the provider is at its bound of calls in flight; the
    // charge waits its turn (charges_pending_max bounds how many wait).
    return std::nullopt;
}

void SagaWorker::charge(std::vector<ChargeTask> tasks) {
    {
        std::lock_guard lock(mutex_);
        stats_.charges_pending += tasks.size();
    }
    on_worker([this, tasks = std::move(tasks)]() mutable {
        for (ChargeTask& t : tasks)
            take_charge(std::move(t));
        pump();
    });
}

void SagaWorker::refund(std::vector<RefundTask> tasks) {
    on_worker([this, tasks = std::move(tasks)]() mutable {
        for (RefundTask& t : tasks)
            take_refund(std::move(t));
    });
}

void SagaWorker::payout(std::vector<PayoutTask> tasks) {
    on_worker([this, tasks = std::move(tasks)]() mutable {
        for (PayoutTask& t : tasks)
            take_payout(std::move(t));
    });
}

SagaStats SagaWorker::stats() const {
    std::lock_guard lock(mutex_);
    SagaStats s = stats_;
    const payments::BreakerStats b = breaker_.stats(BreakerClock::now());
    s.breaker = b.state;
    s.breaker_opened = b.times_opened;
    return s;
}

// ---- Charges (the worker thread).

void SagaWorker::take_charge(ChargeTask task) {
    if (!charging_.insert(task.checkout).second) {
        // Handed over twice (a round's and the recovered): one charge is enough.
        std::lock_guard lock(mutex_);
        --stats_.charges_pending;
        return;
    }
    auto c = std::make_shared<Charge>();
    c->task = std::move(task);
    c->backoff = options_.retry_first;
    waiting_.push_back(std::move(c));
}

// Lets waiting charges through in order while the breaker gives permits.
void SagaWorker::pump() {
    while (!waiting_.empty()) {
        const std::shared_ptr<Charge> c = waiting_.front();
        if (past(c->task.deadline)) {
            // Its checkout is abandoned: never charge it now, only find out
            // whether an earlier attempt (perhaps before a crash) did.
            waiting_.pop_front();
            look_up(c);
            continue;
        }
        Permit permit;
        {
            std::lock_guard lock(mutex_);
            permit = breaker_.try_acquire(BreakerClock::now());
        }
        if (permit.allowed()) {
            waiting_.pop_front();
            send_charge(c, permit);
            continue;
        }
        if (permit.verdict() == Permit::Verdict::refused_open && !pump_scheduled_) {
            pump_scheduled_ = true;
            after(std::max(permit.retry_after(), Ms{1}), [this] {
                pump_scheduled_ = false;
                pump();
            });
        }
        return;  // refused_busy: the next answer pumps
    }
}

void SagaWorker::send_charge(const std::shared_ptr<Charge>& c, const Permit& permit) {
    payments::ChargeRequest request;
    request.amount_minor = c->task.amount_minor;
    request.currency = c->task.currency;
    request.payment_method = c->task.payment_method;
    request.idempotency_key = charge_idempotency_key(c->task.checkout);
    request.metadata[kCheckoutMetadataKey] = to_string(c->task.checkout);
    request.metadata[kEventMetadataKey] = std::to_string(c->task.event);
    {
        std::lock_guard lock(mutex_);
        ++stats_.charges_sent;
    }
    provider_->charge(request, [this, c, permit](payments::ChargeOutcome outcome) {
        on_worker(
            [this, c, permit, outcome = std::move(outcome)] { on_charge(c, permit, outcome); });
    });
}

void SagaWorker::on_charge(const std::shared_ptr<Charge>& c, const Permit& permit,
                           const payments::ChargeOutcome& outcome) {
    {
        std::lock_guard lock(mutex_);
        breaker_.record(permit, payments::breaker_result(outcome), BreakerClock::now());
    }
    if (const auto* ok = std::get_if<payments::ChargeSucceeded>(&outcome)) {
        settle(c, true, ok->payment_id, {});
    } else if (const auto* declined = std::get_if<payments::ChargeDeclined>(&outcome)) {
        settle(c, false, {}, decline_reason(*declined));
    } else if (const auto* rejected = std::get_if<payments::Rejected>(&outcome)) {
        // Nothing was charged and the same request cannot succeed: the buyer is
        // told it was declined, and the operator reads why here.
        log_line("payments: checkout %s: %s", to_string(c->task.checkout).c_str(),
                 rejection(*rejected).c_str());
        settle(c, false, {}, rejection(*rejected));
    } else {
        const auto& unknown = std::get<payments::Unknown>(outcome);
        if (unknown.cause == payments::UnknownCause::stopped) return;
        {
            std::lock_guard lock(mutex_);
            ++stats_.charges_unknown;
        }
        log_line("payments: checkout %s: outcome unknown (%s%s%s), asking again",
                 to_string(c->task.checkout).c_str(),
                 std::string(payments::to_string(unknown.cause)).c_str(),
                 unknown.detail.empty() ? "" : ": ", unknown.detail.c_str());
        retry_charge(c);
    }
    pump();
}

// The same key again: the provider answers with the first attempt's outcome,
// or charges now if the first never reached it.
void SagaWorker::retry_charge(const std::shared_ptr<Charge>& c) {
    const Ms wait = c->backoff;
    c->backoff = doubled(c->backoff, options_.retry_max);
    after(wait, [this, c] {
        waiting_.push_front(c);  // it was there first
        pump();
    });
}

void SagaWorker::look_up(const std::shared_ptr<Charge>& c) {
    if (past(c->task.deadline, options_.lookup_after_deadline)) {
        log_line(
            "payments: checkout %s of event %llu: gave up finding out whether it was charged "
            "(%lld ms after its deadline); reconcile it with the provider (metadata %s)",
            to_string(c->task.checkout).c_str(), static_cast<unsigned long long>(c->task.event),
            static_cast<long long>(options_.lookup_after_deadline.count()), kCheckoutMetadataKey);
        {
            std::lock_guard lock(mutex_);
            ++stats_.charges_given_up;
        }
        return finish(c);
    }
    {
        std::lock_guard lock(mutex_);
        ++stats_.lookups_sent;
    }
    provider_->find_charge(
        kCheckoutMetadataKey, to_string(c->task.checkout),
        [this, c](payments::FindChargeOutcome outcome) {
            on_worker([this, c, outcome = std::move(outcome)] { on_lookup(c, outcome); });
        });
}

void SagaWorker::on_lookup(const std::shared_ptr<Charge>& c,
                           const payments::FindChargeOutcome& outcome) {
    if (const auto* ok = std::get_if<payments::ChargeSucceeded>(&outcome))
        return settle(c, true, ok->payment_id, {});  // the shard refunds it
    if (const auto* declined = std::get_if<payments::ChargeDeclined>(&outcome))
        return settle(c, false, {}, decline_reason(*declined));
    if (std::holds_alternative<payments::ChargeNotFound>(outcome)) {
        // A search index may lag a charge by up to search_lag: only a "not
        // found" after that says no attempt charged anybody.
        if (past(c->task.deadline, options_.search_lag)) return finish(c);
    } else if (const auto* unknown = std::get_if<payments::Unknown>(&outcome)) {
        if (unknown->cause == payments::UnknownCause::stopped) return;
    } else {
        log_line("payments: looking up checkout %s: %s", to_string(c->task.checkout).c_str(),
                 rejection(std::get<payments::Rejected>(outcome)).c_str());
    }
    const Ms wait = c->backoff;
    c->backoff = doubled(c->backoff, options_.retry_max);
    after(wait, [this, c] { look_up(c); });
}

void SagaWorker::settle(const std::shared_ptr<Charge>& c, bool succeeded, std::string payment_id,
                        std::string reason) {
    SettleCheckout report;
    report.checkout = c->task.checkout;
    report.result = succeeded ? ChargeResult::succeeded : ChargeResult::declined;
    report.payment_id = bounded(std::move(payment_id), kProviderIdBytesMax);
    report.decline_reason = std::move(reason);
    {
        std::lock_guard lock(mutex_);
        ++(succeeded ? stats_.charges_succeeded : stats_.charges_declined);
    }
    post_to_shard(c->task.event, Command{std::move(report)});
    finish(c);
}

void SagaWorker::finish(const std::shared_ptr<Charge>& c) {
    charging_.erase(c->task.checkout);
    std::lock_guard lock(mutex_);
    --stats_.charges_pending;
}

// ---- Refunds (the worker thread).

void SagaWorker::take_refund(RefundTask task) {
    if (!refunding_.insert(task.refund).second) return;
    auto r = std::make_shared<RefundWork>();
    r->task = std::move(task);
    r->backoff = options_.retry_first;
    send_refund(r);
}

void SagaWorker::send_refund(const std::shared_ptr<RefundWork>& r) {
    payments::RefundRequest request;
    request.payment_id = r->task.payment_id;
    request.amount_minor = r->task.amount_minor;
    request.idempotency_key = refund_idempotency_key(r->task.refund, r->task.retries);
    ++r->task.attempts;
    {
        std::lock_guard lock(mutex_);
        ++stats_.refunds_sent;
    }
    provider_->refund(request, [this, r](payments::RefundOutcome outcome) {
        on_worker([this, r, outcome = std::move(outcome)] { on_refund(r, outcome); });
    });
}

void SagaWorker::on_refund(const std::shared_ptr<RefundWork>& r,
                           const payments::RefundOutcome& outcome) {
    OutboxAnswer answer = outbox_answer<payments::RefundSucceeded, payments::RefundFailed>(
        outcome, &payments::RefundSucceeded::refund_id);
    if (answer.kind == OutboxAnswer::Kind::stopped) return;
    if (answer.kind == OutboxAnswer::Kind::unknown) {
        // Money is owed: ask again, however long the provider takes to answer.
        const Ms wait = r->backoff;
        r->backoff = doubled(r->backoff, options_.refund_retry_max);
        after(wait, [this, r] { send_refund(r); });
        return;
    }
    SettleRefund report;
    report.refund = r->task.refund;
    report.attempts = r->task.attempts;
    report.succeeded = answer.kind == OutboxAnswer::Kind::succeeded;
    report.provider_refund_id = std::move(answer.provider_id);
    report.failure = std::move(answer.failure);
    if (!report.succeeded)
        log_line("payments: refund %s failed: %s (RetryRefund owes it again)",
                 to_string(r->task.refund).c_str(), report.failure.c_str());
    {
        std::lock_guard lock(mutex_);
        ++(report.succeeded ? stats_.refunds_succeeded : stats_.refunds_failed);
    }
    refunding_.erase(r->task.refund);
    post_to_shard(r->task.event, Command{std::move(report)});
}

// ---- Payouts (the worker thread). Like refunds: money owed, sent with one key
// until the provider says what happened. They do not meet the breaker (a payout
// owed must go out whatever the provider's state), only the back-off.

void SagaWorker::take_payout(PayoutTask task) {
    if (!paying_out_.insert(task.payout).second) return;  // handed over twice
    auto p = std::make_shared<PayoutWork>();
    p->task = std::move(task);
    p->backoff = options_.retry_first;
    send_payout(p);
}

void SagaWorker::send_payout(const std::shared_ptr<PayoutWork>& p) {
    payments::PayoutRequest request;
    request.amount_minor = p->task.amount_minor;
    request.currency = p->task.currency;
    request.destination = p->task.destination;
    request.idempotency_key = payout_idempotency_key(p->task.payout, p->task.retries);
    request.metadata[kEventMetadataKey] = std::to_string(p->task.event);
    request.metadata[kPayoutMetadataKey] = to_string(p->task.payout);
    request.metadata[kListingMetadataKey] = to_string(p->task.listing);
    ++p->task.attempts;
    {
        std::lock_guard lock(mutex_);
        ++stats_.payouts_sent;
    }
    provider_->payout(request, [this, p](payments::PayoutOutcome outcome) {
        on_worker([this, p, outcome = std::move(outcome)] { on_payout(p, outcome); });
    });
}

void SagaWorker::on_payout(const std::shared_ptr<PayoutWork>& p,
                           const payments::PayoutOutcome& outcome) {
    OutboxAnswer answer = outbox_answer<payments::PayoutSucceeded, payments::PayoutFailed>(
        outcome, &payments::PayoutSucceeded::payout_id);
    if (answer.kind == OutboxAnswer::Kind::stopped) return;
    if (answer.kind == OutboxAnswer::Kind::unknown) {
        // The money may have moved: ask again with the same key, for as long as it takes.
        const Ms wait = p->backoff;
        p->backoff = doubled(p->backoff, options_.payout_retry_max);
        after(wait, [this, p] { send_payout(p); });
        return;
    }
    SettlePayout report;
    report.payout = p->task.payout;
    report.attempts = p->task.attempts;
    report.succeeded = answer.kind == OutboxAnswer::Kind::succeeded;
    report.provider_payout_id = std::move(answer.provider_id);
    report.failure = std::move(answer.failure);
    if (!report.succeeded)
        log_line("payments: payout %s of event %llu failed: %s", to_string(p->task.payout).c_str(),
                 static_cast<unsigned long long>(p->task.event), report.failure.c_str());
    {
        std::lock_guard lock(mutex_);
        ++(report.succeeded ? stats_.payouts_succeeded : stats_.payouts_failed);
    }
    paying_out_.erase(p->task.payout);
    post_to_shard(p->task.event, Command{std::move(report)});
}

// ---- Plumbing.

void SagaWorker::post_to_shard(EventId event, Command command) {
    std::vector<Job> jobs(1);
    jobs[0].event = event;
    jobs[0].work = command;
    jobs[0].responder = reports_;
    switch (shards_->owner(event).push(jobs)) {
        case Shard::Push::queued:
            return;
        case Shard::Push::full:
            // A full queue is a burst: the report waits a moment, never drops.
            return after(options_.retry_first,
                         [this, event, command = std::move(command)]() mutable {
                             post_to_shard(event, std::move(command));
                         });
        case Shard::Push::closed:
            return;  // stopping: the next start hands the work over again
    }
}

template <typename F>
void SagaWorker::after(Ms delay, F f) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
    timer->async_wait([timer, f = std::move(f)](const boost::system::error_code& ec) mutable {
        if (!ec) f();
    });
}

template <typename F>
void SagaWorker::on_worker(F f) {
    boost::asio::post(io_, std::move(f));
}

bool SagaWorker::past(UnixMillis deadline, Ms grace) const {
    return clock_.now_ms() >= deadline + grace.count();
}

}  // namespace seat::server
