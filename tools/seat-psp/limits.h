// Every limit of seat-psp in one place: the provider API's own (the ones seatd's
// payment adapter must respect, docs/payments.md) and the simulator's (what one
// connection or the whole process may hold). Static asserts tie the HTTP limits
// to the largest request the API accepts, so a valid request is never refused
// for its size.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace seat::psp {

// --- The API's limits --------------------------------------------------------

// Amounts are integers in the currency's minor unit (cents).
inline constexpr std::int64_t kAmountMin = 1;
inline constexpr std::int64_t kAmountMax = 99'999'999;
inline constexpr std::size_t kAmountDigitsMax = 8;
inline constexpr std::size_t kCurrencyBytes = 3;
inline constexpr std::size_t kMetadataKeysMax = 50;
inline constexpr std::size_t kMetadataKeyBytesMax = 40;
inline constexpr std::size_t kMetadataValueBytesMax = 500;
inline constexpr std::size_t kIdempotencyKeyBytesMax = 255;
// A search answers at most this many intents (newest first); more set has_more.
inline constexpr std::size_t kSearchLimitMax = 100;
// Parameters in one body or query string: 50 metadata entries and the rest.
inline constexpr std::size_t kFormParamsMax = kMetadataKeysMax + 14;

// --- HTTP limits -------------------------------------------------------------

// The largest valid body is 50 metadata entries at their longest with every byte
// percent-encoded (three bytes each), plus the handful of other parameters.
inline constexpr std::size_t kBodyBytesMax = 128 * 1024;
static_assert(kBodyBytesMax >=
              3 * kMetadataKeysMax * (kMetadataKeyBytesMax + kMetadataValueBytesMax + 16) + 1024);
// The request line and headers. The longest valid target is a search for the
// longest metadata key and value, percent-encoded.
inline constexpr std::size_t kHeaderBytesMax = 16 * 1024;
static_assert(kHeaderBytesMax >= 3 * (kMetadataKeyBytesMax + kMetadataValueBytesMax) + 4096);
// Client connections served at once (--max-connections); more are closed at accept.
inline constexpr std::size_t kConnectionsDefault = 1024;
inline constexpr std::size_t kConnectionsMax = 65'536;
// A request must arrive whole, and a response be written, within this time
// (--request-timeout-s); a keep-alive connection idle this long is closed.
inline constexpr unsigned kRequestTimeoutDefaultS = 30;
inline constexpr unsigned kRequestTimeoutMaxS = 3600;
// A request held by the timeout fault is dropped after this long if the client
// has not given up by then, so held connections cannot pile up forever.
inline constexpr std::chrono::seconds kHoldMax{600};
// After the last response on a connection (Connection: close, or a request
// refused for its size or syntax) the sending side is shut and what the client
// still sends is read and discarded, for at most this long and this many bytes,
// so a close with unread bytes cannot turn into a reset that destroys the answer.
inline constexpr std::chrono::seconds kDrainTimeout{2};
inline constexpr std::size_t kDrainBytesMax = 1 << 20;

// --- The simulator's memory --------------------------------------------------

// Intents, refunds and stored idempotent responses are kept for the process's
// lifetime, in memory: at most this many of each (--max-records), about 2 KiB
// per charge at the largest metadata, a few hundred bytes at typical sizes.
inline constexpr std::size_t kRecordsDefault = 1'000'000;
inline constexpr std::size_t kRecordsMax = 100'000'000;

// --- Faults ------------------------------------------------------------------

// A drawn latency is capped here, so a long lognormal tail stays a delay.
inline constexpr double kLatencyMaxMs = 60'000;
inline constexpr double kOutageSecondsMax = 366.0 * 24 * 3600;
inline constexpr std::size_t kConcurrencyMax = 1'000'000;

// --- The secret --------------------------------------------------------------

inline constexpr std::size_t kSecretBytesMin = 8;
inline constexpr std::size_t kSecretBytesMax = 256;

}  // namespace seat::psp
