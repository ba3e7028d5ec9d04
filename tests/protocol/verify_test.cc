// Proves that verify_request / verify_response refuse every frame that is not a
// well-formed message before anything reads it: garbage, an HTTP request sent to
// the binary port, truncated buffers, corrupted offsets (every single byte of a
// real frame flipped), requests without a body or of an unknown type, and messages
// past the Verifier's depth and table limits, including a small frame that
// references one table thousands of times. Under ASan these also prove that
// refusing never reads outside the frame.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "protocol/frame.h"
#include "tests/protocol/wire_helpers.h"

namespace seat::protocol {
namespace {

using testing::AlignedBytes;
using testing::hold_frame;
using testing::ping_frame;

FrameError request_error(std::span<const std::uint8_t> bytes) {
    AlignedBytes copy(bytes);
    return verify_request(copy.span()).error;
}

void put_le32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Reads every field of a verified PlaceHold: must be safe for anything that verified.
std::uint64_t touch_everything(const wire::Request& r) {
    std::uint64_t sum = r.request_id() + r.event();
    if (const auto* h = r.body_as_PlaceHold()) {
        if (h->session()) sum += h->session()->hi() + h->session()->lo();
        if (h->idempotency_key()) sum += h->idempotency_key()->lo();
        if (h->seats())
            for (std::uint32_t s : *h->seats())
                sum += s;
        if (h->seat_names())
            for (const auto* n : *h->seat_names())
                sum += n->size();
    }
    return sum;
}

TEST(Verify, ValidFramesPass) {
    const auto v1 = request_error(ping_frame(1));
    const auto v2 = request_error(hold_frame(2, {1, 2}));
    EXPECT_EQ(v1, FrameError::none);
    EXPECT_EQ(v2, FrameError::none);
}

TEST(Verify, GarbageIsRefused) {
    std::mt19937_64 rng(20240611);
    for (int round = 0; round < 2000; ++round) {
        const std::size_t body = kFrameBodyBytesMin + rng() % 200;
        std::vector<std::uint8_t> frame(kFrameHeaderBytes + body);
        for (auto& byte : frame)
            byte = static_cast<std::uint8_t>(rng());
        put_le32(frame.data(), static_cast<std::uint32_t>(body));
        EXPECT_NE(request_error(frame), FrameError::none) << "round " << round;
    }
    for (std::uint8_t fill : {0x00, 0xFF, 0x41}) {
        std::vector<std::uint8_t> frame(64, fill);
        put_le32(frame.data(), 60);
        EXPECT_EQ(request_error(frame), FrameError::unverifiable) << int(fill);
    }
}

TEST(Verify, HttpRequestOnTheBinaryPortIsRefusedByItsHeader) {
    // "GET " read as a little-endian length is about 542 MB.
    const std::string http = "GET /metrics HTTP/1.1\r\nHost: seatd\r\n\r\n";
    FrameReader reader;
    reader.append(reinterpret_cast<const std::uint8_t*>(http.data()), http.size());
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.error(), FrameError::too_large);
}

TEST(Verify, TruncatedBuffersAreRefused) {
    const auto full = hold_frame(5, {1, 2, 3, 4});
    for (std::size_t size = 0; size < full.size(); ++size) {
        // As cut, with the original header: the length no longer matches.
        const std::vector<std::uint8_t> cut(full.begin(), full.begin() + size);
        EXPECT_NE(request_error(cut), FrameError::none) << size;
        // With the header rewritten to the shorter length: the message is cut short.
        if (size < kFrameHeaderBytes) continue;
        std::vector<std::uint8_t> relabelled = cut;
        put_le32(relabelled.data(), static_cast<std::uint32_t>(size - kFrameHeaderBytes));
        EXPECT_NE(request_error(relabelled), FrameError::none) << size;
    }
}

TEST(Verify, CorruptedRootAndTableOffsetsAreRefused) {
    const auto good = hold_frame(6, {10, 11});
    AlignedBytes aligned(good);
    const std::uint32_t root = flatbuffers::ReadScalar<std::uint32_t>(aligned.data() + 4);
    const std::size_t table = kFrameHeaderBytes + root;
    // Root offset pointing past the end, and the root table's vtable offset.
    for (std::size_t at : {std::size_t{6}, std::size_t{7}, table + 2, table + 3}) {
        std::vector<std::uint8_t> bad = good;
        bad[at] ^= 0xFF;
        EXPECT_EQ(request_error(bad), FrameError::unverifiable) << "byte " << at;
    }
}

TEST(Verify, EveryByteFlippedIsRefusedOrSafeToRead) {
    const auto good = hold_frame(7, {10, 11, 12});
    int refused = 0;
    for (std::size_t at = 0; at < good.size(); ++at) {
        for (std::uint8_t mask : {0x01, 0x80, 0xFF}) {
            std::vector<std::uint8_t> bad = good;
            bad[at] ^= mask;
            AlignedBytes copy(bad);
            const auto v = verify_request(copy.span());
            if (!v.ok()) {
                ++refused;
                continue;
            }
            // Flipping a value (an id, a seat number) leaves a valid message.
            EXPECT_GE(touch_everything(*v.message), 0u);
        }
    }
    EXPECT_GT(refused, 0);
}

TEST(Verify, LengthHeaderMustMatchTheFrame) {
    auto frame = ping_frame(8);
    frame.resize(frame.size() + 8, 0);  // the header still says the shorter length
    EXPECT_EQ(request_error(frame), FrameError::unverifiable);
}

TEST(Verify, RequestWithoutBodyIsRefusedButItsIdIsReadable) {
    flatbuffers::FlatBufferBuilder b;
    const auto frame = testing::to_bytes(encode_frame(b, wire::CreateRequest(b, 77, 1)));
    AlignedBytes copy(frame);
    const auto v = verify_request(copy.span());
    EXPECT_EQ(v.error, FrameError::no_body);
    ASSERT_NE(v.message, nullptr);
    EXPECT_EQ(v.message->request_id(), 77u);
    EXPECT_EQ(status_of(v.error), wire::StatusCode::bad_frame);
}

// Regression (issue 10, "pre-authentication crash"): a request whose body type is
// set but whose body is absent passed the Verifier, and the handlers dereferenced
// the missing body. Every known request type must be refused as no_body.
TEST(Verify, BodyTypeWithoutBodyIsRefusedForEveryRequestType) {
    for (const wire::RequestBody type : wire::EnumValuesRequestBody()) {
        if (type == wire::RequestBody::NONE) continue;
        flatbuffers::FlatBufferBuilder b;
        const auto root = wire::CreateRequest(b, 79, 1, type, /*body=*/0);
        const auto frame = testing::to_bytes(encode_frame(b, root));
        AlignedBytes copy(frame);
        const auto v = verify_request(copy.span());
        EXPECT_EQ(v.error, FrameError::no_body) << wire::EnumNameRequestBody(type);
        ASSERT_NE(v.message, nullptr);
        EXPECT_EQ(v.message->request_id(), 79u);
    }
}

TEST(Verify, UnknownRequestTypeIsUnsupportedAndItsIdIsReadable) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreatePing(b);
    const auto root =
        wire::CreateRequest(b, 78, 1, static_cast<wire::RequestBody>(200), body.Union());
    const auto frame = testing::to_bytes(encode_frame(b, root));
    AlignedBytes copy(frame);
    const auto v = verify_request(copy.span());
    EXPECT_EQ(v.error, FrameError::unknown_type);
    ASSERT_NE(v.message, nullptr);
    EXPECT_EQ(v.message->request_id(), 78u);
    EXPECT_EQ(status_of(v.error), wire::StatusCode::unsupported);
}

