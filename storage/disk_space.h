// Room on the disk that holds the log, checked before the log is opened.
// RocksDB writes on open (a new write-ahead log, manifest and options file),
// and on a full disk its write path trips an assertion in Debian's build
// instead of returning an error; so seatd refuses to start, with a message and
// without writing anything, when the log's file system has less room than it
// needs. Running out of room later is handled by the commit path: a round that
// cannot be made durable stops the process before anything is acknowledged.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace seat::storage {

// Room RocksDB needs to open and take the first rounds safely: its new
// write-ahead log is preallocated in blocks of up to the write buffer's size.
inline constexpr std::uint64_t kOpenFreeBytesDefault = std::uint64_t{128} << 20;

// True when the file system holding `dir` (or its nearest existing parent, for
// a directory not created yet) has at least `needed` bytes available to this
// process; else false with a sentence for the operator in `error`.
bool enough_free_space(const std::filesystem::path& dir, std::uint64_t needed, std::string& error);

}  // namespace seat::storage
