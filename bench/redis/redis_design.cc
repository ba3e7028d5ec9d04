// The article's Lua scripts and their hiredis calls. Scripts take the seat keys as
// KEYS (so a Redis Cluster would route them by the event's hash tag) and the
// section hash as the last key.
#include "bench/redis/redis_design.h"

#include <hiredis/hiredis.h>

#include <string_view>

namespace seat::redis_design {
namespace {

// KEYS[1..n-1] seat keys, KEYS[n] section hash; ARGV[1] session, ARGV[2] ttl ms,
// ARGV[3..] seat numbers (hash fields). Returns {} on success or the indexes
// (1-based) of every seat that was taken.
constexpr std::string_view kHoldScript = R"lua(
local n = #KEYS - 1
local taken = {}
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 1 then taken[#taken + 1] = i end
end
if #taken > 0 then return taken end
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
  redis.call('HSET', KEYS[#KEYS], ARGV[i + 2], 'held')
end
return {}
)lua";

// KEYS seat keys; ARGV[1] session, ARGV[2] ttl ms. 1 = extended, 0 = not the holder.
constexpr std::string_view kExtendScript = R"lua(
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1
)lua";

// KEYS seat keys + section hash; ARGV[1] session, ARGV[2] buyer, ARGV[3..] seat numbers.
constexpr std::string_view kPurchaseScript = R"lua(
local n = #KEYS - 1
for i = 1, n do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 1, n do
  redis.call('SET', KEYS[i], 'sold:' .. ARGV[2])
  redis.call('HSET', KEYS[#KEYS], ARGV[i + 2], 'sold')
end
return 1
)lua";

// KEYS seat keys + section hash; ARGV[1] session, ARGV[2..] seat numbers.
constexpr std::string_view kReleaseScript = R"lua(
local n = #KEYS - 1
for i = 1, n do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 1, n do
  redis.call('DEL', KEYS[i])
  redis.call('HSET', KEYS[#KEYS], ARGV[i + 1], 'available')
end
return 1
)lua";

std::string seat_key(std::uint64_t event, std::uint32_t seat) {
    return "seat:{" + std::to_string(event) + "}:" + std::to_string(seat);
}
std::string section_key(std::uint64_t event, std::uint32_t section) {
    return "section:{" + std::to_string(event) + "}:" + std::to_string(section);
}

// Owns a reply and frees it on every path.
struct Reply {
    explicit Reply(void* r) : r(static_cast<redisReply*>(r)) {}
    ~Reply() {
        if (r) freeReplyObject(r);
    }
    Reply(const Reply&) = delete;
    Reply& operator=(const Reply&) = delete;
    redisReply* r;
};

// Runs a command given as argument strings (binary-safe, no format parsing).
Reply command(redisContext* ctx, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    return Reply(redisCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lens.data()));
}

// Queues a command given as argument strings; hiredis sends it with the next read.
void append(redisContext* ctx, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    redisAppendCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lens.data());
}

// The next reply in order; a null reply after a connection error.
Reply next_reply(redisContext* ctx) {
    void* r = nullptr;
    if (redisGetReply(ctx, &r) != REDIS_OK) return Reply(nullptr);
    return Reply(r);
}

std::vector<std::string> evalsha(const std::string& sha, const std::vector<std::string>& keys,
                                 const std::vector<std::string>& args) {
    std::vector<std::string> v{"EVALSHA", sha, std::to_string(keys.size())};
    v.insert(v.end(), keys.begin(), keys.end());
    v.insert(v.end(), args.begin(), args.end());
    return v;
}

}  // namespace

std::unique_ptr<SeatStore> SeatStore::connect(const std::string& host, int port,
                                              std::string& error) {
    redisContext* ctx = redisConnect(host.c_str(), port);
    if (ctx == nullptr || ctx->err) {
        error = ctx ? ctx->errstr : "cannot allocate a redis context";
        if (ctx) redisFree(ctx);
        return nullptr;
    }
    std::unique_ptr<SeatStore> store(new SeatStore(ctx));
    if (!store->load_scripts(error)) return nullptr;
    return store;
}

SeatStore::~SeatStore() {
    redisFree(ctx_);
}

bool SeatStore::load_scripts(std::string& error) {
    const std::pair<std::string_view, std::string*> scripts[] = {{kHoldScript, &hold_sha_},
                                                                 {kExtendScript, &extend_sha_},
                                                                 {kPurchaseScript, &purchase_sha_},
                                                                 {kReleaseScript, &release_sha_}};
    for (const auto& [text, sha] : scripts) {
        Reply r = command(ctx_, {"SCRIPT", "LOAD", std::string(text)});
        if (r.r == nullptr || r.r->type != REDIS_REPLY_STRING) {
            error = r.r && r.r->type == REDIS_REPLY_ERROR ? r.r->str : "SCRIPT LOAD failed";
            return false;
        }
        *sha = r.r->str;
    }
    return true;
}

Outcome SeatStore::hold_one(std::uint64_t event, std::uint32_t, std::uint32_t seat,
                            const std::string& session, std::int64_t ttl_ms) {
    Reply r =
        command(ctx_, {"SET", seat_key(event, seat), session, "NX", "PX", std::to_string(ttl_ms)});
    if (r.r == nullptr || r.r->type == REDIS_REPLY_ERROR) return Outcome::error;
    return r.r->type == REDIS_REPLY_NIL ? Outcome::taken : Outcome::ok;
}

HoldOutcome SeatStore::hold(std::uint64_t event, std::uint32_t section,
                            const std::vector<std::uint32_t>& seats, const std::string& session,
                            std::int64_t ttl_ms) {
    append_hold(event, section, seats, session, ttl_ms);
    return read_hold(seats);
}

Outcome SeatStore::extend(std::uint64_t event, const std::vector<std::uint32_t>& seats,
                          const std::string& session, std::int64_t ttl_ms) {
    std::vector<std::string> keys;
    for (std::uint32_t s : seats)
        keys.push_back(seat_key(event, s));
    append(ctx_, evalsha(extend_sha_, keys, {session, std::to_string(ttl_ms)}));
    return read_script();
}

Outcome SeatStore::purchase(std::uint64_t event, std::uint32_t section,
                            const std::vector<std::uint32_t>& seats, const std::string& session,
                            const std::string& buyer) {
    append_purchase(event, section, seats, session, buyer);
    return read_script();
}

Outcome SeatStore::release(std::uint64_t event, std::uint32_t section,
                           const std::vector<std::uint32_t>& seats, const std::string& session) {
    append_release(event, section, seats, session);
    return read_script();
}

bool SeatStore::section(std::uint64_t event, std::uint32_t section,
                        std::vector<std::pair<std::uint32_t, std::string>>& out,
                        std::string& error) {
    append_section(event, section);
    return read_section(out, error);
}

void SeatStore::append_hold(std::uint64_t event, std::uint32_t section,
                            const std::vector<std::uint32_t>& seats, const std::string& session,
                            std::int64_t ttl_ms) {
    std::vector<std::string> keys, args{session, std::to_string(ttl_ms)};
    for (std::uint32_t s : seats) {
        keys.push_back(seat_key(event, s));
        args.push_back(std::to_string(s));
    }
    keys.push_back(section_key(event, section));
    append(ctx_, evalsha(hold_sha_, keys, args));
}

HoldOutcome SeatStore::read_hold(const std::vector<std::uint32_t>& seats) {
    Reply r = next_reply(ctx_);
    HoldOutcome out;
    if (r.r == nullptr || r.r->type != REDIS_REPLY_ARRAY) {
        out.error = r.r && r.r->type == REDIS_REPLY_ERROR ? r.r->str : "connection lost";
        return out;
    }
    for (size_t i = 0; i < r.r->elements; ++i)
        out.taken.push_back(seats[static_cast<size_t>(r.r->element[i]->integer) - 1]);
    out.outcome = out.taken.empty() ? Outcome::ok : Outcome::taken;
    return out;
}

void SeatStore::append_purchase(std::uint64_t event, std::uint32_t section,
                                const std::vector<std::uint32_t>& seats, const std::string& session,
                                const std::string& buyer) {
    std::vector<std::string> keys, args{session, buyer};
    for (std::uint32_t s : seats) {
        keys.push_back(seat_key(event, s));
        args.push_back(std::to_string(s));
    }
    keys.push_back(section_key(event, section));
    append(ctx_, evalsha(purchase_sha_, keys, args));
}

void SeatStore::append_release(std::uint64_t event, std::uint32_t section,
                               const std::vector<std::uint32_t>& seats,
                               const std::string& session) {
    std::vector<std::string> keys, args{session};
    for (std::uint32_t s : seats) {
        keys.push_back(seat_key(event, s));
        args.push_back(std::to_string(s));
    }
    keys.push_back(section_key(event, section));
    append(ctx_, evalsha(release_sha_, keys, args));
}

Outcome SeatStore::read_script() {
    Reply r = next_reply(ctx_);
    if (r.r == nullptr || r.r->type != REDIS_REPLY_INTEGER) return Outcome::error;
    return r.r->integer == 1 ? Outcome::ok : Outcome::not_holder;
}

void SeatStore::append_section(std::uint64_t event, std::uint32_t section) {
    append(ctx_, {"HGETALL", section_key(event, section)});
}

bool SeatStore::read_section(std::vector<std::pair<std::uint32_t, std::string>>& out,
                             std::string& error) {
    Reply r = next_reply(ctx_);
    if (r.r == nullptr || r.r->type != REDIS_REPLY_ARRAY) {
        error = r.r && r.r->type == REDIS_REPLY_ERROR ? r.r->str : "connection lost";
        return false;
    }
    out.clear();
    for (size_t i = 0; i + 1 < r.r->elements; i += 2)
        out.emplace_back(static_cast<std::uint32_t>(std::stoul(r.r->element[i]->str)),
                         r.r->element[i + 1]->str);
    return true;
}

void SeatStore::append_seat_value(std::uint64_t event, std::uint32_t seat) {
    append(ctx_, {"GET", seat_key(event, seat)});
}

bool SeatStore::read_seat_value(std::string& value) {
    Reply r = next_reply(ctx_);
    value.clear();
    if (r.r == nullptr || r.r->type == REDIS_REPLY_ERROR) return false;
    if (r.r->type == REDIS_REPLY_STRING) value.assign(r.r->str, r.r->len);
    return true;
}

bool SeatStore::load_section(std::uint64_t event, std::uint32_t section, std::uint32_t first_seat,
                             std::uint32_t seat_count, std::string& error) {
    std::vector<std::string> args{"HSET", section_key(event, section)};
    for (std::uint32_t s = first_seat; s < first_seat + seat_count; ++s) {
        args.push_back(std::to_string(s));
        args.push_back("available");
    }
    Reply r = command(ctx_, args);
    if (r.r == nullptr || r.r->type != REDIS_REPLY_INTEGER) {
        error = r.r && r.r->type == REDIS_REPLY_ERROR ? r.r->str : "connection lost";
        return false;
    }
    return true;
}

std::string SeatStore::seat_value(std::uint64_t event, std::uint32_t seat) {
    append_seat_value(event, seat);
    std::string value;
    read_seat_value(value);
    return value;
}

}  // namespace seat::redis_design
