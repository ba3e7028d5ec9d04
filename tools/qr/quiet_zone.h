// The quiet zone: the light margin every rendering puts around the symbol. All
// renderers draw the "framed" symbol, whose coordinates include the margin, so
// framed (0, 0) is the top-left corner of the quiet zone.
#pragma once

#include "tools/qr/qr_code.h"

namespace seat::qr {

// ISO 18004 requires 4 light modules on every side; gate scanners use the margin to
// find the finder patterns, and a smaller one makes them fail beside other print or
// a dark phone bezel.
inline constexpr int kQuietZoneModules = 4;

// Side of the symbol plus its quiet zone on both sides, in modules.
int framed_size(const QrCode& code);

// True if framed module (x, y) is dark; every module in the quiet zone is light.
// Throws std::out_of_range outside 0 <= x, y < framed_size(code).
bool framed_dark(const QrCode& code, int x, int y);

}  // namespace seat::qr
