// Proves that FrameReader cuts a byte stream into exactly the frames that were sent,
// however the stream is split into reads: many frames per read, a frame split at
// every byte offset, frames at unaligned offsets. Proves that a bad length (over the
// limit, zero, too small for a FlatBuffer) is refused from its header alone, that
// the error is sticky, and that the reader gives a large buffer back once drained.
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "tests/protocol/wire_helpers.h"

namespace seat::protocol {
namespace {

using testing::hold_frame;
using testing::ping_frame;

std::vector<std::uint8_t> header(std::uint32_t body_bytes) {
    return {static_cast<std::uint8_t>(body_bytes), static_cast<std::uint8_t>(body_bytes >> 8),
            static_cast<std::uint8_t>(body_bytes >> 16),
            static_cast<std::uint8_t>(body_bytes >> 24)};
}

// Drains the reader; every frame must verify as a request.
std::vector<std::uint64_t> drain_ids(FrameReader& reader) {
    std::vector<std::uint64_t> ids;
    std::span<const std::uint8_t> frame;
    while (reader.next(frame)) {
        const auto v = verify_request(frame);
        EXPECT_TRUE(v.ok()) << to_string(v.error);
        if (v.ok()) ids.push_back(v.message->request_id());
    }
    return ids;
}

std::vector<std::uint8_t> stream_of(std::uint64_t count) {
    std::vector<std::uint8_t> stream;
    for (std::uint64_t id = 1; id <= count; ++id) {
        const auto f = id % 2 ? ping_frame(id) : hold_frame(id, {1, 2, 3});
        stream.insert(stream.end(), f.begin(), f.end());
    }
    return stream;
}

std::vector<std::uint64_t> one_to(std::uint64_t n) {
    std::vector<std::uint64_t> v(n);
    std::iota(v.begin(), v.end(), 1);
    return v;
}

TEST(FrameReader, ManyFramesInOneAppend) {
    const auto stream = stream_of(500);
    FrameReader reader;
    reader.append(stream.data(), stream.size());
    EXPECT_EQ(drain_ids(reader), one_to(500));
    EXPECT_EQ(reader.buffered_bytes(), 0u);
    EXPECT_EQ(reader.error(), FrameError::none);
}

TEST(FrameReader, FramesSplitAtEveryByteOffset) {
    const auto stream = stream_of(3);
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        FrameReader reader;
        reader.append(stream.data(), cut);
        std::vector<std::uint64_t> ids = drain_ids(reader);
        reader.append(stream.data() + cut, stream.size() - cut);
        const std::vector<std::uint64_t> rest = drain_ids(reader);
        ids.insert(ids.end(), rest.begin(), rest.end());
        EXPECT_EQ(ids, one_to(3)) << "cut at " << cut;
        EXPECT_EQ(reader.buffered_bytes(), 0u);
    }
}

TEST(FrameReader, OneByteAtATime) {
    const auto stream = stream_of(20);
    FrameReader reader;
    std::vector<std::uint64_t> ids;
    for (std::uint8_t byte : stream) {
        reader.append(&byte, 1);
        const auto got = drain_ids(reader);
        ids.insert(ids.end(), got.begin(), got.end());
    }
    EXPECT_EQ(ids, one_to(20));
}

TEST(FrameReader, PrepareCommitReceivesWithoutCopy) {
    const auto stream = stream_of(50);
    FrameReader reader;
    std::vector<std::uint64_t> ids;
    for (std::size_t at = 0; at < stream.size();) {
        const std::size_t n = std::min<std::size_t>(37, stream.size() - at);
        const std::span<std::uint8_t> space = reader.prepare(n);
        ASSERT_GE(space.size(), n);
        std::memcpy(space.data(), stream.data() + at, n);
        reader.commit(n);
        at += n;
        const auto got = drain_ids(reader);
        ids.insert(ids.end(), got.begin(), got.end());
    }
    EXPECT_EQ(ids, one_to(50));
}

TEST(FrameReader, OversizeLengthRefusedFromHeaderAlone) {
    FrameReader reader;
    const auto h = header(static_cast<std::uint32_t>(kFrameBodyBytesMax + 1));
    reader.append(h.data(), h.size());
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::too_large);
    EXPECT_EQ(status_of(reader.error()), wire::StatusCode::bad_frame);
    // The body is never buffered: bytes after the error are dropped.
    const std::vector<std::uint8_t> body(64 << 10, 0xAB);
    reader.append(body.data(), body.size());
    EXPECT_LE(reader.buffered_bytes(), h.size());
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::too_large);
}

