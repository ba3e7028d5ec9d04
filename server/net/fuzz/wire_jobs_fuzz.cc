// Fuzzes the path a hostile client reaches past the frame, without a network.
// The input's first byte picks the connection's role; the rest is a stream of
// request frames. Each is verified and role-checked as Connection::handle_frame
// does, decoded into a job (decode_job; an AdmitTicket's code verified with the
// fixed keys, then decode_admit), and the job is run as the shard runs it: seat
// names resolved against the theatre, the command through the engine's execute
// on a copy of the fuzz event (fuzz_event.h), queries answered; a WireResponder
// encodes the answer. A real Shard needs a RocksDB log and an fsync per round,
// far too slow per input, so the shard's few lines of dispatch are repeated here.
// Checked besides "no crash": every routed request gets exactly one reply frame,
// which verifies as a Response and echoes the request_id; no reply needs the
// "does not fit in a frame" fallback; the event's invariants hold throughout.
#include <unistd.h>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "engine/queries.h"
#include "engine/transfers/views.h"
#include "protocol/frame.h"
#include "server/auth/binding.h"
#include "server/auth/permissions.h"
#include "server/net/fuzz/fuzz_event.h"
#include "server/net/memory_budget.h"
#include "server/net/wire_convert.h"
#include "server/net/wire_jobs.h"
#include "server/net/wire_responder.h"
#include "server/shard/shard.h"

namespace {

using namespace seat;
using namespace seat::server;
using T = wire::RequestBody;

void check(bool ok) {
    if (!ok) std::abort();
}

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// Reply frames as the connection receives them from its responder.
class Collector final : public FrameSink {
  public:
    explicit Collector(ConnectionMemory& memory) : memory_(memory) {}
    void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) override {
        bytes.insert(bytes.end(), frames.begin(), frames.end());
        answered += count;
        memory_.sub(frames.capacity());
    }
    std::vector<std::uint8_t> bytes;
    std::uint32_t answered = 0;

  private:
    ConnectionMemory& memory_;
};

// Every reply must verify the way a client verifies it, and answer `request_id`.
void check_replies(const std::vector<std::uint8_t>& bytes, std::uint64_t request_id,
                   std::size_t expected) {
    protocol::FrameReader reader;
    reader.append(bytes.data(), bytes.size());
    std::span<const std::uint8_t> frame;
    std::size_t count = 0;
    while (reader.next(frame)) {
        const auto v = protocol::verify_response(frame);
        check(v.ok() && v.message->request_id() == request_id);
        const flatbuffers::String* message = v.message->message();
        check(message == nullptr || message->string_view() != "the reply does not fit in a frame");
        ++count;
    }
    check(reader.error() == protocol::FrameError::none && reader.buffered_bytes() == 0);
    check(count == expected);
}

constexpr std::array<std::uint8_t, 32> kBindingSecret{1, 2, 3, 4, 5, 6, 7, 8};

struct World {
    fuzz::FuzzEvent base = fuzz::make_fuzz_event();
    std::shared_ptr<TicketKeys> keys;
    // A fixed principal's binding, as the connection has after its hello.
    Binding binding = Binding::derive(std::span<const std::uint8_t>(kBindingSecret), "fuzz-app");
    Binding room_sessions = room_binding(std::span<const std::uint8_t>(kBindingSecret));
    std::size_t filter_bytes_max = ShardOptions{}.revocation_filter_bytes_max;
};

std::shared_ptr<TicketKeys> fixed_keys() {
    const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                       ("wire_jobs_fuzz-keys-" + std::to_string(getpid()));
    std::ofstream(file) << fuzz::kKeyFile;
    bool created = false;
    auto keys = std::make_shared<TicketKeys>(file, created);
    std::filesystem::remove(file);
    return keys;
}

const World& world() {
    static const World* w = [] {
        auto* made = new World;
        made->keys = fixed_keys();
        return made;
    }();
    return *w;
}

