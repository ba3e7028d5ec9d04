// Proves to_svg draws exactly the dark modules of the QrCode: the path is parsed
// back into a module matrix and compared with QrCode::dark, quiet zone included,
// and the viewBox and pixel size cover the symbol plus its quiet zone.
#include <gtest/gtest.h>

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/qr/quiet_zone.h"
#include "tools/qr/svg.h"

namespace seat::qr {
namespace {

const char* const kTicketCode =
    "00112233-4455-4677-8899-aabbccddeeff:42:1767225600000:1:h1:"
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

std::string attribute(const std::string& svg, const std::string& name) {
    const std::string opening = " " + name + "=\"";
    const std::size_t begin = svg.find(opening);
    if (begin == std::string::npos) return "";
    const std::size_t value = begin + opening.size();
    return svg.substr(value, svg.find('"', value) - value);
}

// A hand-written reader for the path syntax: std::regex recurses per character and
// overflows the stack on a long path under AddressSanitizer.
class PathReader {
  public:
    explicit PathReader(const std::string& d) : d_(d) {}

    bool done() const { return at_ == d_.size(); }

    // Consumes `literal` or fails the test.
    void expect(const std::string& literal) {
        ASSERT_EQ(d_.compare(at_, literal.size(), literal), 0)
            << "expected '" << literal << "' at " << at_;
        at_ += literal.size();
    }

    int number() {
        const std::size_t begin = at_;
        while (at_ < d_.size() && std::isdigit(static_cast<unsigned char>(d_[at_])))
            ++at_;
        EXPECT_GT(at_, begin) << "expected a number at " << begin;
        return at_ > begin ? std::stoi(d_.substr(begin, at_ - begin)) : 0;
    }

  private:
    const std::string& d_;
    std::size_t at_ = 0;
};

// Paints each "M<x> <y>h<n>v1h-<n>z" subpath onto a framed x framed matrix; fails
// the test on any other path syntax or a module painted twice.
std::vector<std::vector<bool>> parse_path(const std::string& d, int framed) {
    std::vector<std::vector<bool>> painted(framed, std::vector<bool>(framed, false));
    PathReader reader(d);
    while (!reader.done() && !::testing::Test::HasFailure()) {
        reader.expect("M");
        const int x = reader.number();
        reader.expect(" ");
        const int y = reader.number();
        reader.expect("h");
        const int n = reader.number();
        reader.expect("v1h-");
        EXPECT_EQ(reader.number(), n);
        reader.expect("z");
        EXPECT_GT(n, 0);
        EXPECT_LT(y, framed);
        EXPECT_LE(x + n, framed);
        for (int i = x; i < x + n && i < framed && y < framed; ++i) {
            EXPECT_FALSE(painted[y][i]) << "module painted twice";
            painted[y][i] = true;
        }
    }
    return painted;
}

TEST(Svg, PathDrawsExactlyTheDarkModules) {
    const QrCode code = QrCode::encode(kTicketCode);
    const std::string svg = to_svg(code);
    const int framed = framed_size(code);
    const std::vector<std::vector<bool>> painted = parse_path(attribute(svg, "d"), framed);
    for (int y = 0; y < framed; ++y) {
        for (int x = 0; x < framed; ++x) {
            ASSERT_EQ(painted[y][x], framed_dark(code, x, y)) << x << "," << y;
        }
    }
    // The quiet zone is clear and the symbol starts right after it.
    for (int i = 0; i < kQuietZoneModules; ++i)
        EXPECT_FALSE(painted[i][i]);
    EXPECT_TRUE(painted[kQuietZoneModules][kQuietZoneModules]);
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            ASSERT_EQ(painted[y + kQuietZoneModules][x + kQuietZoneModules], code.dark(x, y));
        }
    }
}

TEST(Svg, ViewBoxAndSizeIncludeTheQuietZone) {
    const QrCode code = QrCode::encode(kTicketCode);
    const int framed = code.size() + 2 * kQuietZoneModules;
    const int module_px = 5;
    const std::string svg = to_svg(code, module_px);
    EXPECT_EQ(attribute(svg, "viewBox"),
              "0 0 " + std::to_string(framed) + " " + std::to_string(framed));
    EXPECT_EQ(attribute(svg, "width"), std::to_string(framed * module_px));
    EXPECT_EQ(attribute(svg, "height"), std::to_string(framed * module_px));
    EXPECT_EQ(attribute(svg, "shape-rendering"), "crispEdges");
    EXPECT_NE(svg.find("<rect width=\"" + std::to_string(framed) + "\" height=\"" +
                       std::to_string(framed) + "\" fill=\"#fff\"/>"),
              std::string::npos);
}

TEST(Svg, OnePathElement) {
    const std::string svg = to_svg(QrCode::encode(kTicketCode));
    const std::size_t first = svg.find("<path");
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(svg.find("<path", first + 1), std::string::npos);
}

TEST(Svg, BadModuleSizeIsRefused) {
    const QrCode code = QrCode::encode("E1.x");
    EXPECT_THROW(to_svg(code, 0), std::invalid_argument);
    EXPECT_THROW(to_svg(code, kModulePxMax + 1), std::invalid_argument);
}

}  // namespace
}  // namespace seat::qr
