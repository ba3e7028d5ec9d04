#include "server/http/gzip.h"

#include <zlib.h>

#include <cctype>
#include <stdexcept>

#include "base/check.h"

namespace seat::server::http {
namespace {

// 15 window bits, plus 16: a gzip header and trailer instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// "q=0", "q=0.0", "q=0.000": the coding is refused.
bool refused(std::string_view params) {
    while (!params.empty()) {
        const std::size_t semi = params.find(';');
        std::string_view p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (p.size() < 2 || std::tolower(static_cast<unsigned char>(p[0])) != 'q' || p[1] != '=')
            continue;
        p.remove_prefix(2);
        if (p.empty() || p[0] != '0') return false;
        for (char c : p.substr(1))
            if (c != '.' && c != '0') return false;
        return true;
    }
    return false;
}

}  // namespace

std::string gzip(std::string_view data) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip: zlib could not allocate its state");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    // deflateBound() is room enough for one Z_FINISH call.
    SEAT_CHECK(rc == Z_STREAM_END, "gzip: deflateBound leaves room for the whole stream");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

bool accepts_gzip(std::string_view header) {
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        const std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const std::size_t semi = item.find(';');
        const std::string_view coding = trim(item.substr(0, semi));
        if (!iequal(coding, "gzip") && !iequal(coding, "x-gzip") && coding != "*") continue;
        if (semi == std::string_view::npos || !refused(item.substr(semi + 1))) return true;
    }
    return false;
}

}  // namespace seat::server::http
