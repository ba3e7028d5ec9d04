// Writes the seed corpus of frame_fuzz: valid streams a client sends (a Hello
// then requests of most types, back to back), one split differently, one in
// frames that are not padded to 8 bytes, and one that ends mid-frame. Each seed
// is frame_fuzz's input: a reader-limit byte, a split-seed byte, the stream.
//   frame_seeds [DIR]     (default: protocol/fuzz/corpus/frame in the source tree)
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "protocol/frame.h"

namespace {

using namespace seat;
using Bytes = std::vector<std::uint8_t>;

template <typename Body>
Bytes request(std::uint64_t id, std::uint64_t event, wire::RequestBody type,
              Body (*make)(flatbuffers::FlatBufferBuilder&), bool padded = true) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = make(b);
    const auto root = wire::CreateRequest(b, id, event, type, body.Union());
    if (padded) {
        const auto frame = protocol::encode_frame(b, root);
        return {frame.begin(), frame.end()};
    }
    b.FinishSizePrefixed(root);
    return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

auto hello(flatbuffers::FlatBufferBuilder& b) {
    return wire::CreateHelloDirect(b, 1, "app-key", "frame_seeds");
}
auto ping(flatbuffers::FlatBufferBuilder& b) {
    return wire::CreatePing(b);
}
auto place_hold(flatbuffers::FlatBufferBuilder& b) {
    const wire::Id128 session(1, 2), key(3, 4);
    const std::vector<std::uint32_t> seats{0, 1};
    const std::vector<flatbuffers::Offset<flatbuffers::String>> names{
        b.CreateString("Stalls/A/3"), b.CreateString("Balcony/E/12")};
    return wire::CreatePlaceHoldDirect(b, &session, &seats, &names, &key);
}
auto purchase(flatbuffers::FlatBufferBuilder& b) {
    const wire::Id128 session(1, 2), key(3, 5);
    return wire::CreatePurchaseDirect(b, 1, &session, "buyer@example.com", "pay-1", &key);
}
auto get_section(flatbuffers::FlatBufferBuilder& b) {
    return wire::CreateGetSectionDirect(b, 0xFFFF, "Stalls", true);
}
auto list_events(flatbuffers::FlatBufferBuilder& b) {
    return wire::CreateListEvents(b, 0, 10);
}
auto admit(flatbuffers::FlatBufferBuilder& b) {
    return wire::CreateAdmitTicketDirect(b, "E1.AAAA.BBBB", "north-1", 0);
}

Bytes seed(std::uint8_t limit, std::uint8_t split, const std::vector<Bytes>& frames) {
    Bytes out{limit, split};
    for (const Bytes& f : frames)
        out.insert(out.end(), f.begin(), f.end());
    return out;
}

void write(const std::filesystem::path& dir, const std::string& name, const Bytes& bytes) {
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS "/frame";
    std::filesystem::create_directories(dir);
    using T = wire::RequestBody;
    const std::vector<Bytes> session{request(1, 0, T::Hello, hello),
                                     request(2, 0, T::Ping, ping),
                                     request(3, 1, T::PlaceHold, place_hold),
                                     request(4, 1, T::Purchase, purchase),
                                     request(5, 1, T::GetSection, get_section),
                                     request(6, 0, T::ListEvents, list_events),
                                     request(7, 1, T::AdmitTicket, admit)};
    write(dir, "session", seed(0xFF, 0, session));
    write(dir, "session_other_split", seed(0xFF, 77, session));
    write(dir, "unpadded",
          seed(0xFF, 3,
               {request(1, 0, T::Hello, hello, false), request(2, 0, T::Ping, ping, false),
                request(3, 1, T::PlaceHold, place_hold, false)}));
    Bytes cut =
        seed(0xFF, 5, {request(1, 0, T::Hello, hello), request(3, 1, T::PlaceHold, place_hold)});
    cut.resize(cut.size() - 9);
    write(dir, "ends_mid_frame", cut);
    write(dir, "small_limit", seed(1, 9, session));
    std::printf("frame_seeds: wrote %s\n", dir.c_str());
    return 0;
}
