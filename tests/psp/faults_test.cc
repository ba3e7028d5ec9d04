// seat-psp's faults against the real binary, each as seatd's payment adapter
// will meet it: a lost response (charged, connection closed) is found again by
// retrying with the key and by searching the metadata; a held request is never
// processed; an error is not stored; the outage window answers 503 to all
// (replays included) and ends; declines follow the seed; latency has its
// configured median; --max-concurrency makes a loaded provider slow. Every
// timing test bounds its own duration.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::int64_t ledger_intents(PspClient& client) {
    return ledger(client)["totals"].as_object()["intents"].as_int64();
}

// Proves the brief's scenario: with every response lost, the client sees its
// connection close without an answer; the charge was made all the same; the
// retry with the same key returns the succeeded intent; a search by metadata
// finds it; the ledger shows one charge.
TEST(Faults, LostResponseIsFoundByRetryAndSearch) {
    PspProcess psp(PspOptions{{"--lost-response-share", "1"}});
    PspClient client(psp);
    const std::string body = charge_form(5000, "pm_card_visa", {{"checkout", "ck_lost"}});
    const HttpResponse lost = client.post(kIntents, body, with_key("ck_lost-attempt-1"));
    EXPECT_FALSE(lost.received);
    EXPECT_TRUE(lost.closed) << lost.error;
    EXPECT_FALSE(lost.timed_out);

    const HttpResponse retry = client.post(kIntents, body, with_key("ck_lost-attempt-1"));
    ASSERT_EQ(retry.status, 200u) << retry.error;
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    boost::json::object intent = json(retry);
    EXPECT_EQ(str(intent["status"]), "succeeded");

    boost::json::object found = json(client.get(search_target("checkout", "ck_lost")));
    ASSERT_EQ(found["data"].as_array().size(), 1u);
    EXPECT_EQ(str(found["data"].as_array()[0].as_object()["id"]), str(intent["id"]));

    boost::json::object totals = ledger(client)["totals"].as_object();
    EXPECT_EQ(totals["intents"].as_int64(), 1);
    EXPECT_EQ(totals["captured"].as_int64(), 5000);
    EXPECT_NE(psp.log().find("fault=lost-response"), std::string::npos);
}

// Proves: a lost refund answer is the same: refunded once, the retry replays.
TEST(Faults, LostRefundResponseReplays) {
    PspProcess psp(PspOptions{{"--lost-response-share", "1"}});
    PspClient client(psp);
    ASSERT_FALSE(client.post(kIntents, charge_form(800), with_key("c")).received);
    const std::string pi = str(json(client.post(kIntents, charge_form(800), with_key("c")))["id"]);
    const std::string body = form({{"payment_intent", pi}});
    EXPECT_FALSE(client.post(kRefunds, body, with_key("r")).received);
    const HttpResponse retry = client.post(kRefunds, body, with_key("r"));
    ASSERT_EQ(retry.status, 200u);
    EXPECT_EQ(json(retry)["amount"].as_int64(), 800);
    EXPECT_EQ(ledger(client)["totals"].as_object()["refunded"].as_int64(), 800);
}

// Proves: --failing-refunds N fails the first N refunds that would be made
// (200, status failed, nothing refunded), their answer replays under the same
// key, a refused refund does not use one up, and the next key refunds.
TEST(Faults, FailingRefundsFailThenRefundUnderANewKey) {
    PspProcess psp(PspOptions{{"--failing-refunds", "1"}});
    PspClient client(psp);
    const std::string pi = str(json(client.post(kIntents, charge_form(1200)))["id"]);
    // Too large: refused before a refund would be made, so the fault is still owed.
    EXPECT_EQ(client.post(kRefunds, form({{"payment_intent", pi}, {"amount", "5000"}})).status,
              400u);
    const std::string body = form({{"payment_intent", pi}});
    const HttpResponse failed = client.post(kRefunds, body, with_key("r-1"));
    ASSERT_EQ(failed.status, 200u) << failed.body;
    EXPECT_EQ(str(json(failed)["status"]), "failed");
    EXPECT_EQ(str(json(failed)["failure_reason"]), "expired_or_canceled_card");
    const HttpResponse replay = client.post(kRefunds, body, with_key("r-1"));
    EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(str(json(replay)["status"]), "failed");
    EXPECT_EQ(json(client.get(std::string(kIntents) + "/" + pi))["amount_refunded"].as_int64(), 0);

    const HttpResponse paid = client.post(kRefunds, body, with_key("r-2"));
    ASSERT_EQ(paid.status, 200u) << paid.body;
    EXPECT_EQ(str(json(paid)["status"]), "succeeded");
    EXPECT_EQ(json(paid)["amount"].as_int64(), 1200);
    boost::json::object totals = ledger(client)["totals"].as_object();
    EXPECT_EQ(totals["refunds"].as_int64(), 1);
    EXPECT_EQ(totals["refunds_failed"].as_int64(), 1);
    EXPECT_EQ(totals["refunded"].as_int64(), 1200);
    EXPECT_EQ(totals["net"].as_int64(), 0);
}

