// Fuzzes the round record reader (storage/round_record.h) with damaged values of
// the `facts` column family, then decodes each fact it hands out as read_facts
// does (storage/fact_codec.h). Nothing may crash: a damaged record is refused
// with a message. What the reader accepts must be canonical: building a record
// from its first sequence and its facts gives back the input byte for byte, and a
// record of one fact is exactly lone_record_prefix + the fact.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/fact_codec.h"
#include "storage/round_record.h"

namespace {

using namespace seat;
using namespace seat::storage;

void check(bool ok) {
    if (!ok) std::abort();
}

void record(std::span<const std::uint8_t> bytes) {
    std::string error;
    std::optional<RoundRecordReader> reader = RoundRecordReader::parse(bytes, error);
    if (!reader) {
        check(!error.empty());
        return;
    }
    check(reader->fact_count() >= 1 && reader->fact_count() <= kRoundRecordFactsMax);
    check(reader->first() >= 1 && reader->last() >= reader->first());
    check(reader->last() - reader->first() + 1 == reader->fact_count());
    RoundRecordBuilder builder;
    builder.start(reader->first());
    std::size_t count = 0;
    std::span<const std::uint8_t> last;
    for (std::span<const std::uint8_t> fact; reader->next(fact); ++count) {
        check(!fact.empty());
        builder.append(fact);
        last = fact;
        const std::optional<Fact> decoded = decode(fact, error);
        if (!decoded) check(!error.empty());
    }
    check(count == reader->fact_count());
    check(builder.next() == reader->last() + 1);
    const std::span<const std::uint8_t> rebuilt = builder.bytes();
    check(rebuilt.size() == bytes.size() &&
          std::equal(rebuilt.begin(), rebuilt.end(), bytes.begin()));
    if (count == 1) {
        const auto prefix = lone_record_prefix(reader->first(), last.size());
        check(std::equal(prefix.begin(), prefix.end(), bytes.begin()));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    record(bytes);
    // RocksDB hands values out at any address.
    if (size > 1) record(bytes.subspan(1));
    return 0;
}
