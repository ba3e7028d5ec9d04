// Proves that the audit fails what it must: a seat in two acknowledged
// purchases, counts that do not add up to capacity, an acknowledged purchase
// missing from the target, and a held count that differs from the live holds;
// and that a consistent state passes. Also pins the option checks that keep a
// run bounded and on loopback.
#include <gtest/gtest.h>

#include "bench/seatbench/audit.h"
#include "bench/seatbench/options.h"

namespace seat::bench {
namespace {

constexpr std::uint64_t kCapacity = 10;

// Seats 0..2 sold to "a" and "b", seat 5 held, the rest available.
struct Fixture {
    Ledger ledger;
    FinalState state;
    Fixture() {
        ledger.purchases.push_back({{0, 1}, {"a", "a"}});
        ledger.purchases.push_back({{2}, {"b"}});
        ledger.live_held_seats = {5};
        ledger.holds_exact = true;
        state.status.assign(kCapacity, 0);
        state.owner.assign(kCapacity, "");
        for (std::uint32_t s : {0, 1}) {
            state.status[s] = 2;
            state.owner[s] = "a";
        }
        state.status[2] = 2;
        state.owner[2] = "b";
        state.status[5] = 1;
    }
};

bool check_passed(const AuditReport& r, const std::string& name) {
    for (const auto& c : r.checks)
        if (c.name.rfind(name, 0) == 0) return c.passed;
    ADD_FAILURE() << "no check named " << name;
    return false;
}

TEST(Audit, ConsistentStatePasses) {
    Fixture f;
    const AuditReport r = audit(kCapacity, f.ledger, f.state);
    EXPECT_TRUE(r.passed());
    EXPECT_EQ(r.counts[2], 3u);
    EXPECT_EQ(r.counts[1], 1u);
}

TEST(Audit, SeatInTwoAcknowledgedPurchasesFails) {
    Fixture f;
    f.ledger.purchases.push_back({{1}, {"c"}});
    const AuditReport r = audit(kCapacity, f.ledger, f.state);
    EXPECT_FALSE(r.passed());
    EXPECT_FALSE(check_passed(r, "no seat sold twice"));
}

TEST(Audit, MissingPurchaseAndWrongOwnerFail) {
    Fixture f;
    f.state.status[2] = 0;
    f.state.owner[1] = "someone else";
    const AuditReport r = audit(kCapacity, f.ledger, f.state);
    EXPECT_FALSE(check_passed(r, "every acknowledged purchase is present"));
    EXPECT_FALSE(check_passed(r, "sold seats = acknowledged purchases"));
}

TEST(Audit, ReportedTotalsMustAddUpToCapacity) {
    Fixture f;
    f.state.reported_by = "test";
    f.state.reported[0] = 6;
    f.state.reported[1] = 1;
    f.state.reported[2] = 2;  // one sold seat short
    const AuditReport r = audit(kCapacity, f.ledger, f.state);
    EXPECT_FALSE(check_passed(r, "reported totals add up"));
}

TEST(Audit, HeldSeatsMustMatchLiveHoldsWhenExact) {
    Fixture f;
    f.state.status[7] = 1;  // a hold nobody acknowledged
    EXPECT_FALSE(check_passed(audit(kCapacity, f.ledger, f.state), "held seats"));
    f.ledger.holds_exact = false;
    EXPECT_TRUE(audit(kCapacity, f.ledger, f.state).passed());
}

TEST(Audit, TicketCountMustMatchSoldSeats) {
    Fixture f;
    f.state.has_tickets = true;
    f.state.tickets = 4;
    EXPECT_FALSE(check_passed(audit(kCapacity, f.ledger, f.state), "one ticket per sold seat"));
}

std::optional<Options> parse(std::vector<std::string> args, std::string& message) {
    args.insert(args.begin(), "seatbench");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    bool help = false;
    return parse_options(static_cast<int>(argv.size()), argv.data(), message, help);
}

TEST(Options, TargetsAreLoopbackOnlyAndRunsBounded) {
    std::string message;
    auto o =
        parse({"-t", "redis://localhost:6390", "-s", "contended", "-c", "3", "-P", "7"}, message);
    ASSERT_TRUE(o) << message;
    EXPECT_EQ(o->target, TargetKind::redis);
    EXPECT_EQ(o->port, 6390);
    EXPECT_EQ(o->scenario, Scenario::contended);
    EXPECT_EQ(o->hold_ttl_ms, 600'000);
    EXPECT_FALSE(parse({"-t", "seatd://10.0.0.1:7400"}, message));
    EXPECT_NE(message.find("loopback"), std::string::npos);
    EXPECT_FALSE(parse({"-c", "0"}, message));
    EXPECT_FALSE(parse({"--duration", "0"}, message));
    EXPECT_FALSE(parse({"-s", "flash-sale", "--hold-ttl-ms", "600000"}, message));
    EXPECT_FALSE(parse({"-s", "nope"}, message));
}

}  // namespace
}  // namespace seat::bench
