// Fuzzes the revocation filter blob a scanner downloads (tickets/revocation_filter.h).
// parse() must refuse every blob that serialize() could not have written, and
// allocate no more than the blob's own size says; a blob it accepts serializes
// back to the same bytes and answers look-ups (what it was told, it contains).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tickets/revocation_filter.h"

namespace {

using namespace seat::tickets;

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view blob(reinterpret_cast<const char*>(data), size);
    std::optional<RevocationFilter> filter = RevocationFilter::parse(blob);
    if (!filter) return 0;
    check(filter->serialize() == blob);
    TicketId id{};
    for (std::size_t i = 0; i < id.size() && i < size; ++i)
        id[i] = data[size - 1 - i];
    (void)filter->might_contain(id, 1);
    filter->add(id, 2);
    check(filter->might_contain(id, 2));
    check(RevocationFilter::parse(filter->serialize()).has_value());
    return 0;
}
