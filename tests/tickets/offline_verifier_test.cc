// Proves the gate's offline decisions with real keys and codes: admit once and
// report it, refuse the second scan with the first gate and time (whatever the
// version), refuse revoked tickets via the filter (newest filter wins), refuse
// bad signatures and other events' tickets, send HMAC codes online, and drop
// acknowledged reports in order.
#include <gtest/gtest.h>

#include "tests/tickets/fixed_keys.h"
#include "tickets/keyring.h"
#include "tickets/offline_verifier.h"

namespace seat::tickets {
namespace {

using testing::fixed_claims;

constexpr std::uint64_t kEvent = 42;
constexpr std::int64_t kDoorsOpen = 1767290000000;

class OfflineGate : public ::testing::Test {
  protected:
    TicketClaims claims(std::uint8_t n, std::uint32_t version = 1) const {
        TicketClaims c = fixed_claims();
        c.ticket_id[15] = n;
        c.version = version;
        return c;
    }
    std::string code(std::uint8_t n, std::uint32_t version = 1) const {
        return ring_.issue(CodeFormat::ed25519, claims(n, version));
    }

    const Keyring ring_ = Keyring::parse(testing::kFixedKeyFile);
    OfflineVerifier gate_{ring_.public_keys(), kEvent};
};

TEST_F(OfflineGate, AdmitsOnceThenSaysWhereAndWhen) {
    const OfflineDecision first = gate_.check(code(1), "north-3", kDoorsOpen);
    EXPECT_EQ(first.outcome, OfflineOutcome::admit);
    EXPECT_EQ(first.claims, claims(1));

    const OfflineDecision second = gate_.check(code(1), "south-1", kDoorsOpen + 5000);
    EXPECT_EQ(second.outcome, OfflineOutcome::already_admitted_here);
    EXPECT_EQ(second.first_gate, "north-3");
    EXPECT_EQ(second.first_admitted_at_ms, kDoorsOpen);

    // A reissued ticket (new version) is the same ticket for the admitted set.
    EXPECT_EQ(gate_.check(code(1, 2), "south-1", kDoorsOpen + 6000).outcome,
              OfflineOutcome::already_admitted_here);
    EXPECT_EQ(gate_.pending_reports().size(), 1u);
}

TEST_F(OfflineGate, RevokedByTheFilterNewestFilterWins) {
    RevocationFilter filter = RevocationFilter::sized_for(1000);
    filter.add(claims(2).ticket_id, 1);
    filter.set_sequence(5);
    gate_.update_filter(filter);
    EXPECT_EQ(gate_.filter_sequence(), 5u);
    EXPECT_EQ(gate_.check(code(2), "north-3", kDoorsOpen).outcome, OfflineOutcome::revoked);
    // The reissued version 2 is not revoked.
    EXPECT_EQ(gate_.check(code(2, 2), "north-3", kDoorsOpen).outcome, OfflineOutcome::admit);

    // An older filter (lower sequence) is ignored, a newer one replaces it.
    RevocationFilter older = RevocationFilter::sized_for(1000);
    older.set_sequence(4);
    gate_.update_filter(older);
    EXPECT_EQ(gate_.filter_sequence(), 5u);
    EXPECT_EQ(gate_.check(code(2), "north-3", kDoorsOpen).outcome, OfflineOutcome::revoked);
    RevocationFilter newer = RevocationFilter::sized_for(1000);
    newer.add(claims(3).ticket_id, 1);
    newer.set_sequence(6);
    gate_.update_filter(newer);
    EXPECT_EQ(gate_.filter_sequence(), 6u);
    EXPECT_EQ(gate_.check(code(3), "north-3", kDoorsOpen).outcome, OfflineOutcome::revoked);
}

TEST_F(OfflineGate, InvalidSignatureForForgeriesAndGarbage) {
    std::string forged = code(4);
    forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
    const OfflineDecision decision = gate_.check(forged, "north-3", kDoorsOpen);
    EXPECT_EQ(decision.outcome, OfflineOutcome::invalid_signature);
    EXPECT_EQ(decision.verify_status, VerifyStatus::bad_signature);
    EXPECT_EQ(gate_.check("E1.garbage", "north-3", kDoorsOpen).outcome,
              OfflineOutcome::invalid_signature);
    const Keyring stranger = Keyring::generate();
    EXPECT_EQ(
        gate_.check(stranger.issue(CodeFormat::ed25519, claims(4)), "north-3", kDoorsOpen).outcome,
        OfflineOutcome::invalid_signature);
    EXPECT_TRUE(gate_.pending_reports().empty());
}

TEST_F(OfflineGate, WrongEvent) {
    TicketClaims other = claims(5);
    other.event_id = kEvent + 1;
    EXPECT_EQ(gate_.check(ring_.issue(CodeFormat::ed25519, other), "north-3", kDoorsOpen).outcome,
              OfflineOutcome::wrong_event);
    EXPECT_EQ(gate_.check(code(5), "north-3", kDoorsOpen).outcome, OfflineOutcome::admit);
}

TEST_F(OfflineGate, HmacCodesNeedOnline) {
    const OfflineDecision decision =
        gate_.check(ring_.issue(CodeFormat::hmac, claims(6)), "north-3", kDoorsOpen);
    EXPECT_EQ(decision.outcome, OfflineOutcome::needs_online);
    EXPECT_EQ(decision.verify_status, VerifyStatus::needs_online);
    EXPECT_TRUE(gate_.pending_reports().empty());
}

TEST_F(OfflineGate, PendingReportsAndAcknowledge) {
    for (std::uint8_t n = 10; n < 13; ++n) {
        ASSERT_EQ(gate_.check(code(n), "east-" + std::to_string(n), kDoorsOpen + n).outcome,
                  OfflineOutcome::admit);
    }
    const std::vector<PendingAdmission> pending = gate_.pending_reports();
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0], (PendingAdmission{claims(10).ticket_id, 1, "east-10", kDoorsOpen + 10}));
    EXPECT_EQ(pending[2].gate, "east-12");

    gate_.acknowledge(2);
    ASSERT_EQ(gate_.pending_reports().size(), 1u);
    EXPECT_EQ(gate_.pending_reports()[0], pending[2]);
    EXPECT_THROW(gate_.acknowledge(2), std::out_of_range);
    gate_.acknowledge(1);
    EXPECT_TRUE(gate_.pending_reports().empty());
    // Acknowledged admissions are still remembered locally.
    EXPECT_EQ(gate_.check(code(10), "east-10", kDoorsOpen + 99).outcome,
              OfflineOutcome::already_admitted_here);
}

TEST(OfflineOutcomeNames, AllNamed) {
    EXPECT_EQ(to_string(OfflineOutcome::admit), "admit");
    EXPECT_EQ(to_string(OfflineOutcome::already_admitted_here), "already_admitted_here");
    EXPECT_EQ(to_string(OfflineOutcome::revoked), "revoked");
    EXPECT_EQ(to_string(OfflineOutcome::invalid_signature), "invalid_signature");
    EXPECT_EQ(to_string(OfflineOutcome::needs_online), "needs_online");
    EXPECT_EQ(to_string(OfflineOutcome::wrong_event), "wrong_event");
}

}  // namespace
}  // namespace seat::tickets
