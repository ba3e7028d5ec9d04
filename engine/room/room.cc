#include "engine/room/room.h"

#include <algorithm>

#include "base/check.h"

namespace seat {

const char* to_string(EntryState s) {
    switch (s) {
        case EntryState::waiting:
            return "waiting";
        case EntryState::admitted:
            return "admitted";
        case EntryState::done:
            return "done";
        case EntryState::left:
            return "left";
        case EntryState::abandoned:
            return "abandoned";
    }
    return "unknown";
}

// ---- Fenwick

void Fenwick::assign(const std::vector<std::uint8_t>& values) {
    tree_.assign(values.begin(), values.end());
    for (std::size_t i = 1; i <= tree_.size(); ++i) {
        const std::size_t parent = i + (i & (~i + 1));
        if (parent <= tree_.size()) tree_[parent - 1] += tree_[i - 1];
    }
}

void Fenwick::push_back(std::uint8_t value) {
    // Node n covers (n - lowbit(n), n]: its sum is the value plus the nodes it spans.
    const std::size_t n = tree_.size() + 1;
    const std::size_t low = n & (~n + 1);
    tree_.push_back(value + prefix(n - 1) - prefix(n - low));
}

void Fenwick::add(std::size_t i, int delta) {
    for (std::size_t n = i + 1; n <= tree_.size(); n += n & (~n + 1))
        tree_[n - 1] = static_cast<std::uint32_t>(static_cast<std::int64_t>(tree_[n - 1]) + delta);
}

std::uint32_t Fenwick::prefix(std::size_t end) const {
    std::uint32_t sum = 0;
    for (std::size_t n = end; n > 0; n -= n & (~n + 1))
        sum += tree_[n - 1];
    return sum;
}

// ---- Room

Room::Room(RoomImage image) : image_(std::move(image)) {
    rebuild();
}

std::uint32_t Room::find_ticket(const QueueTicketId& ticket) const {
    const std::uint32_t* e = tickets_.find(key(ticket));
    return e != nullptr && image_.entries[*e].ticket == ticket ? *e : kNone;
}

std::uint32_t Room::live_entry(const SessionId& session) const {
    const std::uint32_t* e = sessions_.find(key(session));
    if (e == nullptr) return kNone;
    const QueueEntry& entry = image_.entries[*e];
    const bool live = entry.state == EntryState::waiting || entry.state == EntryState::admitted;
    return live && entry.session == session ? *e : kNone;
}

std::uint32_t Room::ahead_of(std::uint32_t entry) const {
    return waiting_.prefix(position_[entry]);
}

double Room::admission_rate(UnixMillis now) const {
    if (batches_.size() < 2) return -1;
    // The first batch in the window starts the clock; the ones after it are
    // what was admitted since.
    std::size_t first = 0;
    while (first + 2 < batches_.size() && batches_[first].first < now - kRoomRateWindowMs)
        ++first;
    std::uint64_t admitted = 0;
    for (std::size_t i = first + 1; i < batches_.size(); ++i)
        admitted += batches_[i].second;
    const UnixMillis elapsed = std::max<UnixMillis>(now - batches_[first].first, 1);
    return static_cast<double>(admitted) * 1000.0 / static_cast<double>(elapsed);
}

void Room::join(const QueueEntry& e) {
    const auto i = size();
    image_.entries.push_back(e);
    std::uint32_t& t = tickets_.get_or_insert(key(e.ticket), i);
    SEAT_CHECK(t == i, "two queue tickets share an index key (decide redraws such ids)");
    index_session(i);
    order_.push_back(i);
    position_.push_back(static_cast<std::uint32_t>(order_.size() - 1));
    waiting_.push_back(e.state == EntryState::waiting ? 1 : 0);
    ++counts_[static_cast<int>(e.state)];
}

void Room::open(UnixMillis at, std::uint64_t seed) {
    SEAT_CHECK(!image_.opened, "the room opens once");
    image_.opened = true;
    image_.opened_at = at;
    image_.seed = seed;
    image_.prequeue = size();
    rebuild();
}

void Room::admit(std::uint32_t entry, UnixMillis expires_at, UnixMillis at) {
    SEAT_CHECK(entry < size(), "a fact names a queue entry the room lacks");
    QueueEntry& e = image_.entries[entry];
    SEAT_CHECK(e.state == EntryState::waiting, "admitted an entry that is not waiting");
    SEAT_CHECK(image_.opened, "admitted before the sale opened");
    e.state = EntryState::admitted;
    e.admitted_at = at;
    e.token_expires_at = expires_at;
    --counts_[static_cast<int>(EntryState::waiting)];
    ++counts_[static_cast<int>(EntryState::admitted)];
    ++admitted_total_;
    ++admitted_unheld_;
    waiting_.add(position_[entry], -1);
    admitted_.push_back(entry);
    advance();
}

void Room::admitted_batch(UnixMillis at, std::uint32_t count) {
    batches_.emplace_back(at, count);
    trim_batches(at);
}

void Room::trim_batches(UnixMillis now) {
    // Keep the last batch before the window: it starts the window's clock.
    std::size_t drop = 0;
    while (drop + 2 < batches_.size() && batches_[drop + 1].first < now - kRoomRateWindowMs)
        ++drop;
    batches_.erase(batches_.begin(), batches_.begin() + static_cast<std::ptrdiff_t>(drop));
}

void Room::advance() {
    while (cursor_ < order_.size() && image_.entries[order_[cursor_]].state != EntryState::waiting)
        ++cursor_;
    while (admitted_head_ < admitted_.size() &&
           image_.entries[admitted_[admitted_head_]].state != EntryState::admitted)
        ++admitted_head_;
}

void Room::index_session(std::uint32_t entry) {
    // A colliding key keeps the older live entry; the newer one is then not
    // found by session (its next join would add another entry), never shared.
    std::uint32_t& s = sessions_.get_or_insert(key(image_.entries[entry].session), entry);
    if (s != entry && live_entry(image_.entries[s].session) == kNone) s = entry;
}

void Room::end(std::uint32_t entry, EntryState to) {
    SEAT_CHECK(entry < size(), "a fact names a queue entry the room lacks");
    QueueEntry& e = image_.entries[entry];
    SEAT_CHECK(e.state == EntryState::waiting || e.state == EntryState::admitted,
               "ended an entry that is not live");
    SEAT_CHECK(to == EntryState::done || to == EntryState::left || to == EntryState::abandoned,
               "an entry ends done, left or abandoned");
    SEAT_CHECK(to != EntryState::abandoned || e.state == EntryState::waiting,
               "only a waiting entry is abandoned");
    if (e.state == EntryState::waiting) waiting_.add(position_[entry], -1);
    if (e.state == EntryState::admitted && e.holds_used == 0) --admitted_unheld_;
    --counts_[static_cast<int>(e.state)];
    ++counts_[static_cast<int>(to)];
    e.state = to;
    advance();
}

void Room::hold_placed(std::uint32_t entry) {
    SEAT_CHECK(entry < size(), "a fact names a queue entry the room lacks");
    QueueEntry& e = image_.entries[entry];
    SEAT_CHECK(e.state == EntryState::admitted, "a hold placed under an admission not active");
    if (e.holds_used == 0) --admitted_unheld_;
    ++e.holds_used;
    ++e.live_holds;
}

void Room::hold_ended(std::uint32_t entry, bool sold, std::uint32_t holds_per_token) {
    SEAT_CHECK(entry < size(), "a fact names a queue entry the room lacks");
    QueueEntry& e = image_.entries[entry];
    SEAT_CHECK(e.live_holds > 0, "a hold ended that its admission did not count");
    --e.live_holds;
    e.bought = e.bought || sold;
    if (e.state == EntryState::admitted && e.live_holds == 0 &&
        (e.bought || e.holds_used >= holds_per_token))
        end(entry, EntryState::done);
}

void Room::draw_order() {
    order_.resize(size());
    for (std::uint32_t i = 0; i < size(); ++i)
        order_[i] = i;
    if (!image_.opened) return;
    // Fisher-Yates over the pre-queue with SplitMix64 from the seed decide drew:
    // the same seed gives the same order on every replay.
    std::uint64_t state = image_.seed;
    auto next = [&state] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    SEAT_CHECK(image_.prequeue <= size(), "a pre-queue longer than the queue");
    for (std::uint32_t i = image_.prequeue; i > 1; --i) {
        const auto j = static_cast<std::uint32_t>((static_cast<unsigned __int128>(next()) * i) >>
                                                  64);  // uniform in [0, i)
        std::swap(order_[i - 1], order_[j]);
    }
}

void Room::rebuild() {
    draw_order();
    const std::uint32_t n = size();
    position_.assign(n, 0);
    std::vector<std::uint8_t> waiting(n, 0);
    std::fill(std::begin(counts_), std::end(counts_), 0);
    tickets_.clear();
    sessions_.clear();
    admitted_total_ = 0;
    admitted_unheld_ = 0;
    for (std::uint32_t p = 0; p < n; ++p) {
        const std::uint32_t e = order_[p];
        position_[e] = p;
        waiting[p] = image_.entries[e].state == EntryState::waiting ? 1 : 0;
    }
    waiting_.assign(waiting);
    admitted_.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
        const QueueEntry& e = image_.entries[i];
        ++counts_[static_cast<int>(e.state)];
        tickets_.get_or_insert(key(e.ticket), i);
        if (e.state == EntryState::waiting || e.state == EntryState::admitted) index_session(i);
        if (e.admitted_at != 0) {
            ++admitted_total_;
            admitted_.push_back(i);
        }
        if (e.state == EntryState::admitted && e.holds_used == 0) ++admitted_unheld_;
    }
    // Admission order is batch order, and a batch is queue order.
    std::stable_sort(admitted_.begin(), admitted_.end(), [&](std::uint32_t a, std::uint32_t b) {
        const QueueEntry &x = image_.entries[a], &y = image_.entries[b];
        return x.admitted_at != y.admitted_at ? x.admitted_at < y.admitted_at
                                              : position_[a] < position_[b];
    });
    admitted_head_ = 0;
    cursor_ = 0;
    advance();
    // The batches of the last minute, from the admission times.
    batches_.clear();
    for (const std::uint32_t e : admitted_) {
        const UnixMillis at = image_.entries[e].admitted_at;
        if (!batches_.empty() && batches_.back().first == at)
            ++batches_.back().second;
        else
            batches_.emplace_back(at, 1);
    }
    if (!batches_.empty()) trim_batches(batches_.back().first);
}

