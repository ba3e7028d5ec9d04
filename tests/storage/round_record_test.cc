// Proves store format 2 on a real RocksDB: a round's facts of one event are one
// round record however its events interleave (an event staged twice included),
// split only at the record limits; read_facts returns exactly the facts after any
// sequence, from inside a record too; a snapshot must fall inside a stored record;
// damaged records (cut short, a wrong count, records with a gap or an overlap
// between them) are corruption, never a crash; and a store written by a format-1
// build (one fact per key) opens, recovers, reads and keeps its layout. The
// record framing itself is tested without RocksDB first.
#include <gtest/gtest.h>

#include <set>

#include "storage/recovery.h"
#include "storage/round_record.h"
#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

constexpr UnixMillis kAt = 1'800'000'000'000;

std::vector<std::uint8_t> bytes_of_fact(const Fact& fact) {
    flatbuffers::FlatBufferBuilder b;
    encode(fact, b);
    const auto bytes = bytes_of(b);
    return {bytes.begin(), bytes.end()};
}

Fact released(std::uint64_t n) {
    return HoldReleased{HoldId::make(static_cast<std::uint32_t>(n % 1000), 1), kAt + 1,
                        CommandTag{IdempotencyKey{3, n}, n}};
}

std::vector<std::uint8_t> record_of(Sequence first, std::size_t facts) {
    RoundRecordBuilder builder;
    builder.start(first);
    for (std::size_t i = 0; i < facts; ++i)
        builder.append(bytes_of_fact(released(i)));
    return {builder.bytes().begin(), builder.bytes().end()};
}

// ---- The framing, without RocksDB.

TEST(RoundRecord, FactsComeBackInOrderWithTheirSequences) {
    RoundRecordBuilder builder;
    builder.start(41);
    std::vector<std::vector<std::uint8_t>> facts;
    for (std::uint64_t n = 0; n < 7; ++n) {
        facts.push_back(bytes_of_fact(released(n)));
        ASSERT_TRUE(builder.fits(facts.back().size()));
        builder.append(facts.back());
    }
    EXPECT_EQ(builder.next(), 48u);
    std::string error;
    std::optional<RoundRecordReader> reader = RoundRecordReader::parse(builder.bytes(), error);
    ASSERT_TRUE(reader.has_value()) << error;
    EXPECT_EQ(reader->first(), 41u);
    EXPECT_EQ(reader->last(), 47u);
    EXPECT_EQ(reader->fact_count(), 7u);
    std::size_t i = 0;
    for (std::span<const std::uint8_t> fact; reader->next(fact); ++i) {
        ASSERT_LT(i, facts.size());
        EXPECT_TRUE(std::equal(fact.begin(), fact.end(), facts[i].begin(), facts[i].end()));
        const std::optional<Fact> decoded = decode(fact, error);
        ASSERT_TRUE(decoded.has_value()) << error;
        EXPECT_TRUE(same_fact(*decoded, released(i)));
    }
    EXPECT_EQ(i, 7u);
}

TEST(RoundRecord, ALoneRecordPrefixFramesOneFact) {
    const std::vector<std::uint8_t> fact = bytes_of_fact(released(5));
    const auto prefix = lone_record_prefix(9, fact.size());
    std::vector<std::uint8_t> value(prefix.begin(), prefix.end());
    value.insert(value.end(), fact.begin(), fact.end());
    std::string error;
    std::optional<RoundRecordReader> reader = RoundRecordReader::parse(value, error);
    ASSERT_TRUE(reader.has_value()) << error;
    EXPECT_EQ(reader->first(), 9u);
    EXPECT_EQ(reader->last(), 9u);
    RoundRecordBuilder builder;
    builder.start(9);
    builder.append(fact);
    EXPECT_TRUE(
        std::equal(value.begin(), value.end(), builder.bytes().begin(), builder.bytes().end()))
        << "the same bytes as a built record of that fact";
    std::span<const std::uint8_t> out;
    ASSERT_TRUE(reader->next(out));
    EXPECT_TRUE(std::equal(out.begin(), out.end(), fact.begin(), fact.end()));
    EXPECT_FALSE(reader->next(out));
}

