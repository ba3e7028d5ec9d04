// Proves ClientOptions::threads against the real seatd (its demo theatre): many
// Clients on one and on two shared I/O threads, called from several threads at
// once, all get their answers; each Client's callbacks run on one thread, the
// threads are shared as asked, and never the caller's; the ClientThreads may be
// let go before its Clients, and Clients destroyed in any order; a Client
// destroyed with calls in flight has run every callback exactly once (ok or
// client_closed) when its destructor returns, while the others sharing its
// thread carry on; and a synchronous call from a callback to another Client on
// the same thread stops the process instead of hanging it.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "seat/client.h"
#include "tests/support/seatd_process.h"

namespace seat {
namespace {

namespace sc = seat::client;

constexpr std::uint64_t kDemoEvent = 1;
constexpr std::size_t kClients = 16;
constexpr std::size_t kCallsPerClient = 50;
constexpr std::size_t kCallerThreads = 4;

class SharedThreads : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { seatd_ = new testing::SeatdProcess(); }
    static void TearDownTestSuite() {
        delete seatd_;
        seatd_ = nullptr;
    }

    static ClientOptions options(std::shared_ptr<ClientThreads> threads) {
        ClientOptions o;
        o.port = seatd_->port();
        o.api_key = testing::kAdminKey;
        o.threads = std::move(threads);
        return o;
    }

