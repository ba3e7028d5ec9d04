// Proves QrCode::encode picks a symbol that fits the data at the requested level,
// that the matrix carries the fixed finder patterns where the spec puts them, and
// that empty, oversize and out-of-range requests are refused with clear errors.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tools/qr/qr_code.h"

namespace seat::qr {
namespace {

// Version v has 17 + 4v modules a side.
bool is_valid_size(int size) {
    return size >= kSizeModulesMin && size <= kSizeModulesMax && (size - 17) % 4 == 0;
}

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 centre.
bool finder_dark(int dx, int dy) {
    const bool outer_ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
    const bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
    return outer_ring || centre;
}

TEST(QrCode, ShortCodeIsVersionOne) {
    const QrCode code = QrCode::encode("E1.abc");
    EXPECT_EQ(code.size(), kSizeModulesMin);
}

TEST(QrCode, FinderPatternsSitInThreeCorners) {
    const QrCode code = QrCode::encode("E1.finder-patterns_are-fixed");
    const int far = code.size() - 7;
    for (int dy = 0; dy < 7; ++dy) {
        for (int dx = 0; dx < 7; ++dx) {
            EXPECT_EQ(code.dark(dx, dy), finder_dark(dx, dy)) << dx << "," << dy;
            EXPECT_EQ(code.dark(far + dx, dy), finder_dark(dx, dy)) << dx << "," << dy;
            EXPECT_EQ(code.dark(dx, far + dy), finder_dark(dx, dy)) << dx << "," << dy;
        }
    }
}

TEST(QrCode, HigherErrorCorrectionNeverShrinksTheSymbol) {
    const std::string data(200, 'x');
    const int low = QrCode::encode(data, ErrorCorrection::low).size();
    const int medium = QrCode::encode(data, ErrorCorrection::medium).size();
    const int quartile = QrCode::encode(data, ErrorCorrection::quartile).size();
    const int high = QrCode::encode(data, ErrorCorrection::high).size();
    for (int size : {low, medium, quartile, high})
        EXPECT_TRUE(is_valid_size(size)) << size;
    EXPECT_LE(low, medium);
    EXPECT_LE(medium, quartile);
    EXPECT_LE(quartile, high);
    EXPECT_LT(low, high);
}

TEST(QrCode, DefaultLevelIsQuartile) {
    const std::string data(200, 'q');
    EXPECT_EQ(QrCode::encode(data).size(), QrCode::encode(data, ErrorCorrection::quartile).size());
}

TEST(QrCode, LargestAllowedDataFitsAtEveryLevel) {
    const std::string data(kDataBytesMax, 'z');
    for (ErrorCorrection level : {ErrorCorrection::low, ErrorCorrection::medium,
                                  ErrorCorrection::quartile, ErrorCorrection::high}) {
        EXPECT_TRUE(is_valid_size(QrCode::encode(data, level).size()));
    }
}

TEST(QrCode, BinaryBytesAreAccepted) {
    const std::string data("\x00\xff\x01ticket", 9);
    EXPECT_TRUE(is_valid_size(QrCode::encode(data).size()));
}

TEST(QrCode, EmptyDataIsRefused) {
    try {
        QrCode::encode("");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
    }
}

TEST(QrCode, OversizeDataIsRefusedNamingTheLimit) {
    const std::string data(kDataBytesMax + 1, 'a');
    try {
        QrCode::encode(data);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(kDataBytesMax)), std::string::npos)
            << e.what();
    }
}

TEST(QrCode, ModuleOutsideTheSymbolIsRefused) {
    const QrCode code = QrCode::encode("E1.x");
    EXPECT_THROW(code.dark(-1, 0), std::out_of_range);
    EXPECT_THROW(code.dark(0, code.size()), std::out_of_range);
    EXPECT_THROW(code.dark(code.size(), 0), std::out_of_range);
}

}  // namespace
}  // namespace seat::qr