// One event's state, as its shard slot holds it.
struct Slot {
    EventState state;
    RevocationCache revocations;
};

class Runner {
  public:
    explicit Runner(Slot& slot) : slot_(slot), rng_(fuzz::kSeed) {}

    // Shard::handle, for the one event there is (and new ones, which are not kept).
    void run(Job& job, UnixMillis now) {
        if (auto* command = std::get_if<Command>(&job.work)) {
            if (auto* create = std::get_if<CreateEvent>(command))
                return run_create(job, *create, now);
        }
        if (job.event != fuzz::kEvent) return answer(Answer{job, Status::event_not_found});
        std::visit(Overloaded{[&](Command& c) { run_command(job, c, now); },
                              [&](const Query& q) { run_query(job, q, now); }},
                   job.work);
    }

  private:
    void answer(const Answer& a) { a.job.responder->respond(a); }

    void run_create(Job& job, CreateEvent& command, UnixMillis now) {
        command.event = job.event;
        if (job.event == fuzz::kEvent)
            return answer(Answer{job, Status::event_exists, {}, &slot_.state});
        EventState fresh;
        facts_.clear();
        const Result r = execute(fresh, Command{command}, now, rng_, facts_);
        if (!r.ok()) return answer(Answer{job, r.status, {}, nullptr, CommandAnswer{r}});
        check(fresh.check_invariants().empty());
        answer(Answer{job, Status::ok, {}, &fresh, CommandAnswer{r}});
    }

    void run_command(Job& job, Command& command, UnixMillis now) {
        if (!job.seat_names.empty() && !resolve_seat_names(job, command)) return;
        facts_.clear();
        const Result r = execute(slot_.state, command, now, rng_, facts_);
        check(slot_.state.check_invariants().empty());
        // Shard::run_command: a join or leave is answered with the entry.
        if (const QueueReply* q = r.reply_as<QueueReply>(); q != nullptr && q->entry != kNone) {
            const QueueEntry& e = slot_.state.room().entry(q->entry);
            return answer(Answer{job,
                                 r.status,
                                 {},
                                 &slot_.state,
                                 QueueAnswer{queue_view(slot_.state, q->entry, now), e.ticket,
                                             e.session, q->existing}});
        }
        // Shard::run_checkout without a saga: a checkout that started (of a
        // hold, or of a listing) or was found by its key is answered with where
        // it stands.
        if (std::holds_alternative<StartCheckout>(command) ||
            std::holds_alternative<BuyListing>(command)) {
            const CheckoutReply* reply = r.reply_as<CheckoutReply>();
            if (reply != nullptr && reply->checkout != kNone)
                return answer(
                    Answer{job, r.status, {}, &slot_.state, CheckoutAnswer{reply->checkout}});
        }
        answer(Answer{job, r.status, {}, &slot_.state, CommandAnswer{r}});
    }

    // Shard::resolve_seat_names.
    bool resolve_seat_names(Job& job, Command& command) {
        const Venue& venue = slot_.state.venue();
        unknown_.clear();
        auto resolve = [&](auto& seats, std::size_t seats_max) {
            for (const std::string& name : job.seat_names) {
                const std::optional<SeatId> seat = venue.find_seat(name);
                if (!seat || seats.size() >= seats_max) {
                    unknown_.push_back(NamedRefusal{kNoSeat, name, SeatProblem::unknown});
                    continue;
                }
                seats.push_back(*seat);
            }
        };
        if (auto* c = std::get_if<PlaceHold>(&command)) {
            resolve(c->seats, c->seats.capacity());
        } else if (auto* b = std::get_if<BlockSeats>(&command)) {
            resolve(b->seats, kBlockSeatsMax);
        } else if (auto* u = std::get_if<UnblockSeats>(&command)) {
            resolve(u->seats, kBlockSeatsMax);
        } else {
            answer(Answer{job, Status::invalid_argument, "seat names are taken only by holds",
                          &slot_.state});
            return false;
        }
        if (unknown_.empty()) return true;
        answer(
            Answer{job, Status::invalid_argument, {}, &slot_.state, UnknownSeatsAnswer{unknown_}});
        return false;
    }