// Proves: a held request gets no answer (the client's own timeout ends it, the
// connection stays open until then), is never processed, and GETs are not held.
TEST(Faults, TimeoutHoldsTheRequestAndNeverProcessesIt) {
    PspProcess psp(PspOptions{{"--timeout-share", "1"}});
    PspClient client(psp, 600ms);
    const auto start = Clock::now();
    const HttpResponse held = client.post(kIntents, charge_form(100), with_key("held"));
    EXPECT_FALSE(held.received);
    EXPECT_TRUE(held.timed_out) << held.error;
    EXPECT_GE(Clock::now() - start, 550ms);
    PspClient reader(psp);
    EXPECT_EQ(reader.get(search_target("a", "b")).status, 200u);
    EXPECT_EQ(ledger_intents(reader), 0);
    // The key was never looked at, so a retry is held again rather than replayed.
    EXPECT_TRUE(client.post(kIntents, charge_form(100), with_key("held")).timed_out);
    EXPECT_EQ(ledger_intents(reader), 0);
}

// Proves: the error fault answers 503 api_error without processing and stores
// nothing: the retry with the key is drawn afresh (here: fails again).
TEST(Faults, ErrorIs503AndNotStored) {
    PspProcess psp(PspOptions{{"--error-share", "1"}});
    PspClient client(psp);
    for (int i = 0; i < 2; ++i) {
        const HttpResponse r = client.post(kIntents, charge_form(100), with_key("e"));
        EXPECT_EQ(r.status, 503u);
        EXPECT_EQ(str(error_of(r)["type"]), "api_error");
        EXPECT_EQ(r.header("Idempotent-Replayed"), "");
    }
    EXPECT_EQ(ledger_intents(client), 0);
}

// Proves: stored answers are replayed whatever the faults draw: with half of
// first executions failing, a key that succeeded replays 200 every time.
TEST(Faults, ReplaysAreNeverFaulted) {
    PspProcess psp(PspOptions{{"--error-share", "0.5", "--decline-share", "0.5", "--seed", "3"}});
    PspClient client(psp);
    std::string key;
    HttpResponse first;
    for (int i = 0; i < 50 && key.empty(); ++i) {
        first = client.post(kIntents, charge_form(100), with_key("k" + std::to_string(i)));
        if (first.status == 200u) key = "k" + std::to_string(i);
    }
    ASSERT_FALSE(key.empty());
    for (int i = 0; i < 30; ++i) {
        const HttpResponse again = client.post(kIntents, charge_form(100), with_key(key));
        EXPECT_EQ(again.status, 200u);
        EXPECT_EQ(again.body, first.body);
    }
}

std::string decline_pattern(std::uint64_t seed) {
    PspProcess psp(PspOptions{{"--decline-share", "0.5", "--seed", std::to_string(seed)}});
    PspClient client(psp);
    std::string pattern;
    for (int i = 0; i < 60; ++i) {
        const HttpResponse r = client.post(kIntents, charge_form(100));
        pattern.push_back(r.status == 200u ? '.' : r.status == 402u ? 'D' : '?');
        if (r.status == 402u) {
            EXPECT_EQ(str(error_of(r)["decline_code"]), "generic_decline");
        }
    }
    // Cards that decline on their own are not counted against the share.
    EXPECT_EQ(client.post(kIntents, charge_form(100, "pm_card_chargeDeclinedExpiredCard")).status,
              402u);
    return pattern;
}

// Proves: --decline-share declines about its share with generic_decline, the
// same requests under the same seed decline the same ones, another seed others.
TEST(Faults, DeclineShareFollowsTheSeed) {
    const std::string a = decline_pattern(42);
    const long declines = std::count(a.begin(), a.end(), 'D');
    EXPECT_GT(declines, 15) << a;
    EXPECT_LT(declines, 45) << a;
    EXPECT_EQ(std::count(a.begin(), a.end(), '?'), 0) << a;
    EXPECT_EQ(decline_pattern(42), a);
    EXPECT_NE(decline_pattern(43), a);
}

