// Round records: the framing around a round's encoded facts of one event. Every
// integer is written byte by byte in little-endian, so the format does not depend
// on the host, and read the same way, so misaligned values are fine.
#include "storage/round_record.h"

#include "base/check.h"

namespace seat::storage {
namespace {

constexpr std::size_t kCountOffset = 1;
constexpr std::size_t kFirstOffset = 3;

void put_le(std::uint8_t* out, std::uint64_t value, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i, value >>= 8)
        out[i] = static_cast<std::uint8_t>(value & 0xff);
}

std::uint64_t get_le(const std::uint8_t* in, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = bytes; i-- > 0;)
        value = (value << 8) | in[i];
    return value;
}

void put_header(std::uint8_t* out, Sequence first, std::size_t count) {
    out[0] = kRoundRecordFormat;
    put_le(out + kCountOffset, count, 2);
    put_le(out + kFirstOffset, first, 8);
}

}  // namespace

// ---- RoundRecordBuilder

void RoundRecordBuilder::start(Sequence first) {
    SEAT_CHECK(first > 0, "sequences start at 1");
    buffer_.assign(kRoundRecordHeaderBytes, '\0');
    first_ = first;
    count_ = 0;
    put_header(reinterpret_cast<std::uint8_t*>(buffer_.data()), first_, count_);
}

bool RoundRecordBuilder::fits(std::size_t fact_bytes) const {
    return count_ < kRoundRecordFactsMax &&
           buffer_.size() + kRoundRecordLengthBytes + fact_bytes <= kRoundRecordBytesMax;
}

void RoundRecordBuilder::append(std::span<const std::uint8_t> fact) {
    SEAT_CHECK(!buffer_.empty(), "a round record is appended to before it is started");
    SEAT_CHECK(count_ < kRoundRecordFactsMax, "a round record holds too many facts");
    SEAT_CHECK(!fact.empty() && fact.size() <= UINT32_MAX, "a fact of an impossible size");
    std::array<std::uint8_t, kRoundRecordLengthBytes> length;
    put_le(length.data(), fact.size(), length.size());
    buffer_.append(reinterpret_cast<const char*>(length.data()), length.size());
    buffer_.append(reinterpret_cast<const char*>(fact.data()), fact.size());
    ++count_;
    put_le(reinterpret_cast<std::uint8_t*>(buffer_.data()) + kCountOffset, count_, 2);
}

void RoundRecordBuilder::clear() {
    buffer_.clear();
    first_ = 0;
    count_ = 0;
}

std::array<std::uint8_t, kRoundRecordHeaderBytes + kRoundRecordLengthBytes> lone_record_prefix(
    Sequence sequence, std::size_t fact_bytes) {
    SEAT_CHECK(sequence > 0, "sequences start at 1");
    SEAT_CHECK(fact_bytes > 0 && fact_bytes <= UINT32_MAX, "a fact of an impossible size");
    std::array<std::uint8_t, kRoundRecordHeaderBytes + kRoundRecordLengthBytes> prefix;
    put_header(prefix.data(), sequence, 1);
    put_le(prefix.data() + kRoundRecordHeaderBytes, fact_bytes, kRoundRecordLengthBytes);
    return prefix;
}

// ---- RoundRecordReader

std::optional<RoundRecordReader> RoundRecordReader::parse(std::span<const std::uint8_t> bytes,
                                                          std::string& error) {
    if (bytes.size() < kRoundRecordHeaderBytes) {
        error = "a round record of " + std::to_string(bytes.size()) +
                " bytes is shorter than its header";
        return std::nullopt;
    }
    if (bytes[0] != kRoundRecordFormat) {
        error = "round record format " + std::to_string(bytes[0]) + "; this build reads " +
                std::to_string(kRoundRecordFormat);
        return std::nullopt;
    }
    const std::size_t count = get_le(bytes.data() + kCountOffset, 2);
    const Sequence first = get_le(bytes.data() + kFirstOffset, 8);
    if (count == 0 || count > kRoundRecordFactsMax) {
        error = "a round record claims " + std::to_string(count) + " facts (1 to " +
                std::to_string(kRoundRecordFactsMax) + " allowed)";
        return std::nullopt;
    }
    if (first == 0 || first - 1 > UINT64_MAX - count) {
        error = "a round record's sequences " + std::to_string(first) + " + " +
                std::to_string(count) + " are out of range";
        return std::nullopt;
    }
    // The lengths must tile the rest exactly: no fact cut short, nothing after the last.
    const std::span<const std::uint8_t> facts = bytes.subspan(kRoundRecordHeaderBytes);
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (facts.size() - at < kRoundRecordLengthBytes) {
            error = "a round record ends inside the length of fact " + std::to_string(i + 1) +
                    " of " + std::to_string(count);
            return std::nullopt;
        }
        const std::uint64_t length = get_le(facts.data() + at, kRoundRecordLengthBytes);
        at += kRoundRecordLengthBytes;
        if (length == 0 || length > facts.size() - at) {
            error = "fact " + std::to_string(i + 1) + " of " + std::to_string(count) +
                    " of a round record claims " + std::to_string(length) + " bytes of the " +
                    std::to_string(facts.size() - at) + " left";
            return std::nullopt;
        }
        at += length;
    }
    if (at != facts.size()) {
        error = "a round record has " + std::to_string(facts.size() - at) +
                " bytes after its last fact";
        return std::nullopt;
    }
    return RoundRecordReader(facts, first, count);
}

bool RoundRecordReader::next(std::span<const std::uint8_t>& fact) {
    if (rest_.empty()) return false;
    // parse() checked every length against the bytes.
    const std::size_t length = get_le(rest_.data(), kRoundRecordLengthBytes);
    fact = rest_.subspan(kRoundRecordLengthBytes, length);
    rest_ = rest_.subspan(kRoundRecordLengthBytes + length);
    return true;
}

}  // namespace seat::storage
