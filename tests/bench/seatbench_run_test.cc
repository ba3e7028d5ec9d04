// Runs the real seatbench binary for a few seconds against a real seatd (started
// by SeatdProcess; the stadium through CreateEvent.generator) and against a real
// redis-server started here, once per scenario, and checks its JSON report: exit
// status 0, the audit passed, the run stayed within its bounds, and the counts
// are consistent (ok + refused + errors = requests; a sold-out sale sold every seat),
// and both the server's and seatbench's CPU per request are reported.
// The waiting-room scenario's report has checks of its own (the room's
// guarantees, fairness). Speed is never asserted. The Redis runs skip, saying
// why, only when redis-server is not installed.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/redis_process.h"
#include "tests/support/run_program.h"
#include "tests/support/seatd_process.h"

namespace seat::bench {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr auto kRunTimeout = std::chrono::seconds(60);

using RunOutcome = testing::ProgramResult;

// Runs seatbench with `args` (no shell); SIGKILL after kRunTimeout.
RunOutcome run_seatbench(const std::vector<std::string>& args) {
    return testing::run_program(SEATBENCH_BINARY, args, kRunTimeout);
}

std::uint64_t u(const json::object& o, const char* key) {
    return o.at(key).to_number<std::uint64_t>();
}

// The checks every run's report must pass, whatever the scenario and target.
json::object check_report(const RunOutcome& r, std::uint64_t request_limit) {
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    json::object report;
    try {
        report = json::parse(r.out).as_object();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out << r.err;
        return report;
    }
    const json::object& audit = report.at("audit").as_object();
    EXPECT_TRUE(audit.at("passed").as_bool()) << r.out;
    EXPECT_EQ(u(audit, "available") + u(audit, "held") + u(audit, "sold") + u(audit, "blocked"),
              u(report, "capacity"));
    const std::uint64_t requests = u(report, "requests");
    EXPECT_GT(requests, 0u);
    EXPECT_LE(requests, request_limit);
    EXPECT_EQ(u(report, "ok") + u(report, "refused") + u(report, "errors"), requests);
    EXPECT_EQ(u(report, "errors"), 0u) << r.out;
    EXPECT_EQ(u(report.at("latency").as_object(), "count"), requests);
    const json::object& lat = report.at("latency").as_object();
    EXPECT_LE(u(lat, "p50_us"), u(lat, "p99_us"));
    EXPECT_LE(u(lat, "p99_us"), u(lat, "max_us"));
    // Both sides' CPU per request: the server is found by its port on loopback.
    EXPECT_GT(report.at("cpu_us_per_request").to_number<double>(), 0.0);
    EXPECT_TRUE(report.at("server_pid").is_int64()) << r.out;
    EXPECT_TRUE(report.at("server_cpu_s").is_double()) << r.out;
    EXPECT_GT(report.at("server_cpu_us_per_request").to_number<double>(), 0.0) << r.out;
    return report;
}

std::vector<std::string> common(const std::string& target, const std::string& scenario,
                                const std::string& venue, std::uint64_t requests) {
    return {"-t", target, "-s",     scenario, "--venue", venue,
            "-c", "4",    "-P",     "4",      "-n",      std::to_string(requests),
            "-d", "10",   "--json", "-q"};
}

// ---- seatd.

class SeatbenchSeatd : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        testing::SeatdOptions o;
        o.demo = false;
        seatd_ = new testing::SeatdProcess(o);
    }
    static void TearDownTestSuite() {
        delete seatd_;
        seatd_ = nullptr;
    }
    std::vector<std::string> args(const std::string& scenario, const std::string& venue,
                                  std::uint64_t requests) {
        auto a = common("seatd://127.0.0.1:" + std::to_string(seatd_->port()), scenario, venue,
                        requests);
        a.insert(a.end(), {"-k", testing::kAdminKey});
        return a;
    }
    static testing::SeatdProcess* seatd_;
};
testing::SeatdProcess* SeatbenchSeatd::seatd_ = nullptr;

