// Frames on the wire: a 4-byte little-endian body length, then one FlatBuffers
// message (a "size-prefixed" FlatBuffer; docs/protocol.md). FrameReader cuts a
// byte stream into frames, verify_request/verify_response check one frame with the
// FlatBuffers Verifier before anything reads it, and encode_frame finishes a
// message in place. Every limit that the frame size bounds is here, tied to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "seat_generated.h"

namespace seat::protocol {

// ---- Frame size.

inline constexpr std::size_t kFrameHeaderBytes = 4;
// The largest frame either side accepts, header included.
inline constexpr std::size_t kFrameBytesMax = std::size_t{1} << 20;
inline constexpr std::size_t kFrameBodyBytesMax = kFrameBytesMax - kFrameHeaderBytes;
// The smallest valid FlatBuffer: root offset, table's vtable offset, empty vtable.
inline constexpr std::size_t kFrameBodyBytesMin = sizeof(flatbuffers::uoffset_t) +
                                                  sizeof(flatbuffers::soffset_t) +
                                                  2 * sizeof(flatbuffers::voffset_t);
// Frames are handed out at addresses aligned to the largest scalar of the schema,
// so that reading a verified message never makes an unaligned load.
inline constexpr std::size_t kFrameAlignBytes = 8;

static_assert(kFrameBytesMax <= UINT32_MAX, "the length header is 32 bits");
static_assert(kFrameBytesMax < FLATBUFFERS_MAX_BUFFER_SIZE, "the Verifier's own bound");
static_assert(kFrameBytesMax % kFrameAlignBytes == 0);

// ---- Verifier limits. The Verifier walks every table a message references, once
// per reference; a hostile message can point many offsets at one table, so the
// number of tables visited, not the frame size, bounds verification work. (In v1
// only small tables sit in vectors; vectors of strings sit in tables referenced once.)

// The deepest nesting of tables in the v1 schema (Response > PurchaseReply >
// TicketView); the Verifier allows room for additions that nest deeper.
inline constexpr std::uint32_t kWireDepthMax = 3;
inline constexpr std::uint32_t kVerifierDepthMax = 8;
// A v1 request is exactly two tables (Request and its body).
inline constexpr std::uint32_t kRequestTablesMax = 8;
inline constexpr std::uint32_t kResponseTablesMax = 4096;
// A distinct table costs at least its offset and its vtable offset.
inline constexpr std::size_t kTableBytesMin = 8;

static_assert(kVerifierDepthMax >= kWireDepthMax);
static_assert(kRequestTablesMax >= 2);
static_assert(kResponseTablesMax * kTableBytesMin <= kFrameBodyBytesMax,
              "no more tables than a full frame of distinct ones: a frame that points many "
              "offsets at one table costs the Verifier no more than a full frame would");

// ---- What a message may carry. The wire's own page sizes; what the engine's
// limits add up to is asserted to fit by the server (server/net/wire_limits.h).

// A string in a vector costs its offset, length, NUL and padding.
inline constexpr std::size_t kStringBytesOverhead = 12;
// Root offset, the Request/Response tables and vtables, ids, keys, one name.
inline constexpr std::size_t kMessageBytesOverhead = 1024;
// ListEvents answers at most this many events per request.
inline constexpr std::size_t kListEventsPageMax = 1000;
// SectionReply carries rows when the section has at most this many, and seat
// labels (when asked for) when it has at most this many seats.
inline constexpr std::size_t kSectionRowsMax = 4096;
inline constexpr std::size_t kSectionLabelsSeatsMax = 8192;
// A venue file up to this size always fits in a CreateEvent frame.
inline constexpr std::size_t kVenueJsonWireBytesMax = kFrameBodyBytesMax - kMessageBytesOverhead;

static_assert(kResponseTablesMax >= 2 + kListEventsPageMax,
              "a full page of ListEvents passes the Verifier");

// ---- Errors that close the connection.

enum class FrameError : std::uint8_t {
    none = 0,
    too_large,     // the header announces a frame over the limit
    too_small,     // the header announces fewer bytes than any FlatBuffer has (0 included)
    unverifiable,  // the Verifier refused the message (garbage, truncated, bad offsets, limits)
    no_body,       // a Request without a body
    unknown_type,  // a request type this build does not know (a newer client)
};

std::string_view to_string(FrameError e);
// unsupported for unknown_type, bad_frame otherwise.
wire::StatusCode status_of(FrameError e);

// ---- Reading a stream.

// Cuts the bytes of one connection into frames. Not thread-safe; one per
// connection. The first framing error is sticky: the connection is done, and
// bytes received afterwards are dropped.
class FrameReader {
  public:
    // `frame_bytes_max`: the largest frame accepted, header included (<= kFrameBytesMax).
    explicit FrameReader(std::size_t frame_bytes_max = kFrameBytesMax);

