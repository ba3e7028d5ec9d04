// Writes a QrCode as a PNG file: 8-bit grayscale, black modules on white, with the
// quiet zone (quiet_zone.h). The file appears complete or not at all: it is written
// to a temporary file beside `path`, synced and renamed over it.
#pragma once

#include <string>

#include "tools/qr/qr_code.h"
#include "tools/qr/render_limits.h"

namespace seat::qr {

// Each module becomes module_px x module_px pixels. The file is created with mode
// 0600: the image is a bearer ticket, and anyone who can read it can get in.
// Throws std::invalid_argument for a bad module_px, std::runtime_error naming
// `path` and the reason if the file cannot be written.
void write_png(const QrCode& code, const std::string& path, int module_px = kModulePxDefault);

}  // namespace seat::qr