TEST_F(SeatbenchSeatd, HoldsAllSucceedAndLiveHoldsAreExactlyTheHeldSeats) {
    auto report = check_report(run_seatbench(args("holds", "arena", 3000)), 3000);
    EXPECT_EQ(report.at("server_pid").to_number<int>(), seatd_->pid());
    const auto& hold = report.at("by_kind").at("hold").as_object();
    EXPECT_GT(u(hold, "ok"), 0u);
    EXPECT_EQ(u(hold, "refused"), 0u);
    EXPECT_EQ(u(report.at("audit").as_object(), "held"),
              u(report.at("counters").as_object(), "holds_live_at_end") * 4);
}

TEST_F(SeatbenchSeatd, FlashSaleSellsOutTheTheatre) {
    auto a = args("flash-sale", "theatre", 20000);
    a.insert(a.end(), {"--hold-ttl-ms", "300"});
    auto report = check_report(run_seatbench(a), 20000);
    EXPECT_TRUE(report.at("sold_out_s").is_double()) << json::serialize(report);
    EXPECT_EQ(u(report.at("audit").as_object(), "sold"), 200u);
    EXPECT_EQ(u(report.at("audit").as_object(), "held"), 0u);
}

TEST_F(SeatbenchSeatd, ContendedIsMostlyRefusals) {
    auto a = args("contended", "theatre", 3000);
    a.insert(a.end(), {"--fill", "0.9"});
    auto report = check_report(run_seatbench(a), 3000);
    EXPECT_GT(u(report, "refused"), u(report, "ok"));
}

TEST_F(SeatbenchSeatd, SectionReadReadsTheWholeSection) {
    auto report = check_report(run_seatbench(args("section-read", "arena", 500)), 500);
    EXPECT_EQ(u(report, "seats_read"), u(report, "requests") * 1000);
}

