// Proves how every answer the adapter can meet becomes an outcome (the table
// in stripe_answers.h): the status decides whether the provider decided,
// the body gives the details, and anything unreadable where the outcome
// depends on it is unknown, never a guess that money did or did not move.
#include <gtest/gtest.h>

#include "server/payments/stripe/stripe_answers.h"
#include "tests/payments/outcome_as.h"

namespace seat::payments {
namespace {

using stripe::read_charge_answer;
using stripe::read_payout_answer;
using stripe::read_refund_answer;
using stripe::read_search_answer;
using testing::as;

constexpr const char* kCardError =
    R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",)"
    R"("message":"Your card has insufficient funds."}})";

TEST(ChargeAnswers, ASucceededIntentIsACharge) {
    EXPECT_EQ(as<ChargeSucceeded>(read_charge_answer(200, R"({"id":"pi_1","status":"succeeded"})"))
                  .payment_id,
              "pi_1");
}

TEST(ChargeAnswers, A402IsADeclineWithTheIssuersReason) {
    const auto d = as<ChargeDeclined>(read_charge_answer(402, kCardError));
    EXPECT_EQ(d.code, "card_declined");
    EXPECT_EQ(d.decline_code, "insufficient_funds");
    EXPECT_EQ(d.message, "Your card has insufficient funds.");
    // A decline without a readable error is not a decline we can show: unknown.
    EXPECT_EQ(as<Unknown>(read_charge_answer(402, "<html>")).cause, UnknownCause::malformed_answer);
}

TEST(ChargeAnswers, IntentsThatDidNotSucceedAreDeclinesOrPending) {
    const auto d = as<ChargeDeclined>(read_charge_answer(
        200, R"({"id":"pi_2","status":"requires_payment_method","last_payment_error":)"
             R"({"code":"card_declined","decline_code":"generic_decline","message":"no"}})"));
    EXPECT_EQ(d.decline_code, "generic_decline");
    EXPECT_EQ(
        as<ChargeDeclined>(read_charge_answer(200, R"({"id":"pi_3","status":"requires_action"})"))
            .code,
        "requires_action");
    EXPECT_EQ(as<Unknown>(read_charge_answer(200, R"({"id":"pi_4","status":"processing"})")).cause,
              UnknownCause::pending);
}

TEST(ChargeAnswers, ClientErrorsAreRejectionsOfTheirKind) {
    const char* invalid =
        R"({"error":{"type":"invalid_request_error","code":"parameter_missing","message":"amount"}})";
    const auto r = as<Rejected>(read_charge_answer(400, invalid));
    EXPECT_EQ(r.cause, RejectCause::invalid_request);
    EXPECT_EQ(r.code, "parameter_missing");
    EXPECT_EQ(as<Rejected>(read_charge_answer(401, "{}")).cause, RejectCause::authentication);
    EXPECT_EQ(as<Rejected>(read_charge_answer(403, "")).cause, RejectCause::permission);
    EXPECT_EQ(as<Rejected>(read_charge_answer(404, "not found")).cause, RejectCause::not_found);
}

TEST(ChargeAnswers, WhatDoesNotSayTheProviderDecidedIsUnknown) {
    EXPECT_EQ(as<Unknown>(read_charge_answer(409, "{}")).cause, UnknownCause::conflict);
    EXPECT_EQ(as<Unknown>(read_charge_answer(429, "{}")).cause, UnknownCause::rate_limited);
    EXPECT_EQ(as<Unknown>(read_charge_answer(500, "{}")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_charge_answer(503, "")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_charge_answer(302, "")).cause, UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_charge_answer(200, "not json")).cause,
              UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_charge_answer(200, R"({"status":"succeeded"})")).cause,
              UnknownCause::malformed_answer);  // no id
    EXPECT_EQ(
        as<Unknown>(read_charge_answer(200, R"({"id":"pi_1","status":"requires_capture"})")).cause,
        UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_charge_answer(200, R"(["id"])")).cause,
              UnknownCause::malformed_answer);
}

