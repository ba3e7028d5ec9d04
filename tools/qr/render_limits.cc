// Argument checks shared by the image renderers.
#include "tools/qr/render_limits.h"

#include <stdexcept>
#include <string>

namespace seat::qr {

void check_module_px(int module_px) {
    if (module_px < 1 || module_px > kModulePxMax) {
        throw std::invalid_argument("qr: module_px is " + std::to_string(module_px) +
                                    ", must be 1.." + std::to_string(kModulePxMax));
    }
}

}  // namespace seat::qr