TEST(FrameReader, LargestFrameAcceptedOneMoreRefused) {
    // A frame of exactly kFrameBytesMax passes the reader (the Verifier judges the body).
    std::vector<std::uint8_t> stream = header(static_cast<std::uint32_t>(kFrameBodyBytesMax));
    stream.resize(kFrameBytesMax, 0);
    FrameReader reader;
    reader.append(stream.data(), stream.size());
    std::span<const std::uint8_t> frame;
    ASSERT_TRUE(reader.next(frame));
    EXPECT_EQ(frame.size(), kFrameBytesMax);
    EXPECT_EQ(verify_request(frame).error, FrameError::unverifiable);

    FrameReader small(1024);
    const auto h = header(1024 - kFrameHeaderBytes + 1);
    small.append(h.data(), h.size());
    EXPECT_FALSE(small.next(frame));
    EXPECT_EQ(small.error(), FrameError::too_large);
}

TEST(FrameReader, ZeroLengthIsRefused) {
    FrameReader reader;
    const auto h = header(0);
    reader.append(h.data(), h.size());
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::too_small);
}

TEST(FrameReader, LengthTooSmallForAnyFlatBufferIsRefused) {
    FrameReader reader;
    std::vector<std::uint8_t> stream = header(static_cast<std::uint32_t>(kFrameBodyBytesMin - 1));
    stream.resize(stream.size() + kFrameBodyBytesMin - 1, 0);
    reader.append(stream.data(), stream.size());
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::too_small);
}

TEST(FrameReader, FramesBeforeABadHeaderAreStillDelivered) {
    std::vector<std::uint8_t> stream = stream_of(2);
    const auto bad = header(0);
    stream.insert(stream.end(), bad.begin(), bad.end());
    const auto later = ping_frame(99);
    stream.insert(stream.end(), later.begin(), later.end());
    FrameReader reader;
    reader.append(stream.data(), stream.size());
    EXPECT_EQ(drain_ids(reader), one_to(2));
    EXPECT_EQ(reader.error(), FrameError::too_small);
}

TEST(FrameReader, UnpaddedFramesAreRealigned) {
    // A peer whose frames are not multiples of 8 bytes: a message without 8-byte
    // fields is only padded to 4, so every second frame starts at an unaligned offset.
    std::vector<std::uint8_t> one;
    for (std::size_t name = 0; one.empty() || one.size() % 8 == 0; ++name) {
        flatbuffers::FlatBufferBuilder b;
        const auto hello = wire::CreateHelloDirect(b, 1, "key", std::string(name, 'c').c_str());
        b.FinishSizePrefixed(wire::CreateRequest(b, 0, 0, wire::RequestBody::Hello, hello.Union()));
        one.assign(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
    }
    std::vector<std::uint8_t> stream;
    for (int i = 0; i < 5; ++i)
        stream.insert(stream.end(), one.begin(), one.end());

    FrameReader reader;
    reader.append(stream.data(), stream.size());
    std::span<const std::uint8_t> frame;
    int frames = 0;
    while (reader.next(frame)) {
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(frame.data()) % kFrameAlignBytes, 0u);
        const auto v = verify_request(frame);
        EXPECT_TRUE(v.ok()) << to_string(v.error);
        ++frames;
    }
    EXPECT_EQ(frames, 5);
}

TEST(FrameReader, TruncatedStreamLeavesBytesBuffered) {
    const auto f = ping_frame(1);
    FrameReader reader;
    reader.append(f.data(), f.size() - 1);
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::none);
    EXPECT_EQ(reader.buffered_bytes(), f.size() - 1);
}

TEST(FrameReader, LargeBufferIsGivenBackWhenDrained) {
    flatbuffers::FlatBufferBuilder b;
    const std::string big(512 << 10, 'x');
    const auto create = wire::CreateCreateEventDirect(b, big.c_str());
    const auto root = wire::CreateRequest(b, 1, 7, wire::RequestBody::CreateEvent, create.Union());
    const auto frame_bytes = testing::to_bytes(encode_frame(b, root));
    FrameReader reader;
    reader.append(frame_bytes.data(), frame_bytes.size());
    EXPECT_GE(reader.capacity_bytes(), frame_bytes.size());
    EXPECT_EQ(drain_ids(reader), one_to(1));
    EXPECT_LE(reader.capacity_bytes(), std::size_t{64} << 10);
}

}  // namespace
}  // namespace seat::protocol