TEST(ChargeAnswers, TheDetailOfAMalformedAnswerIsShortAndPrintable) {
    const std::string body = "\x01\x02" + std::string(1000, 'x');
    const auto u = as<Unknown>(read_charge_answer(200, body));
    EXPECT_LT(u.detail.size(), 250u);
    EXPECT_EQ(u.detail.find('\x01'), std::string::npos);
}

TEST(SearchAnswers, ASucceededIntentWinsOverFailedAttempts) {
    const auto s = as<ChargeSucceeded>(read_search_answer(
        200, R"({"object":"search_result","data":[)"
             R"({"id":"pi_a","status":"requires_payment_method","created":1},)"
             R"({"id":"pi_b","status":"succeeded","created":2}],"has_more":false})"));
    EXPECT_EQ(s.payment_id, "pi_b");
}

TEST(SearchAnswers, OnlyFailedAttemptsAreTheLatestDecline) {
    const auto d = as<ChargeDeclined>(read_search_answer(
        200, R"({"data":[)"
             R"({"id":"pi_a","status":"requires_payment_method","created":5,)"
             R"("last_payment_error":{"code":"card_declined","decline_code":"lost_card"}},)"
             R"({"id":"pi_b","status":"requires_payment_method","created":9,)"
             R"("last_payment_error":{"code":"expired_card","message":"expired"}},)"
             R"({"id":"pi_c","status":"canceled","created":7}]})"));
    EXPECT_EQ(d.code, "expired_card");
    EXPECT_EQ(d.message, "expired");
}

TEST(SearchAnswers, NothingIsNotFoundAndProcessingIsPending) {
    EXPECT_TRUE(std::holds_alternative<ChargeNotFound>(read_search_answer(200, R"({"data":[]})")));
    EXPECT_EQ(as<Unknown>(
                  read_search_answer(200, R"({"data":[{"id":"pi_a","status":"processing"},)"
                                          R"({"id":"pi_b","status":"requires_payment_method"}]})"))
                  .cause,
              UnknownCause::pending);
}

TEST(SearchAnswers, ErrorsAndUnreadableResults) {
    EXPECT_EQ(as<Rejected>(read_search_answer(400, "{}")).cause, RejectCause::invalid_request);
    EXPECT_EQ(as<Rejected>(read_search_answer(401, "{}")).cause, RejectCause::authentication);
    EXPECT_EQ(as<Unknown>(read_search_answer(500, "{}")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_search_answer(402, kCardError)).cause,
              UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_search_answer(200, R"({"data":{}})")).cause,
              UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_search_answer(200, R"({"data":[{"status":"succeeded"}]})")).cause,
              UnknownCause::malformed_answer);
}

TEST(RefundAnswers, SucceededAndPendingRefundsAreRefunds) {
    EXPECT_EQ(as<RefundSucceeded>(read_refund_answer(200, R"({"id":"re_1","status":"succeeded"})"))
                  .refund_id,
              "re_1");
    EXPECT_EQ(as<RefundSucceeded>(read_refund_answer(200, R"({"id":"re_2","status":"pending"})"))
                  .refund_id,
              "re_2");
}

TEST(RefundAnswers, RefundsTheProviderRefusesHaveFailed) {
    const auto f = as<RefundFailed>(read_refund_answer(
        400, R"({"error":{"type":"invalid_request_error","code":"charge_already_refunded",)"
             R"("message":"Charge ch_1 has already been refunded."}})"));
    EXPECT_EQ(f.code, "charge_already_refunded");
    EXPECT_EQ(as<RefundFailed>(
                  read_refund_answer(200, R"({"id":"re_3","status":"failed","failure_reason":)"
                                          R"("expired_or_canceled_card"})"))
                  .code,
              "expired_or_canceled_card");
    EXPECT_EQ(as<Unknown>(read_refund_answer(400, "<html>")).cause, UnknownCause::malformed_answer);
}

