// Proves write_png produces images a real scanner reads back byte for byte: each
// payload is rendered to a fresh directory and decoded with zbarimg (zbar-tools),
// nothing mocked. Also proves the file is an 8-bit grayscale PNG of the expected
// size with mode 0600, leaves no temporary file behind, and that bad arguments and
// unwritable paths fail with errors naming the path.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tools/qr/png_image.h"
#include "tools/qr/quiet_zone.h"

extern char** environ;

namespace seat::qr {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHex = "0123456789abcdef";
// A fixed seed keeps the payloads, and so any failure, reproducible.
constexpr std::uint32_t kPayloadSeed = 20260101;

std::string random_from(std::mt19937& rng, std::string_view alphabet, int length) {
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string out;
    for (int i = 0; i < length; ++i)
        out += alphabet[pick(rng)];
    return out;
}

// An Ed25519-style ticket code: version, base64url claims, base64url signature.
std::string signed_ticket_code(std::mt19937& rng) {
    return "E1." + random_from(rng, kBase64Url, 60) + "." + random_from(rng, kBase64Url, 86);
}

// An HMAC-style ticket code: event id, seat, issue time, key id, tag.
std::string hmac_ticket_code(std::mt19937& rng) {
    return "00112233-4455-4677-8899-aabbccddeeff:42:1767225600000:1:h1:" +
           random_from(rng, kHex, 64);
}

std::string printable_ascii(std::mt19937& rng, int length) {
    std::string alphabet;
    for (char c = ' '; c <= '~'; ++c)
        alphabet += c;
    return random_from(rng, alphabet, length);
}

std::optional<fs::path> find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

struct ScanResult {
    int exit_code = -1;  // WEXITSTATUS, or 128 + signal
    std::string out;
};

// Runs `zbarimg --raw -q --nodbus image` without a shell; stdout comes back through
// a pipe, stderr goes to `error_log` so a failure can be explained.
ScanResult scan(const fs::path& zbarimg, const fs::path& image, const fs::path& error_log) {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, error_log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = {zbarimg.string(), "--raw", "-q", "--nodbus", image.string()};
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawn_error =
        ::posix_spawn(&pid, zbarimg.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ScanResult result;
    if (spawn_error == 0) {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(out_pipe[0], buffer, sizeof buffer)) > 0)
            result.out.append(buffer, n);
    }
    ::close(out_pipe[0]);
    if (spawn_error != 0) throw std::runtime_error("posix_spawn zbarimg failed");
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::uint32_t big_endian_u32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
}

class PngImage : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "seat-qr-test.XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir = tmpl;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    // Renders `data`, scans it back and expects exactly `data`.
    void expect_round_trip(const std::string& data, const std::string& name) {
        const std::optional<fs::path> zbarimg = find_on_path("zbarimg");
        if (!zbarimg) GTEST_SKIP() << "zbarimg not found; scripts/setup.sh installs zbar-tools";
        const fs::path image = dir / (name + ".png");
        write_png(QrCode::encode(data), image.string());
        const ScanResult result = scan(*zbarimg, image, dir / (name + ".err"));
        ASSERT_EQ(result.exit_code, 0) << read_file(dir / (name + ".err"));
        std::string decoded = result.out;
        // zbarimg ends each symbol with a newline; only that is not part of the data.
        ASSERT_FALSE(decoded.empty());
        ASSERT_EQ(decoded.back(), '\n');
        decoded.pop_back();
        EXPECT_EQ(decoded, data) << name;
    }

    fs::path dir;
    std::mt19937 rng{kPayloadSeed};
};

TEST_F(PngImage, SignedTicketCodeScansBack) {
    expect_round_trip(signed_ticket_code(rng), "signed");
}

TEST_F(PngImage, HmacTicketCodeScansBack) {
    expect_round_trip(hmac_ticket_code(rng), "hmac");
}

TEST_F(PngImage, SeveralTicketCodesScanBack) {
    for (int i = 0; i < 3; ++i) {
        expect_round_trip(signed_ticket_code(rng), "signed" + std::to_string(i));
        expect_round_trip(hmac_ticket_code(rng), "hmac" + std::to_string(i));
    }
}

TEST_F(PngImage, RandomPrintable300BytesScanBack) {
    expect_round_trip(printable_ascii(rng, 300), "printable");
}

TEST_F(PngImage, ShortCodeScansBack) {
    expect_round_trip("E1.a", "short");
}

TEST_F(PngImage, FileIsGrayscalePngOfFramedSizeWithOwnerOnlyMode) {
    const QrCode code = QrCode::encode(hmac_ticket_code(rng));
    const fs::path image = dir / "ticket.png";
    const int module_px = 3;
    write_png(code, image.string(), module_px);

    const std::string bytes = read_file(image);
    ASSERT_GT(bytes.size(), 33u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(bytes.substr(12, 4), "IHDR");
    const std::uint32_t side_px = static_cast<std::uint32_t>(framed_size(code) * module_px);
    EXPECT_EQ(big_endian_u32(bytes, 16), side_px);
    EXPECT_EQ(big_endian_u32(bytes, 20), side_px);
    EXPECT_EQ(bytes[24], 8);  // bit depth
    EXPECT_EQ(bytes[25], 0);  // colour type: grayscale

    struct stat st {};
    ASSERT_EQ(::stat(image.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // Only the image: the temporary file was renamed, not left beside it.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST_F(PngImage, ExistingFileIsReplaced) {
    const fs::path image = dir / "ticket.png";
    { std::ofstream(image) << "not a png"; }
    write_png(QrCode::encode("E1.replace"), image.string());
    EXPECT_EQ(read_file(image).substr(1, 3), "PNG");
}

TEST_F(PngImage, MissingDirectoryFailsNamingThePath) {
    const std::string path = (dir / "no-such-dir" / "ticket.png").string();
    try {
        write_png(QrCode::encode("E1.x"), path);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

TEST_F(PngImage, BadModuleSizeIsRefused) {
    const QrCode code = QrCode::encode("E1.x");
    const std::string path = (dir / "ticket.png").string();
    EXPECT_THROW(write_png(code, path, 0), std::invalid_argument);
    EXPECT_THROW(write_png(code, path, kModulePxMax + 1), std::invalid_argument);
    EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace seat::qr
