// The one form of the provider's search language that seatd needs:
// `metadata['KEY']:'VALUE'`, with `\'` and `\\` as the only escapes inside the
// quotes and nothing else around it (no spaces, no AND/OR, no other fields).
// This is how seatd finds the charge of a checkout whose response was lost.
#pragma once

#include <string>
#include <string_view>

namespace seat::psp {

struct MetadataClause {
    std::string key;
    std::string value;
};

// False with `error` (one sentence) when `query` is not exactly that form.
bool parse_metadata_query(std::string_view query, MetadataClause& out, std::string& error);

}  // namespace seat::psp
