// Helpers of the HTTP side's tests: the real seatd (tests/support) with a
// short seat-map interval, a Beast client on its HTTP port, gunzip, and the
// binary protocol's client for the writes that change a map.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/server/wire_client.h"
#include "tests/support/http_client.h"
#include "tests/support/seatd_process.h"

namespace seat::http_testing {

using namespace seat::testing;
using namespace seat::server_testing;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

inline SeatdOptions fast_maps(std::vector<std::string> more = {}) {
    SeatdOptions o;
    o.extra_args = {"--seatmap-interval-s", "1"};
    o.extra_args.insert(o.extra_args.end(), more.begin(), more.end());
    return o;
}

inline std::string gunzip(const std::string& in) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
    std::string out;
    char buf[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            throw std::runtime_error("not a gzip stream");
        }
        out.append(buf, sizeof buf - z.avail_out);
    }
    inflateEnd(&z);
    return out;
}

// GETs `target` until it answers 200 (a map is rendered within an interval).
inline HttpResponse get_ok(HttpClient& http, const std::string& target,
                           const HttpHeaders& headers = {},
                           std::chrono::milliseconds within = std::chrono::seconds(10)) {
    const auto end = Clock::now() + within;
    for (;;) {
        HttpResponse r = http.get(target, headers);
        if (r.status == 200 || Clock::now() > end) return r;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// GETs the map until its sequence passes `after`.
inline json::object map_after(HttpClient& http, std::uint64_t event, std::uint64_t after,
                              std::chrono::milliseconds within = std::chrono::seconds(10)) {
    const auto end = Clock::now() + within;
    const std::string target = "/events/" + std::to_string(event) + "/seatmap.json";
    for (;;) {
        const HttpResponse r = http.get(target);
        if (r.status == 200) {
            json::object map = json::parse(r.body).as_object();
            if (map.at("sequence").to_number<std::uint64_t>() > after) return map;
        }
        if (Clock::now() > end)
            throw std::runtime_error("the map did not move past " + std::to_string(after));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// Holds `seats` of event 1 through the binary protocol; returns the hold id.
inline std::uint64_t hold(WireClient& c, std::uint64_t& id, const std::vector<std::uint32_t>& seats,
                          wire::Id128 session = wire::Id128(3, 3)) {
    ++id;
    EXPECT_TRUE(c.send(hold_frame(id, 1, session, seats, wire::Id128(0x70, id))));
    const auto r = c.read();
    if (!r || r->status() != Status::ok) throw std::runtime_error("the hold was refused");
    return (*r)->body_as_HoldReply()->hold();
}

}  // namespace seat::http_testing
