// Terminal output: one UTF-8 half-block character per column for each pair of rows.
#include "tools/qr/terminal.h"

#include <string_view>

#include "tools/qr/quiet_zone.h"

namespace seat::qr {
namespace {

constexpr std::string_view kBothLight = "\u2588";   // █
constexpr std::string_view kUpperLight = "\u2580";  // ▀
constexpr std::string_view kLowerLight = "\u2584";  // ▄
constexpr std::string_view kNeitherLight = " ";

// Rows past the frame are the terminal's dark background (see terminal.h).
bool light(const QrCode& code, int x, int y) {
    return y < framed_size(code) && !framed_dark(code, x, y);
}

std::string_view half_block(bool upper_light, bool lower_light) {
    if (upper_light) return lower_light ? kBothLight : kUpperLight;
    return lower_light ? kLowerLight : kNeitherLight;
}

}  // namespace

std::string to_terminal(const QrCode& code) {
    const int framed = framed_size(code);
    std::string text;
    for (int y = 0; y < framed; y += 2) {
        for (int x = 0; x < framed; ++x) {
            text += half_block(light(code, x, y), light(code, x, y + 1));
        }
        text += '\n';
    }
    return text;
}

}  // namespace seat::qr
