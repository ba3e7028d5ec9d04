// Garbage against the real server, after Redis's tests/unit/protocol.tcl: each
// bad input gets the answer docs/protocol.md (section 4) promises, the connection
// is closed where it says so, and another client is served normally afterwards.
#include <gtest/gtest.h>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"

namespace seat::server_testing {
namespace {

using seat::testing::kAdminKey;
using seat::testing::kAppKey;
using seat::testing::SeatdProcess;

class BadInput : public ::testing::Test {
  protected:
    // Another client, connected afterwards, still gets its Ping answered.
    void expect_others_served() {
        WireClient other(seatd_.port());
        say_hello(other, kAppKey);
        ASSERT_TRUE(other.send(ping_frame(99)));
        auto pong = other.read();
        ASSERT_TRUE(pong);
        EXPECT_EQ(pong->status(), Status::ok);
        EXPECT_EQ((*pong)->request_id(), 99u);
    }
    // The next answer has this status and id, then the server closes.
    void expect_answer_then_close(WireClient& c, Status status, std::uint64_t request_id) {
        auto r = c.read();
        ASSERT_TRUE(r) << "no answer before the close";
        EXPECT_EQ(r->status(), status);
        EXPECT_EQ((*r)->request_id(), request_id);
        EXPECT_TRUE(c.closed_by_server());
    }

    SeatdProcess seatd_;
};

// Proves: a header announcing more than 1 MiB is refused at once (bad_frame, id 0)
// without waiting for the body, and the connection closes.
TEST_F(BadInput, OversizeAnnouncedLength) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    const Bytes header = {0x00, 0x00, 0x20, 0x00};  // 2 MiB
    ASSERT_TRUE(c.send(header));
    expect_answer_then_close(c, Status::bad_frame, 0);
    expect_others_served();
}

// Proves: a length under the smallest FlatBuffer is refused the same way.
TEST_F(BadInput, UndersizeAnnouncedLength) {
    WireClient c(seatd_.port());
    const Bytes header = {0x04, 0x00, 0x00, 0x00, 1, 2, 3, 4};
    ASSERT_TRUE(c.send(header));
    expect_answer_then_close(c, Status::bad_frame, 0);
    expect_others_served();
}

// Proves: a body of garbage bytes fails verification: bad_frame, id 0, closed.
TEST_F(BadInput, GarbageBytes) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    Bytes garbage = {60, 0, 0, 0};
    for (int i = 0; i < 60; ++i)
        garbage.push_back(static_cast<std::uint8_t>(0xA5 ^ (i * 37)));
    ASSERT_TRUE(c.send(garbage));
    expect_answer_then_close(c, Status::bad_frame, 0);
    expect_others_served();
}

// Proves: a well-framed request whose table offsets point outside the buffer is
// caught by the Verifier before anything reads it.
TEST_F(BadInput, ValidFrameWithCorruptedTable) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    Bytes frame = seat_frame(5, 1, 3);
    // The root offset (right after the length) now points far past the end.
    frame[4] = 0xF0;
    frame[5] = 0xFF;
    ASSERT_TRUE(c.send(frame));
    expect_answer_then_close(c, Status::bad_frame, 0);
    expect_others_served();
}

// Proves: a request type this server does not know (a newer client) is answered
// `unsupported` with the request's id, and the connection closes.
TEST_F(BadInput, UnknownMessageType) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    flatbuffers::FlatBufferBuilder b;
    const auto ping = wire::CreatePing(b);
    wire::RequestBuilder request(b);
    request.add_request_id(42);
    request.add_body_type(static_cast<wire::RequestBody>(99));
    request.add_body(ping.Union());
    const auto frame = protocol::encode_frame(b, request.Finish());
    ASSERT_TRUE(c.send(frame));
    expect_answer_then_close(c, Status::unsupported, 42);
    expect_others_served();
}

