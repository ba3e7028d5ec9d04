// What the HTTP session does with a request once the simulator has decided:
// answer it, hold it open without an answer (the timeout fault), or close the
// connection without an answer (the lost-response fault).
#pragma once

#include <functional>
#include <string>

namespace seat::psp {

enum class Delivery { respond, hold, drop };

struct Outcome {
    Delivery delivery = Delivery::respond;
    unsigned status = 200;
    std::string body;              // JSON
    bool replayed = false;         // a stored idempotent response: Idempotent-Replayed: true
    std::string original_request;  // on a replay, the Request-Id of the request that executed
    std::string note;              // for the request log: "replayed", "fault=error", ...
};

// Called exactly once per request, on the simulator's thread.
using Done = std::function<void(Outcome)>;

}  // namespace seat::psp