// The deepest v1 message: Response > ErrorDetail > SeatRefusal.
std::vector<std::uint8_t> deepest_response() {
    flatbuffers::FlatBufferBuilder b;
    const auto refusal = wire::CreateSeatRefusalDirect(b, 3, "A/1/4", wire::SeatProblem::held);
    const std::vector<flatbuffers::Offset<wire::SeatRefusal>> refusals{refusal};
    const auto detail = wire::CreateErrorDetailDirect(b, &refusals, 1);
    const auto root =
        wire::CreateResponse(b, 9, static_cast<std::uint16_t>(wire::StatusCode::seats_unavailable),
                             0, wire::ResponseBody::ErrorDetail, detail.Union());
    return testing::to_bytes(encode_frame(b, root));
}

TEST(Verify, NestingDeeperThanTheLimitIsRefused) {
    // The v1 schema is not recursive, so no v1 message nests deeper than
    // kWireDepthMax: the real limit is exercised by lowering it below a real message.
    AlignedBytes frame(deepest_response());
    EXPECT_TRUE(verify_response(frame.span()).ok());
    EXPECT_TRUE(verify_response(frame.span(), {kWireDepthMax, kResponseTablesMax}).ok());
    EXPECT_EQ(verify_response(frame.span(), {kWireDepthMax - 1, kResponseTablesMax}).error,
              FrameError::unverifiable);
}

std::vector<std::uint8_t> events_response(std::size_t count, bool shared) {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<wire::EventInfo>> events;
    const auto one = wire::CreateEventInfo(b, 1);
    for (std::size_t i = 0; i < count; ++i)
        events.push_back(shared ? one : wire::CreateEventInfo(b, i + 1));
    const auto reply = wire::CreateEventsReplyDirect(b, &events, false);
    const auto root =
        wire::CreateResponse(b, 10, 0, 0, wire::ResponseBody::EventsReply, reply.Union());
    return testing::to_bytes(encode_frame(b, root));
}

TEST(Verify, TablesBeyondTheLimitAreRefused) {
    // Response + EventsReply + the events.
    AlignedBytes at_limit(events_response(kResponseTablesMax - 2, false));
    EXPECT_TRUE(verify_response(at_limit.span()).ok());
    AlignedBytes over(events_response(kResponseTablesMax - 1, false));
    EXPECT_EQ(verify_response(over.span()).error, FrameError::unverifiable);
}

TEST(Verify, OneTableReferencedThousandsOfTimesIsRefused) {
    // 20,000 offsets to one table: an 80 KB frame the Verifier would walk 20,000 times.
    const auto frame_bytes = events_response(20'000, true);
    EXPECT_LT(frame_bytes.size(), 100'000u);
    AlignedBytes frame(frame_bytes);
    EXPECT_EQ(verify_response(frame.span()).error, FrameError::unverifiable);
}

}  // namespace
}  // namespace seat::protocol