TEST(RoundRecord, EveryTruncationAndEveryExtraByteIsRefused) {
    const std::vector<std::uint8_t> whole = record_of(3, 4);
    std::string error;
    for (std::size_t size = 0; size < whole.size(); ++size) {
        error.clear();
        EXPECT_FALSE(RoundRecordReader::parse(std::span(whole).first(size), error).has_value())
            << "cut to " << size << " bytes";
        EXPECT_FALSE(error.empty());
    }
    std::vector<std::uint8_t> longer = whole;
    longer.push_back(0);
    EXPECT_FALSE(RoundRecordReader::parse(longer, error).has_value());
    EXPECT_NE(error.find("1 bytes after its last fact"), std::string::npos) << error;
}

TEST(RoundRecord, ImpossibleHeadersAndLengthsAreRefusedWithAReason) {
    const std::vector<std::uint8_t> good = record_of(3, 2);
    auto refused = [](std::vector<std::uint8_t> bytes, const std::string& reason) {
        std::string error;
        EXPECT_FALSE(RoundRecordReader::parse(bytes, error).has_value()) << reason;
        EXPECT_NE(error.find(reason), std::string::npos) << error;
    };
    std::vector<std::uint8_t> b = good;
    b[0] = 2;
    refused(b, "round record format 2");
    b = good;
    b[1] = 0;
    refused(b, "claims 0 facts");
    b = good;
    b[1] = 0xff;
    b[2] = 0xff;
    refused(b, "claims 65535 facts");
    b = good;
    b[1] = 3;  // one more fact than the bytes hold
    refused(b, "ends inside the length of fact 3 of 3");
    b = good;
    b[1] = 1;  // one fewer: the second fact is left over
    refused(b, "bytes after its last fact");
    b = good;
    std::fill(b.begin() + 3, b.begin() + 11, 0);
    refused(b, "sequences 0 + 2 are out of range");
    b = good;
    std::fill(b.begin() + 3, b.begin() + 11, 0xff);
    refused(b, "out of range");
    b = good;
    std::fill(b.begin() + 11, b.begin() + 15, 0);
    refused(b, "fact 1 of 2 of a round record claims 0 bytes");
    b = good;
    b[14] = 0x7f;
    refused(b, "fact 1 of 2 of a round record claims");
}

// ---- Records in the store.

// The keys of the `facts` family, as (event, first sequence) of each record.
std::vector<std::pair<EventId, Sequence>> record_keys(const fs::path& dir) {
    RawDb raw(dir);
    std::vector<std::pair<EventId, Sequence>> out;
    for (const auto& [key, value] : raw.all(RawDb::kFactsFamily)) {
        EXPECT_EQ(key.size(), 16u);
        EventId event = 0;
        Sequence sequence = 0;
        for (std::size_t i = 0; i < 8; ++i) {
            event = (event << 8) | static_cast<std::uint8_t>(key[i]);
            sequence = (sequence << 8) | static_cast<std::uint8_t>(key[8 + i]);
        }
        out.emplace_back(event, sequence);
    }
    return out;
}

void expect_same_log(const std::vector<Logged>& read, const std::vector<Logged>& written) {
    ASSERT_EQ(read.size(), written.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
        EXPECT_EQ(read[i].event, written[i].event) << i;
        EXPECT_EQ(read[i].sequence, written[i].sequence) << i;
        EXPECT_TRUE(same_fact(read[i].fact, written[i].fact))
            << "event " << read[i].event << " fact " << read[i].sequence;
    }
}

// Sorted by (event, sequence), as read_all returns them.
std::vector<Logged> by_event(std::vector<Logged> facts) {
    std::stable_sort(facts.begin(), facts.end(), [](const Logged& a, const Logged& b) {
        return a.event != b.event ? a.event < b.event : a.sequence < b.sequence;
    });
    return facts;
}

TEST(RoundRecords, EachEventOfARoundIsOneRecordHoweverItsFactsInterleave) {
    TempDir dir;
    ShardSim sim(201);
    std::vector<Logged> written;
    std::size_t records = 0;
    std::size_t revisiting_rounds = 0;
    {
        auto log = open_log(dir.path());
        ASSERT_EQ(log->format_version(), 2u);
        RoundBatch batch(*log);
        for (EventId e : {4, 2, 9}) {
            const std::vector<Logged> created = sim.create(e, theatre());
            add_all(batch, created);
            written.insert(written.end(), created.begin(), created.end());
        }
        ASSERT_TRUE(log->commit(batch).ok());
        records = 3;
        for (int r = 0; r < 20; ++r) {
            const std::vector<Logged> facts = sim.round(12);
            std::set<EventId> touched;
            std::size_t runs = 0;  // stretches of one event's facts
            for (std::size_t i = 0; i < facts.size(); ++i) {
                touched.insert(facts[i].event);
                runs += i == 0 || facts[i].event != facts[i - 1].event;
            }
            // An event staged again after another's facts, as a shard does.
            revisiting_rounds += runs > touched.size();
            add_all(batch, facts);
            written.insert(written.end(), facts.begin(), facts.end());
            ASSERT_TRUE(log->commit(batch).ok());
            records += touched.size();
        }
    }
    EXPECT_GT(revisiting_rounds, 5u) << "the workload interleaves events within rounds";
    EXPECT_EQ(record_keys(dir.path()).size(), records) << "one record per event per round";
    auto log = open_log(dir.path());
    expect_same_log(read_all(*log, {2, 4, 9}), by_event(written));
}

