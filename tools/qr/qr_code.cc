// Encoding through libqrencode: its QRcode is owned by a unique_ptr (freed with
// QRcode_free) only long enough to copy the dark bit of every module out.
#include "tools/qr/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace seat::qr {
namespace {

struct QrcodeFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrcodePtr = std::unique_ptr<QRcode, QrcodeFree>;

// libqrencode picks the smallest version that fits when asked for version 0.
constexpr int kVersionAuto = 0;
// In QRcode::data, bit 0 of each byte is the module's colour; the others describe
// which function pattern the module belongs to.
constexpr unsigned char kDarkBit = 0x01;

QRecLevel to_qrencode(ErrorCorrection level) {
    switch (level) {
        case ErrorCorrection::low:
            return QR_ECLEVEL_L;
        case ErrorCorrection::medium:
            return QR_ECLEVEL_M;
        case ErrorCorrection::quartile:
            return QR_ECLEVEL_Q;
        case ErrorCorrection::high:
            return QR_ECLEVEL_H;
    }
    throw std::invalid_argument("qr: unknown error-correction level");
}

}  // namespace

QrCode QrCode::encode(std::string_view data, ErrorCorrection level) {
    if (data.empty()) throw std::invalid_argument("qr: cannot encode empty data");
    if (data.size() > static_cast<std::size_t>(kDataBytesMax)) {
        throw std::invalid_argument("qr: data is " + std::to_string(data.size()) +
                                    " bytes, more than the " + std::to_string(kDataBytesMax) +
                                    "-byte limit for a QR code");
    }
    errno = 0;
    QrcodePtr code(QRcode_encodeData(static_cast<int>(data.size()),
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     kVersionAuto, to_qrencode(level)));
    if (!code) {
        const int error = errno;
        throw std::runtime_error(std::string("qr: libqrencode failed: ") +
                                 (error != 0 ? std::strerror(error) : "unknown error"));
    }
    const int size = code->width;
    if (size < kSizeModulesMin || size > kSizeModulesMax) {
        throw std::runtime_error("qr: libqrencode returned a symbol of " + std::to_string(size) +
                                 " modules");
    }
    std::vector<std::uint8_t> modules(static_cast<std::size_t>(size) * size);
    for (std::size_t i = 0; i < modules.size(); ++i) {
        modules[i] = (code->data[i] & kDarkBit) != 0 ? 1 : 0;
    }
    return QrCode(size, std::move(modules));
}

QrCode::QrCode(int size, std::vector<std::uint8_t> modules)
    : size_(size), modules_(std::move(modules)) {}

bool QrCode::dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= size_ || y >= size_) {
        throw std::out_of_range("qr: module (" + std::to_string(x) + ", " + std::to_string(y) +
                                ") is outside a " + std::to_string(size_) + "-module symbol");
    }
    return modules_[static_cast<std::size_t>(y) * size_ + x] != 0;
}

}  // namespace seat::qr
