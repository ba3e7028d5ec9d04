// The decision a scanner makes at a gate with no network: is this code a valid
// Ed25519 ticket for this event, not revoked, not already admitted here? The
// verifier remembers its own admissions (by ticket id, any version) and queues
// each one as a report for the server, kept until acknowledged.
// It knows only what this device has seen: a ticket admitted at another gate
// while offline is caught when the reports meet at the server, not here.
// Not thread-safe: one verifier per scanning loop. Clock is an input (now_ms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tickets/code.h"
#include "tickets/public_keyring.h"
#include "tickets/revocation_filter.h"

namespace seat::tickets {

enum class OfflineOutcome : std::uint8_t {
    admit,                  // let in; recorded and queued for the server
    already_admitted_here,  // this device admitted the ticket before
    revoked,                // the revocation filter matched: refuse, escalate online
    invalid_signature,      // malformed, unknown key or bad signature
    needs_online,           // an HMAC code: only the server can check it
    wrong_event,            // a valid ticket for another event
};
std::string_view to_string(OfflineOutcome outcome);

struct OfflineDecision {
    OfflineOutcome outcome = OfflineOutcome::invalid_signature;
    VerifyStatus verify_status = VerifyStatus::malformed;
    TicketClaims claims;  // trustworthy unless outcome is invalid_signature
    // already_admitted_here: the first local admission.
    std::int64_t first_admitted_at_ms = 0;
    std::string first_gate;
};

struct PendingAdmission {
    TicketId ticket_id{};
    std::uint32_t version = 0;
    std::string gate;
    std::int64_t at_ms = 0;

    bool operator==(const PendingAdmission&) const = default;
};

class OfflineVerifier {
  public:
    OfflineVerifier(PublicKeyring keys, std::uint64_t event_id);

    // Keeps whichever filter has the higher sequence (the current one on a tie).
    void update_filter(RevocationFilter filter);
    std::optional<std::uint64_t> filter_sequence() const;

    // Order of checks: signature, event, revocation, earlier local admission.
    OfflineDecision check(std::string_view code, std::string_view gate, std::int64_t now_ms);

    // Admissions not yet confirmed by the server, oldest first.
    std::vector<PendingAdmission> pending_reports() const { return pending_; }
    // Drops the first n pending reports. Throws std::out_of_range if n > pending.
    void acknowledge(std::size_t n);

  private:
    struct Admission {
        std::int64_t at_ms;
        std::string gate;
    };

    PublicKeyring keys_;
    std::uint64_t event_id_;
    std::optional<RevocationFilter> filter_;
    std::unordered_map<TicketId, Admission, TicketIdHash> admitted_;
    std::vector<PendingAdmission> pending_;
};

}  // namespace seat::tickets