// The stadium's file is over the frame limit: seatbench has the server generate it.
TEST_F(SeatbenchSeatd, StadiumThroughTheGenerator) {
    auto holds = check_report(run_seatbench(args("holds", "stadium", 2000)), 2000);
    EXPECT_EQ(u(holds, "capacity"), 70'000u);
    EXPECT_EQ(u(holds.at("by_kind").at("hold").as_object(), "refused"), 0u);
    auto read = check_report(run_seatbench(args("section-read", "stadium", 200)), 200);
    EXPECT_EQ(u(read, "seats_read"), u(read, "requests") * 1000);
}

// 3,000 buyers for the theatre's 200 seats through a small, fast room: the
// room's guarantees hold (max_active, no admission after the sell-out, admission
// in the drawn order), the pre-queue is shuffled and later joins keep their
// order, every seat is sold to an acknowledged purchase and none is left held.
// Waiting buyers poll at most every 5 s so the run takes about 15 s.
TEST_F(SeatbenchSeatd, WaitingRoomSellsOutInTheDrawnOrder) {
    const std::vector<std::string> a = {
        "-t", "seatd://127.0.0.1:" + std::to_string(seatd_->port()), "-k", testing::kAdminKey, "-s",
        "waiting-room", "--venue", "theatre", "--buyers", "3000", "--max-active", "50", "--batch",
        "20", "--batch-interval-ms", "100", "--sale-in-s", "2", "--grace-ms", "16000",
        "--poll-max-ms", "5000", "--hold-ttl-ms", "2000",
        // A buyer admitted after walking away keeps a seat
        // back until its token expires: short, so the
        // last seats are not kept back past the run.
        "--token-ttl-ms", "8000", "-d", "40", "--json", "-q"};
    const RunOutcome r = run_seatbench(a);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const json::object report = json::parse(r.out).as_object();
    const std::string text = json::serialize(report);
    EXPECT_TRUE(report.at("passed").as_bool()) << text;
    EXPECT_EQ(u(report, "joined"), 3000u) << text;
    EXPECT_FALSE(report.at("hit_duration_cap").as_bool()) << text;
    EXPECT_LE(u(report, "max_active_seen"), 50u) << text;
    ASSERT_FALSE(report.at("admitted_after_sold_out").is_null()) << "sold out: " << text;
    EXPECT_EQ(u(report, "admitted_after_sold_out"), 0u) << text;
    const json::object& fairness = report.at("fairness").as_object();
    EXPECT_EQ(u(fairness, "inversions"), 0u) << text;
    EXPECT_GT(u(fairness, "ranked_admitted"), 50u) << text;
    EXPECT_LT(std::abs(fairness.at("tau_b_pre_queue").to_number<double>()), 0.2) << text;
    EXPECT_GT(fairness.at("tau_b_after_start").to_number<double>(), 0.9) << text;
    const json::object& eta = report.at("eta_error_ms").as_object();
    EXPECT_GT(u(eta, "count"), 0u) << text;
    EXPECT_TRUE(eta.at("median_signed").is_int64()) << text;
    EXPECT_LE(u(eta, "p50"), u(eta, "p99"));
    const json::object& audit = report.at("audit").as_object();
    EXPECT_TRUE(audit.at("passed").as_bool()) << text;
    EXPECT_EQ(u(audit, "sold"), u(report, "sellable")) << text;
    EXPECT_EQ(u(audit, "held"), 0u) << text;
    EXPECT_EQ(u(report, "seats_bought"), u(audit, "sold")) << text;
    // Every buyer ended one way, and only one.
    std::uint64_t ended = 0;
    for (const auto& [name, n] : report.at("counters").as_object())
        if (name.starts_with("ended_")) ended += n.to_number<std::uint64_t>();
    EXPECT_EQ(ended, 3000u) << text;
}

TEST_F(SeatbenchSeatd, WaitingRoomRefusesRedisAndAGraceShorterThanAPoll) {
    const auto redis = run_seatbench({"-t", "redis://127.0.0.1:6379", "-s", "waiting-room"});
    EXPECT_EQ(redis.exit_code, 2);
    EXPECT_NE(redis.err.find("Redis design has none"), std::string::npos) << redis.err;
    const auto grace = run_seatbench({"-t", "seatd://127.0.0.1:" + std::to_string(seatd_->port()),
                                      "-s", "waiting-room", "--grace-ms", "15000"});
    EXPECT_EQ(grace.exit_code, 2);
    EXPECT_NE(grace.err.find("--grace-ms must be more than --poll-max-ms"), std::string::npos)
        << grace.err;
}

// Transfers: 200 tickets sold in the setup, then 2 s of hand-overs (offer +
// claim, one in four list + delist) on 4 connections x 4; every command is
// ok, the hand-overs add up, and the audit read every ticket's custody chain.
TEST_F(SeatbenchSeatd, TransfersHandTicketsOverAndTheirChainsAddUp) {
    auto a = args("transfers", "stadium", 1'000'000);
    *(std::find(a.begin(), a.end(), "-d") + 1) = "2";  // common() gives -d 10
    a.insert(a.end(), {"--tickets", "200"});
    auto report = check_report(run_seatbench(a), 1'000'000);
    EXPECT_LE(report.at("elapsed_s").to_number<double>(), 2.0 + 30.0);
    EXPECT_EQ(u(report, "refused"), 0u) << json::serialize(report);
    const auto& kinds = report.at("by_kind").as_object();
    const std::uint64_t offers = u(kinds.at("offer").as_object(), "ok");
    const std::uint64_t claims = u(kinds.at("claim").as_object(), "ok");
    const std::uint64_t lists = u(kinds.at("list").as_object(), "ok");
    const std::uint64_t delists = u(kinds.at("delist").as_object(), "ok");
    EXPECT_GT(claims, 0u);
    EXPECT_GT(delists, 0u);
    const auto& counters = report.at("counters").as_object();
    const std::uint64_t handovers = u(report, "handovers");
    EXPECT_EQ(handovers, claims + delists);
    EXPECT_EQ(u(counters, "handovers_offer_claim"), claims);
    EXPECT_EQ(u(counters, "handovers_list_delist"), delists);
    // Hand-overs the deadline cut in half are the offers and listings not yet answered in turn.
    EXPECT_EQ(u(counters, "handovers_halfway_at_end"), offers + lists - claims - delists);
    EXPECT_EQ(u(counters, "handovers_finished_after_run"), u(counters, "handovers_halfway_at_end"));
    EXPECT_EQ(u(counters, "tickets"), 200u);
    EXPECT_EQ(u(counters, "tickets_set_aside"), 0u);
    EXPECT_GT(report.at("handovers_per_s").to_number<double>(), 0.0);
    EXPECT_GT(report.at("server_cpu_us_per_handover").to_number<double>(), 0.0);
    EXPECT_EQ(u(report.at("audit").as_object(), "sold"), 200u);
    std::size_t chain_checks = 0;
    for (const auto& c : report.at("audit").at("checks").as_array()) {
        const std::string name(c.at("name").as_string());
        if (name.find("custody") != std::string::npos) {
            ++chain_checks;
            EXPECT_NE(std::string(c.at("detail").as_string()).find("200 of 200 tickets"),
                      std::string::npos)
                << c;
        }
    }
    EXPECT_EQ(chain_checks, 2u);
}

// A ticket is retired after --handovers-max hand-overs: the run ends when all are.
TEST_F(SeatbenchSeatd, TransfersRetireTicketsAndRefuseRedis) {
    auto a = args("transfers", "theatre", 1'000'000);
    a.insert(a.end(), {"--tickets", "20", "--handovers-max", "3"});
    auto report = check_report(run_seatbench(a), 1'000'000);
    EXPECT_EQ(u(report, "handovers"), 60u);
    EXPECT_EQ(u(report.at("counters").as_object(), "tickets_retired"), 20u);
    const auto redis = run_seatbench({"-t", "redis://127.0.0.1:6379", "-s", "transfers"});
    EXPECT_EQ(redis.exit_code, 2);
    EXPECT_NE(redis.err.find("Redis design has no tickets"), std::string::npos) << redis.err;
    EXPECT_EQ(run_seatbench({"-s", "transfers", "--handovers-max", "50"}).exit_code, 2);
}

// The connections on a thread each (--threads 0) and on two shared threads
// give the same counts; --server-pid names the server instead of its port.
TEST_F(SeatbenchSeatd, OwnAndSharedClientThreadsAndAGivenServerPid) {
    for (const char* threads : {"0", "2"}) {
        auto a = args("holds", "arena", 2000);
        a.insert(a.end(), {"--threads", threads, "--server-pid", std::to_string(seatd_->pid())});
        auto report = check_report(run_seatbench(a), 2000);
        EXPECT_EQ(report.at("server_pid").to_number<int>(), seatd_->pid());
        EXPECT_EQ(u(report.at("by_kind").at("hold").as_object(), "refused"), 0u);
    }
    EXPECT_EQ(run_seatbench({"--threads", "65"}).exit_code, 2);
}

TEST_F(SeatbenchSeatd, RefusesANonLoopbackTargetAndAWrongKey) {
    EXPECT_EQ(run_seatbench({"-t", "seatd://192.0.2.1:7400"}).exit_code, 2);
    auto a = args("holds", "theatre", 10);
    a.back() = "not-a-key";
    EXPECT_EQ(run_seatbench(a).exit_code, 2);
}

// ---- Redis.

class SeatbenchRedis : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!testing::RedisProcess::installed())
            GTEST_SKIP() << testing::kRedisServerBinary
                         << " is not installed (scripts/setup.sh installs redis-server)";
        redis_ = std::make_unique<testing::RedisProcess>();
        port_ = redis_->port();
    }
    std::vector<std::string> args(const std::string& scenario, const std::string& venue,
                                  std::uint64_t requests) {
        return common("redis://127.0.0.1:" + std::to_string(port_), scenario, venue, requests);
    }
    std::unique_ptr<testing::RedisProcess> redis_;
    int port_ = 0;
};

