// An offline gate scanner (docs/tickets.md, "Offline scanners"). It holds only
// the server's Ed25519 public keys, so a stolen scanner cannot mint tickets; it
// refuses codes the revocation filter names (a hit may be a false positive at
// the filter's rate: escalate online when the gate can), remembers what this
// device admitted so a code is not let in twice here, and reports its
// admissions to the server when the network is back. The server's rule that
// the first admission wins settles two gates that admitted the same ticket.
//
// Not thread-safe: one OfflineScanner per scanning loop. Time is an input.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "seat/client.h"
#include "seat/client_types.h"

namespace seat {

class SEATCLIENT_API OfflineScanner {
  public:
    enum class Outcome : std::uint8_t {
        admit,                  // let in; recorded and queued for the server
        already_admitted_here,  // this device admitted the ticket before
        revoked,                // in the revocation filter: refuse, escalate online
        invalid_signature,      // forged, mangled, unknown key
        needs_online,           // an HMAC code: only the server can check it
        wrong_event,            // a valid ticket for another event
    };
    struct Decision {
        Outcome outcome = Outcome::invalid_signature;
        client::Id128 ticket_id;  // when the signature verified
        std::uint32_t version = 0;
        // already_admitted_here: the first admission on this device.
        std::int64_t first_admitted_at_ms = 0;
        std::string first_gate;
        std::string reason;  // for the display and logs; never contains key material
    };
    // What report_admissions did with the pending admissions.
    struct Report {
        std::size_t confirmed = 0;  // recorded by the server: this device was first
        std::size_t conflicts = 0;  // the server had an earlier admission (another gate)
        std::size_t refused = 0;    // revoked or cancelled meanwhile; logged, not retried
        std::size_t unsent = 0;     // the server could not be reached: still pending
    };

    // `public_keys` is the key file text from Client::get_public_keys() (or
    // `seatctl public-keys`). Throws std::invalid_argument when it does not parse.
    OfflineScanner(std::uint64_t event, const std::string& public_keys);
    ~OfflineScanner();
    OfflineScanner(OfflineScanner&&) noexcept;
    OfflineScanner& operator=(OfflineScanner&&) noexcept;

    // Takes a filter from Client::get_revocations() if it is newer than the one
    // held; false when the bytes are not a revocation filter.
    bool update_revocations(const client::Revocations& revocations);
    std::uint64_t revocations_sequence() const;  // 0 before the first filter

    Decision check(const std::string& code, const std::string& gate, std::int64_t now_ms);

    std::size_t pending_reports() const;
    // Sends each pending admission (oldest first) with Client::admit and its
    // device time; stops at the first transport error, leaving the rest pending.
    Report report_admissions(Client& client);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

SEATCLIENT_API std::string_view to_string(OfflineScanner::Outcome outcome);

}  // namespace seat
