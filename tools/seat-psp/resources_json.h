// The provider's objects as JSON, field for field as docs/payments.md lists them:
// a payment_intent (with last_payment_error when its confirmation failed), a
// refund and a transfer. Boost.JSON objects keep insertion order, so the bytes are stable and a
// stored response replays exactly.
#pragma once

#include <boost/json/object.hpp>

#include "tools/seat-psp/books.h"

namespace seat::psp {

boost::json::object intent_json(const Intent& intent);
boost::json::object refund_json(const Refund& refund);
boost::json::object transfer_json(const Transfer& transfer);

}  // namespace seat::psp
