// Object ids in the provider's style: a prefix ("pi_", "ch_", "re_", "tr_", "req_") and
// 24 base-62 characters from the kernel's random source, about 143 bits, so ids
// are unique in practice and cannot be guessed from one another. They do not
// depend on --seed: the seed replays faults, not ids.
#pragma once

#include <string>
#include <string_view>

namespace seat::psp {

inline constexpr std::size_t kIdRandomChars = 24;

std::string random_id(std::string_view prefix);

}  // namespace seat::psp
