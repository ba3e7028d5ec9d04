// The tickets group's handlers: admission, reissue and cancel of a sold
// ticket. Called by the dispatch (engine/decide.cc, engine/apply.cc); private
// to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"

namespace seat {

Result decide_admit_ticket(DecideContext& cx, const AdmitTicket& c);
Result decide_reissue_ticket(DecideContext& cx, const ReissueTicket& c);
Result decide_cancel_ticket(DecideContext& cx, const CancelTicket& c);

void apply_ticket_admitted(StateEditor& ed, const TicketAdmitted& f);
void apply_ticket_reissued(StateEditor& ed, const TicketReissued& f);
void apply_ticket_cancelled(StateEditor& ed, const TicketCancelled& f);

}  // namespace seat
