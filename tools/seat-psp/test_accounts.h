// The connected accounts a transfer may be sent to. The simulator keeps no
// accounts: every well-formed id ("acct_" and 1 to 64 letters, digits or
// underscores) is an account that can receive, except the test ids that begin
// with "acct_missing", which do not exist (400 resource_missing, as the
// provider answers a transfer to an unknown destination).
#pragma once

#include <cstddef>
#include <string_view>

namespace seat::psp {

inline constexpr std::string_view kAccountPrefix = "acct_";
inline constexpr std::size_t kAccountIdCharsMax = 64;  // after the prefix
inline constexpr std::string_view kMissingAccountPrefix = "acct_missing";

// "acct_" and 1..kAccountIdCharsMax of [A-Za-z0-9_].
bool is_account_id(std::string_view destination);
// A well-formed id the simulator says does not exist.
bool is_missing_account(std::string_view destination);

}  // namespace seat::psp
