// as<T>(outcome): the outcome's T, or a test failure that names what it was
// instead (and an empty T). A copy, so it may be taken from a temporary.
#pragma once

#include <gtest/gtest.h>

#include <variant>

#include "server/payments/outcomes.h"

namespace seat::payments::testing {

template <class T, class Outcome>
T as(const Outcome& outcome) {
    if (const T* t = std::get_if<T>(&outcome)) return *t;
    ADD_FAILURE() << "expected another outcome, got " << describe(outcome);
    return T{};
}

}  // namespace seat::payments::testing