    static testing::SeatdProcess* seatd_;
};
testing::SeatdProcess* SharedThreads::seatd_ = nullptr;

// Which threads ran whose callbacks.
struct ThreadLog {
    std::mutex mu;
    std::map<std::size_t, std::set<std::thread::id>> by_client;
    std::set<std::thread::id> all;
    void note(std::size_t client) {
        std::lock_guard lock(mu);
        by_client[client].insert(std::this_thread::get_id());
        all.insert(std::this_thread::get_id());
    }
};

// kCallerThreads threads each send every client its share of kCallsPerClient
// pings at once; returns how many were answered ok.
std::size_t ping_all_in_parallel(std::vector<std::unique_ptr<Client>>& clients, ThreadLog& log) {
    std::atomic<std::size_t> ok{0}, answered{0};
    std::promise<void> all_done;
    const std::size_t total = clients.size() * kCallsPerClient;
    std::vector<std::thread> callers;
    std::set<std::thread::id> caller_ids;
    for (std::size_t t = 0; t < kCallerThreads; ++t) {
        callers.emplace_back([&, t] {
            for (std::size_t i = t; i < kCallsPerClient; i += kCallerThreads)
                for (std::size_t c = 0; c < clients.size(); ++c)
                    clients[c]->ping_async([&, c](sc::Result<sc::Pong> r) {
                        log.note(c);
                        if (r.ok()) ok.fetch_add(1);
                        if (answered.fetch_add(1) + 1 == total) all_done.set_value();
                    });
        });
        caller_ids.insert(callers.back().get_id());
    }
    for (auto& t : callers)
        t.join();
    all_done.get_future().wait();
    for (const auto& id : caller_ids)
        EXPECT_EQ(log.all.count(id), 0u) << "a callback ran on a caller's thread";
    return ok.load();
}

TEST_F(SharedThreads, ManyClientsOnOneThreadAllAnswerOnThatThread) {
    auto threads = std::make_shared<ClientThreads>(1);
    EXPECT_EQ(threads->size(), 1u);
    std::vector<std::unique_ptr<Client>> clients;
    for (std::size_t i = 0; i < kClients; ++i)
        clients.push_back(std::make_unique<Client>(options(threads)));
    ThreadLog log;
    EXPECT_EQ(ping_all_in_parallel(clients, log), kClients * kCallsPerClient);
    EXPECT_EQ(log.all.size(), 1u);
    for (const auto& c : clients)
        EXPECT_EQ(c->stats().connects, 1u);
}

TEST_F(SharedThreads, ClientsSpreadOverTwoThreadsAndEachKeepsItsOwn) {
    auto threads = std::make_shared<ClientThreads>(2);
    std::vector<std::unique_ptr<Client>> clients;
    for (std::size_t i = 0; i < kClients; ++i)
        clients.push_back(std::make_unique<Client>(options(threads)));
    ThreadLog log;
    EXPECT_EQ(ping_all_in_parallel(clients, log), kClients * kCallsPerClient);
    EXPECT_EQ(log.all.size(), 2u);
    for (const auto& [client, ids] : log.by_client)
        EXPECT_EQ(ids.size(), 1u) << "client " << client << " answered on two threads";
}

TEST_F(SharedThreads, HoldsOnSharedThreadsAreTheServersAnswers) {
    auto threads = std::make_shared<ClientThreads>(2);
    // Stalls rows B-G: plain seats (row J's outer seats are accessible pairs).
    constexpr std::uint32_t kHoldClients = 8, kSeatsEach = 10, kFirstSeat = 14;
    std::vector<std::unique_ptr<Client>> clients;
    for (std::size_t i = 0; i < kHoldClients; ++i)
        clients.push_back(std::make_unique<Client>(options(threads)));
    std::vector<std::future<sc::Result<sc::HoldInfo>>> holds;
    for (std::uint32_t c = 0; c < kHoldClients; ++c)
        for (std::uint32_t i = 0; i < kSeatsEach; ++i)
            holds.push_back(clients[c]->place_hold_async(
                kDemoEvent, sc::Id128::random(), sc::Seats{{kFirstSeat + c * kSeatsEach + i}, {}}));
    std::set<std::uint64_t> ids;
    for (auto& f : holds) {
        auto r = f.get();
        ASSERT_TRUE(r.ok()) << r.message;
        ids.insert(r.value.hold);
    }
    EXPECT_EQ(ids.size(), holds.size());
}

TEST_F(SharedThreads, ThreadsMayBeLetGoFirstAndClientsDestroyedInAnyOrder) {
    auto threads = std::make_shared<ClientThreads>(2);
    std::vector<std::unique_ptr<Client>> clients;
    for (std::size_t i = 0; i < 6; ++i)
        clients.push_back(std::make_unique<Client>(options(threads)));
    threads.reset();  // the Clients hold the threads now
    for (std::size_t victim : {3u, 0u, 5u}) {
        clients[victim].reset();
        for (const auto& c : clients) {
            if (c) {
                EXPECT_TRUE(c->ping().ok());
            }
        }
    }
    clients.clear();  // the last one stops and joins the threads
}

TEST_F(SharedThreads, AClientClosedWithCallsInFlightRunsEachCallbackOnceAndOthersCarryOn) {
    auto threads = std::make_shared<ClientThreads>(1);
    Client neighbour(options(threads));
    ASSERT_TRUE(neighbour.ping().ok());
    constexpr std::size_t kInFlight = 500;
    std::atomic<std::size_t> ok{0}, closed{0}, other{0};
    {
        Client doomed(options(threads));
        for (std::size_t i = 0; i < kInFlight; ++i)
            doomed.ping_async([&](sc::Result<sc::Pong> r) {
                if (r.ok())
                    ok.fetch_add(1);
                else if (r.status == sc::Status::client_closed)
                    closed.fetch_add(1);
                else
                    other.fetch_add(1);
            });
    }
    // The destructor has returned: every callback has run, none is left to run.
    EXPECT_EQ(ok.load() + closed.load(), kInFlight);
    EXPECT_EQ(other.load(), 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(ok.load() + closed.load() + other.load(), kInFlight);
    EXPECT_TRUE(neighbour.ping().ok());
}

TEST_F(SharedThreads, AClientDestroyedBeforeItEverConnectedFailsItsCallsClosed) {
    auto threads = std::make_shared<ClientThreads>(1);
    std::atomic<int> closed{0};
    {
        ClientOptions o = options(threads);
        Client c(o);
        c.ping_async([&](sc::Result<sc::Pong> r) {
            if (r.status == sc::Status::client_closed || r.ok()) closed.fetch_add(1);
        });
    }
    EXPECT_EQ(closed.load(), 1);
}

// No seatd here: the death test's child process runs only this test, and a
// refused connection is answer enough to run the callback.
TEST(SharedThreadsDeath, ASyncCallToAClientSharingTheCallbacksThreadStopsTheProcess) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            auto threads = std::make_shared<ClientThreads>(1);
            ClientOptions o;
            o.port = 1;  // nothing listens there: connection refused at once
            o.reconnect_attempts_max = 1;
            o.threads = threads;
            Client a(o);
            Client b(o);
            std::promise<void> never;
            a.ping_async([&](sc::Result<sc::Pong>) { (void)b.ping(); });
            never.get_future().wait_for(std::chrono::seconds(10));
        },
        "would wait for itself");
}

}  // namespace
}  // namespace seat
