// Writes the seed corpus of wire_jobs_fuzz: one request of every type a shard
// runs, naming the holds, tickets and seats of the fuzz event (fuzz_event.h),
// admissions with codes that verify, refusals that decode_job catches, sessions
// of several requests (hold then purchase, reissue then admit, offer then
// cancel, list then buy), and the transfer requests on the event's offered,
// listed and owned tickets (the offer's claim token is known). Each
// seed is a role byte (2 = admin: 1 + 2 % 3 = 3) then the frames.
//   wire_jobs_seeds [DIR]     (default: server/net/fuzz/corpus/wire_jobs in the source tree)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "protocol/frame.h"
#include "server/net/fuzz/fuzz_event.h"
#include "server/net/wire_convert.h"
#include "server/tickets/ticket_codes.h"
#include "tickets/keyring.h"

namespace {

using namespace seat;
using namespace seat::server;
using Bytes = std::vector<std::uint8_t>;
using B = flatbuffers::FlatBufferBuilder;
using T = wire::RequestBody;
using Names = std::vector<std::string>;

constexpr std::uint8_t kAdmin = 2;
constexpr std::uint8_t kScanner = 1;

// One request frame; `make` adds the body to the builder.
template <typename Make>
Bytes frame(std::uint64_t id, T type, Make make, EventId event = fuzz::kEvent) {
    B b;
    const auto body = make(b);
    const auto f = protocol::encode_frame(b, wire::CreateRequest(b, id, event, type, body.Union()));
    return {f.begin(), f.end()};
}

wire::Id128 key(std::uint64_t n) {
    return wire::Id128(0xAA, n);
}
wire::Id128 id_of(const Id128& id) {
    return to_wire(id);
}
std::vector<flatbuffers::Offset<flatbuffers::String>> strings(B& b, const Names& names) {
    std::vector<flatbuffers::Offset<flatbuffers::String>> out;
    for (const std::string& n : names)
        out.push_back(b.CreateString(n));
    return out;
}

Bytes hold(std::uint64_t id, std::vector<std::uint32_t> seats, Names names,
           SessionId session = fuzz::kSession) {
    return frame(id, T::PlaceHold, [&](B& b) {
        const auto s = id_of(session);
        const auto k = key(id);
        const auto n = strings(b, names);
        return wire::CreatePlaceHoldDirect(b, &s, seats.empty() ? nullptr : &seats,
                                           names.empty() ? nullptr : &n, &k);
    });
}
template <typename Create>
Bytes hold_action(std::uint64_t id, T type, HoldId hold, Create create) {
    return frame(id, type, [&](B& b) {
        const auto s = id_of(fuzz::kSession);
        const auto k = key(id);
        return create(b, hold.value, &s, &k);
    });
}
Bytes purchase(std::uint64_t id, HoldId hold) {
    return frame(id, T::Purchase, [&](B& b) {
        const auto s = id_of(fuzz::kSession);
        const auto k = key(id);
        return wire::CreatePurchaseDirect(b, hold.value, &s, "buyer@example.com", "pay-2", &k);
    });
}
template <typename Create>
Bytes seats_request(std::uint64_t id, T type, std::vector<std::uint32_t> seats, Names names,
                    Create create) {
    return frame(id, type, [&](B& b) {
        const auto k = key(id);
        const auto n = strings(b, names);
        return create(b, seats.empty() ? nullptr : &seats, names.empty() ? nullptr : &n, &k);
    });
}
Bytes admit(std::uint64_t id, const std::string& code, const char* gate) {
    return frame(id, T::AdmitTicket,
                 [&](B& b) { return wire::CreateAdmitTicketDirect(b, code.c_str(), gate, 0); });
}

Bytes seed(std::uint8_t role, const std::vector<Bytes>& frames) {
    Bytes out{role};
    for (const Bytes& f : frames)
        out.insert(out.end(), f.begin(), f.end());
    return out;
}

class Writer {
  public:
    explicit Writer(std::filesystem::path dir) : dir_(std::move(dir)) {
        std::filesystem::create_directories(dir_);
    }
    void operator()(const std::string& name, const Bytes& bytes) const {
        std::ofstream(dir_ / name, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

// Transfers and resale (requests 29..39) on the fuzz event's offered, listed
// and owned tickets.
void write_transfer_seeds(const Writer& write, const fuzz::FuzzEvent& e) {
    const std::string buyer(fuzz::kBuyer);
    auto offer = [&](std::uint64_t id, const TicketId& ticket, bool gift) {
        return frame(id, T::OfferTransfer, [&](B& b) {
            const auto t = id_of(ticket);
            const auto k = key(id);
            return wire::CreateOfferTransferDirect(b, &t, buyer.c_str(), "friend@example.com", gift,
                                                   &k);
        });
    };
    auto claim = [&](std::uint64_t id, const char* token, const char* claimer) {
        return frame(id, T::ClaimTransfer, [&](B& b) {
            const auto k = key(id);
            return wire::CreateClaimTransferDirect(b, token, claimer, &k);
        });
    };
    auto cancel = [&](std::uint64_t id, const TicketId& ticket) {
        return frame(id, T::CancelOffer, [&](B& b) {
            const auto t = id_of(ticket);
            const auto k = key(id);
            return wire::CreateCancelOfferDirect(b, &t, buyer.c_str(), &k);
        });
    };
    auto list = [&](std::uint64_t id, const TicketId& ticket, std::int64_t price) {
        return frame(id, T::ListTicket, [&](B& b) {
            const auto t = id_of(ticket);
            const auto k = key(id);
            return wire::CreateListTicketDirect(b, &t, buyer.c_str(), price, "acct_seller", &k);
        });
    };
    auto delist = [&](std::uint64_t id, const TicketId& ticket) {
        return frame(id, T::DelistTicket, [&](B& b) {
            const auto t = id_of(ticket);
            const auto k = key(id);
            return wire::CreateDelistTicketDirect(b, &t, buyer.c_str(), &k);
        });
    };
    auto buy = [&](std::uint64_t id, const ListingId& listing) {
        return frame(id, T::BuyListing, [&](B& b) {
            const auto l = id_of(listing);
            const auto k = key(id);
            return wire::CreateBuyListingDirect(b, &l, "buyer-9", "pm_card_visa", &k);
        });
    };
    auto by_ticket = [&](std::uint64_t id, T type, const TicketId& ticket) {
        return frame(id, type, [&](B& b) {
            const auto t = id_of(ticket);
            if (type == T::GetOffer) return wire::CreateGetOffer(b, &t).Union();
            return wire::CreateGetTicketHistory(b, &t).Union();
        });
    };
    write("offer", seed(kAdmin, {offer(50, e.owned, false)}));
    write("offer_gift_of_listed", seed(kAdmin, {offer(51, e.listed, true)}));
    write("claim", seed(kAdmin, {claim(52, std::string(fuzz::kClaimToken).c_str(), "friend")}));
    write("claim_unknown_token",
          seed(kAdmin, {claim(53, "ffffffffffffffffffffffffffffffff", "friend")}));
    write("claim_malformed_token", seed(kAdmin, {claim(54, "not-a-token", "friend")}));
    write("claim_then_history",
          seed(kAdmin, {claim(55, std::string(fuzz::kClaimToken).c_str(), "friend"),
                        by_ticket(56, T::GetTicketHistory, e.offered)}));
    write("cancel_offer",
          seed(kAdmin, {cancel(57, e.offered), by_ticket(58, T::GetOffer, e.offered)}));
    write("offer_then_cancel", seed(kAdmin, {offer(59, e.owned, false), cancel(60, e.owned)}));
    write("list", seed(kAdmin, {list(61, e.owned, 4000)}));
    write("list_over_cap", seed(kAdmin, {list(62, e.owned, 1'000'000)}));
    write("delist", seed(kAdmin, {delist(63, e.listed)}));
    write("buy_listing", seed(kAdmin, {buy(64, e.listing)}));
    write("list_then_browse",
          seed(kAdmin, {list(65, e.owned, 4000), frame(66, T::ListListings, [](B& b) {
                            return wire::CreateListListingsDirect(b, 0xFFFF, "Stalls", 0, 10);
                        })}));
    write("browse_by_section", seed(kAdmin, {frame(67, T::ListListings, [](B& b) {
                                        return wire::CreateListListings(b, 0, 0, 6000, 0);
                                    })}));
    write("verify_seller_and_payouts",
          seed(kAdmin,
               {frame(68, T::VerifySeller,
                      [&](B& b) {
                          const auto k = key(68);
                          return wire::CreateVerifySellerDirect(b, buyer.c_str(), &k);
                      }),
                frame(69, T::ListPayouts, [](B& b) { return wire::CreateListPayouts(b, 255, 0); }),
                frame(70, T::ListPayouts, [](B& b) { return wire::CreateListPayouts(b, 1, 0); })}));
}

}  // namespace

int main(int argc, char** argv) {
    const Writer write(argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS "/wire_jobs");
    const fuzz::FuzzEvent e = fuzz::make_fuzz_event();
    const TicketCodes codes(tickets::Keyring::parse(fuzz::kKeyFile));
    const Ticket& admitted = *e.state.find_ticket(e.admitted);
    const Ticket& reissued = *e.state.find_ticket(e.reissued);
    const std::string ed25519 = codes.code(tickets::CodeFormat::ed25519, e.state, reissued);
    const std::string hmac = codes.code(tickets::CodeFormat::hmac, e.state, reissued);
    // The hold "hold_then_purchase" places gets the id the runner's engine
    // (its Rng seeded with fuzz::kSeed, a fresh one per input) draws first.
    const HoldId next = [&] {
        EventState state = e.state;
        Rng rng(fuzz::kSeed);
        FactBuffer facts;
        const Venue& venue = state.venue();
        PlaceHold place{fuzz::kSession, {}, {}};
        place.seats.push_back(*venue.find_seat("Balcony/C/5"));
        place.seats.push_back(*venue.find_seat("Balcony/C/6"));
        const Result r = execute(state, Command{place}, fuzz::kStart, rng, facts);
        if (r.reply_as<HoldReply>() == nullptr) std::abort();
        return r.reply_as<HoldReply>()->hold;
    }();

    write("hold_by_ids", seed(kAdmin, {hold(1, {28, 29}, {})}));
    write("hold_by_names", seed(kAdmin, {hold(2, {}, {"Stalls/C/1", "Stalls/C/2"})}));
    write("hold_ids_and_names", seed(kAdmin, {hold(3, {30}, {"Stalls/C/4"})}));
    write("hold_unknown_name", seed(kAdmin, {hold(4, {}, {"Stalls/Z/1", "Nowhere/A/1"})}));
    write("hold_taken_seat", seed(kAdmin, {hold(5, {0}, {"Stalls/B/1"})}));
    write("hold_box", seed(kAdmin, {hold(6, {140, 141}, {"Balcony/A/3", "Balcony/A/4"})}));
    write("hold_no_seats", seed(kAdmin, {hold(7, {}, {})}));
    write("release", seed(kAdmin, {hold_action(8, T::ReleaseHold, e.live_hold,
                                               [](B& b, std::uint64_t h, auto s, auto k) {
                                                   return wire::CreateReleaseHold(b, h, s, k);
                                               })}));
    write("extend", seed(kAdmin, {hold_action(9, T::ExtendHold, e.live_hold,
                                              [](B& b, std::uint64_t h, auto s, auto k) {
                                                  return wire::CreateExtendHold(b, h, s, k);
                                              })}));
    write("purchase", seed(kAdmin, {purchase(10, e.live_hold)}));
    write("hold_then_purchase",
          seed(kAdmin, {hold(11, {}, {"Balcony/C/5", "Balcony/C/6"}), purchase(12, next)}));
    write("block", seed(kAdmin, {seats_request(13, T::BlockSeats, {50}, {"Stalls/A/1"},
                                               [](B& b, auto s, auto n, auto k) {
                                                   return wire::CreateBlockSeatsDirect(b, s, n, k);
                                               })}));
    write("unblock", seed(kAdmin, {seats_request(14, T::UnblockSeats, {199}, {"Stalls/J/7"},
                                                 [](B& b, auto s, auto n, auto k) {
                                                     return wire::CreateUnblockSeatsDirect(b, s, n,
                                                                                           k);
                                                 })}));
    write("get_seat_by_id",
          seed(kAdmin, {frame(15, T::GetSeat, [](B& b) { return wire::CreateGetSeat(b, 0); })}));
    write("get_seat_by_name", seed(kAdmin, {frame(16, T::GetSeat, [](B& b) {
                                       return wire::CreateGetSeatDirect(b, 0xFFFFFFFF,
                                                                        "Stalls/J/1");
                                   })}));
    write("get_section_labels", seed(kAdmin, {frame(17, T::GetSection, [](B& b) {
                                         return wire::CreateGetSectionDirect(b, 0xFFFF, "Balcony",
                                                                             true);
                                     })}));
    write("get_section_by_id", seed(kAdmin, {frame(18, T::GetSection, [](B& b) {
                                        return wire::CreateGetSectionDirect(b, 0, nullptr, false);
                                    })}));
    write("get_summary",
          seed(kAdmin, {frame(19, T::GetSummary, [](B& b) { return wire::CreateGetSummary(b); })}));
    write("get_ticket", seed(kScanner, {frame(20, T::GetTicket, [&](B& b) {
                                 const auto t = id_of(admitted.id);
                                 return wire::CreateGetTicket(b, &t);
                             })}));
    write("admit_ed25519", seed(kScanner, {admit(21, ed25519, "south-2")}));
    write("admit_hmac", seed(kAdmin, {admit(22, hmac, "south-2")}));
    write("admit_twice", seed(kScanner, {admit(23, ed25519, "a"), admit(24, ed25519, "b")}));
    write("reissue", seed(kAdmin, {frame(25, T::ReissueTicket, [&](B& b) {
                              const auto t = id_of(reissued.id);
                              const auto k = key(25);
                              return wire::CreateReissueTicketDirect(b, &t, "owner-3", &k);
                          })}));
    write("cancel", seed(kAdmin, {frame(26, T::CancelTicket, [&](B& b) {
                             const auto t = id_of(reissued.id);
                             const auto k = key(26);
                             return wire::CreateCancelTicket(b, &t, &k);
                         })}));
    write("list_tickets", seed(kAdmin, {frame(27, T::ListTickets, [](B& b) {
                                   return wire::CreateListTicketsDirect(b, "buyer@example.com");
                               })}));
    write("get_revocations",
          seed(kScanner,
               {frame(28, T::GetRevocations, [](B& b) { return wire::CreateGetRevocations(b); })}));
    write("create_theatre", seed(kAdmin, {frame(
                                             29, T::CreateEvent,
                                             [](B& b) {
                                                 const auto k = key(29);
                                                 return wire::CreateCreateEventDirect(
                                                     b, nullptr, "Fuzz night", 0, 0, 0, 0, &k,
                                                     "theatre");
                                             },
                                             2)}));
    // The waiting room: the fuzz event has none (no_waiting_room), and a room
    // event is created, joined and asked about in one session; a hold with a
    // token that does not verify.
    write("room_requests",
          seed(kAdmin, {frame(40, T::JoinQueue,
                              [](B& b) {
                                  const auto s = id_of(fuzz::kSession);
                                  return wire::CreateJoinQueue(b, &s);
                              }),
                        frame(41, T::GetQueueEntry,
                              [](B& b) {
                                  const auto t = wire::Id128(1, 2);
                                  return wire::CreateGetQueueEntry(b, &t, true);
                              }),
                        frame(42, T::LeaveQueue,
                              [](B& b) {
                                  const auto t = wire::Id128(1, 2);
                                  return wire::CreateLeaveQueue(b, &t);
                              }),
                        frame(43, T::GetRoom, [](B& b) { return wire::CreateGetRoom(b); })}));
    write("create_room_and_join", seed(kAdmin, {frame(
                                                    44, T::CreateEvent,
                                                    [](B& b) {
                                                        const auto k = key(44);
                                                        const auto room = wire::CreateRoomSettings(
                                                            b, true, 2, 2, 100, 60000, 4, 1, 2000);
                                                        return wire::CreateCreateEventDirect(
                                                            b, nullptr, "Queue night", 0, 0, 0, 0,
                                                            &k, "theatre", 0, nullptr, 0, 0, room);
                                                    },
                                                    4),
                                                frame(
                                                    45, T::JoinQueue,
                                                    [](B& b) {
                                                        const auto s = id_of(fuzz::kSession);
                                                        return wire::CreateJoinQueue(b, &s);
                                                    },
                                                    4)}));
    write("hold_with_token", seed(kAdmin, {frame(46, T::PlaceHold, [](B& b) {
                                      const auto s = id_of(fuzz::kSession);
                                      const auto k = key(46);
                                      const std::vector<std::uint32_t> seats{31};
                                      return wire::CreatePlaceHoldDirect(
                                          b, &s, &seats, nullptr, &k,
                                          "a1.1.0.1796000000000.h-00000001."
                                          "00000000000000000000000000000000");
                                  })}));
    write("create_from_json",
          seed(kAdmin, {frame(
                           30, T::CreateEvent,
                           [](B& b) {
                               const auto k = key(30);
                               return wire::CreateCreateEventDirect(
                                   b,
                                   R"({"format": "seatd-venue/1", "name": "Hall", "price_tiers": )"
                                   R"([{"name": "A", "amount_minor": 100, "currency": "EUR"}], )"
                                   R"("sections": [{"name": "S", "type": "floor", "tier": "A", )"
                                   R"("seat_type": "floor", "rows": [{"label": "1", "seats": )"
                                   R"([{"label": "1", "x": 0, "y": 0}, )"
                                   R"({"label": "2", "x": 1, "y": 0}]}]}]})",
                                   "Small hall", 60000, 0, 4, 2, &k, nullptr);
                           },
                           3)}));
    write("other_event",
          seed(kAdmin, {frame(
                           31, T::GetSummary, [](B& b) { return wire::CreateGetSummary(b); }, 9)}));
    write("reissue_then_admit", seed(kAdmin, {frame(32, T::ReissueTicket,
                                                    [&](B& b) {
                                                        const auto t = id_of(reissued.id);
                                                        const auto k = key(32);
                                                        return wire::CreateReissueTicketDirect(
                                                            b, &t, nullptr, &k);
                                                    }),
                                              admit(33, hmac, "west-1")}));
    write_transfer_seeds(write, e);
    std::printf("wire_jobs_seeds: wrote %s\n", write.dir().c_str());
    return 0;
}
