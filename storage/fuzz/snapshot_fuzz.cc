// Fuzzes the snapshot decoder (storage/fact_codec.h) with damaged snapshots,
// then does what recovery does with what it accepts: restore the event's state
// from the image (storage/recovery.cc). Neither may crash: a damaged snapshot is
// refused with a message, by the decoder or by restore. What the decoder accepts
// must be a fixed point of the codec (encoding the image and decoding it again
// gives an image that encodes to the same bytes), and a restored state must give
// back that same image.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string error;
    std::optional<EventImage> image = decode_image({data, size}, error);
    if (!image) {
        check(!error.empty());
        return 0;
    }
    flatbuffers::FlatBufferBuilder b;
    encode_image(*image, b);
    const std::vector<std::uint8_t> once = copy(b);
    const std::optional<EventImage> again = decode_image(once, error);
    check(again.has_value());
    encode_image(*again, b);
    check(copy(b) == once);

    // What recovery does next: an impossible event is refused with a reason, and
    // a possible one is restored exactly as the snapshot describes it.
    std::string problem;
    const std::optional<EventState> state = EventState::restore(std::move(*image), problem);
    check(state.has_value() == problem.empty());
    if (state) {
        encode_image(state->image(), b);
        check(copy(b) == once);
    }
    return 0;
}
