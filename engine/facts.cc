// Human names of fact types (logs, the change feed, seatctl).
#include "engine/facts.h"

namespace seat {

const char* fact_name(const Fact& fact) {
    struct Namer {
        const char* operator()(const EventCreated&) const { return "EventCreated"; }
        const char* operator()(const HoldPlaced&) const { return "HoldPlaced"; }
        const char* operator()(const HoldReleased&) const { return "HoldReleased"; }
        const char* operator()(const HoldExtended&) const { return "HoldExtended"; }
        const char* operator()(const HoldExpired&) const { return "HoldExpired"; }
        const char* operator()(const HoldPurchased&) const { return "HoldPurchased"; }
        const char* operator()(const SeatsBlocked&) const { return "SeatsBlocked"; }
        const char* operator()(const SeatsUnblocked&) const { return "SeatsUnblocked"; }
        const char* operator()(const TicketAdmitted&) const { return "TicketAdmitted"; }
        const char* operator()(const TicketReissued&) const { return "TicketReissued"; }
        const char* operator()(const TicketCancelled&) const { return "TicketCancelled"; }
        const char* operator()(const CheckoutStarted&) const { return "CheckoutStarted"; }
        const char* operator()(const CheckoutSold&) const { return "CheckoutSold"; }
        const char* operator()(const CheckoutDeclined&) const { return "CheckoutDeclined"; }
        const char* operator()(const CheckoutAbandoned&) const { return "CheckoutAbandoned"; }
        const char* operator()(const CheckoutCompensated&) const { return "CheckoutCompensated"; }
        const char* operator()(const RefundOwed&) const { return "RefundOwed"; }
        const char* operator()(const RefundSucceeded&) const { return "RefundSucceeded"; }
        const char* operator()(const RefundFailed&) const { return "RefundFailed"; }
        const char* operator()(const RefundRetried&) const { return "RefundRetried"; }
        const char* operator()(const QueueJoined&) const { return "QueueJoined"; }
        const char* operator()(const QueueLeft&) const { return "QueueLeft"; }
        const char* operator()(const QueueOpened&) const { return "QueueOpened"; }
        const char* operator()(const QueueAdmitted&) const { return "QueueAdmitted"; }
        const char* operator()(const QueueAbandoned&) const { return "QueueAbandoned"; }
        const char* operator()(const AdmissionsEnded&) const { return "AdmissionsEnded"; }
        const char* operator()(const TransferOffered&) const { return "TransferOffered"; }
        const char* operator()(const TransferClaimed&) const { return "TransferClaimed"; }
        const char* operator()(const OfferWithdrawn&) const { return "OfferWithdrawn"; }
        const char* operator()(const TicketListed&) const { return "TicketListed"; }
        const char* operator()(const TicketDelisted&) const { return "TicketDelisted"; }
        const char* operator()(const ListingSold&) const { return "ListingSold"; }
        const char* operator()(const SellerVerified&) const { return "SellerVerified"; }
        const char* operator()(const PayoutSettled&) const { return "PayoutSettled"; }
        const char* operator()(const PayoutRetried&) const { return "PayoutRetried"; }
    };
    return std::visit(Namer{}, fact);
}

}  // namespace seat
