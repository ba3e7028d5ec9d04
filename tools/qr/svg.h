// Renders a QrCode as a standalone SVG document for web pages and print: a white
// background, the dark modules as one <path>, and the quiet zone (quiet_zone.h).
#pragma once

#include <string>

#include "tools/qr/qr_code.h"
#include "tools/qr/render_limits.h"

namespace seat::qr {

// The viewBox is in modules, quiet zone included ("0 0 F F" with F =
// framed_size(code)); width and height are F * module_px pixels. Each horizontal
// run of dark modules is one subpath "M<x> <y>h<n>v1h-<n>z" in framed coordinates.
// shape-rendering="crispEdges" keeps anti-aliasing from greying module edges.
// Throws std::invalid_argument for a bad module_px.
std::string to_svg(const QrCode& code, int module_px = kModulePxDefault);

}  // namespace seat::qr