// Proves: inside the outage window every API request is 503 api_error (GETs
// too), the ledger stays readable, and the window ends when configured.
TEST(Faults, OutageWindowRefusesEverythingThenEnds) {
    PspProcess psp(PspOptions{{"--outage-start-s", "0", "--outage-duration-s", "1.5"}});
    PspClient client(psp);
    const HttpResponse post = client.post(kIntents, charge_form(100));
    EXPECT_EQ(post.status, 503u);
    EXPECT_EQ(str(error_of(post)["type"]), "api_error");
    EXPECT_EQ(client.get(std::string(kIntents) + "/pi_x").status, 503u);
    EXPECT_EQ(client.get(kLedger).status, 200u);
    const auto deadline = psp.spawned_at() + 10s;
    HttpResponse r;
    do {
        std::this_thread::sleep_for(50ms);
        r = client.post(kIntents, charge_form(100));
    } while (r.status == 503u && Clock::now() < deadline);
    EXPECT_EQ(r.status, 200u);
    EXPECT_GE(Clock::now() - psp.spawned_at(), 1500ms);
    EXPECT_EQ(ledger_intents(client), 1);
}

// Proves: the outage comes before the key is looked at, so it answers 503 to
// the retry of a stored request too, and the stored answer is there after.
TEST(Faults, OutageAlsoRefusesReplays) {
    PspProcess psp(PspOptions{{"--outage-start-s", "1", "--outage-duration-s", "2"}});
    PspClient client(psp);
    const HttpResponse first = client.post(kIntents, charge_form(100), with_key("before"));
    const auto seen = Clock::now();
    if (seen - psp.spawned_at() > 800ms) GTEST_SKIP() << "the machine is too slow for this window";
    ASSERT_EQ(first.status, 200u);
    std::this_thread::sleep_until(seen + 1100ms);  // inside [start + 1 s, spawn + 3 s)
    EXPECT_EQ(client.post(kIntents, charge_form(100), with_key("before")).status, 503u);
    std::this_thread::sleep_until(seen + 3100ms);  // past start + 3 s
    const HttpResponse after = client.post(kIntents, charge_form(100), with_key("before"));
    EXPECT_EQ(after.body, first.body);
    EXPECT_EQ(after.header("Idempotent-Replayed"), "true");
}

// Runs `per_thread` POSTs on each of `threads` connections, all released at
// once; returns each request's latency as the client saw it.
std::vector<double> charge_in_parallel(const PspProcess& psp, int threads, int per_thread) {
    std::vector<std::vector<double>> seen(threads);
    std::barrier start(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            PspClient client(psp);
            start.arrive_and_wait();
            for (int i = 0; i < per_thread; ++i) {
                const auto sent = Clock::now();
                const HttpResponse r = client.post(kIntents, charge_form(100));
                if (r.status == 200u)
                    seen[t].push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
            }
        });
    }
    for (std::thread& w : workers)
        w.join();
    std::vector<double> all;
    for (const auto& s : seen)
        all.insert(all.end(), s.begin(), s.end());
    std::sort(all.begin(), all.end());
    return all;
}

// Proves: with a lognormal latency of median 40 ms and p99 160 ms, the median
// a client sees is within a factor of two of 40 ms, and few requests pass the
// p99 (160 requests in about a second).
TEST(Faults, LatencyHasRoughlyTheConfiguredMedian) {
    PspProcess psp(
        PspOptions{{"--latency-median-ms", "40", "--latency-p99-ms", "160", "--seed", "9"}});
    const std::vector<double> ms = charge_in_parallel(psp, 8, 20);
    ASSERT_EQ(ms.size(), 160u);
    EXPECT_GT(ms[80], 20.0);
    EXPECT_LT(ms[80], 80.0);
    const auto slow = std::count_if(ms.begin(), ms.end(), [](double v) { return v > 160.0 * 1.5; });
    EXPECT_LE(slow, 8) << "p99 is 160 ms";
}

// Proves: with one slot and 200 ms per request, four simultaneous requests
// take four times as long as one (they queue), while four slots serve them
// together.
TEST(Faults, MaxConcurrencySlowsTheProviderUnderLoad) {
    const auto elapsed = [](const char* slots) {
        PspProcess psp(PspOptions{{"--latency-median-ms", "200", "--max-concurrency", slots}});
        const auto start = Clock::now();
        const std::vector<double> ms = charge_in_parallel(psp, 4, 1);
        EXPECT_EQ(ms.size(), 4u);
        return Clock::now() - start;
    };
    EXPECT_GE(elapsed("1"), 780ms);
    EXPECT_LT(elapsed("4"), 600ms);
}

}  // namespace
}  // namespace seat::psp_testing
