// One Run per request carries it through the asynchronous steps (the gate and
// the latency timer); every step runs on the simulator's one thread, so nothing
// can happen to the key between looking it up and reserving it.
#include "tools/seat-psp/post_pipeline.h"

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <variant>

#include "tools/seat-psp/endpoints.h"
#include "tools/seat-psp/params.h"

namespace seat::psp {
namespace {

std::string_view endpoint_path(PostEndpoint e) {
    switch (e) {
        case PostEndpoint::create_intent:
            return "POST /v1/payment_intents";
        case PostEndpoint::create_refund:
            return "POST /v1/refunds";
        case PostEndpoint::create_transfer:
            return "POST /v1/transfers";
    }
    return "?";
}

// Reads the endpoint's parameters into `params`.
std::optional<ApiError> read_params(
    const PostRequest& req, std::variant<CreateIntent, CreateRefund, CreateTransfer>& params) {
    switch (req.endpoint) {
        case PostEndpoint::create_intent:
            return read_create_intent(req.form, params.emplace<CreateIntent>());
        case PostEndpoint::create_refund:
            return read_create_refund(req.form, params.emplace<CreateRefund>());
        case PostEndpoint::create_transfer:
            return read_create_transfer(req.form, params.emplace<CreateTransfer>());
    }
    return unavailable("seat-psp: an endpoint without parameters");
}

std::int64_t unix_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

Outcome respond(const Reply& reply, std::string note = {}) {
    Outcome o;
    o.status = reply.status;
    o.body = reply.body;
    o.note = std::move(note);
    return o;
}

Outcome replay(const StoredResponse& stored) {
    Outcome o;
    o.status = stored.status;
    o.body = stored.body;
    o.replayed = true;
    o.original_request = stored.request_id;
    o.note = "replayed";
    return o;
}

ApiError key_mismatch(const std::string& key) {
    return ApiError{400, "idempotency_error", "", "",
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with. Try using a key other than '" +
                        key + "' if you meant to execute a different request."};
}

ApiError key_in_use(const std::string& key) {
    return ApiError{409, "idempotency_error", "idempotency_key_in_use", "",
                    "There is currently another in-progress request using this idempotency key "
                    "(that probably means you submitted twice, and the other request is still "
                    "going through): '" +
                        key + "'. Please try again later."};
}

ApiError books_full_error() {
    return unavailable("seat-psp holds --max-records records already; restart it for empty books.");
}

}  // namespace

struct PostPipeline::Run {
    PostRequest request;
    Done done;
    Fingerprint fingerprint{};
    std::variant<CreateIntent, CreateRefund, CreateTransfer> params;
};

PostPipeline::PostPipeline(boost::asio::any_io_executor executor, Books& books,
                           IdempotencyStore& keys, FaultInjector& faults, ConcurrencyGate& gate)
    : executor_(std::move(executor)), books_(books), keys_(keys), faults_(faults), gate_(gate) {}

void PostPipeline::run(PostRequest request, Done done) {
    auto run = std::make_shared<Run>();
    run->request = std::move(request);
    run->done = std::move(done);
    const PostRequest& req = run->request;
    run->fingerprint = request_fingerprint(endpoint_path(req.endpoint), req.form);

    // 1. A key seen before decides the answer by itself.
    if (req.idempotency_key) {
        const StoredResponse* stored = nullptr;
        switch (keys_.find(*req.idempotency_key, run->fingerprint, stored)) {
            case IdempotencyStore::Found::replay:
                return run->done(replay(*stored));
            case IdempotencyStore::Found::mismatch:
                return run->done(respond(error_reply(key_mismatch(*req.idempotency_key))));
            case IdempotencyStore::Found::in_use:
                return run->done(respond(error_reply(key_in_use(*req.idempotency_key))));
            case IdempotencyStore::Found::none:
                break;
        }
    }

    // 2. The parameters, and room in the books for what they would add.
    const std::optional<ApiError> invalid = read_params(req, run->params);
    if (invalid) return run->done(respond(error_reply(*invalid)));
    if (books_full(*run) || (req.idempotency_key && keys_.full()))
        return run->done(respond(error_reply(books_full_error())));

    // 3. and 4.
    if (req.idempotency_key) keys_.reserve(*req.idempotency_key, run->fingerprint);
    gate_.acquire([this, run] {
        const std::chrono::microseconds latency = faults_.draw_latency();
        if (latency.count() == 0) return after_latency(run);
        auto timer = std::make_shared<boost::asio::steady_timer>(executor_, latency);
        timer->async_wait([this, run, timer](const boost::system::error_code& ec) {
            if (!ec) after_latency(run);
        });
    });
}

void PostPipeline::after_latency(const std::shared_ptr<Run>& run) {
    const PostRequest& req = run->request;
    // 5. Refused without being processed: a retry with the same key executes afresh.
    if (faults_.draw_error()) {
        if (req.idempotency_key) keys_.release(*req.idempotency_key);
        return finish(
            run,
            respond(error_reply(unavailable("An error occurred with our connection to the payment "
                                            "provider (seat-psp: --error-share).")),
                    "fault=error"));
    }
    // Requests that were in their latency together may have filled the books since step 2.
    if (books_full(*run)) {
        if (req.idempotency_key) keys_.release(*req.idempotency_key);
        return finish(run, respond(error_reply(books_full_error()), "books full"));
    }
    // 6.
    Reply reply;
    if (const auto* charge = std::get_if<CreateIntent>(&run->params)) {
        const bool forced_decline = charge->card->succeeds && faults_.draw_decline();
        reply = create_intent(books_, *charge, forced_decline, unix_seconds());
    } else if (const auto* refund = std::get_if<CreateRefund>(&run->params)) {
        reply = create_refund(books_, *refund, unix_seconds(),
                              [this] { return faults_.draw_refund_failure(); });
    } else {
        reply = create_transfer(books_, std::get<CreateTransfer>(run->params), unix_seconds());
    }
    if (req.idempotency_key)
        keys_.complete(*req.idempotency_key,
                       StoredResponse{reply.status, reply.body, req.request_id});
    // 7. Processed and stored; the client just never hears of it.
    if (faults_.draw_lost_response()) {
        Outcome lost;
        lost.delivery = Delivery::drop;
        lost.status = reply.status;
        lost.note = "fault=lost-response";
        return finish(run, std::move(lost));
    }
    finish(run, respond(reply));
}

bool PostPipeline::books_full(const Run& run) const {
    switch (run.request.endpoint) {
        case PostEndpoint::create_intent:
            return books_.intents_full();
        case PostEndpoint::create_refund:
            return books_.refunds_full();
        case PostEndpoint::create_transfer:
            return books_.transfers_full();
    }
    return true;
}

void PostPipeline::finish(const std::shared_ptr<Run>& run, Outcome outcome) {
    gate_.release();
    run->done(std::move(outcome));
}

}  // namespace seat::psp
