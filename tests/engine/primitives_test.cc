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

TEST(HoldId, SlotAndGeneration) {
    const HoldId h = HoldId::make(77, 3);
    EXPECT_EQ(h.slot(), 77u);
    EXPECT_EQ(h.generation(), 3u);
    EXPECT_FALSE(h.is_none());
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
