// GET /_sim/ledger: the books as an auditor reads them, to check money against
// seats — per intent what was captured, refunded and is kept (net); every
// transfer (payout) and, per destination, how many and how much; and totals.
// Totals add minor units across currencies, which means something only when a
// run uses one currency; `currencies` gives the same sums per currency. `net`
// is captured less refunded: what was paid out is shown beside it, not taken
// from it, so an audit of charges against seats reads as it did before payouts.
#pragma once

#include <string>

#include "tools/seat-psp/books.h"

namespace seat::psp {

std::string ledger_json(const Books& books);

}  // namespace seat::psp
