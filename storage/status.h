// The outcome of a storage operation: ok, or an error kind with a message that
// says what and where (event, sequence, file). Callers branch on the kind: an
// io_error may go away on retry, a corruption never does, and `invalid` is a
// misuse of the store (wrong format version, out-of-order snapshot).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace seat::storage {

class Status {
  public:
    enum class Code : std::uint8_t { ok = 0, io_error, corruption, invalid };

    Status() = default;
    static Status Ok() { return Status(); }
    static Status IoError(std::string message) { return {Code::io_error, std::move(message)}; }
    static Status Corruption(std::string message) { return {Code::corruption, std::move(message)}; }
    static Status Invalid(std::string message) { return {Code::invalid, std::move(message)}; }

    bool ok() const { return code_ == Code::ok; }
    bool is_io_error() const { return code_ == Code::io_error; }
    bool is_corruption() const { return code_ == Code::corruption; }
    bool is_invalid() const { return code_ == Code::invalid; }
    Code code() const { return code_; }
    const std::string& message() const { return message_; }
    // "OK", or "<kind>: <message>" for logs and test failures.
    std::string to_string() const;

  private:
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

    Code code_ = Code::ok;
    std::string message_;
};

}  // namespace seat::storage
