#include "server/tickets/ticket_codes.h"

#include <system_error>

namespace seat::server {

tickets::TicketId to_ticket_bytes(const TicketId& id) {
    return tickets::ticket_id_of({id.hi, id.lo});
}

TicketId from_ticket_bytes(const tickets::TicketId& bytes) {
    const tickets::TicketIdHalves h = tickets::halves_of(bytes);
    return TicketId{h.hi, h.lo};
}

TicketCodes::TicketCodes(tickets::Keyring keyring)
    : keyring_(std::move(keyring)), public_keys_(keyring_.public_keys().to_text()) {}

std::shared_ptr<const TicketCodes> TicketCodes::open(const std::filesystem::path& file,
                                                     bool& created) {
    std::error_code ec;
    created = !std::filesystem::exists(file, ec);
    if (ec) throw tickets::KeyFileError(file.string() + ": " + ec.message());
    if (created) {
        tickets::Keyring fresh = tickets::Keyring::generate();
        fresh.save(file);
        return std::make_shared<const TicketCodes>(std::move(fresh));
    }
    return std::make_shared<const TicketCodes>(tickets::Keyring::load(file));
}

TicketKeys::TicketKeys(std::filesystem::path file, bool& created)
    : file_(std::move(file)), current_(TicketCodes::open(file_, created)) {}

bool TicketKeys::reload(std::string& message) {
    try {
        auto fresh = std::make_shared<const TicketCodes>(tickets::Keyring::load(file_));
        const std::size_t keys = fresh->keyring().keys().size();
        current_.store(std::move(fresh));
        message = std::to_string(keys) + " keys";
        return true;
    } catch (const std::exception& e) {
        message = e.what();
        return false;
    }
}

std::string TicketCodes::code(tickets::CodeFormat format, const EventState& state,
                              const Ticket& ticket) const {
    tickets::TicketClaims claims;
    claims.ticket_id = to_ticket_bytes(ticket.id);
    claims.event_id = state.event();
    claims.issued_at_ms = state.purchases()[ticket.purchase].issued_at;
    claims.version = ticket.version;
    return keyring_.issue(format, claims);
}

}  // namespace seat::server
