// Fuzzes the fact decoder and the directory-entry decoder (storage/fact_codec.h)
// with damaged log records: both must refuse with a message, never crash. What
// they accept must be a fixed point of the codec: encoding a decoded record and
// decoding it again gives a record that encodes to the same bytes (a decoder
// that let through a value the encoder cannot write would fail here).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "storage/fact_codec.h"

namespace {

using namespace seat;
using namespace seat::storage;

void check(bool ok) {
    if (!ok) std::abort();
}

std::vector<std::uint8_t> copy(const flatbuffers::FlatBufferBuilder& b) {
    const std::span<const std::uint8_t> bytes = bytes_of(b);
    return {bytes.begin(), bytes.end()};
}

void fact(std::span<const std::uint8_t> bytes) {
    std::string error;
    const std::optional<Fact> decoded = decode(bytes, error);
    if (!decoded) {
        check(!error.empty());
        return;
    }
    flatbuffers::FlatBufferBuilder b;
    encode(*decoded, b);
    const std::vector<std::uint8_t> once = copy(b);
    const std::optional<Fact> again = decode(once, error);
    check(again.has_value() && again->index() == decoded->index());
    encode(*again, b);
    check(copy(b) == once);
}

void entry(std::span<const std::uint8_t> bytes) {
    std::string error;
    const std::optional<EventEntry> decoded = decode_entry(7, bytes, error);
    if (!decoded) {
        check(!error.empty());
        return;
    }
    flatbuffers::FlatBufferBuilder b;
    encode_entry(*decoded, b);
    const std::optional<EventEntry> again = decode_entry(7, bytes_of(b), error);
    check(again.has_value() && *again == *decoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    fact(bytes);
    entry(bytes);
    // RocksDB hands values out at any address: the decoders copy misaligned input.
    if (size > 1) fact(bytes.subspan(1));
    return 0;
}
