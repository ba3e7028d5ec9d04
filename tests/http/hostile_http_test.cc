// Hostile HTTP clients against the real seatd: malformed requests, oversize
// headers and bodies, a client that never finishes its request, and more
// connections than allowed. Each is refused (an error answer, or a close) and
// neither the HTTP side's other clients nor the binary protocol's notice.
#include "tests/http/http_fixture.h"

namespace seat::http_testing {
namespace {

using namespace std::chrono_literals;

void expect_binary_protocol_answers(std::uint16_t port) {
    WireClient c(port, 2s);
    say_hello(c, kAdminKey);
    ASSERT_TRUE(c.send(ping_frame(9)));
    const auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status(), Status::ok);
}

// Proves: a malformed request line gets 400 and a close, headers beyond 8 KiB
// 431, a body beyond 16 KiB 413 (before it is sent), and another client is
// served meanwhile.
TEST(HostileHttp, MalformedAndOversizeRequestsAreRefused) {
    SeatdProcess seatd(fast_maps());
    HttpClient bad(seatd.http_port(), 5s);
    ASSERT_TRUE(bad.send_raw("GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n"));
    HttpResponse r = bad.receive();
    EXPECT_EQ(r.status, 400u) << r.error;
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(bad.closed_by_server(3s));

    HttpClient big(seatd.http_port(), 5s);
    r = big.get("/healthz", {{"X-Padding", std::string(9000, 'a')}});
    EXPECT_EQ(r.status, 431u);

    HttpClient body(seatd.http_port(), 5s);
    ASSERT_TRUE(
        body.send_raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"));
    r = body.receive();
    EXPECT_EQ(r.status, 413u);

    HttpClient good(seatd.http_port());
    EXPECT_EQ(good.get("/healthz").status, 200u);
    expect_binary_protocol_answers(seatd.port());
}

// Proves: a client that sends half a request and waits is closed after the
// request timeout (10 s), while other HTTP clients and the binary protocol are
// served without delay.
TEST(HostileHttp, ASlowClientIsClosedAndDelaysNobody) {
    SeatdProcess seatd(fast_maps());
    HttpClient slow(seatd.http_port(), 20s);
    ASSERT_TRUE(slow.send_raw("GET /events/1/seatmap.json HTTP/1.1\r\nHost: x\r\n"));
    const auto started = Clock::now();
    HttpClient other(seatd.http_port(), 2s);
    EXPECT_EQ(get_ok(other, "/events/1/seatmap.json").status, 200u);
    expect_binary_protocol_answers(seatd.port());
    EXPECT_LT(Clock::now() - started, 3s) << "others were served while the slow one waited";
    EXPECT_TRUE(slow.closed_by_server(15s));
    EXPECT_GE(Clock::now() - started, 9s) << "closed at the request timeout, not before";
}

// Proves: beyond --http-connections-max a new connection is closed at accept,
// and one is served again once a slot is free.
TEST(HostileHttp, ConnectionsBeyondTheLimitAreClosed) {
    SeatdProcess seatd(fast_maps({"--http-connections-max", "3"}));
    std::vector<std::unique_ptr<HttpClient>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<HttpClient>(seatd.http_port(), 3s));
        ASSERT_EQ(held.back()->get("/healthz").status, 200u);
    }
    HttpClient extra(seatd.http_port(), 3s);
    const HttpResponse r = extra.get("/healthz");
    EXPECT_FALSE(r.received);
    held.front()->disconnect();
    const auto end = Clock::now() + 5s;
    HttpResponse again;
    do {
        std::this_thread::sleep_for(50ms);
        extra.disconnect();
        again = extra.get("/healthz");
    } while (!again.received && Clock::now() < end);
    EXPECT_EQ(again.status, 200u);
}

}  // namespace
}  // namespace seat::http_testing
