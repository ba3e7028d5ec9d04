// Fuzzes what a connection does with the bytes a peer sends before anything
// reads them: FrameReader cuts the stream into frames, verify_request (and, for
// a client, verify_response) checks each one. The input is a reader limit, a
// seed for how the stream is split into socket reads, then the stream. Besides
// "no crash", it proves that the split does not matter: reading the stream in
// reads of random sizes, through append() or prepare()/commit(), hands out the
// same frames and stops at the same error as reading it in one piece; and every
// frame handed out is aligned (verify_* insist on it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "protocol/frame.h"

namespace {

using namespace seat::protocol;

struct Outcome {
    std::vector<std::vector<std::uint8_t>> frames;
    FrameError error = FrameError::none;
    std::size_t buffered = 0;
};

void check(bool ok) {
    if (!ok) std::abort();
}

// What a connection does with one frame: verify it, then read what it may.
void use(std::span<const std::uint8_t> frame) {
    const Verified<seat::wire::Request> request = verify_request(frame);
    if (request.ok()) {
        // What every handler relies on: a body, of a type this build knows.
        const seat::wire::RequestBody type = request.message->body_type();
        check(request.message->body() != nullptr && type != seat::wire::RequestBody::NONE &&
              type <= seat::wire::RequestBody::MAX);
    }
    const Verified<seat::wire::Response> response = verify_response(frame);
    if (response.ok()) {
        volatile std::uint64_t sink = response.message->request_id();
        (void)sink;
    }
}

void drain(FrameReader& reader, Outcome& out) {
    std::span<const std::uint8_t> frame;
    while (reader.next(frame)) {
        check(reinterpret_cast<std::uintptr_t>(frame.data()) % kFrameAlignBytes == 0);
        out.frames.emplace_back(frame.begin(), frame.end());
        use(frame);
    }
    out.error = reader.error();
    out.buffered = reader.buffered_bytes();
}

// A tiny deterministic generator: the split is a function of the input.
std::uint32_t next_random(std::uint32_t& state) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // The limit ranges over small values too, so short inputs reach too_large.
    const std::size_t limit =
        data[0] == 0xFF ? kFrameBytesMax
                        : kFrameHeaderBytes + kFrameBodyBytesMin + std::size_t{data[0]} * 64;
    std::uint32_t random = 0x9E3779B9u ^ (std::uint32_t{data[1]} * 0x01000193u);
    const std::span<const std::uint8_t> stream(data + 2, size - 2);

    Outcome whole;
    {
        FrameReader reader(limit);
        reader.append(stream.data(), stream.size());
        drain(reader, whole);
    }

    Outcome split;
    FrameReader reader(limit);
    std::size_t at = 0;
    while (at < stream.size()) {
        const std::uint32_t r = next_random(random);
        // Mostly small reads (many per frame), now and then a large one.
        const std::size_t want = (r & 7) == 0 ? 1 + (r >> 8) % 65536 : 1 + (r >> 8) % 16;
        const std::size_t n = want < stream.size() - at ? want : stream.size() - at;
        if (r & 16) {
            reader.append(stream.data() + at, n);
        } else {
            const std::span<std::uint8_t> space = reader.prepare(n);
            check(space.size() >= n);
            std::memcpy(space.data(), stream.data() + at, n);
            reader.commit(n);
        }
        at += n;
        drain(reader, split);
    }

    check(split.frames == whole.frames);
    check(split.error == whole.error);
    // After an error the split reader dropped what came later; the whole one kept it.
    if (whole.error == FrameError::none) check(split.buffered == whole.buffered);
    return 0;
}