TEST(RefundAnswers, AnUnknownPaymentHasFailedButAnUnknownUrlIsRejected) {
    EXPECT_EQ(
        as<RefundFailed>(
            read_refund_answer(
                404, R"({"error":{"type":"invalid_request_error","code":"resource_missing",)"
                     R"("param":"payment_intent","message":"No such payment_intent: 'pi_x'"}})"))
            .code,
        "resource_missing");
    EXPECT_EQ(
        as<Rejected>(
            read_refund_answer(
                404, R"({"error":{"type":"invalid_request_error","message":"Unrecognized URL"}})"))
            .cause,
        RejectCause::not_found);
}

TEST(RefundAnswers, AWrongRequestIsRejectedNotFailed) {
    const auto r = as<Rejected>(read_refund_answer(
        400, R"({"error":{"type":"invalid_request_error","code":"parameter_missing"}})"));
    EXPECT_EQ(r.cause, RejectCause::invalid_request);
    EXPECT_EQ(r.code, "parameter_missing");
    // The key reused with other parameters: the error has a type and no code.
    EXPECT_EQ(as<Rejected>(
                  read_refund_answer(
                      400, R"({"error":{"type":"idempotency_error","message":"Keys for idempotent )"
                           R"(requests can only be used with the same parameters"}})"))
                  .code,
              "idempotency_error");
    EXPECT_EQ(
        as<Rejected>(read_charge_answer(400, R"({"error":{"type":"idempotency_error"}})")).code,
        "idempotency_error");
}

TEST(RefundAnswers, AuthenticationIsARejectionAndTheRestUnknown) {
    EXPECT_EQ(as<Rejected>(read_refund_answer(401, "{}")).cause, RejectCause::authentication);
    EXPECT_EQ(as<Unknown>(read_refund_answer(409, "{}")).cause, UnknownCause::conflict);
    EXPECT_EQ(as<Unknown>(read_refund_answer(502, "{}")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_refund_answer(200, R"({"id":"re_1"})")).cause,
              UnknownCause::malformed_answer);
}

TEST(PayoutAnswers, ATransferIsAPayout) {
    EXPECT_EQ(as<PayoutSucceeded>(
                  read_payout_answer(200, R"({"id":"tr_1","object":"transfer","amount":4250,)"
                                          R"("currency":"eur","destination":"acct_1"})"))
                  .payout_id,
              "tr_1");
}

TEST(PayoutAnswers, ADestinationThatCannotBePaidHasFailed) {
    const auto f = as<PayoutFailed>(read_payout_answer(
        400, R"({"error":{"type":"invalid_request_error","code":"resource_missing",)"
             R"("param":"destination","message":"No such destination: 'acct_missing'"}})"));
    EXPECT_EQ(f.code, "resource_missing");
    EXPECT_EQ(f.message, "No such destination: 'acct_missing'");
    EXPECT_EQ(
        as<PayoutFailed>(
            read_payout_answer(400, R"({"error":{"type":"invalid_request_error","code":)"
                                    R"("insufficient_capabilities_for_transfer","message":"no"}})"))
            .code,
        "insufficient_capabilities_for_transfer");
    // A destination refused without a code keeps the error's type.
    EXPECT_EQ(
        as<PayoutFailed>(read_payout_answer(400, R"({"error":{"type":"invalid_request_error",)"
                                                 R"("param":"destination","message":"Invalid"}})"))
            .code,
        "invalid_request_error");
}

TEST(PayoutAnswers, AWrongRequestIsRejectedNotFailed) {
    const auto missing = as<Rejected>(read_payout_answer(
        400, R"({"error":{"type":"invalid_request_error","code":"parameter_missing",)"
             R"("param":"destination"}})"));
    EXPECT_EQ(missing.cause, RejectCause::invalid_request);
    EXPECT_EQ(missing.code, "parameter_missing");
    EXPECT_EQ(
        as<Rejected>(read_payout_answer(400, R"({"error":{"type":"invalid_request_error","code":)"
                                             R"("balance_insufficient","message":"short"}})"))
            .code,
        "balance_insufficient");
    EXPECT_EQ(as<Rejected>(read_payout_answer(400, R"({"error":{"type":"idempotency_error",)"
                                                   R"("param":"destination"}})"))
                  .code,
              "idempotency_error");
    EXPECT_EQ(as<Unknown>(read_payout_answer(400, "<html>")).cause, UnknownCause::malformed_answer);
}

