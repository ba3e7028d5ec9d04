// Renders a QrCode as text for a terminal, so an operator can scan a ticket straight
// off seatctl's output: two module rows per line with Unicode half blocks, quiet
// zone (quiet_zone.h) included.
#pragma once

#include <string>

#include "tools/qr/qr_code.h"

namespace seat::qr {

// The drawing is inverted: light modules are block characters and dark modules are
// spaces. Most terminals draw light text on a dark background, so the blocks come
// out light and the background shows through as the dark modules, giving the
// dark-on-light code with a light quiet zone that scanners expect (many refuse a
// reversed code). On a light-background terminal it would be reversed.
//
// Line i covers framed rows 2i (upper half) and 2i + 1 (lower half), one character
// per framed column: "█" both light, "▀" only the upper, "▄" only the lower, " "
// neither. The framed side is odd, so the last line's lower half lies outside the
// code and is drawn as background. Every line ends with '\n'; no colour codes, so
// the text survives pipes and logs.
std::string to_terminal(const QrCode& code);

}  // namespace seat::qr
