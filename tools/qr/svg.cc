// SVG output: runs of dark modules merge into one subpath each, which keeps a
// version-10 code to a few kilobytes instead of one rectangle per module.
#include "tools/qr/svg.h"

#include <string>

#include "tools/qr/quiet_zone.h"

namespace seat::qr {
namespace {

// Appends the subpaths for framed row y.
void append_row_runs(const QrCode& code, int y, std::string& d) {
    const int framed = framed_size(code);
    int x = 0;
    while (x < framed) {
        if (!framed_dark(code, x, y)) {
            ++x;
            continue;
        }
        const int start = x;
        while (x < framed && framed_dark(code, x, y))
            ++x;
        const std::string run = std::to_string(x - start);
        d += 'M' + std::to_string(start) + ' ' + std::to_string(y) + 'h' + run + "v1h-" + run + 'z';
    }
}

}  // namespace

std::string to_svg(const QrCode& code, int module_px) {
    check_module_px(module_px);
    const int framed = framed_size(code);
    const std::string modules = std::to_string(framed);
    const std::string pixels = std::to_string(framed * module_px);
    std::string d;
    for (int y = 0; y < framed; ++y)
        append_row_runs(code, y, d);

    std::string svg;
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + pixels + "\" height=\"" + pixels +
           "\" viewBox=\"0 0 " + modules + ' ' + modules + "\" shape-rendering=\"crispEdges\">\n";
    svg += "<rect width=\"" + modules + "\" height=\"" + modules + "\" fill=\"#fff\"/>\n";
    svg += "<path fill=\"#000\" d=\"" + d + "\"/>\n";
    svg += "</svg>\n";
    return svg;
}

}  // namespace seat::qr
