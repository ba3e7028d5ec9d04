// Limits shared by the image renderers (png_image.h, svg.h).
#pragma once

namespace seat::qr {

// Pixels per module. 8 suits a phone screen; 32 is enough for a 600 dpi print, and
// keeps a version-40 image (with quiet zone) under 6,000 pixels a side.
inline constexpr int kModulePxDefault = 8;
inline constexpr int kModulePxMax = 32;
static_assert(kModulePxDefault >= 1 && kModulePxDefault <= kModulePxMax);

// Throws std::invalid_argument unless 1 <= module_px <= kModulePxMax.
void check_module_px(int module_px);

}  // namespace seat::qr
