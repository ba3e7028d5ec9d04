// An open-addressing hash map from 64-bit keys to 32-bit values, with linear
// probing and backward-shift deletion. It grows by doubling (rare, amortised) and
// otherwise never allocates, unlike std::unordered_map's node per insert.
#pragma once

#include <cstdint>
#include <vector>

#include "base/check.h"

namespace seat {

class FlatMap {
  public:
    static constexpr std::uint64_t kEmpty = UINT64_MAX;

    explicit FlatMap(std::size_t initial_capacity = 16) { rehash(round_up(initial_capacity)); }

    std::size_t size() const { return size_; }
    std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

    const std::uint32_t* find(std::uint64_t key) const {
        key = normalize(key);
        for (std::size_t i = index(key);; i = (i + 1) & mask_) {
            if (slots_[i].key == key) return &slots_[i].value;
            if (slots_[i].key == kEmpty) return nullptr;
        }
    }
    // Asks the CPU to bring key's home slot into cache, for a find or erase soon after.
    void prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[index(normalize(key))]); }
    std::uint32_t* find(std::uint64_t key) {
        return const_cast<std::uint32_t*>(static_cast<const FlatMap*>(this)->find(key));
    }

    // Returns the value for key, inserting `initial` first if the key is absent.
    std::uint32_t& get_or_insert(std::uint64_t key, std::uint32_t initial) {
        key = normalize(key);
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
        std::size_t i = index(key);
        for (; slots_[i].key != kEmpty; i = (i + 1) & mask_)
            if (slots_[i].key == key) return slots_[i].value;
        slots_[i] = Slot{key, initial};
        ++size_;
        return slots_[i].value;
    }

    bool erase(std::uint64_t key) {
        key = normalize(key);
        std::size_t i = index(key);
        for (;; i = (i + 1) & mask_) {
            if (slots_[i].key == kEmpty) return false;
            if (slots_[i].key == key) break;
        }
        // Backward-shift: move later members of the probe run into the hole so
        // lookups never need tombstones.
        for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
            if (slots_[j].key == kEmpty) break;
            const std::size_t home = index(slots_[j].key);
            const bool movable = ((j - home) & mask_) >= ((j - i) & mask_);
            if (movable) {
                slots_[i] = slots_[j];
                i = j;
            }
        }
        slots_[i].key = kEmpty;
        --size_;
        return true;
    }

    void clear() {
        for (auto& s : slots_)
            s.key = kEmpty;
        size_ = 0;
    }

    template <typename F>
    void for_each(F&& f) const {
        for (const auto& s : slots_)
            if (s.key != kEmpty) f(s.key, s.value);
    }

  private:
    struct Slot {
        std::uint64_t key = kEmpty;
        std::uint32_t value = 0;
    };

    static std::size_t round_up(std::size_t n) {
        std::size_t c = 16;
        while (c < n)
            c *= 2;
        return c;
    }
    // kEmpty is reserved; a real key equal to it shares a slot with kEmpty - 1,
    // which callers tolerate (keys are hashes already).
    static std::uint64_t normalize(std::uint64_t key) { return key == kEmpty ? kEmpty - 1 : key; }
    std::size_t index(std::uint64_t key) const {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
    }
    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
        size_ = 0;
        for (const auto& s : old)
            if (s.key != kEmpty) get_or_insert(s.key, s.value);
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    unsigned shift_ = 0;
    std::size_t size_ = 0;
};

}  // namespace seat
