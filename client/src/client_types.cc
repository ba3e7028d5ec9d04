// Ids and names of the client's public values. Status names and sentences come
// from the protocol's table (protocol/status_text.h) so that the CLI and the
// server say the same thing; the library's transport statuses have their own.
#include <pthread.h>
#include <sys/random.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "protocol/status_text.h"
#include "seat/client_types.h"

namespace seat::client {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
// A second, independent starting point for the low half of from_name().
constexpr std::uint64_t kFnvOffsetLo = 0x84222325cbf29ce4ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;
constexpr std::uint16_t kServerStatusLast = static_cast<std::uint16_t>(wire::StatusCode::MAX);

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    return h;
}

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_server_status(Status s) {
    return static_cast<std::uint16_t>(s) <= kServerStatusLast;
}

}  // namespace

std::string Id128::to_string() const {
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xffffffffffffull));
    return buf;
}

std::optional<Id128> Id128::parse(std::string_view text) {
    const bool canonical = text.size() == 36;
    if (!canonical && text.size() != 32) return std::nullopt;
    Id128 out;
    int digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (canonical && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (text[i] != '-') return std::nullopt;
            continue;
        }
        const int v = hex_value(text[i]);
        if (v < 0) return std::nullopt;
        std::uint64_t& half = digits < 16 ? out.hi : out.lo;
        half = half << 4 | static_cast<std::uint64_t>(v);
        ++digits;
    }
    return out;
}

namespace {

// Random ids drawn per getrandom(2) call into a thread's buffer.
constexpr std::size_t kRandomIdsPerRead = 32;

// Bumped in a forked child, whose copies of the threads' buffers hold bytes
// its parent may hand out too: a buffer of an older generation is thrown away.
std::atomic<std::uint64_t> fork_generation{0};

void fill_random(void* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::getrandom(static_cast<char*>(out) + got, size - got, 0);
        if (n > 0)
            got += static_cast<std::size_t>(n);
        else if (errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "getrandom");
    }
}

struct RandomIds {
    std::uint64_t words[2 * kRandomIdsPerRead];
    std::size_t next = kRandomIdsPerRead;  // ids handed out; all of them: refill
    std::uint64_t generation = 0;
};

}  // namespace

Id128 Id128::random() {
    // The kernel's CSPRNG: session ids guard holds, so they must not be
    // predictable. std::random_device would open and read /dev/urandom on every
    // call (it cost a load generator 40% of its CPU), and even one getrandom
    // call per id was a tenth of it: ids are read 32 at a time into a
    // per-thread buffer, and each is handed out once.
    static const bool fork_handler = [] {
        ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); });
        return true;
    }();
    (void)fork_handler;
    thread_local RandomIds buffer;
    const std::uint64_t generation = fork_generation.load(std::memory_order_relaxed);
    if (buffer.next == kRandomIdsPerRead || buffer.generation != generation) {
        fill_random(buffer.words, sizeof buffer.words);
        buffer.next = 0;
        buffer.generation = generation;
    }
    Id128 id{buffer.words[2 * buffer.next], buffer.words[2 * buffer.next + 1]};
    // Used once: the bytes do not stay in memory after the id is handed out.
    buffer.words[2 * buffer.next] = buffer.words[2 * buffer.next + 1] = 0;
    ++buffer.next;
    // Version 4, variant 1, as a UUID v4 is.
    id.hi = (id.hi & ~0xf000ull) | 0x4000ull;
    id.lo = (id.lo & ~(0xc0ull << 56)) | (0x80ull << 56);
    return id;
}

Id128 Id128::from_name(std::string_view name) {
    return Id128{splitmix64(fnv1a(name, kFnvOffset)), splitmix64(fnv1a(name, kFnvOffsetLo))};
}

std::string_view to_string(Status s) {
    switch (s) {
        case Status::connection_failed:
            return "connection_failed";
        case Status::timed_out:
            return "timed_out";
        case Status::client_closed:
            return "client_closed";
        case Status::protocol_error:
            return "protocol_error";
        case Status::request_rejected:
            return "request_rejected";
        default:
            break;
    }
    if (is_server_status(s)) return protocol::status_name(static_cast<std::uint16_t>(s));
    return "unknown_status";
}