TEST(RoundRecords, AnEventStagedTwiceInOneRoundIsOneRecord) {
    TempDir dir;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        // Event 1's facts 1-3, event 2's 1-2, event 1's 4-6: one stage_facts call each.
        for (Sequence s = 1; s <= 3; ++s)
            batch.add(1, s, released(s));
        for (Sequence s = 1; s <= 2; ++s)
            batch.add(2, s, released(100 + s));
        for (Sequence s = 4; s <= 6; ++s)
            batch.add(1, s, released(s));
        ASSERT_TRUE(log->commit(batch).ok());
        for (Sequence s = 7; s <= 8; ++s)
            batch.add(1, s, released(s));
        ASSERT_TRUE(log->commit(batch).ok());
    }
    EXPECT_EQ(record_keys(dir.path()),
              (std::vector<std::pair<EventId, Sequence>>{{1, 1}, {1, 7}, {2, 1}}));
    auto log = open_log(dir.path());
    const std::vector<Logged> read = read_all(*log, {1, 2});
    ASSERT_EQ(read.size(), 10u);
    for (Sequence s = 1; s <= 8; ++s) {
        EXPECT_EQ(read[s - 1].sequence, s);
        EXPECT_TRUE(same_fact(read[s - 1].fact, released(s)));
    }
    EXPECT_TRUE(same_fact(read[9].fact, released(102)));
}

TEST(RoundRecords, ReadFactsFromAnywhereInsideARecordReturnsExactlyTheLaterFacts) {
    TempDir dir;
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    // Records [1, 10], [11, 15], [16, 40] of event 5, and event 4 and 6 around them.
    batch.add(4, 1, released(0));
    batch.add(6, 1, released(0));
    Sequence next = 1;
    for (const int size : {10, 5, 25}) {
        for (int i = 0; i < size; ++i, ++next)
            batch.add(5, next, released(next));
        ASSERT_TRUE(log->commit(batch).ok());
    }
    for (Sequence after = 0; after <= 41; ++after) {
        std::vector<Sequence> seen;
        const Status s = log->read_facts(5, after, [&](Sequence sequence, const Fact& fact) {
            EXPECT_TRUE(same_fact(fact, released(sequence)));
            seen.push_back(sequence);
            return true;
        });
        ASSERT_TRUE(s.ok()) << s.to_string();
        std::vector<Sequence> expected;
        for (Sequence q = after + 1; q <= 40; ++q)
            expected.push_back(q);
        EXPECT_EQ(seen, expected) << "after " << after;
    }
    std::vector<Sequence> seen;
    ASSERT_TRUE(log->read_facts(5, 12,
                                [&](Sequence s, const Fact&) {
                                    seen.push_back(s);
                                    return seen.size() < 5;
                                })
                    .ok());
    EXPECT_EQ(seen, (std::vector<Sequence>{13, 14, 15, 16, 17})) << "stops across records";
}

TEST(RoundRecords, ARoundPastTheFactLimitSplitsIntoRecords) {
    TempDir dir;
    const Sequence total = 2 * kRoundRecordFactsMax + 7;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (Sequence s = 1; s <= total; ++s)
            batch.add(3, s, released(s));
        ASSERT_TRUE(log->commit(batch).ok());
    }
    EXPECT_EQ(record_keys(dir.path()),
              (std::vector<std::pair<EventId, Sequence>>{
                  {3, 1}, {3, kRoundRecordFactsMax + 1}, {3, 2 * kRoundRecordFactsMax + 1}}));
    auto log = open_log(dir.path());
    const std::vector<Logged> read = read_all(*log, {3});
    ASSERT_EQ(read.size(), total);
    for (Sequence s = 1; s <= total; ++s)
        EXPECT_TRUE(same_fact(read[s - 1].fact, released(s))) << s;
}

