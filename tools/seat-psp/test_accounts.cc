// Two rules and no state: a test that needs an account that cannot be paid
// names one acct_missing…, any other well-formed id is paid.
#include "tools/seat-psp/test_accounts.h"

#include <algorithm>

namespace seat::psp {
namespace {

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool is_account_id(std::string_view destination) {
    if (!destination.starts_with(kAccountPrefix)) return false;
    const std::string_view rest = destination.substr(kAccountPrefix.size());
    return !rest.empty() && rest.size() <= kAccountIdCharsMax &&
           std::all_of(rest.begin(), rest.end(), is_id_char);
}

bool is_missing_account(std::string_view destination) {
    return is_account_id(destination) && destination.starts_with(kMissingAccountPrefix);
}

}  // namespace seat::psp
