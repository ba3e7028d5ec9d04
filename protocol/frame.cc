// Frame reading, verification and encoding. The reader keeps at most one partial
// frame plus what the caller handed it since the last drain; a frame is never read
// before the Verifier has checked it under the limits of frame.h.
#include "protocol/frame.h"

#include <algorithm>
#include <cstring>

#include "base/check.h"

namespace seat::protocol {
namespace {

// A reader that handled one large frame gives its buffer back once empty, so an
// idle connection costs little memory.
constexpr std::size_t kReaderBytesInitial = 16u << 10;
constexpr std::size_t kReaderBytesRetainMax = 64u << 10;

std::uint32_t load_le32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

std::size_t round_up(std::size_t n, std::size_t to) {
    return (n + to - 1) / to * to;
}

bool aligned(const void* p) {
    return reinterpret_cast<std::uintptr_t>(p) % kFrameAlignBytes == 0;
}

// Size and alignment checks, then the Verifier; the body-type check is the caller's.
template <typename T>
Verified<T> verify_frame(std::span<const std::uint8_t> frame, const VerifierLimits& limits) {
    Verified<T> out;
    if (frame.size() < kFrameHeaderBytes + kFrameBodyBytesMin) {
        out.error = FrameError::too_small;
        return out;
    }
    if (frame.size() > kFrameBytesMax) {
        out.error = FrameError::too_large;
        return out;
    }
    SEAT_CHECK(aligned(frame.data()), "frames must be verified at aligned addresses");
    flatbuffers::Verifier::Options opts;
    opts.max_depth = limits.depth_max;
    opts.max_tables = limits.tables_max;
    opts.check_alignment = true;
    opts.check_nested_flatbuffers = false;  // the schema has none
    flatbuffers::Verifier verifier(frame.data(), frame.size(), opts);
    // Also checks that the length header is exactly the rest of the frame.
    if (!verifier.VerifySizePrefixedBuffer<T>(nullptr)) {
        out.error = FrameError::unverifiable;
        return out;
    }
    out.message = flatbuffers::GetSizePrefixedRoot<T>(frame.data());
    return out;
}

template <typename T>
std::span<const std::uint8_t> finish(flatbuffers::FlatBufferBuilder& builder,
                                     flatbuffers::Offset<T> root) {
    // The builder's buffer ends on an 8-byte boundary; padding the frame to a
    // multiple of 8 puts its first byte on one too.
    builder.TrackMinAlign(kFrameAlignBytes);
    builder.FinishSizePrefixed(root);
    if (builder.GetSize() > kFrameBytesMax) return {};
    return {builder.GetBufferPointer(), builder.GetSize()};
}

}  // namespace

std::string_view to_string(FrameError e) {
    switch (e) {
        case FrameError::none:
            return "none";
        case FrameError::too_large:
            return "frame larger than the limit";
        case FrameError::too_small:
            return "frame too small to hold a message";
        case FrameError::unverifiable:
            return "frame failed verification";
        case FrameError::no_body:
            return "request without a body";
        case FrameError::unknown_type:
            return "unknown request type";
    }
    return "unknown frame error";
}

wire::StatusCode status_of(FrameError e) {
    return e == FrameError::unknown_type ? wire::StatusCode::unsupported
                                         : wire::StatusCode::bad_frame;
}

FrameReader::FrameReader(std::size_t frame_bytes_max) : frame_bytes_max_(frame_bytes_max) {
    SEAT_CHECK(frame_bytes_max >= kFrameHeaderBytes + kFrameBodyBytesMin &&
                   frame_bytes_max <= kFrameBytesMax,
               "FrameReader limit outside the protocol's bounds");
}

void FrameReader::reserve_tail(std::size_t size) {
    if (capacity_ - end_ >= size) return;
    const std::size_t pending = end_ - begin_;
    // Moving the pending bytes to offset 0 keeps the next frame's start aligned.
    if (begin_ > 0 && capacity_ - pending >= size) {
        std::memmove(bytes(), bytes() + begin_, pending);
    } else {
        const std::size_t capacity = round_up(
            std::max({pending + size, 2 * capacity_, kReaderBytesInitial}), sizeof(std::uint64_t));
        auto words =
            std::make_unique_for_overwrite<std::uint64_t[]>(capacity / sizeof(std::uint64_t));
        if (pending > 0) std::memcpy(words.get(), bytes() + begin_, pending);
        words_ = std::move(words);
        capacity_ = capacity;
    }
    begin_ = 0;
    end_ = pending;
}

void FrameReader::append(const std::uint8_t* data, std::size_t size) {
    if (error_ != FrameError::none || size == 0) return;
    std::memcpy(prepare(size).data(), data, size);
    commit(size);
}

std::span<std::uint8_t> FrameReader::prepare(std::size_t size) {
    if (error_ != FrameError::none) begin_ = end_ = 0;  // nothing received now will be read
    reserve_tail(size);
    return {bytes() + end_, capacity_ - end_};
}

void FrameReader::commit(std::size_t size) {
    SEAT_CHECK(size <= capacity_ - end_, "FrameReader::commit past the prepared space");
    if (error_ != FrameError::none) return;
    end_ += size;
}

bool FrameReader::next(std::span<const std::uint8_t>& frame) {
    if (error_ != FrameError::none) return false;
    if (begin_ == end_) {
        // Everything handed out: start over at offset 0, and give a large buffer back.
        begin_ = end_ = 0;
        if (capacity_ > kReaderBytesRetainMax) {
            words_.reset();
            capacity_ = 0;
        }
        return false;
    }
    const std::size_t pending = end_ - begin_;
    if (pending < kFrameHeaderBytes) return false;
    const std::size_t body = load_le32(bytes() + begin_);
    if (body > frame_bytes_max_ - kFrameHeaderBytes) {
        error_ = FrameError::too_large;
        return false;
    }
    if (body < kFrameBodyBytesMin) {
        error_ = FrameError::too_small;
        return false;
    }
    const std::size_t frame_bytes = kFrameHeaderBytes + body;
    if (pending < frame_bytes) return false;
    const std::uint8_t* start = bytes() + begin_;
    begin_ += frame_bytes;
    if (!aligned(start)) {
        // A peer that does not pad its frames: one copy, instead of unaligned reads.
        realigned_.resize(round_up(frame_bytes, sizeof(std::uint64_t)) / sizeof(std::uint64_t));
        std::memcpy(realigned_.data(), start, frame_bytes);
        start = reinterpret_cast<const std::uint8_t*>(realigned_.data());
    }
    frame = {start, frame_bytes};
    return true;
}

Verified<wire::Request> verify_request(std::span<const std::uint8_t> frame,
                                       const VerifierLimits& limits) {
    Verified<wire::Request> out = verify_frame<wire::Request>(frame, limits);
    if (!out.ok()) return out;
    const wire::RequestBody type = out.message->body_type();
    if (type == wire::RequestBody::NONE || out.message->body() == nullptr) {
        // A body type without a body passes the Verifier (the union's value is an
        // optional field), and every handler reads the body: both are no_body.
        out.error = FrameError::no_body;
    } else if (type > wire::RequestBody::MAX) {
        // The Verifier accepts union members it does not know; nothing may read them.
        out.error = FrameError::unknown_type;
    }
    return out;
}

Verified<wire::Response> verify_response(std::span<const std::uint8_t> frame,
                                         const VerifierLimits& limits) {
    return verify_frame<wire::Response>(frame, limits);
}

std::span<const std::uint8_t> encode_frame(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<wire::Request> root) {
    return finish(builder, root);
}

std::span<const std::uint8_t> encode_frame(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<wire::Response> root) {
    return finish(builder, root);
}

}  // namespace seat::protocol
