// Encoding of facts, event images and directory entries as FlatBuffers (schema:
// storage/fact.fbs). Encoders write into a caller-owned builder so the hot path
// reuses one buffer; decoders verify before they read, refuse unknown versions
// and fact types, and check every index they hand to the engine, so corrupted
// bytes give an error message rather than a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <flatbuffers/flatbuffers.h>

#include "engine/event_state.h"
#include "engine/facts.h"
#include "engine/ids.h"
#include "engine/limits.h"

namespace seat::storage {

// The newest versions this build writes and reads. Bump only for a change an
// older reader must refuse; appending fields does not need a bump. Each record
// is written with the oldest version whose readers lose nothing of it: facts and
// snapshots of transfers and resale are version 2 (a version-1 reader would drop
// the offers, listings, payouts and custody records, or the event's transfer
// settings), and everything else is still version 1, as before transfers.
inline constexpr std::uint16_t kFactFormatVersion = 2;
inline constexpr std::uint16_t kSnapshotFormatVersion = 2;
inline constexpr std::uint16_t kDirectoryFormatVersion = 1;
// The version of records that hold nothing of transfers.
inline constexpr std::uint16_t kFormatVersionBeforeTransfers = 1;

// Bounds on what a verifier walks. A venue has at most one row and one group per
// seat; purchases are bounded separately because tickets outlive resales.
inline constexpr std::size_t kVenueTablesMax =
    2 * kVenueSeatsMax + kVenueSectionsMax + kVenueTiersMax + 8;
inline constexpr std::size_t kSnapshotPurchasesMax = 16 * kVenueSeatsMax;
// Checkouts and refunds outlive holds too (a declined buyer may try again).
inline constexpr std::size_t kSnapshotCheckoutsMax = 16 * kVenueSeatsMax;
// Offers, listings, payouts and custody records, each: tickets change hands
// several times, and a cancelled ticket's seat is sold again.
inline constexpr std::size_t kSnapshotTransfersMax = 16 * kVenueSeatsMax;
inline constexpr std::size_t kSnapshotTablesMax = kVenueTablesMax + kSnapshotPurchasesMax +
                                                  2 * kSnapshotCheckoutsMax +
                                                  4 * kSnapshotTransfersMax + 8;
static_assert(kSnapshotTablesMax < UINT32_MAX, "the verifier counts tables in 32 bits");

// The directory entry of one event (the `meta` column family).
struct EventEntry {
    EventId event = 0;
    Sequence created_sequence = 0;
    UnixMillis created_at = 0;
    std::string name;
    friend bool operator==(const EventEntry&, const EventEntry&) = default;
};

// Each encoder Clear()s the builder, then Finish()es one record in it: the bytes
// are builder.GetBufferPointer() / GetSize() until the next Clear().
void encode(const Fact& fact, flatbuffers::FlatBufferBuilder& builder);
void encode_image(const EventImage& image, flatbuffers::FlatBufferBuilder& builder);
void encode_entry(const EventEntry& entry, flatbuffers::FlatBufferBuilder& builder);

// Each decoder returns nullopt and sets `error` when the bytes are not a valid
// record of a version this build reads. Bytes may sit at any address.
std::optional<Fact> decode(std::span<const std::uint8_t> bytes, std::string& error);
std::optional<EventImage> decode_image(std::span<const std::uint8_t> bytes, std::string& error);
// `event` comes from the key; the value does not repeat it.
std::optional<EventEntry> decode_entry(EventId event, std::span<const std::uint8_t> bytes,
                                       std::string& error);

inline std::span<const std::uint8_t> bytes_of(const flatbuffers::FlatBufferBuilder& builder) {
    return {builder.GetBufferPointer(), builder.GetSize()};
}

}  // namespace seat::storage
