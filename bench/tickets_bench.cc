// Micro-benchmarks of ticket codes at the gate: Ed25519 verification with public
// keys (what an offline scanner does per scan), HMAC verification with the
// server's keyring, one revocation filter probe at stadium size, and a whole
// OfflineVerifier::check on distinct codes. Numbers go to docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "tickets/keyring.h"
#include "tickets/offline_verifier.h"
#include "tickets/public_keyring.h"
#include "tickets/revocation_filter.h"

namespace seat::tickets {
namespace {

constexpr std::uint64_t kEvent = 42;
constexpr std::uint64_t kStadiumSeats = 70'000;
constexpr std::size_t kDistinctCodes = 4096;
constexpr std::int64_t kIssuedAt = 1767225600000;

TicketClaims claims_for(std::uint64_t n) {
    TicketClaims claims;
    for (std::size_t i = 0; i < 8; ++i)
        claims.ticket_id[8 + i] = static_cast<std::uint8_t>(n >> (8 * i));
    claims.ticket_id[0] = 0x5e;
    claims.event_id = kEvent;
    claims.issued_at_ms = kIssuedAt;
    claims.version = 1;
    return claims;
}

void BM_Ed25519VerifyPublicKeyring(benchmark::State& state) {
    const Keyring ring = Keyring::generate();
    const PublicKeyring keys = ring.public_keys();
    const std::string code = ring.issue(CodeFormat::ed25519, claims_for(1));
    for (auto _ : state)
        benchmark::DoNotOptimize(keys.verify(code));
}
BENCHMARK(BM_Ed25519VerifyPublicKeyring);

void BM_HmacVerifyKeyring(benchmark::State& state) {
    const Keyring ring = Keyring::generate();
    const std::string code = ring.issue(CodeFormat::hmac, claims_for(1));
    for (auto _ : state)
        benchmark::DoNotOptimize(ring.verify(code));
}
BENCHMARK(BM_HmacVerifyKeyring);

void BM_Ed25519Issue(benchmark::State& state) {
    const Keyring ring = Keyring::generate();
    std::uint64_t n = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(ring.issue(CodeFormat::ed25519, claims_for(++n)));
}
BENCHMARK(BM_Ed25519Issue);

// A full stadium of revocations; probes alternate members and non-members.
void BM_RevocationFilterMightContain(benchmark::State& state) {
    RevocationFilter filter = RevocationFilter::sized_for(kStadiumSeats);
    for (std::uint64_t n = 0; n < kStadiumSeats; ++n)
        filter.add(claims_for(n).ticket_id, 1);
    std::uint64_t n = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            filter.might_contain(claims_for(n % (2 * kStadiumSeats)).ticket_id, 1));
        ++n;
    }
}
BENCHMARK(BM_RevocationFilterMightContain);

// Each iteration scans a code not seen before (a fresh verifier every 4096
// scans, outside the timing), with a stadium-sized filter of other tickets. Nearly
// every check admits; about 0.1% are filter false positives (counted as revoked).
void BM_OfflineVerifierCheck(benchmark::State& state) {
    const Keyring ring = Keyring::generate();
    std::vector<std::string> codes;
    codes.reserve(kDistinctCodes);
    for (std::uint64_t n = 0; n < kDistinctCodes; ++n) {
        codes.push_back(ring.issue(CodeFormat::ed25519, claims_for(n)));
    }
    RevocationFilter filter = RevocationFilter::sized_for(kStadiumSeats);
    for (std::uint64_t n = 0; n < kStadiumSeats; ++n) {
        filter.add(claims_for(n + kStadiumSeats).ticket_id, 1);
    }
    auto fresh = [&] {
        OfflineVerifier gate(ring.public_keys(), kEvent);
        gate.update_filter(filter);
        return gate;
    };
    OfflineVerifier gate = fresh();
    std::size_t next = 0;
    std::int64_t admitted = 0;
    std::int64_t revoked = 0;
    for (auto _ : state) {
        if (next == codes.size()) {
            state.PauseTiming();
            gate = fresh();
            next = 0;
            state.ResumeTiming();
        }
        const OfflineDecision decision = gate.check(codes[next++], "north-3", kIssuedAt);
        admitted += decision.outcome == OfflineOutcome::admit ? 1 : 0;
        revoked += decision.outcome == OfflineOutcome::revoked ? 1 : 0;
    }
    state.counters["admitted"] = static_cast<double>(admitted);
    state.counters["false_revoked"] = static_cast<double>(revoked);
}
BENCHMARK(BM_OfflineVerifierCheck);

}  // namespace
}  // namespace seat::tickets

BENCHMARK_MAIN();
