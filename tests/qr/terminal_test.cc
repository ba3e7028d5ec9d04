// Proves to_terminal draws the QrCode, quiet zone included, in inverted half
// blocks: each line is decoded back into two framed module rows (a block means
// light) and compared with QrCode::dark.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tools/qr/quiet_zone.h"
#include "tools/qr/terminal.h"

namespace seat::qr {
namespace {

const char* const kTicketCode =
    "E1.eyJldiI6NDIsInNlYXQiOjE3LCJpYXQiOjE3NjcyMjU2MDAwMDAsImtpZCI6MX0."
    "c2lnbmF0dXJlLW9mLXNpeHR5LWZvdXItYnl0ZXMtYmFzZTY0dXJsLWVuY29kZWQtaGVyZS0xMjM0NTY3OA";

struct Cell {
    bool upper_light;
    bool lower_light;
};

// Splits a line into its half-block characters; fails the test on anything else.
std::vector<Cell> decode_line(const std::string& line) {
    std::vector<Cell> cells;
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ') {
            cells.push_back({false, false});
            ++i;
        } else if (line.compare(i, 3, "\u2588") == 0) {
            cells.push_back({true, true});
            i += 3;
        } else if (line.compare(i, 3, "\u2580") == 0) {
            cells.push_back({true, false});
            i += 3;
        } else if (line.compare(i, 3, "\u2584") == 0) {
            cells.push_back({false, true});
            i += 3;
        } else {
            ADD_FAILURE() << "unexpected byte at " << i << " in: " << line;
            return cells;
        }
    }
    return cells;
}

std::vector<std::string> split_lines(const std::string& text) {
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

TEST(Terminal, HalfBlocksDecodeToTheInvertedModules) {
    const QrCode code = QrCode::encode(kTicketCode);
    const int framed = framed_size(code);
    const std::vector<std::string> lines = split_lines(to_terminal(code));
    ASSERT_EQ(static_cast<int>(lines.size()), (framed + 1) / 2);
    for (int row = 0; row < static_cast<int>(lines.size()); ++row) {
        const std::vector<Cell> cells = decode_line(lines[row]);
        ASSERT_EQ(static_cast<int>(cells.size()), framed) << "line " << row;
        for (int x = 0; x < framed; ++x) {
            const int upper = 2 * row;
            const int lower = upper + 1;
            // Light modules are blocks: dark on the symbol means no block.
            EXPECT_EQ(cells[x].upper_light, !framed_dark(code, x, upper)) << x << "," << upper;
            if (lower < framed) {
                EXPECT_EQ(cells[x].lower_light, !framed_dark(code, x, lower)) << x << "," << lower;
            } else {
                EXPECT_FALSE(cells[x].lower_light) << "past the frame is background";
            }
        }
    }
}

TEST(Terminal, SymbolMatchesQrCodeDarkInsideTheQuietZone) {
    const QrCode code = QrCode::encode("E1.short");
    const std::vector<std::string> lines = split_lines(to_terminal(code));
    auto light_at = [&](int fx, int fy) {
        const Cell cell = decode_line(lines[fy / 2])[fx];
        return fy % 2 == 0 ? cell.upper_light : cell.lower_light;
    };
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            ASSERT_EQ(light_at(x + kQuietZoneModules, y + kQuietZoneModules), !code.dark(x, y))
                << x << "," << y;
        }
    }
}

TEST(Terminal, QuietZoneIsAllLight) {
    const QrCode code = QrCode::encode("E1.short");
    const std::vector<std::string> lines = split_lines(to_terminal(code));
    // The first kQuietZoneModules rows (two lines) are full blocks across.
    for (int line = 0; line < kQuietZoneModules / 2; ++line) {
        for (const Cell& cell : decode_line(lines[line])) {
            EXPECT_TRUE(cell.upper_light && cell.lower_light);
        }
    }
    // Every line starts and ends with kQuietZoneModules light columns.
    for (std::size_t line = 0; line < lines.size(); ++line) {
        const std::vector<Cell> cells = decode_line(lines[line]);
        for (int i = 0; i < kQuietZoneModules; ++i) {
            EXPECT_TRUE(cells[i].upper_light);
            EXPECT_TRUE(cells[cells.size() - 1 - i].upper_light);
        }
    }
}

}  // namespace
}  // namespace seat::qr
