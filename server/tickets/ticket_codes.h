// The server's ticket keys and the two things it does with them: sign a
// ticket's current version (both formats, docs/tickets.md) when a client asks
// for its codes, and verify a scanned code at the edge, on the I/O thread,
// before any shard sees the admission. Shared, immutable after start-up: the
// keyring's const methods may run on every thread at once.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "engine/event_state.h"
#include "tickets/keyring.h"

namespace seat::server {

tickets::TicketId to_ticket_bytes(const TicketId& id);
TicketId from_ticket_bytes(const tickets::TicketId& bytes);

class TicketCodes {
  public:
    explicit TicketCodes(tickets::Keyring keyring);

    // Loads the key file, or creates it (mode 0600) with one fresh key per
    // format when it does not exist yet. Throws tickets::KeyFileError.
    // `created` says which happened.
    static std::shared_ptr<const TicketCodes> open(const std::filesystem::path& file,
                                                   bool& created);

    // The code of the ticket's current version.
    std::string code(tickets::CodeFormat format, const EventState& state,
                     const Ticket& ticket) const;
    tickets::VerifyResult verify(std::string_view code) const { return keyring_.verify(code); }
    // The public key file for scanners (Ed25519 keys that are not retired).
    const std::string& public_keys() const { return public_keys_; }
    const tickets::Keyring& keyring() const { return keyring_; }

  private:
    tickets::Keyring keyring_;
    std::string public_keys_;
};

// The key file seatd serves from, reloadable while it runs (SIGHUP): an operator
// rotates or retires a key with `seatctl keys` and tells seatd, no restart. A
// reload swaps the whole TicketCodes at once; requests already holding the old
// one finish with it. A file that does not load leaves the current keys in use.
class TicketKeys {
  public:
    // Loads or creates the file (TicketCodes::open). Throws tickets::KeyFileError.
    TicketKeys(std::filesystem::path file, bool& created);

    std::shared_ptr<const TicketCodes> current() const { return current_.load(); }
    // Returns false, with the reason in `message`, when the file does not load.
    bool reload(std::string& message);
    const std::filesystem::path& file() const { return file_; }

  private:
    const std::filesystem::path file_;
    std::atomic<std::shared_ptr<const TicketCodes>> current_;
};

}  // namespace seat::server
