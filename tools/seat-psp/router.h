// Decides what becomes of one complete HTTP request. Every request is first
// authenticated (401), then:
//   GET /_sim/ledger                     the books for auditors; nothing under
//                                        /_sim/ is ever faulted
//   (any other path, during the outage)  503 api_error, whatever it is
//   POST /v1/payment_intents, /v1/refunds, /v1/transfers
//                                        the timeout fault (held, never processed),
//                                        then the body is decoded (400) and the
//                                        Idempotency-Key checked (400), and the
//                                        post pipeline takes it (post_pipeline.h)
//   GET /v1/payment_intents/search       search by one metadata pair
//   GET /v1/payment_intents/{id}         one intent, or 404
//   GET /v1/transfers/{id}               one transfer, or 404
//   anything else                        404, the provider's "Unrecognized request URL"
// Not thread-safe: seat-psp is one thread.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "tools/seat-psp/books.h"
#include "tools/seat-psp/fault_injector.h"
#include "tools/seat-psp/outcome.h"
#include "tools/seat-psp/post_pipeline.h"
#include "tools/seat-psp/secret_key.h"

namespace seat::psp {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

class Router {
  public:
    Router(const SecretKey& secret, FaultInjector& faults, Books& books, PostPipeline& posts);

    // `done` is called exactly once, now or later (the post pipeline waits).
    void handle(const HttpRequest& request, std::string request_id, Done done);

  private:
    void handle_post(const HttpRequest& request, std::string_view path, std::string_view query,
                     std::string request_id, Done done);
    void handle_get(std::string_view path, std::string_view query, Done done);

    const SecretKey& secret_;
    FaultInjector& faults_;
    Books& books_;
    PostPipeline& posts_;
};

}  // namespace seat::psp