TEST(RoundRecords, ARoundPastTheByteLimitSplitsAndAHugeFactIsARecordOfItsOwn) {
    TempDir dir;
    ShardSim sim(202);
    std::vector<Logged> written = sim.create(8, stadium());  // megabytes: alone
    ASSERT_GT(bytes_of_fact(written[0].fact).size(), kRoundRecordBytesMax);
    for (Sequence s = 2; s <= 61; ++s) {
        HoldPurchased big{
            HoldId::make(1, 1), std::string(10'000, 'b'), "pay-" + std::to_string(s), {}, kAt, {}};
        written.push_back({8, s, big});
    }
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        add_all(batch, written);
        ASSERT_TRUE(log->commit(batch).ok());
    }
    {
        RawDb raw(dir.path());
        const auto all = raw.all(RawDb::kFactsFamily);
        ASSERT_GE(all.size(), 4u) << "the creation, then 60 facts of 10 kB in 256 kB records";
        EXPECT_EQ(all[0].first, log_key(8, 1));
        EXPECT_EQ(all[1].first, log_key(8, 2));
        for (std::size_t i = 1; i < all.size(); ++i)
            EXPECT_LE(all[i].second.size(), kRoundRecordBytesMax) << "record " << i;
    }
    auto log = open_log(dir.path());
    expect_same_log(read_all(*log, {8}), written);
}

TEST(RoundRecords, ASnapshotMustFallInsideAStoredRecord) {
    TempDir dir;
    ShardSim sim(203);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    log->commit_or_die(batch);
    // Two rounds of the sim, committed as one round: the image between them is
    // in the middle of a record.
    while (sim.state(1).sequence() < 5)
        add_all(batch, sim.round(3));
    const EventImage middle = sim.state(1).image();
    while (sim.state(1).sequence() < middle.sequence + 5)
        add_all(batch, sim.round(3));
    const EventImage end = sim.state(1).image();
    log->commit_or_die(batch);
    // The round's record is [2, end]: the middle image falls strictly inside it.
    EXPECT_GT(middle.sequence, 2u);
    EXPECT_LT(middle.sequence, end.sequence);
    ASSERT_TRUE(log->write_snapshot(middle).ok());
    ASSERT_TRUE(log->write_snapshot(end).ok());
    add_all(batch, sim.round(3));
    while (batch.empty())
        add_all(batch, sim.round(3));
    const Status ahead = log->write_snapshot(sim.state(1).image());
    EXPECT_TRUE(ahead.is_invalid()) << ahead.to_string();
    EXPECT_NE(ahead.message().find("ahead of the durable log"), std::string::npos);
    EventImage other = end;
    other.event = 2;
    const Status unknown = log->write_snapshot(other);
    EXPECT_TRUE(unknown.is_invalid()) << "no record of event 2: " << unknown.to_string();
}

// ---- Damage.

// A committed log of event 1: records [1, 4], [5, 7], [8, 9]; returns their values.
std::vector<std::string> write_three_records(const fs::path& dir) {
    {
        auto log = open_log(dir);
        RoundBatch batch(*log);
        Sequence next = 1;
        for (const int size : {4, 3, 2}) {
            for (int i = 0; i < size; ++i, ++next)
                batch.add(1, next, released(next));
            EXPECT_TRUE(log->commit(batch).ok());
        }
    }
    RawDb raw(dir);
    std::vector<std::string> values;
    for (const auto& [key, value] : raw.all(RawDb::kFactsFamily))
        values.push_back(value);
    EXPECT_EQ(values.size(), 3u);
    return values;
}

Status read_everything(const fs::path& dir) {
    auto log = open_log(dir);
    return log->read_facts(1, 0, [](Sequence, const Fact&) { return true; });
}

void expect_corruption(const Status& s, const std::string& text) {
    EXPECT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find(text), std::string::npos) << s.to_string();
}

TEST(DamagedRecords, ATruncatedRecordIsCorruptionNamingItsKey) {
    TempDir dir;
    std::vector<std::string> values = write_three_records(dir.path());
    RawDb(dir.path())
        .put(RawDb::kFactsFamily, log_key(1, 5), values[1].substr(0, values[1].size() - 3));
    expect_corruption(read_everything(dir.path()), "the record at event 1 sequence 5: fact 3 of 3");
}

