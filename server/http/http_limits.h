// The HTTP side's limits (docs/http.md). A browser's GET fits in a few
// kilobytes of headers; the side takes no large bodies, so a client sending one
// is refused before it is read.
#pragma once

#include <chrono>
#include <cstddef>

namespace seat::server::http {

inline constexpr const char* kHttpListenDefault = "127.0.0.1:7480";
inline constexpr std::size_t kHttpHeaderBytesMax = 8 * 1024;
inline constexpr std::size_t kHttpBodyBytesMax = 16 * 1024;
inline constexpr std::size_t kHttpConnectionsDefault = 1024;
inline constexpr std::size_t kHttpConnectionsMax = 100'000;
// A request must arrive whole within this, and an idle keep-alive connection is
// closed after it: a slow client holds a connection slot no longer.
inline constexpr std::chrono::seconds kHttpRequestTimeout{10};
// After an error answer: how long, and how many bytes, the rest of the request
// is read and dropped so the client reads the answer instead of a reset.
inline constexpr std::chrono::seconds kHttpDrainTimeout{2};
inline constexpr std::size_t kHttpDrainBytesMax = 64 * 1024;
// How often each event's seat map is rendered again (when it changed).
inline constexpr unsigned kSeatmapIntervalDefaultS = 30;
inline constexpr unsigned kSeatmapIntervalMinS = 1;
inline constexpr unsigned kSeatmapIntervalMaxS = 3600;
// A shard that has not handed over its copy this long after being asked is
// asked again at the next render.
inline constexpr std::chrono::seconds kSeatmapCopyTimeout{10};

}  // namespace seat::server::http
