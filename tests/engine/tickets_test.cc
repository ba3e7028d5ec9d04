// Proves the ticket's life after the sale: admission at a gate (first admission
// wins; old, future, unknown and cancelled codes are refused with their own
// status), reissue (a new version and owner, the old code revoked in the same
// fact, idempotent) and cancel (the seat, the counters and the revenue come
// back). Also: the O(1) ticket index, owner queries, and the invariant that every
// superseded code is revoked, over a seeded random run that replays exactly.
#include <map>
#include <set>

#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

using Code = std::pair<TicketId, std::uint32_t>;

std::set<Code> revoked_codes(const EventState& state) {
    std::set<Code> out;
    state.for_each_revoked([&](const TicketId& id, std::uint32_t v) {
        EXPECT_TRUE(out.insert({id, v}).second) << "a code reported revoked twice";
    });
    EXPECT_EQ(out.size(), state.revoked_count());
    return out;
}

// Every superseded code is revoked; a current code only when its ticket is cancelled.
void expect_revocations_consistent(const EventState& state) {
    const std::set<Code> revoked = revoked_codes(state);
    std::size_t expected = 0;
    for (const Ticket& t : state.tickets()) {
        for (std::uint32_t v = 1; v < t.version; ++v)
            EXPECT_TRUE(revoked.count({t.id, v})) << "superseded code not revoked";
        EXPECT_EQ(revoked.count({t.id, t.version}) == 1, t.status == TicketStatus::cancelled);
        EXPECT_FALSE(revoked.count({t.id, t.version + 1}));
        expected += t.version - 1 + (t.status == TicketStatus::cancelled);
    }
    EXPECT_EQ(state.revoked_count(), expected);
}

class Tickets : public EventFixture {
  protected:
    // Buys the named seats for session `sess` (buyer "buyer-<sess>").
    Result buy(std::uint64_t sess, std::initializer_list<std::string_view> names) {
        const Result h = hold(sess, names);
        EXPECT_TRUE(h.ok()) << to_string(h.status);
        const Result p = purchase(reply_of<HoldReply>(h).hold, sess);
        EXPECT_TRUE(p.ok()) << to_string(p.status);
        return p;
    }
    const Ticket& ticket(std::uint32_t index) const { return state.tickets()[index]; }
    Result admit(std::uint32_t index, std::string gate = "north-1", UnixMillis device_at = 0) {
        return run(AdmitTicket{ticket(index).id, ticket(index).version, gate, device_at});
    }
    Result reissue(std::uint32_t index, std::string owner = "", IdempotencyKey k = {}) {
        return run(ReissueTicket{ticket(index).id, std::move(owner), k});
    }
    Result cancel(std::uint32_t index, IdempotencyKey k = {}) {
        return run(CancelTicket{ticket(index).id, k});
    }
    void expect_replay_equal() const {
        EXPECT_TRUE(same_state(replayed().image(), state.image())) << "replay differs";
        EXPECT_TRUE(same_state(EventState::from_image(state.image()).image(), state.image()));
    }
};

TEST(TicketStatuses, AreAppendedAfterInternalErrorWithNames) {
    EXPECT_EQ(static_cast<int>(Status::internal_error), 17);
    const std::pair<Status, std::string_view> added[] = {
        {Status::ticket_not_found, "ticket_not_found"},
        {Status::already_admitted, "already_admitted"},
        {Status::superseded, "superseded"},
        {Status::ticket_cancelled, "ticket_cancelled"},
        {Status::invalid_signature, "invalid_signature"},
    };
    int code = 18;
    for (const auto& [status, name] : added) {
        EXPECT_EQ(static_cast<int>(status), code++);
        EXPECT_EQ(protocol::status_name(static_cast<std::uint16_t>(status)), name);
    }
}

TEST_F(Tickets, IndexFindsEveryTicketAndNothingElse) {
    const Result p = buy(1, {"A/1/1", "A/1/2", "A/1/3"});
    buy(2, {"A/2/1"});
    ASSERT_EQ(state.tickets().size(), 4u);
    for (std::uint32_t i = 0; i < 4; ++i) {
        EXPECT_EQ(state.ticket_index(ticket(i).id), i);
        EXPECT_EQ(state.find_ticket(ticket(i).id), &ticket(i));
        EXPECT_TRUE(state.ticket_key_taken(ticket(i).id));
        EXPECT_EQ(ticket(i).owner, kNone);
        EXPECT_EQ(ticket(i).gate, kNone);
        EXPECT_EQ(ticket(i).status, TicketStatus::valid);
    }
    EXPECT_EQ(reply_of<PurchaseReply>(p).first_ticket, 0u);
    const TicketId unknown{1, 2};
    EXPECT_EQ(state.ticket_index(unknown), kNone);
    EXPECT_EQ(state.find_ticket(unknown), nullptr);
    // After recovery the derived index is rebuilt.
    const EventState rebuilt = replayed();
    EXPECT_EQ(rebuilt.ticket_index(ticket(3).id), 3u);
    EXPECT_EQ(EventState::from_image(state.image()).ticket_index(ticket(2).id), 2u);
}