    // Shard::run_query.
    void run_query(Job& job, const Query& query, UnixMillis now) {
        const EventState& state = slot_.state;
        const Venue& venue = state.venue();
        auto refuse = [&](Status s) { answer(Answer{job, s, {}, &state}); };
        auto ok = [&](AnswerBody body) {
            answer(Answer{job, Status::ok, {}, &state, std::move(body)});
        };
        std::visit(
            Overloaded{
                [&](const SeatQuery& q) {
                    const std::optional<SeatId> seat =
                        q.name.empty() ? std::optional<SeatId>(q.seat) : venue.find_seat(q.name);
                    if (!seat || *seat >= venue.seat_count())
                        return refuse(Status::invalid_argument);
                    ok(SeatAnswer{*seat});
                },
                [&](const SectionQuery& q) {
                    const std::optional<SectionId> section =
                        q.name.empty() ? std::optional<SectionId>(q.section)
                                       : venue.find_section(q.name);
                    if (!section || *section >= venue.sections.size())
                        return refuse(Status::invalid_argument);
                    ok(SectionAnswer{*section, q.with_labels});
                },
                [&](const SummaryQuery&) { ok(SummaryAnswer{}); },
                [&](const TicketQuery& q) {
                    const std::uint32_t index = state.ticket_index(q.ticket);
                    if (index == kNone) return refuse(Status::ticket_not_found);
                    ok(TicketAnswer{index});
                },
                [&](const OwnerTicketsQuery& q) {
                    std::vector<std::uint32_t> found = tickets_of_owner(state, q.owner);
                    const bool more = found.size() > kOwnerTicketsMax;
                    if (more) found.resize(kOwnerTicketsMax);
                    ok(OwnerTicketsAnswer{found, more});
                },
                [&](const RevocationsQuery&) {
                    ok(RevocationsAnswer{slot_.revocations.get(state)});
                },
                [&](const CheckoutQuery& q) {
                    const std::uint32_t index = state.checkout_index(q.checkout);
                    if (index == kNone) return refuse(Status::checkout_not_found);
                    ok(CheckoutAnswer{index});
                },
                [&](const RefundsQuery& q) {
                    const RefundPage page = page_refunds(state, q.state, q.after, kRefundsPageMax);
                    ok(RefundsAnswer{page.refunds, page.more, page.next_after});
                },
                [&](const QueueQuery& q) {
                    if (!state.settings().room.enabled) return refuse(Status::no_waiting_room);
                    const std::uint32_t entry = state.room().find_ticket(q.ticket);
                    if (entry == kNone) return refuse(Status::queue_ticket_not_found);
                    const QueueEntry& e = state.room().entry(entry);
                    ok(QueueAnswer{queue_view(state, entry, now), e.ticket, e.session, false});
                },
                [&](const RoomQuery&) {
                    if (!state.settings().room.enabled) return refuse(Status::no_waiting_room);
                    ok(RoomAnswer{room_view(state, now)});
                },
                [&](const OfferQuery& q) {
                    const std::uint32_t ticket = state.ticket_index(q.ticket);
                    if (ticket == kNone) return refuse(Status::ticket_not_found);
                    std::uint32_t offer = kNone;
                    for (std::uint32_t i = 0; i < state.offers().size(); ++i)
                        if (state.offers()[i].ticket == ticket) offer = i;
                    if (offer == kNone) return refuse(Status::offer_not_found);
                    ok(OfferAnswer{offer});
                },
                [&](const ListingsQuery& q) {
                    std::optional<SectionId> section = q.section;
                    if (!q.section_name.empty()) section = venue.find_section(q.section_name);
                    if ((!q.section_name.empty() && !section) ||
                        (section && *section >= venue.sections.size()))
                        return refuse(Status::invalid_argument);
                    const ListingPage page =
                        browse_listings(state, section, q.max_price_minor, q.limit);
                    ok(ListingsAnswer{page.listings, page.more});
                },
                [&](const HistoryQuery& q) {
                    const std::uint32_t ticket = state.ticket_index(q.ticket);
                    if (ticket == kNone) return refuse(Status::ticket_not_found);
                    const std::vector<HistoryEntry> entries = ticket_history(state, ticket);
                    ok(HistoryAnswer{ticket, entries});
                },
                [&](const PayoutsQuery& q) {
                    const PayoutPage page = page_payouts(state, q.state, q.after, kPayoutsPageMax);
                    ok(PayoutsAnswer{page.payouts, page.more, page.next_after});
                },
            },
            query);
    }

