// StripeProvider: the PaymentProvider that speaks Stripe's HTTP API, the
// subset in docs/payments.md ("The provider subset"), which the local
// simulator seat-psp implements too. It keeps the PaymentProvider contract
// (payment_provider.h); in particular:
//
// - Threads. The provider owns one I/O thread (Boost.Asio), started by the
//   constructor and joined by the destructor. It connects, writes, reads,
//   and runs every callback. It is never a shard thread, and nothing of a
//   request runs on the thread that made it.
// - Connections. At most `connections_max` kept-alive connections to the base
//   URL, opened as needed; calls beyond them wait in order, at most
//   `queue_max` of them; beyond that a call is answered Unknown{overloaded}
//   without being sent. in_flight_max() = connections_max + queue_max.
// - TLS. An https base URL is spoken over TLS 1.2 or later (OpenSSL), with
//   SNI, and the certificate is checked against the system's trust store (or
//   `ca_file`) and the URL's host name. An http URL is for the simulator on
//   the loopback only.
// - Deadlines. Connecting (resolve, TCP, TLS) has `connect_timeout`; each
//   request has `response_timeout` from its first byte written to the last
//   byte of the answer. Past either the outcome is Unknown (connect_failed,
//   timeout). The queue wait is not bounded by time, only by `queue_max`.
// - The secret. Read once, from `secret_file`, at construction; sent only in
//   the Authorization header; never logged, never in an outcome (an answer
//   that echoes it has it replaced by "[secret]").
// - Construction throws std::runtime_error or std::invalid_argument when the
//   URL or the secret file is unusable, so seatd stops at start-up with a
//   message; nothing is sent until the first call.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "server/payments/payment_provider.h"

namespace seat::payments {

struct StripeOptions {
    // "https://api.stripe.com" in production, "http://127.0.0.1:7490" for seat-psp.
    std::string base_url = "https://api.stripe.com";
    // A file holding the secret key ("sk_live_..."); whitespace around it is ignored.
    std::filesystem::path secret_file;
    // PEM file of the CA certificates to trust instead of the system's store
    // (tests, or a private proxy); empty = the system's store.
    std::filesystem::path ca_file;

    // Stripe answers a card payment in well under a second; 2 s to connect is
    // generous for a healthy network, and a provider that cannot be reached
    // is better known soon. 10 s to an answer covers slow issuers; a buyer
    // who waited longer is told the outcome is being checked.
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds response_timeout{10000};
    // Closing connections idle this long keeps the pool from reusing one the
    // server is about to close.
    std::chrono::milliseconds idle_timeout{20000};

    // 32 connections carry ~64 payments a second at 0.5 s each, under Stripe's
    // default live-mode limit of 100 requests a second; the queue absorbs a
    // burst of a few seconds before calls are refused.
    std::size_t connections_max = 32;
    std::size_t queue_max = 256;
};

// Bounds on the options, so a typo cannot ask for a million sockets.
inline constexpr std::size_t kStripeConnectionsMax = 1024;
inline constexpr std::size_t kStripeQueueMax = 65536;

class StripeProvider final : public PaymentProvider {
  public:
    explicit StripeProvider(const StripeOptions& options);
    ~StripeProvider() override;  // fails what is in flight with Unknown{stopped}, joins the thread
    StripeProvider(const StripeProvider&) = delete;
    StripeProvider& operator=(const StripeProvider&) = delete;

    void charge(const ChargeRequest& request, ChargeCallback done) override;
    void find_charge(const std::string& key, const std::string& value,
                     FindChargeCallback done) override;
    void refund(const RefundRequest& request, RefundCallback done) override;
    void payout(const PayoutRequest& request, PayoutCallback done) override;

    std::size_t in_flight() const override;
    std::size_t in_flight_max() const override;

  private:
    struct State;  // the I/O thread, its io_context, the TLS context and the pool
    std::unique_ptr<State> state_;
};

}  // namespace seat::payments
