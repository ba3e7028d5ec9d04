// A vector with fixed inline capacity: seat lists of holds and results live inside
// their owners, so deciding a hold never touches the heap.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/check.h"

namespace seat {

template <typename T, std::size_t N>
class InlineVec {
  public:
    InlineVec() = default;
    InlineVec(std::initializer_list<T> items) {
        for (const T& item : items)
            push_back(item);
    }

    static constexpr std::size_t capacity() { return N; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    bool full() const { return size_ == N; }

    void push_back(const T& value) {
        SEAT_CHECK(size_ < N, "InlineVec capacity exceeded");
        items_[size_++] = value;
    }
    void clear() { size_ = 0; }

    T& operator[](std::size_t i) { return items_[i]; }
    const T& operator[](std::size_t i) const { return items_[i]; }
    T* begin() { return items_.data(); }
    T* end() { return items_.data() + size_; }
    const T* begin() const { return items_.data(); }
    const T* end() const { return items_.data() + size_; }
    std::span<const T> span() const { return {items_.data(), size_}; }

    friend bool operator==(const InlineVec& a, const InlineVec& b) {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (!(a.items_[i] == b.items_[i])) return false;
        return true;
    }

  private:
    std::array<T, N> items_{};
    std::uint32_t size_ = 0;
};

}  // namespace seat
