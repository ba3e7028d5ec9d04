// Writes the Prometheus text exposition format (version 0.0.4): each metric
// family once, with its HELP and TYPE lines before its samples; label values
// escaped; histograms as cumulative _bucket{le=...} lines plus _sum and _count.
// Names follow Prometheus' rules (docs/http.md lists them): the seatd_ prefix,
// base units (seconds, bytes), counters ending in _total.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace seat::server::http {

using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
  public:
    // Starts a family; its samples follow. `type`: "counter", "gauge" or "histogram".
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, double value, Labels labels = {});
    // A family of one unlabelled sample.
    void single(std::string_view name, std::string_view type, std::string_view help, double value) {
        family(name, type, help);
        sample(name, value);
    }
    // One histogram series of the current family: `counts[i]` observations fell at
    // or below `bounds[i]` and above the bound before (not cumulative);
    // `counts.size() == bounds.size() + 1`, the last the +Inf bucket.
    void histogram(std::string_view name, std::span<const double> bounds,
                   std::span<const std::uint64_t> counts, double sum, Labels labels = {});

    const std::string& text() const { return out_; }

  private:
    void labels(Labels labels, std::string_view extra_name = {}, std::string_view extra = {});
    void number(double value);

    std::string out_;
};

}  // namespace seat::server::http
