// An event's waiting room as the engine keeps it: the entries (records.h), the
// queue order, and what is derived from them to answer a buyer in O(log n) —
// how many live entries are ahead (a Fenwick tree over queue positions, 1 for
// each waiting entry), which waiting entries come next, which admissions expire
// first, and the admission rate of the last minute. Only apply() changes it,
// through StateEditor; the derived parts are rebuilt from the image.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/flat_map.h"
#include "engine/room/records.h"

namespace seat {

// The admission rate is measured over this window of past batches.
inline constexpr std::int64_t kRoomRateWindowMs = 60'000;

// Prefix sums over 0/1 values that grow at the end: O(log n) sum, update, push.
class Fenwick {
  public:
    void assign(const std::vector<std::uint8_t>& values);
    void push_back(std::uint8_t value);
    void add(std::size_t i, int delta);
    // Sum of values [0, end).
    std::uint32_t prefix(std::size_t end) const;
    std::size_t size() const { return tree_.size(); }
    std::size_t memory_bytes() const { return tree_.capacity() * sizeof(std::uint32_t); }

  private:
    std::vector<std::uint32_t> tree_;  // tree_[i-1] is the Fenwick node i
};

class Room {
  public:
    Room() = default;
    // Rebuilds the order, positions, indices and counters (the image was checked
    // by EventState::restore, check() says what is wrong with it).
    explicit Room(RoomImage image);
    const RoomImage& image() const { return image_; }

    std::uint32_t size() const { return static_cast<std::uint32_t>(image_.entries.size()); }
    const QueueEntry& entry(std::uint32_t i) const { return image_.entries[i]; }
    // kNone when the event has no such entry.
    std::uint32_t find_ticket(const QueueTicketId& ticket) const;
    bool ticket_key_taken(const QueueTicketId& ticket) const {
        return tickets_.find(key(ticket)) != nullptr;
    }
    // The session's waiting or admitted entry, kNone if it has none.
    std::uint32_t live_entry(const SessionId& session) const;

    bool opened() const { return image_.opened; }
    UnixMillis opened_at() const { return image_.opened_at; }
    std::uint32_t count(EntryState s) const { return counts_[static_cast<int>(s)]; }
    std::uint32_t waiting() const { return count(EntryState::waiting); }
    std::uint32_t active() const { return count(EntryState::admitted); }
    std::uint64_t admitted_total() const { return admitted_total_; }
    // Admitted shoppers who have not placed a hold yet: each is about to take
    // at least one seat, so admission counts them against the seats on sale.
    std::uint32_t admitted_unheld() const { return admitted_unheld_; }

    // Waiting entries ahead of a waiting entry in the queue (after the sale
    // opened; before, the order is not drawn yet).
    std::uint32_t ahead_of(std::uint32_t entry) const;
    // The entry's place in the drawn order, from 1 (the pre-queue shuffled,
    // then the later joins); fixed once the sale opened, 0 before.
    std::uint32_t place_of(std::uint32_t entry) const {
        return image_.opened ? position_[entry] + 1 : 0;
    }
    // Calls f(entry) for waiting entries in queue order until f returns false.
    template <typename F>
    void for_each_waiting(F&& f) const;
    // Calls f(entry) for admitted entries in admission order (so by token
    // expiry, the TTL being the event's) until f returns false.
    template <typename F>
    void for_each_admitted(F&& f) const;

    // Entries admitted per second over the last kRoomRateWindowMs, measured from
    // the batches; negative ("unknown") until two batches were admitted.
    double admission_rate(UnixMillis now) const;
    UnixMillis last_admission_at() const { return batches_.empty() ? 0 : batches_.back().first; }

    // ---- For apply() (StateEditor::room()).
    void join(const QueueEntry& e);
    void open(UnixMillis at, std::uint64_t seed);
    void admit(std::uint32_t entry, UnixMillis expires_at, UnixMillis at);
    void admitted_batch(UnixMillis at, std::uint32_t count);
    void end(std::uint32_t entry, EntryState to);
    void hold_placed(std::uint32_t entry);
    // A hold placed under the entry's admission ended; the admission ends with
    // it when nothing is left to do under it.
    void hold_ended(std::uint32_t entry, bool sold, std::uint32_t holds_per_token);

    std::size_t memory_bytes() const;
    // Every invariant of the room; a description of the first violation.
    std::string check() const;

  private:
    void rebuild();
    void draw_order();
    // Moves the waiting cursor and the admitted head past entries no longer so.
    void advance();
    void index_session(std::uint32_t entry);
    void trim_batches(UnixMillis now);
    static std::uint64_t key(const Id128& id) {
        const std::uint64_t k = id.hi ^ (id.lo * 0x9E3779B97F4A7C15ull);
        return k == FlatMap::kEmpty ? FlatMap::kEmpty - 1 : k;
    }

    RoomImage image_;
    // Derived.
    std::vector<std::uint32_t> order_;     // queue position -> entry
    std::vector<std::uint32_t> position_;  // entry -> queue position
    Fenwick waiting_;                      // over queue positions: 1 while waiting
    std::uint32_t cursor_ = 0;             // no waiting entry before this position
    std::vector<std::uint32_t> admitted_;  // entries in admission order
    std::size_t admitted_head_ = 0;        // none before it is still admitted
    FlatMap tickets_;                      // key(ticket) -> entry
    FlatMap sessions_;                     // key(session) -> its live entry
    std::uint32_t counts_[kEntryStateCount] = {0, 0, 0, 0, 0};
    std::uint64_t admitted_total_ = 0;
    std::uint32_t admitted_unheld_ = 0;
    std::vector<std::pair<UnixMillis, std::uint32_t>> batches_;  // (at, admitted), last minute
};

template <typename F>
void Room::for_each_waiting(F&& f) const {
    for (std::size_t p = cursor_; p < order_.size(); ++p) {
        const std::uint32_t e = order_[p];
        if (image_.entries[e].state == EntryState::waiting && !f(e)) return;
    }
}

template <typename F>
void Room::for_each_admitted(F&& f) const {
    for (std::size_t i = admitted_head_; i < admitted_.size(); ++i) {
        const std::uint32_t e = admitted_[i];
        if (image_.entries[e].state == EntryState::admitted && !f(e)) return;
    }
}

}  // namespace seat
