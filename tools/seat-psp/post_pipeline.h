// The steps every POST takes after the router has authenticated it, passed the
// outage window and the timeout fault, and decoded its body (router.h). In order:
//
//   1. idempotency: a stored response for the key is replayed as it was (no
//      fault applies to a replay); the key with other parameters is 400
//      idempotency_error; a key whose first request is still executing is 409;
//   2. the parameters are read (400 naming the parameter; nothing is stored);
//   3. the key is reserved;
//   4. a concurrency slot is taken (--max-concurrency), then the latency passes;
//   5. the error fault: 503 api_error, the key released, nothing processed
//      (and the same when the books filled up meanwhile: --max-records);
//   6. the request executes (a decline drawn for charges that would succeed,
//      a failure for the first --failing-refunds refunds; transfers have no
//      fault of their own), and its response is stored under the key;
//   7. the lost-response fault: the connection closes without the response.
//
// Not thread-safe: seat-psp is one thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <optional>
#include <string>

#include "tools/seat-psp/books.h"
#include "tools/seat-psp/concurrency_gate.h"
#include "tools/seat-psp/fault_injector.h"
#include "tools/seat-psp/form.h"
#include "tools/seat-psp/idempotency_store.h"
#include "tools/seat-psp/outcome.h"

namespace seat::psp {

enum class PostEndpoint { create_intent, create_refund, create_transfer };

struct PostRequest {
    PostEndpoint endpoint = PostEndpoint::create_intent;
    Form form;
    std::optional<std::string> idempotency_key;
    std::string request_id;
};

class PostPipeline {
  public:
    PostPipeline(boost::asio::any_io_executor executor, Books& books, IdempotencyStore& keys,
                 FaultInjector& faults, ConcurrencyGate& gate);

    void run(PostRequest request, Done done);

  private:
    struct Run;
    void after_latency(const std::shared_ptr<Run>& run);
    bool books_full(const Run& run) const;
    void finish(const std::shared_ptr<Run>& run, Outcome outcome);

    boost::asio::any_io_executor executor_;
    Books& books_;
    IdempotencyStore& keys_;
    FaultInjector& faults_;
    ConcurrencyGate& gate_;
};

}  // namespace seat::psp
