// Fuzzes the gate's offline decision (tickets/offline_verifier.h): a filter blob
// and then scanned codes, one per line, checked in order at two gates with the
// fuzz keys' public half (fuzz_keys.h). The input is a 2-byte big-endian filter
// length, the filter, then the codes. Checked besides "no crash": the outcome
// follows the documented order (signature, event, revocation, earlier local
// admission); each admission is queued once as a report; a ticket admitted here
// is never admitted again, under any version.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "tickets/fuzz/fuzz_keys.h"
#include "tickets/keyring.h"
#include "tickets/offline_verifier.h"

namespace {

using namespace seat::tickets;

// The event the fuzz seeds' codes are for.
constexpr std::uint64_t kEvent = 42;

void check(bool ok) {
    if (!ok) std::abort();
}

const std::string& public_key_file() {
    static const std::string* text =
        new std::string(Keyring::parse(fuzz::kKeyFile).public_keys().to_text());
    return *text;
}

// The verifier owns its keys; these are the same keys, to check its answers by.
const PublicKeyring& public_keys() {
    static const PublicKeyring* keys = new PublicKeyring(PublicKeyring::parse(public_key_file()));
    return *keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t filter_bytes = std::size_t{data[0]} << 8 | data[1];
    if (size - 2 < filter_bytes) return 0;
    std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
    OfflineVerifier verifier(PublicKeyring::parse(public_key_file()), kEvent);
    std::optional<RevocationFilter> filter = RevocationFilter::parse(rest.substr(0, filter_bytes));
    if (filter) verifier.update_filter(*filter);
    check(verifier.filter_sequence().has_value() == filter.has_value());
    rest.remove_prefix(filter_bytes);

    std::set<TicketId> admitted;
    std::size_t reports = 0;
    std::int64_t now_ms = 1'800'000'000'000;
    for (int n = 0; !rest.empty(); ++n) {
        const std::size_t end = rest.find('\n');
        const std::string_view code = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        const OfflineDecision d = verifier.check(code, n % 2 ? "east" : "west", now_ms += 1000);
        const VerifyResult v = public_keys().verify(code);
        check(d.verify_status == v.status);
        const bool ok = v.status == VerifyStatus::ok;
        const bool for_us = ok && v.claims.event_id == kEvent;
        const bool revoked =
            for_us && filter && filter->might_contain(v.claims.ticket_id, v.claims.version);
        const bool seen = admitted.contains(v.claims.ticket_id);
        switch (d.outcome) {
            case OfflineOutcome::admit:
                check(for_us && !revoked && !seen);
                admitted.insert(v.claims.ticket_id);
                ++reports;
                break;
            case OfflineOutcome::already_admitted_here:
                check(for_us && !revoked && seen && !d.first_gate.empty());
                break;
            case OfflineOutcome::revoked:
                check(revoked);
                break;
            case OfflineOutcome::wrong_event:
                check(ok && !for_us);
                break;
            case OfflineOutcome::needs_online:
                check(v.status == VerifyStatus::needs_online);
                break;
            case OfflineOutcome::invalid_signature:
                check(!ok && v.status != VerifyStatus::needs_online);
                break;
        }
        check(verifier.pending_reports().size() == reports);
        // Now and then the server acknowledges what it has.
        if (n % 3 == 2 && reports > 0) {
            verifier.acknowledge(1);
            --reports;
        }
    }
    return 0;
}
