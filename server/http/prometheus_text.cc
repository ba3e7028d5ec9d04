#include "server/http/prometheus_text.h"

#include <charconv>
#include <cmath>

#include "base/check.h"

namespace seat::server::http {
namespace {

void escape_into(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

std::string bound_text(double bound) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, bound);
    return std::string(buf, r.ptr);
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    // HELP text escapes only backslash and newline.
    for (char c : help) {
        if (c == '\\')
            out_ += "\\\\";
        else if (c == '\n')
            out_ += "\\n";
        else
            out_ += c;
    }
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void PrometheusText::labels(Labels labels, std::string_view extra_name, std::string_view extra) {
    if (labels.size() == 0 && extra_name.empty()) return;
    out_ += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += name;
        out_ += "=\"";
        escape_into(out_, value);
        out_ += '"';
    }
    if (!extra_name.empty()) {
        if (!first) out_ += ',';
        out_ += extra_name;
        out_ += "=\"";
        out_ += extra;
        out_ += '"';
    }
    out_ += '}';
}

void PrometheusText::number(double value) {
    if (std::isnan(value)) {
        out_ += "NaN";
    } else if (std::isinf(value)) {
        out_ += value > 0 ? "+Inf" : "-Inf";
    } else {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, value);
        out_.append(buf, r.ptr);
    }
}

void PrometheusText::sample(std::string_view name, double value, Labels l) {
    out_ += name;
    labels(l);
    out_ += ' ';
    number(value);
    out_ += '\n';
}

void PrometheusText::histogram(std::string_view name, std::span<const double> bounds,
                               std::span<const std::uint64_t> counts, double sum, Labels l) {
    SEAT_CHECK(counts.size() == bounds.size() + 1, "a count per bound and one for +Inf");
    const std::string bucket = std::string(name) + "_bucket";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += counts[i];
        out_ += bucket;
        labels(l, "le", i < bounds.size() ? bound_text(bounds[i]) : "+Inf");
        out_ += ' ';
        number(static_cast<double>(cumulative));
        out_ += '\n';
    }
    out_ += name;
    out_ += "_sum";
    labels(l);
    out_ += ' ';
    number(sum);
    out_ += "\n";
    out_ += name;
    out_ += "_count";
    labels(l);
    out_ += ' ';
    number(static_cast<double>(cumulative));
    out_ += '\n';
}

}  // namespace seat::server::http
