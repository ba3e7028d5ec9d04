// PNG encoding with libpng. libpng reports errors by longjmp, which must not cross
// a C++ frame that owns objects with destructors; so encode_png() below holds only
// plain C values, every buffer is built by the caller beforehand, and the error
// handler copies libpng's message into a fixed char array before jumping.
#include "tools/qr/png_image.h"

#include <png.h>
#include <unistd.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "tools/qr/quiet_zone.h"

namespace seat::qr {
namespace {

constexpr png_byte kDarkPixel = 0x00;
constexpr png_byte kLightPixel = 0xff;
constexpr int kBitDepth = 8;
constexpr std::size_t kPngMessageBytesMax = 256;

// Trivially destructible on purpose: it outlives the longjmp in encode_png().
struct PngFailure {
    char message[kPngMessageBytesMax];
};

void on_png_error(png_structp png, png_const_charp message) {
    auto* failure = static_cast<PngFailure*>(png_get_error_ptr(png));
    std::snprintf(failure->message, sizeof failure->message, "%s", message);
    png_longjmp(png, 1);
}

// Warnings (e.g. about ancillary chunks) do not make the image wrong; stay quiet
// rather than print to the caller's stderr.
void on_png_warning(png_structp, png_const_charp) {}

// Returns false with failure->message set if libpng fails. No object with a
// destructor may live in this frame (see the file comment); png and info are not
// modified after setjmp, so they need not be volatile.
bool encode_png(std::FILE* file, png_uint_32 side_px, png_bytepp rows, PngFailure* failure) {
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, failure, on_png_error, on_png_warning);
    if (png == nullptr) {
        std::snprintf(failure->message, sizeof failure->message, "out of memory");
        return false;
    }
    png_infop info = png_create_info_struct(png);
    if (info == nullptr) {
        png_destroy_write_struct(&png, nullptr);
        std::snprintf(failure->message, sizeof failure->message, "out of memory");
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, side_px, side_px, kBitDepth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

// One pixel row per framed module row: every pixel row within a module row is the
// same, so the row pointers repeat each of these module_px times and the image
// costs framed * side_px bytes rather than side_px squared.
std::vector<png_byte> module_rows(const QrCode& code, int module_px) {
    const int framed = framed_size(code);
    const std::size_t side_px = static_cast<std::size_t>(framed) * module_px;
    std::vector<png_byte> pixels(side_px * framed);
    for (int y = 0; y < framed; ++y) {
        for (int x = 0; x < framed; ++x) {
            const png_byte value = framed_dark(code, x, y) ? kDarkPixel : kLightPixel;
            std::memset(&pixels[y * side_px + static_cast<std::size_t>(x) * module_px], value,
                        module_px);
        }
    }
    return pixels;
}

[[noreturn]] void fail(const std::string& path, const std::string& temp,
                       const std::string& reason) {
    if (!temp.empty()) ::unlink(temp.c_str());
    throw std::runtime_error("qr: cannot write PNG " + path + ": " + reason);
}

// Flushes, syncs and closes `file`; returns the errno of the first failure, or 0.
int close_synced(std::FILE* file) {
    int error = 0;
    if (std::fflush(file) != 0) error = errno;
    if (error == 0 && ::fsync(::fileno(file)) != 0) error = errno;
    if (std::fclose(file) != 0 && error == 0) error = errno;
    return error;
}

}  // namespace

void write_png(const QrCode& code, const std::string& path, int module_px) {
    check_module_px(module_px);
    const int framed = framed_size(code);
    const int side_px = framed * module_px;
    std::vector<png_byte> pixels = module_rows(code, module_px);
    std::vector<png_bytep> rows(side_px);
    for (int y = 0; y < side_px; ++y)
        rows[y] = &pixels[(y / module_px) * side_px];

    // mkstemp in the target's directory, so the rename below stays on one
    // filesystem and is atomic. Its mode 0600 is kept (see png_image.h).
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0)
        fail(path, "", std::string("cannot create temporary file: ") + std::strerror(errno));
    std::FILE* file = ::fdopen(fd, "wb");
    if (file == nullptr) {
        const int error = errno;
        ::close(fd);
        fail(path, temp, std::strerror(error));
    }
    PngFailure failure{};
    const bool encoded = encode_png(file, static_cast<png_uint_32>(side_px), rows.data(), &failure);
    const int close_error = close_synced(file);
    if (!encoded) fail(path, temp, failure.message);
    if (close_error != 0) fail(path, temp, std::strerror(close_error));
    if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, temp, std::strerror(errno));
}

}  // namespace seat::qr
