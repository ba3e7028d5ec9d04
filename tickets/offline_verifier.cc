// Revocation is checked before the local admitted set so that a ticket revoked
// after it was admitted is reported as revoked (the stronger refusal). The
// admitted set is keyed by ticket id alone: a reissued ticket (new version) must
// not let a second person in on the same seat.
#include "tickets/offline_verifier.h"

#include <stdexcept>
#include <utility>

namespace seat::tickets {

std::string_view to_string(OfflineOutcome outcome) {
    switch (outcome) {
        case OfflineOutcome::admit:
            return "admit";
        case OfflineOutcome::already_admitted_here:
            return "already_admitted_here";
        case OfflineOutcome::revoked:
            return "revoked";
        case OfflineOutcome::invalid_signature:
            return "invalid_signature";
        case OfflineOutcome::needs_online:
            return "needs_online";
        case OfflineOutcome::wrong_event:
            return "wrong_event";
    }
    return "unknown";
}

OfflineVerifier::OfflineVerifier(PublicKeyring keys, std::uint64_t event_id)
    : keys_(std::move(keys)), event_id_(event_id) {}

void OfflineVerifier::update_filter(RevocationFilter filter) {
    if (!filter_ || filter.sequence() > filter_->sequence()) filter_ = std::move(filter);
}

std::optional<std::uint64_t> OfflineVerifier::filter_sequence() const {
    if (!filter_) return std::nullopt;
    return filter_->sequence();
}

OfflineDecision OfflineVerifier::check(std::string_view code, std::string_view gate,
                                       std::int64_t now_ms) {
    const VerifyResult verified = keys_.verify(code);
    OfflineDecision decision;
    decision.verify_status = verified.status;
    decision.claims = verified.claims;
    const TicketClaims& claims = verified.claims;
    if (verified.status == VerifyStatus::needs_online) {
        decision.outcome = OfflineOutcome::needs_online;
    } else if (verified.status != VerifyStatus::ok) {
        decision.outcome = OfflineOutcome::invalid_signature;
    } else if (claims.event_id != event_id_) {
        decision.outcome = OfflineOutcome::wrong_event;
    } else if (filter_ && filter_->might_contain(claims.ticket_id, claims.version)) {
        decision.outcome = OfflineOutcome::revoked;
    } else if (const auto seen = admitted_.find(claims.ticket_id); seen != admitted_.end()) {
        decision.outcome = OfflineOutcome::already_admitted_here;
        decision.first_admitted_at_ms = seen->second.at_ms;
        decision.first_gate = seen->second.gate;
    } else {
        decision.outcome = OfflineOutcome::admit;
        admitted_.emplace(claims.ticket_id, Admission{now_ms, std::string(gate)});
        pending_.push_back(
            PendingAdmission{claims.ticket_id, claims.version, std::string(gate), now_ms});
    }
    return decision;
}

void OfflineVerifier::acknowledge(std::size_t n) {
    if (n > pending_.size()) {
        throw std::out_of_range("acknowledging more admissions than are pending");
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
}

}  // namespace seat::tickets
