// The checkout group's handlers: the saga's start, the provider's outcomes, the
// deadline, and the refund outbox. Called by the dispatch (engine/decide.cc,
// engine/apply.cc); private to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"

namespace seat {

Result decide_start_checkout(DecideContext& cx, const StartCheckout& c);
Result decide_settle_checkout(DecideContext& cx, const SettleCheckout& c);
Result decide_expire_checkouts(DecideContext& cx, const ExpireCheckouts& c);
Result decide_settle_refund(DecideContext& cx, const SettleRefund& c);
Result decide_retry_refund(DecideContext& cx, const RetryRefund& c);

// How a checkout stands now, as the answer to its command or a retry of it
// (ok when sold or still paying, payment_declined, payment_refunded, hold_expired).
Result checkout_answer(const EventState& st, std::uint32_t index);
// A retried StartCheckout or BuyListing (true, and r its answer): answered with
// where its checkout is now, not where it began.
bool replay_checkout(DecideContext& cx, const CommandTag& tag, CommandKind kind, Result& r);
// The checkout (paying) is over: its hold or listing is free to end (by the caller).
void unpin(StateEditor& ed, Checkout& c, CheckoutState to, UnixMillis at);

void apply_checkout_started(StateEditor& ed, const CheckoutStarted& f);
void apply_checkout_sold(StateEditor& ed, const CheckoutSold& f);
void apply_checkout_declined(StateEditor& ed, const CheckoutDeclined& f);
void apply_checkout_abandoned(StateEditor& ed, const CheckoutAbandoned& f);
void apply_checkout_compensated(StateEditor& ed, const CheckoutCompensated& f);
void apply_refund_owed(StateEditor& ed, const RefundOwed& f);
void apply_refund_succeeded(StateEditor& ed, const RefundSucceeded& f);
void apply_refund_failed(StateEditor& ed, const RefundFailed& f);
void apply_refund_retried(StateEditor& ed, const RefundRetried& f);

}  // namespace seat