TEST(PayoutAnswers, AuthenticationPermissionAndUrlAreRejections) {
    EXPECT_EQ(as<Rejected>(read_payout_answer(401, "{}")).cause, RejectCause::authentication);
    EXPECT_EQ(as<Rejected>(read_payout_answer(403, "")).cause, RejectCause::permission);
    // Unlike a refund's, a payout's 404 is never about the money: a wrong URL.
    EXPECT_EQ(as<Rejected>(
                  read_payout_answer(404, R"({"error":{"type":"invalid_request_error",)"
                                          R"("code":"resource_missing","param":"destination"}})"))
                  .cause,
              RejectCause::not_found);
}

TEST(PayoutAnswers, WhatDoesNotSayTheProviderDecidedIsUnknown) {
    EXPECT_EQ(as<Unknown>(read_payout_answer(409, "{}")).cause, UnknownCause::conflict);
    EXPECT_EQ(as<Unknown>(read_payout_answer(429, "{}")).cause, UnknownCause::rate_limited);
    EXPECT_EQ(as<Unknown>(read_payout_answer(500, "{}")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_payout_answer(503, "")).cause, UnknownCause::provider_error);
    EXPECT_EQ(as<Unknown>(read_payout_answer(402, kCardError)).cause,
              UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_payout_answer(302, "")).cause, UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_payout_answer(200, "not json")).cause,
              UnknownCause::malformed_answer);
    EXPECT_EQ(as<Unknown>(read_payout_answer(200, R"({"object":"transfer"})")).cause,
              UnknownCause::malformed_answer);  // no id
}

// Not a fuzzer (the fuzzing branch has none for this yet), but its property:
// every prefix of a real answer, and every answer with one byte changed, under
// every status, reads without a crash, and a body cut short never reads as
// money that moved.
TEST(AnswersGarbage, CutOrChangedAnswersNeverReadAsMoneyMoved) {
    const std::string answers[] = {
        R"({"id":"pi_1","object":"payment_intent","status":"succeeded","created":1})",
        R"({"data":[{"id":"pi_1","status":"succeeded"},{"id":"pi_2","status":"processing"}]})",
        R"({"id":"re_1","object":"refund","status":"succeeded"})",
        R"({"id":"tr_1","object":"transfer","amount":1,"destination":"acct_1"})",
        kCardError,
    };
    for (const std::string& answer : answers) {
        for (unsigned status : {200u, 400u, 401u, 402u, 404u, 409u, 500u, 999u}) {
            for (std::size_t cut = 0; cut < answer.size(); ++cut) {
                const std::string_view prefix(answer.data(), cut);
                EXPECT_FALSE(
                    std::holds_alternative<ChargeSucceeded>(read_charge_answer(status, prefix)));
                EXPECT_FALSE(
                    std::holds_alternative<ChargeSucceeded>(read_search_answer(status, prefix)));
                EXPECT_FALSE(
                    std::holds_alternative<RefundSucceeded>(read_refund_answer(status, prefix)));
                EXPECT_FALSE(
                    std::holds_alternative<PayoutSucceeded>(read_payout_answer(status, prefix)));
            }
            std::string changed = answer;
            for (std::size_t at = 0; at < answer.size(); ++at) {
                for (const char c : {'\0', '"', '}', '\xff'}) {
                    changed[at] = c;
                    (void)read_charge_answer(status, changed);
                    (void)read_search_answer(status, changed);
                    (void)read_refund_answer(status, changed);
                    (void)read_payout_answer(status, changed);
                }
                changed[at] = answer[at];
            }
        }
    }
}

}  // namespace
}  // namespace seat::payments
