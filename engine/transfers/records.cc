// Names of the transfer records' states, for logs, seatctl and the wire's text.
#include "engine/transfers/records.h"

namespace seat {

const char* to_string(TransferType t) {
    switch (t) {
        case TransferType::issue:
            return "issue";
        case TransferType::direct:
            return "direct";
        case TransferType::gift:
            return "gift";
        case TransferType::marketplace:
            return "marketplace";
        case TransferType::reissue:
            return "reissue";
    }
    return "?";
}

const char* to_string(OfferState s) {
    switch (s) {
        case OfferState::open:
            return "open";
        case OfferState::claimed:
            return "claimed";
        case OfferState::cancelled:
            return "cancelled";
        case OfferState::expired:
            return "expired";
    }
    return "?";
}

const char* to_string(ListingState s) {
    switch (s) {
        case ListingState::listed:
            return "listed";
        case ListingState::paying:
            return "paying";
        case ListingState::sold:
            return "sold";
        case ListingState::delisted:
            return "delisted";
    }
    return "?";
}

const char* to_string(PayoutState s) {
    switch (s) {
        case PayoutState::owed:
            return "owed";
        case PayoutState::held_kyc:
            return "held_kyc";
        case PayoutState::paid:
            return "paid";
        case PayoutState::failed:
            return "failed";
    }
    return "?";
}

}  // namespace seat