    Slot& slot_;
    Rng rng_;
    FactBuffer facts_;
    std::vector<NamedRefusal> unknown_;
};

// Connection::handle_admit up to the job: the code is verified at the edge.
bool admit_job(const wire::Request& request, const TicketKeys& keys, UnixMillis now, Job& job,
               Status& refusal) {
    const flatbuffers::String* code = request.body_as_AdmitTicket()->code();
    const tickets::VerifyResult v =
        keys.current()->verify(code == nullptr ? std::string_view{} : code->string_view());
    if (v.status != tickets::VerifyStatus::ok) {
        refusal = Status::invalid_signature;
        return false;
    }
    if (request.event() != 0 && request.event() != v.claims.event_id) {
        refusal = Status::invalid_argument;
        return false;
    }
    const DecodeOutcome decoded =
        decode_admit(request, v.claims.event_id, from_ticket_bytes(v.claims.ticket_id),
                     v.claims.version, now, job);
    refusal = decoded.status;
    return decoded.ok();
}

// What the connection sends itself: a status frame, which must verify too.
void check_status_reply(std::uint64_t id, Status status, std::string_view message) {
    flatbuffers::FlatBufferBuilder b;
    const auto frame = protocol::encode_frame(b, build_status(b, id, status, message));
    std::vector<std::uint8_t> bytes(frame.begin(), frame.end());
    check_replies(bytes, id, 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const World& w = world();
    const auto role = static_cast<wire::Role>(1 + data[0] % 3);
    Slot slot{w.base.state, RevocationCache(w.filter_bytes_max)};
    Runner runner(slot);
    MemoryBudget budget(std::size_t{1} << 30);
    auto memory = std::make_shared<ConnectionMemory>(budget);
    auto sink = std::make_shared<Collector>(*memory);
    auto responder = std::make_shared<WireResponder>(sink, memory, role, w.keys);

    protocol::FrameReader reader;
    reader.append(data + 1, size - 1);
    std::span<const std::uint8_t> frame;
    UnixMillis now = fuzz::kStart;
    while (reader.next(frame)) {
        const auto v = protocol::verify_request(frame);
        if (!v.ok()) break;  // the connection answers and closes
        const wire::Request& request = *v.message;
        const T type = request.body_type();
        // Answered by the connection from its own state, or refused by role.
        if (type == T::Hello || type == T::Ping || type == T::ListEvents ||
            type == T::GetPublicKeys || !role_may_send(role, type))
            continue;
        Job job;
        if (type == T::AdmitTicket) {
            Status refusal = Status::ok;
            if (!admit_job(request, *w.keys, now, job, refusal)) {
                check_status_reply(request.request_id(), refusal, {});
                continue;
            }
        } else {
            check(routed_to_shard(type));
            const DecodeOutcome decoded =
                decode_job(request, w.binding, RoomEdge{w.room_sessions, *w.keys}, job);
            if (!decoded.ok()) {
                check_status_reply(request.request_id(), decoded.status, decoded.message);
                continue;
            }
        }
        job.responder = responder;
        runner.run(job, now);
        now += 1000;
        responder->release();
        check(sink->answered == 1);
        check_replies(sink->bytes, request.request_id(), 1);
        sink->bytes.clear();
        sink->answered = 0;
    }
    return 0;
}
