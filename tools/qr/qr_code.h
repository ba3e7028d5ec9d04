// A QR code as a square matrix of modules, encoded from a ticket code with
// libqrencode. A QrCode is an immutable value: safe to read from many threads and
// cheap enough to copy (at most 177 x 177 bytes). Rendering lives elsewhere
// (png_image.h, svg.h, terminal.h); this file only decides which modules are dark.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace seat::qr {

// How much of the symbol may be destroyed and still decode: low ~7%, medium ~15%,
// quartile ~25%, high ~30%.
enum class ErrorCorrection { low, medium, quartile, high };

// Ticket codes are at most a few hundred bytes; 1024 leaves room for growth and
// still fits a version-40 symbol at every error-correction level.
inline constexpr int kDataBytesMax = 1024;
// Byte-mode capacity of the largest symbol (version 40) at level high (ISO 18004).
inline constexpr int kVersion40HighBytes = 1273;
static_assert(kDataBytesMax <= kVersion40HighBytes, "every allowed code must fit at any level");

// Smallest (version 1) and largest (version 40) symbol sides, in modules.
inline constexpr int kSizeModulesMin = 21;
inline constexpr int kSizeModulesMax = 177;

class QrCode {
  public:
    // Encodes `data` as 8-bit bytes: ticket codes contain lowercase letters and
    // punctuation, which the alphanumeric mode cannot carry. The default level is
    // quartile because codes are scanned off phone screens with glare, smudges or
    // cracks, where a quarter of the symbol can be unreadable; level high would make
    // the symbol larger (denser modules) for little gain at the gate.
    // Throws std::invalid_argument for empty data or more than kDataBytesMax bytes,
    // std::runtime_error if libqrencode fails.
    static QrCode encode(std::string_view data, ErrorCorrection level = ErrorCorrection::quartile);

    // Side of the symbol in modules, without any quiet zone.
    int size() const { return size_; }

    // True if module (x, y) is dark; x is the column, y the row, (0, 0) top left.
    // Throws std::out_of_range outside 0 <= x, y < size().
    bool dark(int x, int y) const;

  private:
    QrCode(int size, std::vector<std::uint8_t> modules);

    int size_;
    // Row-major, size_ * size_ entries, 1 = dark.
    std::vector<std::uint8_t> modules_;
};

}  // namespace seat::qr
