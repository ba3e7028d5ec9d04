#include "seat/offline_scanner.h"

#include <stdexcept>
#include <unordered_map>

#include "tickets/offline_verifier.h"

namespace seat {
namespace {

client::Id128 id_of(const tickets::TicketId& bytes) {
    const tickets::TicketIdHalves h = tickets::halves_of(bytes);
    return client::Id128{h.hi, h.lo};
}

tickets::PublicKeyring parse_keys(const std::string& text) {
    try {
        return tickets::PublicKeyring::parse(text);
    } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("public keys: ") + e.what());
    }
}

// The public enum mirrors the verifier's, value for value, so converting is a cast.
using O = tickets::OfflineOutcome;
using P = OfflineScanner::Outcome;
static_assert(static_cast<int>(P::admit) == static_cast<int>(O::admit) &&
              static_cast<int>(P::already_admitted_here) ==
                  static_cast<int>(O::already_admitted_here) &&
              static_cast<int>(P::revoked) == static_cast<int>(O::revoked) &&
              static_cast<int>(P::invalid_signature) == static_cast<int>(O::invalid_signature) &&
              static_cast<int>(P::needs_online) == static_cast<int>(O::needs_online) &&
              static_cast<int>(P::wrong_event) == static_cast<int>(O::wrong_event));

P outcome_of(O o) {
    return static_cast<P>(o);
}

}  // namespace

struct OfflineScanner::Impl {
    Impl(std::uint64_t event, const std::string& keys)
        : event(event), verifier(parse_keys(keys), event) {}
    std::uint64_t event;
    tickets::OfflineVerifier verifier;
    // The code of each admission waiting to be reported: the server verifies
    // the code itself, it does not take a scanner's word for a ticket id.
    std::unordered_map<tickets::TicketId, std::string, tickets::TicketIdHash> codes;
};

OfflineScanner::OfflineScanner(std::uint64_t event, const std::string& public_keys)
    : impl_(std::make_unique<Impl>(event, public_keys)) {}
OfflineScanner::~OfflineScanner() = default;
OfflineScanner::OfflineScanner(OfflineScanner&&) noexcept = default;
OfflineScanner& OfflineScanner::operator=(OfflineScanner&&) noexcept = default;

bool OfflineScanner::update_revocations(const client::Revocations& revocations) {
    auto filter = tickets::RevocationFilter::parse(revocations.filter);
    if (!filter) return false;
    impl_->verifier.update_filter(std::move(*filter));
    return true;
}

std::uint64_t OfflineScanner::revocations_sequence() const {
    return impl_->verifier.filter_sequence().value_or(0);
}

OfflineScanner::Decision OfflineScanner::check(const std::string& code, const std::string& gate,
                                               std::int64_t now_ms) {
    const tickets::OfflineDecision d = impl_->verifier.check(code, gate, now_ms);
    Decision out;
    out.outcome = outcome_of(d.outcome);
    if (d.outcome != tickets::OfflineOutcome::invalid_signature) {
        out.ticket_id = id_of(d.claims.ticket_id);
        out.version = d.claims.version;
    }
    out.first_admitted_at_ms = d.first_admitted_at_ms;
    out.first_gate = d.first_gate;
    out.reason = std::string(tickets::to_string(d.outcome));
    if (d.outcome == tickets::OfflineOutcome::invalid_signature)
        out.reason += ": " + std::string(tickets::to_string(d.verify_status));
    if (d.outcome == tickets::OfflineOutcome::admit) impl_->codes[d.claims.ticket_id] = code;
    return out;
}

std::size_t OfflineScanner::pending_reports() const {
    return impl_->verifier.pending_reports().size();
}

OfflineScanner::Report OfflineScanner::report_admissions(Client& client) {
    Report report;
    const std::vector<tickets::PendingAdmission> pending = impl_->verifier.pending_reports();
    std::size_t done = 0;
    for (const tickets::PendingAdmission& p : pending) {
        const auto code = impl_->codes.find(p.ticket_id);
        if (code == impl_->codes.end()) {  // cannot happen: every admit stored its code
            ++report.refused;
            ++done;
            continue;
        }
        const auto r = client.admit(impl_->event, code->second, p.gate, p.at_ms);
        if (client::is_transport_error(r.status)) break;
        if (r.ok()) {
            ++report.confirmed;
        } else if (r.status == client::Status::already_admitted) {
            ++report.conflicts;
        } else {
            ++report.refused;
        }
        impl_->codes.erase(code);
        ++done;
    }
    impl_->verifier.acknowledge(done);
    report.unsent = pending.size() - done;
    return report;
}

std::string_view to_string(OfflineScanner::Outcome outcome) {
    return tickets::to_string(static_cast<tickets::OfflineOutcome>(outcome));
}

}  // namespace seat