TEST(DamagedRecords, AWrongFactCountIsCorruption) {
    TempDir dir;
    std::vector<std::string> values = write_three_records(dir.path());
    values[0][1] = 9;
    RawDb(dir.path()).put(RawDb::kFactsFamily, log_key(1, 1), values[0]);
    expect_corruption(read_everything(dir.path()),
                      "the record at event 1 sequence 1: a round record ends inside the length of "
                      "fact 5 of 9");
}

TEST(DamagedRecords, AGapBetweenRecordsIsCorruptionNamingTheMissingFact) {
    TempDir dir;
    write_three_records(dir.path());
    RawDb(dir.path()).remove(RawDb::kFactsFamily, log_key(1, 5));
    const Status s = read_everything(dir.path());
    expect_corruption(s, "event 1: expected fact 5 next, found fact 8 (the log has a gap");
    auto log = open_log(dir.path());
    // Reading from inside the first record meets the same gap.
    expect_corruption(log->read_facts(1, 2, [](Sequence, const Fact&) { return true; }),
                      "expected fact 5 next, found fact 8");
}

TEST(DamagedRecords, OverlappingRecordsAndAMovedRecordAreCorruption) {
    TempDir dir;
    std::vector<std::string> values = write_three_records(dir.path());
    {
        RawDb raw(dir.path());
        // [5, 7] also stored at 6: its header still says 5.
        raw.put(RawDb::kFactsFamily, log_key(1, 6), values[1]);
    }
    expect_corruption(read_everything(dir.path()),
                      "the record at event 1 sequence 6 says it begins at 5");
    {
        RawDb raw(dir.path());
        raw.remove(RawDb::kFactsFamily, log_key(1, 6));
        // A record [6, 8] (built for its key) overlapping [5, 7] and [8, 9].
        const std::vector<std::uint8_t> overlap = record_of(6, 3);
        raw.put(RawDb::kFactsFamily, log_key(1, 6), std::string(overlap.begin(), overlap.end()));
    }
    expect_corruption(read_everything(dir.path()),
                      "event 1: expected fact 8 next, found fact 6 (two records overlap)");
}

TEST(DamagedRecords, RecoveryReportsDamageAsCorruptionNotACrash) {
    TempDir dir;
    ShardSim sim(204);
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        add_all(batch, sim.create(1, theatre()));
        log->commit_or_die(batch);
        while (sim.state(1).sequence() < 20) {
            add_all(batch, sim.round(5));
            log->commit_or_die(batch);
        }
    }
    std::pair<std::string, std::string> victim;
    {
        RawDb raw(dir.path());
        const auto records = raw.all(RawDb::kFactsFamily);
        ASSERT_GE(records.size(), 3u);
        victim = records.back();
    }
    auto recovered = [&] {
        auto log = open_log(dir.path());
        std::vector<RecoveredEvent> events;
        RecoveryStats stats;
        return recover(*log, RecoveryOptions{}, events, stats);
    };
    // The last record cut short by one byte.
    RawDb(dir.path())
        .put(RawDb::kFactsFamily, victim.first, victim.second.substr(0, victim.second.size() - 1));
    expect_corruption(recovered(), "the record at event 1 sequence ");

    // Its framing intact, its first fact's bytes garbage: the fact decoder refuses it.
    std::string error;
    const std::span<const std::uint8_t> value(
        reinterpret_cast<const std::uint8_t*>(victim.second.data()), victim.second.size());
    std::optional<RoundRecordReader> reader = RoundRecordReader::parse(value, error);
    ASSERT_TRUE(reader.has_value()) << error;
    RoundRecordBuilder builder;
    builder.start(reader->first());
    std::span<const std::uint8_t> fact;
    for (bool first = true; reader->next(fact); first = false) {
        if (!first) {
            builder.append(fact);
            continue;
        }
        builder.append(std::vector<std::uint8_t>(fact.size(), 0xff));
    }
    RawDb(dir.path())
        .put(RawDb::kFactsFamily, victim.first,
             std::string(reinterpret_cast<const char*>(builder.bytes().data()),
                         builder.bytes().size()));
    expect_corruption(recovered(), "event 1 sequence " + std::to_string(reader->first()) + ": ");
}

// ---- Version 1.