TEST_F(Tickets, AnIdSharingAnIssuedTicketsKeyIsNotThatTicket) {
    buy(1, {"A/1/1"});
    const TicketId issued = ticket(0).id;
    // Another id folding to the same 64-bit key: decide() would redraw it, and
    // the index compares whole ids, so a forged one finds nothing.
    TicketId forged{0, issued.lo + 1};
    forged.hi = EventState::ticket_key(issued) ^ (forged.lo * 0x9E3779B97F4A7C15ull);
    ASSERT_EQ(EventState::ticket_key(forged), EventState::ticket_key(issued));
    EXPECT_TRUE(state.ticket_key_taken(forged));
    EXPECT_EQ(state.ticket_index(forged), kNone);
    EXPECT_EQ(run(AdmitTicket{forged, 1, "g", 0}).status, Status::ticket_not_found);
    EXPECT_EQ(run(CancelTicket{forged, {}}).status, Status::ticket_not_found);
}

TEST_F(Tickets, AdmitRecordsGateTimeAndDeviceTime) {
    buy(1, {"A/1/1", "A/1/2"});
    now += 1000;
    const std::size_t facts = log.size();
    const Result r = admit(1, "north-1", now - 60'000);
    ASSERT_TRUE(r.ok()) << to_string(r.status);
    EXPECT_EQ(reply_of<TicketReply>(r).ticket, 1u);
    EXPECT_EQ(reply_of<TicketReply>(r).version, 1u);
    ASSERT_EQ(log.size(), facts + 1);
    const auto& fact = std::get<TicketAdmitted>(log.back());
    EXPECT_EQ(fact.ticket, ticket(1).id);
    EXPECT_EQ(fact.at, now);
    EXPECT_EQ(fact.device_at, now - 60'000);
    EXPECT_EQ(ticket(1).status, TicketStatus::admitted);
    EXPECT_EQ(ticket(1).admitted_at, now);
    EXPECT_EQ(ticket(1).device_at, now - 60'000);
    EXPECT_EQ(ticket_gate(state, ticket(1)), "north-1");
    EXPECT_EQ(ticket_gate(state, ticket(0)), "");
    EXPECT_EQ(status_of("A/1/2"), SeatStatus::sold) << "an admitted seat stays sold";
    EXPECT_EQ(state.revoked_count(), 0u);
    // Gates are interned: a second admission at the same gate adds no name.
    ASSERT_TRUE(admit(0, "north-1").ok());
    EXPECT_EQ(state.gates().size(), 1u);
    expect_replay_equal();
}

TEST_F(Tickets, RepeatedScanIsAlreadyAdmittedAndTheFirstAdmissionWins) {
    buy(1, {"A/1/1"});
    // Two offline gates report the same ticket: the first report wins.
    ASSERT_TRUE(admit(0, "east", now - 5000).ok());
    const UnixMillis first_at = now;
    now += 3000;
    const std::size_t facts = log.size();
    const Result again = admit(0, "west", now - 9000);
    EXPECT_EQ(again.status, Status::already_admitted);
    EXPECT_EQ(reply_of<TicketReply>(again).ticket, 0u) << "the caller can report when and where";
    EXPECT_EQ(ticket_gate(state, ticket(reply_of<TicketReply>(again).ticket)), "east");
    EXPECT_EQ(ticket(0).admitted_at, first_at);
    EXPECT_EQ(ticket(0).device_at, first_at - 5000);
    EXPECT_EQ(log.size(), facts) << "a refusal writes no fact";
}

TEST_F(Tickets, AdmitRefusesUnknownOldFutureAndCancelledCodes) {
    buy(1, {"A/1/1", "A/1/2"});
    const TicketId id = ticket(0).id;
    const std::size_t facts = log.size();
    EXPECT_EQ(run(AdmitTicket{TicketId{9, 9}, 1, "g", 0}).status, Status::ticket_not_found);
    EXPECT_EQ(run(AdmitTicket{id, 2, "g", 0}).status, Status::invalid_argument);
    EXPECT_EQ(run(AdmitTicket{id, 0, "g", 0}).status, Status::invalid_argument);
    EXPECT_EQ(run(AdmitTicket{id, 1, "", 0}).status, Status::invalid_argument);
    EXPECT_EQ(run(AdmitTicket{id, 1, std::string(kGateBytesMax + 1, 'g'), 0}).status,
              Status::invalid_argument);
    EXPECT_EQ(log.size(), facts);

    ASSERT_TRUE(reissue(0).ok());
    const Result old = run(AdmitTicket{id, 1, "g", 0});
    EXPECT_EQ(old.status, Status::superseded);
    EXPECT_EQ(reply_of<TicketReply>(old).ticket, 0u);
    ASSERT_TRUE(cancel(1).ok());
    EXPECT_EQ(admit(1).status, Status::ticket_cancelled);
    EXPECT_EQ(run(AdmitTicket{id, 2, std::string(kGateBytesMax, 'g'), 0}).status, Status::ok)
        << "a gate name of exactly kGateBytesMax bytes";
}

TEST_F(Tickets, ReissueMovesTheVersionAndOwnerAndRevokesTheOldCode) {
    buy(1, {"A/1/1", "A/1/2"});
    const TicketId id = ticket(0).id;
    EXPECT_EQ(ticket_owner(state, ticket(0)), "buyer-1");
    EXPECT_EQ(tickets_of_owner(state, "buyer-1"), (std::vector<std::uint32_t>{0, 1}));

    const std::size_t facts = log.size();
    const Result r = reissue(0, "friend");
    ASSERT_TRUE(r.ok()) << to_string(r.status);
    EXPECT_EQ(reply_of<TicketReply>(r).ticket, 0u);
    EXPECT_EQ(reply_of<TicketReply>(r).version, 2u);
    ASSERT_EQ(log.size(), facts + 1) << "version and revocation move in one fact";
    const auto& fact = std::get<TicketReissued>(log.back());
    EXPECT_EQ(fact.new_version, 2u);
    EXPECT_EQ(fact.new_owner, "friend");
    EXPECT_EQ(ticket(0).version, 2u);
    EXPECT_EQ(ticket(0).status, TicketStatus::valid)
        << "the ticket stays valid; its old code is not";
    EXPECT_EQ(ticket_owner(state, ticket(0)), "friend");
    EXPECT_EQ(tickets_of_owner(state, "buyer-1"), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(tickets_of_owner(state, "friend"), (std::vector<std::uint32_t>{0}));
    EXPECT_TRUE(tickets_of_owner(state, "nobody").empty());
    EXPECT_EQ(revoked_codes(state), (std::set<Code>{{id, 1}}));

    // An empty new owner keeps the owner; the same owner again is stored once.
    ASSERT_TRUE(reissue(0).ok());
    EXPECT_EQ(ticket_owner(state, ticket(0)), "friend");
    ASSERT_TRUE(reissue(1, "friend").ok());
    EXPECT_EQ(state.owners().size(), 1u);
    EXPECT_EQ(tickets_of_owner(state, "friend"), (std::vector<std::uint32_t>{0, 1}));
    EXPECT_EQ(revoked_codes(state), (std::set<Code>{{id, 1}, {id, 2}, {ticket(1).id, 1}}));
    ASSERT_TRUE(admit(0).ok()) << "the new code admits";
    expect_revocations_consistent(state);
    expect_replay_equal();
}

TEST_F(Tickets, ReissueRefusesUnknownAdmittedCancelledAndBadOwners) {
    buy(1, {"A/1/1", "A/1/2", "A/1/3"});
    const std::size_t facts = log.size();
    EXPECT_EQ(run(ReissueTicket{TicketId{4, 4}, "x", {}}).status, Status::ticket_not_found);
    EXPECT_EQ(reissue(0, std::string(kOwnerBytesMax + 1, 'o')).status, Status::invalid_argument);
    EXPECT_EQ(log.size(), facts);
    EXPECT_TRUE(reissue(0, std::string(kOwnerBytesMax, 'o')).ok());
    static_assert(kOwnerBytesMax == kBuyerIdBytesMax, "an owner is a buyer id");
    ASSERT_TRUE(admit(1).ok());
    EXPECT_EQ(reissue(1, "x").status, Status::already_admitted);
    ASSERT_TRUE(cancel(2).ok());
    EXPECT_EQ(reissue(2, "x").status, Status::ticket_cancelled);
}

TEST_F(Tickets, ReissueStopsAtTheVersionLimit) {
    buy(1, {"A/1/1"});
    for (std::uint32_t v = 1; v < kTicketVersionMax; ++v)
        ASSERT_TRUE(reissue(0).ok()) << v;
    EXPECT_EQ(ticket(0).version, kTicketVersionMax);
    EXPECT_EQ(reissue(0).status, Status::invalid_argument);
    EXPECT_EQ(state.revoked_count(), kTicketVersionMax - 1);
}

TEST_F(Tickets, ReissueIsIdempotentAlsoAfterRecovery) {
    buy(1, {"A/1/1"});
    const Result first = reissue(0, "friend", key(7));
    ASSERT_TRUE(first.ok());
    const std::size_t facts = log.size();
    now += 100;
    const Result again = run(ReissueTicket{ticket(0).id, "friend", key(7)});
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(log.size(), facts) << "a replayed reissue writes no fact";
    EXPECT_EQ(ticket(0).version, 2u);
    auto same_result = [](const Result& a, const Result& b) {
        return a.status == b.status && a.reply == b.reply && a.refused_count == b.refused_count;
    };
    EXPECT_TRUE(same_result(first, again));

    // After recovery the same retry gets the same answer.
    const EventState rebuilt = replayed();
    FactBuffer out;
    const Result after =
        decide(rebuilt, ReissueTicket{ticket(0).id, "friend", key(7)}, now, rng, out);
    EXPECT_TRUE(after.replayed);
    EXPECT_TRUE(same_result(first, after));
    EXPECT_TRUE(out.empty());

    // The key names this reissue only.
    EXPECT_EQ(run(ReissueTicket{ticket(0).id, "other", key(7)}).status,
              Status::idempotency_key_reused);
    EXPECT_EQ(cancel(0, key(7)).status, Status::idempotency_key_reused);
    EXPECT_EQ(hold(2, {"A/2/1"}, key(7)).status, Status::idempotency_key_reused);
    EXPECT_EQ(ticket(0).status, TicketStatus::valid);
    EXPECT_EQ(ticket(0).version, 2u);
}

TEST_F(Tickets, CancelReturnsTheSeatCountersAndRevenue) {
    buy(1, {"A/1/1", "A/1/2"});
    buy(2, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    const SeatId box1 = seat("BOX/1/1");
    const TierId premium = venue_->seats[box1].tier;
    const SectionId box = venue_->seats[box1].section;
    const Counts totals = state.totals();
    const Counts section = state.section_counts(box);
    const std::int64_t revenue = state.tier_revenue(premium);
    ASSERT_EQ(revenue, 4 * 12000);

    const std::size_t facts = log.size();
    const Result r = cancel(2, key(3));
    ASSERT_TRUE(r.ok()) << to_string(r.status);
    EXPECT_EQ(reply_of<TicketReply>(r).ticket, 2u);
    EXPECT_EQ(reply_of<TicketReply>(r).version, 1u);
    ASSERT_EQ(log.size(), facts + 1);
    EXPECT_TRUE(std::holds_alternative<TicketCancelled>(log.back()));
    EXPECT_EQ(ticket(2).status, TicketStatus::cancelled);
    EXPECT_EQ(ticket(2).seat, box1) << "a cancelled ticket keeps its old seat";
    EXPECT_EQ(state.seat(box1).status, SeatStatus::available);
    EXPECT_EQ(state.seat(box1).ticket, kNone);
    EXPECT_EQ(seat_view(state, box1).ticket, nullptr);
    EXPECT_EQ(state.totals()[SeatStatus::sold], totals[SeatStatus::sold] - 1);
    EXPECT_EQ(state.totals()[SeatStatus::available], totals[SeatStatus::available] + 1);
    EXPECT_EQ(state.section_counts(box)[SeatStatus::sold], section[SeatStatus::sold] - 1);
    EXPECT_EQ(state.tier_revenue(premium), revenue - 12000);
    EXPECT_EQ(state.tier_revenue(venue_->seats[seat("A/1/1")].tier), 2 * 5000);
    EXPECT_EQ(revoked_codes(state), (std::set<Code>{{ticket(2).id, 1}}));

    // Retry with the same key: the original answer, nothing done twice.
    const Result again = cancel(2, key(3));
    EXPECT_TRUE(again.ok());
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(reply_of<TicketReply>(again).ticket, reply_of<TicketReply>(r).ticket);
    EXPECT_EQ(reply_of<TicketReply>(again).version, reply_of<TicketReply>(r).version);
    EXPECT_EQ(state.tier_revenue(premium), revenue - 12000);
    // Without the key, a second cancel is refused.
    EXPECT_EQ(cancel(2).status, Status::ticket_cancelled);
    expect_replay_equal();
}

TEST_F(Tickets, CancelRefusesUnknownAndAdmittedTickets) {
    buy(1, {"A/1/1"});
    EXPECT_EQ(run(CancelTicket{TicketId{5, 5}, {}}).status, Status::ticket_not_found);
    ASSERT_TRUE(admit(0).ok());
    const Result r = cancel(0);
    EXPECT_EQ(r.status, Status::already_admitted);
    EXPECT_EQ(reply_of<TicketReply>(r).ticket, 0u);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::sold);
}

TEST_F(Tickets, ARefundedSeatSellsAgainWithANewTicket) {
    buy(1, {"A/1/1"});
    ASSERT_TRUE(reissue(0, "friend").ok());
    ASSERT_TRUE(cancel(0).ok());
    const Result p = buy(2, {"A/1/1"});
    EXPECT_EQ(reply_of<PurchaseReply>(p).first_ticket, 1u);
    EXPECT_EQ(state.seat(seat("A/1/1")).ticket, 1u);
    EXPECT_NE(ticket(1).id, ticket(0).id);
    EXPECT_EQ(ticket_owner(state, ticket(1)), "buyer-2");
    EXPECT_EQ(ticket_owner(state, ticket(0)), "friend");
    EXPECT_EQ(tickets_of_owner(state, "friend"), (std::vector<std::uint32_t>{0}))
        << "a cancelled ticket is still listed; its status says it is refunded";
    // The old ticket's codes stay revoked, the new one's are not.
    EXPECT_EQ(revoked_codes(state), (std::set<Code>{{ticket(0).id, 1}, {ticket(0).id, 2}}));
    ASSERT_TRUE(admit(1).ok());
    expect_replay_equal();
}

// A seeded random run of admissions, reissues (with new owners) and cancels on
// sold tickets, with refunded seats bought again: after every step every
// superseded code is revoked and nothing else is, and the log replays exactly.
TEST_F(Tickets, EverySupersededCodeIsRevokedOverARandomRun) {
    Rng choice(2024);
    std::uint64_t next_key = 100;
    for (int step = 0; step < 1500; ++step) {
        now += static_cast<UnixMillis>(choice.below(10'000));
        const std::uint64_t roll = choice.below(100);
        if (roll < 15 || state.tickets().empty()) {
            // Buy an available seat of section A, if any.
            const SeatId s = static_cast<SeatId>(choice.below(20));
            if (state.seat(s).status != SeatStatus::available) continue;
            const Result h = run(PlaceHold{session(choice.below(5)), {s}, {}});
            if (h.ok())
                run(Purchase{reply_of<HoldReply>(h).hold,
                             state.hold_in_slot(reply_of<HoldReply>(h).hold.slot()).session,
                             "b",
                             "p",
                             {}});
            continue;
        }
        const auto i = static_cast<std::uint32_t>(choice.below(state.tickets().size()));
        const IdempotencyKey k = choice.below(2) ? key(++next_key) : IdempotencyKey{};
        Result r;
        if (roll < 35) {
            const std::uint32_t v = 1 + static_cast<std::uint32_t>(choice.below(ticket(i).version));
            r = run(AdmitTicket{ticket(i).id, v, "g" + std::to_string(choice.below(3)), 0});
            if (v < ticket(i).version) {
                EXPECT_EQ(r.status, Status::superseded) << "an old code, whatever the ticket";
                continue;
            }
        } else if (roll < 85) {
            r = reissue(i, choice.below(2) ? "o" + std::to_string(choice.below(4)) : "", k);
        } else {
            r = cancel(i, k);
        }
        if (ticket(i).status == TicketStatus::admitted && !r.ok()) {
            EXPECT_EQ(r.status, Status::already_admitted);
        }
        expect_revocations_consistent(state);
    }
    EXPECT_GT(state.revoked_count(), 100u);
    std::size_t listed = 0;
    for (const char* owner : {"b", "o0", "o1", "o2", "o3"})
        listed += tickets_of_owner(state, owner).size();
    EXPECT_EQ(listed, state.tickets().size()) << "every ticket has exactly one current owner";
    expect_replay_equal();
    expect_revocations_consistent(replayed());
}

}  // namespace
}  // namespace seat::testing