    // Copies bytes received from the peer.
    void append(const std::uint8_t* data, std::size_t size);
    // Receiving without a copy: space for at least `size` bytes, of which the
    // caller then commits as many as the socket read wrote (before calling next()).
    std::span<std::uint8_t> prepare(std::size_t size);
    void commit(std::size_t size);

    // The next complete frame, header included, aligned to kFrameAlignBytes. It
    // stays valid until the next call of a non-const member. Returns false when
    // more bytes are needed, or on a framing error (see error()). An oversize
    // length is refused as soon as its header arrives, never waiting for its body.
    bool next(std::span<const std::uint8_t>& frame);

    FrameError error() const { return error_; }
    // Bytes received and not yet handed out; non-zero at end of stream means the
    // peer stopped in the middle of a frame.
    std::size_t buffered_bytes() const { return end_ - begin_; }
    std::size_t capacity_bytes() const { return capacity_; }

  private:
    std::uint8_t* bytes() { return reinterpret_cast<std::uint8_t*>(words_.get()); }
    void reserve_tail(std::size_t size);

    std::size_t frame_bytes_max_;
    std::unique_ptr<std::uint64_t[]> words_;  // 8-byte words keep the buffer aligned
    std::size_t capacity_ = 0;                // bytes
    std::size_t begin_ = 0;                   // first byte not yet handed out
    std::size_t end_ = 0;                     // one past the last byte received
    std::vector<std::uint64_t> realigned_;    // a frame that arrived at an unaligned offset
    FrameError error_ = FrameError::none;
};

// ---- Verifying one frame.

struct VerifierLimits {
    std::uint32_t depth_max = kVerifierDepthMax;
    std::uint32_t tables_max = kRequestTablesMax;
};
inline constexpr VerifierLimits kRequestLimits{kVerifierDepthMax, kRequestTablesMax};
inline constexpr VerifierLimits kResponseLimits{kVerifierDepthMax, kResponseTablesMax};

template <typename T>
struct Verified {
    // Set whenever the message verified, even with unknown_type, so the caller
    // can echo request_id in its error.
    const T* message = nullptr;
    FrameError error = FrameError::none;
    bool ok() const { return error == FrameError::none; }
};

// `frame` is a whole frame, header included, as FrameReader::next returns it; its
// address must be aligned to kFrameAlignBytes (a programmer error otherwise).
Verified<wire::Request> verify_request(std::span<const std::uint8_t> frame,
                                       const VerifierLimits& limits = kRequestLimits);
// A response's body type is left to the code awaiting it: an unknown one is not an error.
Verified<wire::Response> verify_response(std::span<const std::uint8_t> frame,
                                         const VerifierLimits& limits = kResponseLimits);

// ---- Writing.

// Finishes `root` as one frame in the builder's own buffer: the length is written
// in front of the message, no copy. The frame is padded to kFrameAlignBytes so
// that frames sent back to back stay aligned at the receiver. Returns the frame,
// or an empty span when it exceeds kFrameBytesMax (the caller must not send it).
std::span<const std::uint8_t> encode_frame(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<wire::Request> root);
std::span<const std::uint8_t> encode_frame(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<wire::Response> root);

}  // namespace seat::protocol