std::string_view describe(Status s) {
    switch (s) {
        case Status::connection_failed:
            return "could not reach the server";
        case Status::timed_out:
            return "no answer in time";
        case Status::client_closed:
            return "the client was closed before the answer came";
        case Status::protocol_error:
            return "the server's answer could not be read";
        case Status::request_rejected:
            return "the request was not sent: too large for a frame, or too many calls in flight";
        default:
            break;
    }
    if (is_server_status(s)) return protocol::describe_status(static_cast<std::uint16_t>(s));
    return "unknown status (a newer server?)";
}

bool is_transport_error(Status s) {
    return s == Status::connection_failed || s == Status::timed_out || s == Status::client_closed ||
           s == Status::protocol_error;
}

std::string_view to_string(Role r) {
    switch (r) {
        case Role::none:
            return "none";
        case Role::app:
            return "app";
        case Role::scanner:
            return "scanner";
        case Role::admin:
            return "admin";
    }
    return "unknown";
}

std::string_view to_string(SeatStatus s) {
    switch (s) {
        case SeatStatus::available:
            return "available";
        case SeatStatus::held:
            return "held";
        case SeatStatus::sold:
            return "sold";
        case SeatStatus::blocked:
            return "blocked";
    }
    return "unknown";
}

std::string_view to_string(SeatProblem p) {
    const auto wire_problem = static_cast<wire::SeatProblem>(p);
    if (wire_problem > wire::SeatProblem::MAX) return "unknown_problem";
    return wire::EnumNameSeatProblem(wire_problem);
}

std::string_view to_string(TicketStatus s) {
    switch (s) {
        case TicketStatus::valid:
            return "valid";
        case TicketStatus::admitted:
            return "admitted";
        case TicketStatus::superseded:
            return "superseded";
        case TicketStatus::cancelled:
            return "cancelled";
        case TicketStatus::offered:
            return "offered";
        case TicketStatus::listed:
            return "listed";
    }
    return "unknown";
}

std::string_view to_string(CheckoutState s) {
    const auto wire_state = static_cast<wire::CheckoutState>(s);
    if (wire_state > wire::CheckoutState::MAX) return "unknown";
    return wire::EnumNameCheckoutState(wire_state);
}

std::string_view to_string(RefundState s) {
    const auto wire_state = static_cast<wire::RefundState>(s);
    if (wire_state > wire::RefundState::MAX) return "unknown";
    return wire::EnumNameRefundState(wire_state);
}

std::string_view to_string(QueueEntryState s) {
    const auto wire_state = static_cast<wire::QueueEntryState>(s);
    if (wire_state > wire::QueueEntryState::MAX) return "unknown";
    return wire::EnumNameQueueEntryState(wire_state);
}

std::string_view to_string(RoomState s) {
    const auto wire_state = static_cast<wire::RoomState>(s);
    if (wire_state > wire::RoomState::MAX) return "unknown";
    return wire::EnumNameRoomState(wire_state);
}

std::string_view to_string(TransferType t) {
    const auto wire_type = static_cast<wire::TransferType>(t);
    if (wire_type > wire::TransferType::MAX) return "unknown";
    return wire::EnumNameTransferType(wire_type);
}

std::string_view to_string(OfferState s) {
    const auto wire_state = static_cast<wire::OfferState>(s);
    if (wire_state > wire::OfferState::MAX) return "unknown";
    return wire::EnumNameOfferState(wire_state);
}

std::string_view to_string(ListingState s) {
    const auto wire_state = static_cast<wire::ListingState>(s);
    if (wire_state > wire::ListingState::MAX) return "unknown";
    return wire::EnumNameListingState(wire_state);
}

std::string_view to_string(PayoutState s) {
    const auto wire_state = static_cast<wire::PayoutState>(s);
    if (wire_state > wire::PayoutState::MAX) return "unknown";
    return wire::EnumNamePayoutState(wire_state);
}

std::string_view to_string(ResaleCap c) {
    const auto wire_cap = static_cast<wire::ResaleCap>(c);
    if (wire_cap > wire::ResaleCap::MAX) return "unknown";
    return wire::EnumNameResaleCap(wire_cap);
}

}  // namespace seat::client
