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
    };
    return std::visit(Namer{}, fact);
}

}  // namespace seat
