// Proves the small building blocks: id text forms, hold id encoding, the flat
// hash map (including deletion in long probe runs) against std::map.
#include <gtest/gtest.h>

#include <map>

#include "engine/flat_map.h"
#include "engine/ids.h"
#include "engine/rng.h"

namespace seat {
namespace {

TEST(Id128, TextRoundTrip) {
    Rng rng(1);
    for (int i = 0; i < 100; ++i) {
        const Id128 id = rng.uuid();
        const std::string text = to_string(id);
        ASSERT_EQ(text.size(), 36u);
        Id128 back;
        ASSERT_TRUE(parse_id128(text, back)) << text;
        EXPECT_EQ(back, id);
    }
    Id128 out;
    EXPECT_FALSE(parse_id128("not-a-uuid", out));
    EXPECT_FALSE(parse_id128("0123456789abcdef0123456789abcdeg", out));
    EXPECT_FALSE(parse_id128("01234567-89ab-cdef-0123-456789abcdeff", out));
    EXPECT_TRUE(parse_id128("0123456789ABCDEF0123456789abcdef", out));
    EXPECT_EQ(out, (Id128{0x0123456789ABCDEFull, 0x0123456789ABCDEFull}));
}

// The block function is ChaCha's: with 20 rounds it gives RFC 7539 A.1's test
// vectors 1 and 2 (key and nonce zero, blocks 0 and 1), read as little-endian
// 64-bit words. The engine's Rng is the same with 12 rounds.
TEST(Rng, IsTheChaChaKeystream) {
    ChaChaRng<20> rng(ChaChaRng<20>::Key{0, 0, 0, 0});
    EXPECT_EQ(rng.next(), 0x903df1a0ade0b876ull);  // 76 b8 e0 ad a0 f1 3d 90
    EXPECT_EQ(rng.next(), 0x28bd8653e56a5d40ull);  // 40 5d 6a e5 53 86 bd 28
    for (int i = 0; i < 6; ++i)
        rng.next();
    EXPECT_EQ(rng.next(), 0x7a385155bee7079full);  // block 1: 9f 07 e7 be 55 51 38 7a
}

TEST(Rng, ASeedReplaysAndBelowStaysInRange) {
    Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const std::uint64_t x = a.next();
        EXPECT_EQ(x, b.next());
        EXPECT_NE(x, c.next());
        EXPECT_LT(a.below(7), 7u);
        b.below(7);
        c.below(7);
    }
}

TEST(HoldId, SlotAndTag) {
    const HoldId h = HoldId::make(77, 0xABCDEF123ull);
    EXPECT_EQ(h.slot(), 77u);
    EXPECT_EQ(h.tag(), 0xABCDEF123ull);
    EXPECT_FALSE(h.is_none());
    // A tag wider than its bits is cut, never spilling into the slot.
    EXPECT_EQ(HoldId::make(5, ~std::uint64_t{0}).slot(), 5u);
    // An id written when the high half held a generation count keeps its slot.
    EXPECT_EQ((HoldId{(std::uint64_t{3} << 32) | 1234}).slot(), 1234u);
}

TEST(FlatMap, BehavesLikeAMapUnderRandomInsertAndErase) {
    FlatMap m;
    std::map<std::uint64_t, std::uint32_t> ref;
    Rng rng(3);
    for (int i = 0; i < 200000; ++i) {
        const std::uint64_t k = rng.below(5000);
        if (rng.below(3) == 0) {
            EXPECT_EQ(m.erase(k), ref.erase(k) == 1);
        } else {
            m.get_or_insert(k, 0) += 1;
            ref[k] += 1;
        }
    }
    ASSERT_EQ(m.size(), ref.size());
    for (const auto& [k, v] : ref) {
        const std::uint32_t* got = m.find(k);
        ASSERT_NE(got, nullptr);
        EXPECT_EQ(*got, v);
    }
}

}  // namespace
}  // namespace seat