// Proves: a request without a body is bad_frame with the request's id.
TEST_F(BadInput, RequestWithoutBody) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    flatbuffers::FlatBufferBuilder b;
    const auto frame = protocol::encode_frame(b, wire::CreateRequest(b, 43, 1));
    ASSERT_TRUE(c.send(frame));
    expect_answer_then_close(c, Status::bad_frame, 43);
    expect_others_served();
}

// Regression (issue 10, "pre-authentication crash"): a 40-byte frame whose body
// type is set but whose body is absent killed seatd with SIGSEGV, before and after
// the Hello. Proves: for every request type, before authentication and after, the
// answer is bad_frame with the request's id, and the server lives on.
TEST_F(BadInput, BodyTypeWithoutBodyForEveryRequestType) {
    for (const bool authenticated : {false, true}) {
        for (const wire::RequestBody type : wire::EnumValuesRequestBody()) {
            if (type == wire::RequestBody::NONE) continue;
            SCOPED_TRACE(std::string(wire::EnumNameRequestBody(type)) +
                         (authenticated ? " after Hello" : " before Hello"));
            WireClient c(seatd_.port());
            if (authenticated) say_hello(c, kAdminKey);
            flatbuffers::FlatBufferBuilder b;
            const auto frame = protocol::encode_frame(b, wire::CreateRequest(b, 44, 1, type, 0));
            ASSERT_TRUE(c.send(frame));
            expect_answer_then_close(c, Status::bad_frame, 44);
        }
    }
    expect_others_served();
}

// Proves: the first request must be a Hello: anything else is unauthorized with
// its id, and the connection closes.
TEST_F(BadInput, RequestBeforeHello) {
    WireClient c(seatd_.port());
    ASSERT_TRUE(c.send(ping_frame(12)));
    expect_answer_then_close(c, Status::unauthorized, 12);
    expect_others_served();
}

// Proves: an unknown API key is unauthorized and closes; requests pipelined
// behind the refused Hello are never answered.
TEST_F(BadInput, UnknownApiKey) {
    WireClient c(seatd_.port());
    Bytes burst = hello_frame(3, "not-a-key-of-this-server");
    append(burst, ping_frame(4));
    ASSERT_TRUE(c.send(burst));
    expect_answer_then_close(c, Status::unauthorized, 3);
    expect_others_served();
}

// Proves: a protocol version the server cannot speak is `unsupported` with a
// HelloReply carrying the server's version, then the connection closes.
TEST_F(BadInput, UnsupportedProtocolVersion) {
    WireClient c(seatd_.port());
    ASSERT_TRUE(c.send(hello_frame(3, kAppKey, 0)));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status(), Status::unsupported);
    ASSERT_NE((*r)->body_as_HelloReply(), nullptr);
    EXPECT_EQ((*r)->body_as_HelloReply()->protocol_version(), 1u);
    EXPECT_TRUE(c.closed_by_server());
    expect_others_served();
}

// Proves: a second Hello is invalid_argument and the connection stays open.
TEST_F(BadInput, SecondHelloKeepsTheConnection) {
    WireClient c(seatd_.port());
    say_hello(c, kAdminKey);
    ASSERT_TRUE(c.send(hello_frame(2, kAdminKey)));
    EXPECT_EQ(c.read()->status(), Status::invalid_argument);
    ASSERT_TRUE(c.send(ping_frame(3)));
    EXPECT_EQ(c.read()->status(), Status::ok);
}

// Proves: a request for an event that does not exist (or event 0) is answered
// event_not_found, and the connection stays open.
TEST_F(BadInput, UnknownEvent) {
    WireClient c(seatd_.port());
    say_hello(c, kAppKey);
    ASSERT_TRUE(c.send(summary_frame(2, 12345)));
    EXPECT_EQ(c.read()->status(), Status::event_not_found);
    ASSERT_TRUE(c.send(summary_frame(3, 0)));
    EXPECT_EQ(c.read()->status(), Status::event_not_found);
    ASSERT_TRUE(c.send(ping_frame(4)));
    EXPECT_EQ(c.read()->status(), Status::ok);
}

}  // namespace
}  // namespace seat::server_testing
