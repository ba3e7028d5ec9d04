// GET /_sim/ledger: the books as an auditor reads them, to check money against
// seats — per intent what was captured, refunded and is kept (net), and totals.
// Totals add minor units across currencies, which means something only when a
// run uses one currency; `currencies` gives the same sums per currency.
#pragma once

#include <string>

#include "tools/seat-psp/books.h"

namespace seat::psp {

std::string ledger_json(const Books& books);

}  // namespace seat::psp