TEST_F(SeatbenchRedis, HoldsOnTheStadium) {
    auto report = check_report(run_seatbench(args("holds", "stadium", 3000)), 3000);
    EXPECT_EQ(u(report.at("by_kind").at("hold").as_object(), "refused"), 0u);
}

TEST_F(SeatbenchRedis, FlashSaleSellsOutTheTheatre) {
    auto a = args("flash-sale", "theatre", 20000);
    a.insert(a.end(), {"--hold-ttl-ms", "300"});
    auto report = check_report(run_seatbench(a), 20000);
    EXPECT_TRUE(report.at("sold_out_s").is_double()) << json::serialize(report);
    EXPECT_EQ(u(report.at("audit").as_object(), "sold"), 200u);
}

TEST_F(SeatbenchRedis, ContendedAndSectionRead) {
    auto a = args("contended", "theatre", 3000);
    a.insert(a.end(), {"--fill", "0.9"});
    auto contended = check_report(run_seatbench(a), 3000);
    EXPECT_GT(u(contended, "refused"), u(contended, "ok"));
    auto read = check_report(run_seatbench(args("section-read", "stadium", 500)), 500);
    EXPECT_EQ(u(read, "seats_read"), u(read, "requests") * 1000);
}

}  // namespace
}  // namespace seat::bench
