// The checkout saga's worker: the SagaPort the shards hand their payment work
// to (server/shard/saga_port.h), on one thread of its own. For each checkout
// it charges the payment method through the PaymentProvider with the
// checkout's idempotency key and posts the outcome back to the event's shard
// as a SettleCheckout job; for each refund owed it asks the provider to refund
// with the refund's key and posts SettleRefund. The shards decide everything;
// this only talks to the provider and keeps trying:
//   - charges wait in arrival order for a permit of the circuit breaker, so an
//     open breaker delays charges already decided and never drops one;
//   - an unknown outcome (timeout, 5xx, connection lost) is retried with the
//     same key and exponential back-off until the checkout's deadline; after
//     it, the charge is only looked up (by the checkout id in its metadata),
//     never sent again: a success found then is refunded by the shard (the
//     engine turns a late success into a compensation refund);
//   - a refund is retried until the provider answers, however long it takes
//     (it is money owed); a definitive refusal is reported as failed, for an
//     operator to retry (RetryRefund);
//   - a seller's payout (a resale's proceeds) is the same: sent with the
//     payout's key until the provider answers, and reported as SettlePayout,
//     paid or (a destination that cannot be paid, a refused request) failed.
// New checkouts meet the breaker and the bound on charges waiting at the
// shard's door (refuse_new_checkout). At-least-once towards the shards (a
// report may arrive twice; the engine makes that harmless), exactly-once at
// the provider (its idempotency keys). docs/payments.md tells the whole story.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "server/payments/circuit_breaker.h"
#include "server/payments/payment_provider.h"
#include "server/shard/environment.h"
#include "server/shard/job.h"
#include "server/shard/saga_port.h"

namespace seat::server {

class Shards;

struct SagaOptions {
    payments::CircuitBreakerOptions breaker;
    // New checkouts are refused (checkout_throttled) while this many charges
    // wait for the provider or for their answer: at ~0.5 s per charge and 32
    // in flight that is about 4 s of queue, well inside a checkout's wait.
    std::size_t charges_pending_max = 256;
    // Back-off between attempts of one call: doubles from `first` up to `max`.
    std::chrono::milliseconds retry_first{200};
    std::chrono::milliseconds retry_max{5000};
    std::chrono::milliseconds refund_retry_max{60'000};
    std::chrono::milliseconds payout_retry_max{60'000};
    // How long after a checkout's deadline a charge whose outcome is unknown is
    // still looked up before the worker gives up on it (logged; the operator
    // reconciles with the provider's dashboard, docs/payments.md).
    std::chrono::milliseconds lookup_after_deadline{10 * 60 * 1000};
    // A search by metadata may miss a charge made this recently (Stripe's index
    // lags writes): a charge is taken for not made only when it is not found
    // this long after its checkout's deadline.
    std::chrono::milliseconds search_lag{60'000};
    // Retry-after told to checkouts refused because too many charges wait.
    std::chrono::milliseconds busy_retry_after{500};
};

struct SagaStats {
    std::uint64_t charges_sent = 0;       // charge calls to the provider, retries included
    std::uint64_t charges_succeeded = 0;  // outcomes posted to shards
    std::uint64_t charges_declined = 0;
    std::uint64_t charges_unknown = 0;    // unknown outcomes (retried or looked up)
    std::uint64_t charges_given_up = 0;   // never resolved (logged)
    std::uint64_t lookups_sent = 0;
    std::uint64_t refunds_sent = 0;
    std::uint64_t refunds_succeeded = 0;
    std::uint64_t refunds_failed = 0;
    std::uint64_t payouts_sent = 0;  // payout calls, retries included
    std::uint64_t payouts_succeeded = 0;
    std::uint64_t payouts_failed = 0;
    std::uint64_t checkouts_refused = 0;  // by the breaker or the pending bound
    std::size_t charges_pending = 0;
    payments::BreakerState breaker = payments::BreakerState::closed;
    std::uint64_t breaker_opened = 0;
};

class SagaWorker final : public SagaPort {
  public:
    SagaWorker(std::unique_ptr<payments::PaymentProvider> provider, const Clock& clock,
               const SagaOptions& options);
    ~SagaWorker() override;  // stop()
    SagaWorker(const SagaWorker&) = delete;
    SagaWorker& operator=(const SagaWorker&) = delete;

    // Before the shards start (they hand over their recovered work at start):
    // where outcomes are posted. Starts the worker's thread.
    void attach(Shards& shards);
    // After the shards stopped: ends the thread and destroys the provider;
    // nothing is sent afterwards, and what was in flight is handed over again
    // by the shards at the next start.
    void stop();

    std::optional<std::uint32_t> refuse_new_checkout() override;
    void charge(std::vector<ChargeTask> tasks) override;
    void refund(std::vector<RefundTask> tasks) override;
    void payout(std::vector<PayoutTask> tasks) override;

    SagaStats stats() const;

  private:
    struct Charge;
    struct RefundWork;
    struct PayoutWork;
    using Ms = std::chrono::milliseconds;

    void take_charge(ChargeTask task);
    void pump();
    void send_charge(const std::shared_ptr<Charge>& c, const payments::Permit& permit);
    void on_charge(const std::shared_ptr<Charge>& c, const payments::Permit& permit,
                   const payments::ChargeOutcome& outcome);
    void retry_charge(const std::shared_ptr<Charge>& c);
    void look_up(const std::shared_ptr<Charge>& c);
    void on_lookup(const std::shared_ptr<Charge>& c, const payments::FindChargeOutcome& outcome);
    void settle(const std::shared_ptr<Charge>& c, bool succeeded, std::string payment_id,
                std::string reason);
    void finish(const std::shared_ptr<Charge>& c);
    void take_refund(RefundTask task);
    void send_refund(const std::shared_ptr<RefundWork>& r);
    void on_refund(const std::shared_ptr<RefundWork>& r, const payments::RefundOutcome& outcome);
    void take_payout(PayoutTask task);
    void send_payout(const std::shared_ptr<PayoutWork>& p);
    void on_payout(const std::shared_ptr<PayoutWork>& p, const payments::PayoutOutcome& outcome);
    void post_to_shard(EventId event, Command command);
    template <typename F>
    void after(Ms delay, F f);
    template <typename F>
    void on_worker(F f);
    bool past(UnixMillis deadline, Ms grace = Ms{0}) const;

    std::unique_ptr<payments::PaymentProvider> provider_;
    const Clock& clock_;
    const SagaOptions options_;
    Shards* shards_ = nullptr;
    // Answers to SettleCheckout / SettleRefund / SettlePayout.
    const std::shared_ptr<Responder> reports_;

    // The breaker and the stats: read by shard threads, written by this one.
    mutable std::mutex mutex_;
    payments::CircuitBreaker breaker_;
    SagaStats stats_;
    std::atomic<bool> stopped_{false};

    // Owned by the worker thread.
    std::deque<std::shared_ptr<Charge>> waiting_;  // for a breaker permit, oldest first
    bool pump_scheduled_ = false;
    std::unordered_set<CheckoutId> charging_;  // handed over and not finished
    std::unordered_set<RefundId> refunding_;
    std::unordered_set<PayoutId> paying_out_;

    boost::asio::io_context io_;  // this worker's timers and posted work
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
};

}  // namespace seat::server