// What a build of store format 1 left: one FactRecord per key (event, sequence),
// a directory entry per EventCreated, and version 1 in `meta`.
void write_format_1_store(const fs::path& dir, const std::vector<Logged>& facts) {
    RawDb raw(dir, /*create=*/true);
    flatbuffers::FlatBufferBuilder b;
    for (const Logged& l : facts) {
        const std::vector<std::uint8_t> bytes = bytes_of_fact(l.fact);
        raw.put(RawDb::kFactsFamily, log_key(l.event, l.sequence),
                std::string(bytes.begin(), bytes.end()));
        if (const auto* created = std::get_if<EventCreated>(&l.fact)) {
            encode_entry(EventEntry{l.event, l.sequence, created->at, created->settings.event_name},
                         b);
            const auto entry = bytes_of(b);
            raw.put(RawDb::kMetaFamily, "event/" + log_key(l.event, 0).substr(0, 8),
                    std::string(reinterpret_cast<const char*>(entry.data()), entry.size()));
        }
    }
    raw.put(RawDb::kMetaFamily, "store/format_version", std::string("\0\0\0\1", 4));
}

TEST(StoreFormat1, OpensRecoversReadsAndKeepsItsLayout) {
    TempDir dir;
    ShardSim sim(205);
    std::vector<Logged> written;
    for (EventId e : {1, 2}) {
        const std::vector<Logged> created = sim.create(e, theatre());
        written.insert(written.end(), created.begin(), created.end());
    }
    for (int r = 0; r < 10; ++r) {
        const std::vector<Logged> facts = sim.round(10);
        written.insert(written.end(), facts.begin(), facts.end());
    }
    write_format_1_store(dir.path(), written);
    {
        auto log = open_log(dir.path());
        ASSERT_NE(log, nullptr);
        EXPECT_EQ(log->format_version(), 1u);
        std::vector<RecoveredEvent> events;
        RecoveryStats stats;
        const Status s = recover(*log, RecoveryOptions{}, events, stats);
        ASSERT_TRUE(s.ok()) << s.to_string();
        ASSERT_EQ(events.size(), 2u);
        for (const RecoveredEvent& r : events)
            EXPECT_TRUE(same_state(r.state.image(), sim.state(r.state.event()).image()));
        expect_same_log(read_all(*log, {1, 2}), by_event(written));
        std::vector<Sequence> seen;
        ASSERT_TRUE(log->read_facts(1, 3,
                                    [&](Sequence q, const Fact&) {
                                        seen.push_back(q);
                                        return seen.size() < 2;
                                    })
                        .ok());
        EXPECT_EQ(seen, (std::vector<Sequence>{4, 5}));
        ASSERT_TRUE(log->write_snapshot(sim.state(1).image()).ok());

        // New rounds go on in the store's own layout: one fact per key.
        RoundBatch batch(*log);
        for (int r = 0; r < 3; ++r) {
            const std::vector<Logged> facts = sim.round(10);
            add_all(batch, facts);
            written.insert(written.end(), facts.begin(), facts.end());
            log->commit_or_die(batch);
        }
        const Status ahead = log->write_snapshot(sim.state(2).image());
        EXPECT_TRUE(ahead.ok()) << ahead.to_string();
    }
    EXPECT_EQ(RawDb(dir.path()).count(RawDb::kFactsFamily), written.size());
    auto log = open_log(dir.path());
    EXPECT_EQ(log->format_version(), 1u) << "a format-1 store is not silently upgraded";
    std::vector<RecoveredEvent> events;
    RecoveryStats stats;
    ASSERT_TRUE(recover(*log, RecoveryOptions{}, events, stats).ok());
    EXPECT_EQ(stats.snapshots_used, 2u);
    for (const RecoveredEvent& r : events)
        EXPECT_TRUE(same_state(r.state.image(), sim.state(r.state.event()).image()));
    expect_same_log(read_all(*log, {1, 2}), by_event(written));
}

TEST(StoreFormat, VersionsOutsideTheReadRangeAreRefused) {
    for (const std::uint32_t version : {0u, kStoreFormatVersion + 1}) {
        TempDir dir;
        {
            RawDb raw(dir.path(), /*create=*/true);
            const char bytes[4] = {0, 0, 0, static_cast<char>(version)};
            raw.put(RawDb::kMetaFamily, "store/format_version", std::string(bytes, 4));
        }
        Status status;
        auto log = FactLog::open(dir.path(), LogOptions{}, status);
        EXPECT_EQ(log, nullptr);
        EXPECT_TRUE(status.is_invalid()) << status.to_string();
        EXPECT_NE(status.message().find("store format version " + std::to_string(version) +
                                        "; this build reads versions 1 to 2"),
                  std::string::npos)
            << status.to_string();
    }
}

}  // namespace
}  // namespace seat::storage::testing
