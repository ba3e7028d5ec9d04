// Maps framed coordinates (quiet zone included) to the symbol's own.
#include "tools/qr/quiet_zone.h"

#include <stdexcept>
#include <string>

namespace seat::qr {

int framed_size(const QrCode& code) {
    return code.size() + 2 * kQuietZoneModules;
}

bool framed_dark(const QrCode& code, int x, int y) {
    const int framed = framed_size(code);
    if (x < 0 || y < 0 || x >= framed || y >= framed) {
        throw std::out_of_range("qr: framed module (" + std::to_string(x) + ", " +
                                std::to_string(y) + ") is outside " + std::to_string(framed));
    }
    const int symbol_x = x - kQuietZoneModules;
    const int symbol_y = y - kQuietZoneModules;
    if (symbol_x < 0 || symbol_y < 0 || symbol_x >= code.size() || symbol_y >= code.size()) {
        return false;
    }
    return code.dark(symbol_x, symbol_y);
}

}  // namespace seat::qr