std::size_t Room::memory_bytes() const {
    return image_.entries.capacity() * sizeof(QueueEntry) +
           (order_.capacity() + position_.capacity() + admitted_.capacity()) *
               sizeof(std::uint32_t) +
           waiting_.memory_bytes() + tickets_.memory_bytes() + sessions_.memory_bytes() +
           batches_.capacity() * sizeof(batches_[0]);
}

std::string Room::check() const {
    if (image_.prequeue > size()) return "room: pre-queue larger than the queue";
    if (!image_.opened && (image_.prequeue != 0 || image_.seed != 0))
        return "room: a pre-queue drawn before the sale opened";
    std::uint32_t counts[kEntryStateCount] = {0, 0, 0, 0, 0};
    std::uint32_t unheld = 0;
    for (std::uint32_t i = 0; i < size(); ++i) {
        const QueueEntry& e = image_.entries[i];
        unheld += e.state == EntryState::admitted && e.holds_used == 0 ? 1 : 0;
        if (static_cast<std::size_t>(e.state) >= kEntryStateCount) return "room: entry state";
        ++counts[static_cast<int>(e.state)];
        if (e.state == EntryState::admitted && e.admitted_at == 0)
            return "room: an admitted entry without its admission time";
        if (e.admitted_at != 0 && !image_.opened) return "room: admitted before the sale opened";
        if (e.state == EntryState::waiting && e.admitted_at != 0)
            return "room: a waiting entry was admitted";
        if (e.live_holds > e.holds_used) return "room: more live holds than placed";
        if (e.live_holds > 0 && e.state != EntryState::admitted && e.state != EntryState::left)
            return "room: live holds under an admission that ended";
        if (find_ticket(e.ticket) != i) return "room: two entries share a queue ticket";
    }
    for (std::size_t s = 0; s < kEntryStateCount; ++s)
        if (counts[s] != counts_[s]) return "room: entry counts out of step";
    if (waiting_.prefix(waiting_.size()) != counts_[0]) return "room: waiting tree out of step";
    if (unheld != admitted_unheld_) return "room: admitted shoppers without a hold out of step";
    return {};
}

}  // namespace seat
