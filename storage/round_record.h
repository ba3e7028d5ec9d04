// The value of one key in the `facts` column family from store format 2 on: the
// facts one round logged for one event, each still its own FactRecord FlatBuffer
// (fact_codec.h stays the one fact decoder), framed by a small header. The key is
// (event, first sequence); the facts have the sequences first, first + 1, ...
// Format (docs/durability.md, "Round records"), integers little-endian:
//   format (1 byte, kRoundRecordFormat) | fact count (2 bytes) | first sequence (8 bytes)
//   then per fact: length (4 bytes, >= 1) | the fact's bytes
// The reader trusts nothing: it checks the header and that the lengths tile the
// value exactly before it hands out a single fact.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "engine/ids.h"

namespace seat::storage {

// Raised only for a change an older reader must refuse.
inline constexpr std::uint8_t kRoundRecordFormat = 1;
inline constexpr std::size_t kRoundRecordHeaderBytes = 1 + 2 + 8;
inline constexpr std::size_t kRoundRecordLengthBytes = 4;

// A round's facts of one event go into one record until it would pass either
// limit; the rest start a new record, keyed by its own first sequence. The limits
// bound what one key costs the write batch, the memtable and a reader, and sit far
// above a typical round (1 to 100 facts of ~150 bytes), so nearly every event's
// round is one record. A fact larger than the byte limit on its own (the
// EventCreated of a stadium: megabytes) is a record of one fact.
inline constexpr std::size_t kRoundRecordFactsMax = 512;
inline constexpr std::size_t kRoundRecordBytesMax = std::size_t{256} << 10;
static_assert(kRoundRecordFactsMax <= UINT16_MAX, "the header counts facts in 16 bits");
static_assert(kRoundRecordBytesMax < UINT32_MAX, "a fact's length is 32 bits");

// Builds one record in a buffer kept across records: no allocation once the
// buffer has grown to the largest record seen.
class RoundRecordBuilder {
  public:
    // Forgets the previous record and begins one whose first fact is `first`.
    void start(Sequence first);
    // Whether a fact of `fact_bytes` still fits within the limits.
    bool fits(std::size_t fact_bytes) const;
    void append(std::span<const std::uint8_t> fact);

    bool empty() const { return count_ == 0; }
    std::size_t fact_count() const { return count_; }
    Sequence first() const { return first_; }
    // The sequence the next appended fact has.
    Sequence next() const { return first_ + count_; }
    std::span<const std::uint8_t> bytes() const {
        return {reinterpret_cast<const std::uint8_t*>(buffer_.data()), buffer_.size()};
    }
    void clear();

  private:
    std::string buffer_;
    Sequence first_ = 0;
    std::size_t count_ = 0;
};

// The header and length of a record holding the one fact `sequence` of
// `fact_bytes`; the fact's bytes follow. Lets a writer store a fact too large to
// buffer without copying it into a record first.
std::array<std::uint8_t, kRoundRecordHeaderBytes + kRoundRecordLengthBytes> lone_record_prefix(
    Sequence sequence, std::size_t fact_bytes);

// Walks a record's facts. parse() checks the whole framing first, so next()
// cannot fail; decoding each fact (fact_codec.h) is the caller's.
class RoundRecordReader {
  public:
    // nullopt, with `error` set, when the bytes are not a record of a format this
    // build reads. The bytes must outlive the reader; they may sit at any address.
    static std::optional<RoundRecordReader> parse(std::span<const std::uint8_t> bytes,
                                                  std::string& error);

    Sequence first() const { return first_; }
    Sequence last() const { return first_ + count_ - 1; }
    std::size_t fact_count() const { return count_; }
    // The next fact's bytes, in sequence order; false after the last.
    bool next(std::span<const std::uint8_t>& fact);

  private:
    RoundRecordReader(std::span<const std::uint8_t> facts, Sequence first, std::size_t count)
        : rest_(facts), first_(first), count_(count) {}
    std::span<const std::uint8_t> rest_;
    Sequence first_;
    std::size_t count_;
};

}  // namespace seat::storage
