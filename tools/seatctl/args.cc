// seatctl's command line: flags and positional words into Args, and the
// checks every command shares (numbers, seats, sessions, required flags). A
// malformed command line is a UsageError (exit 2) before anything is sent.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

// The session that hold, extend, release and purchase share when --session is absent.
constexpr std::string_view kDefaultSession = "seatctl";

const std::vector<std::string_view> kValueFlags = {
    "host",    "port",  "key",     "event", "timeout-ms", "idempotency-key",
    "session", "buyer", "payment", "venue", "generate",   "name",
    "gate",    "owner", "qr",      "out",   "file",       "device-at-ms",
};
// Flags without a value, kept in Args::flags with an empty one.
constexpr std::string_view kSwitchFlags[] = {"tls",     "room",         "heartbeat", "gift",
                                             "history", "no-transfers", "no-resale"};
// create's sale settings, flags with a value too.
const std::vector<std::string_view> kSettingFlags = {
    "hold-ttl",  "checkout-ttl", "max-seats-per-hold", "max-holds-per-session",
    "starts-at", "currency",     "payment-timeout",    "sale-starts-at"};
// create's waiting-room settings (with --room) and the admission token of hold
// and checkout.
const std::vector<std::string_view> kRoomFlags = {
    "room-max-active",      "room-batch",           "room-interval", "room-token-ttl",
    "room-seats-per-token", "room-holds-per-token", "room-grace",    "token"};
// checkout's and refunds' flags with a value.
const std::vector<std::string_view> kCheckoutFlags = {"payment-method", "state", "after"};
// Transfers' and resale's flags with a value, and create's transfer settings.
const std::vector<std::string_view> kTransferFlags = {"from",           "to",
                                                      "claimer",        "seller",
                                                      "price",          "payout-account",
                                                      "section",        "max-price",
                                                      "limit",          "resale-cap",
                                                      "resale-fee-bps", "kyc-threshold",
                                                      "kyc-sales",      "transfer-cutoff",
                                                      "offer-ttl",      "destination"};
// How to verify a TLS server (--tls itself is a switch).
const std::vector<std::string_view> kTlsFlags = {"tls-ca", "tls-server-name"};

bool is_value_flag(const std::string& name) {
    const auto in = [&](const std::vector<std::string_view>& flags) {
        return std::find(flags.begin(), flags.end(), name) != flags.end();
    };
    return in(kValueFlags) || in(kSettingFlags) || in(kRoomFlags) || in(kCheckoutFlags) ||
           in(kTransferFlags) || in(kTlsFlags);
}

// A flag whose value may be left out (`ticket ID --code`): the next word is its
// value only when it is one of `values`, so that `--code ID` leaves the id
// alone; left out, the value is the first of them.
struct OptionalValueFlag {
    std::string_view name;
    std::vector<std::string_view> values;
};
const OptionalValueFlag kOptionalValueFlags[] = {{"code", {"ed25519", "hmac"}}};

// The flags a hint repeats: they pick where the next command goes. --key is
// handled apart (never printed), --idempotency-key belongs to this command only.
constexpr std::string_view kTargetFlags[] = {"host",  "port",   "tls", "tls-ca", "tls-server-name",
                                             "event", "session"};

bool is_switch(std::string_view name) {
    return std::find(std::begin(kSwitchFlags), std::end(kSwitchFlags), name) !=
           std::end(kSwitchFlags);
}

// `w` as one POSIX shell word: as it is when it has no special characters,
// otherwise single-quoted.
std::string shell_word(const std::string& w) {
    constexpr std::string_view kPlain = "@%+=:,./_-";
    const bool plain = !w.empty() && std::all_of(w.begin(), w.end(), [&](unsigned char c) {
        return std::isalnum(c) || kPlain.find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (plain) return w;
    std::string out = "'";
    for (char c : w) {
        if (c == '\'')
            out += "'\\''";  // close the quote, an escaped quote, open again
        else
            out += c;
    }
    return out + "'";
}

}  // namespace

Args parse_args(int argc, char** argv) {
    Args args;
    args.program = argc > 0 ? argv[0] : "seatctl";
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            args.command = "help";
            return args;
        }
        if (a == "--json") {
            args.json = true;
            continue;
        }
        if (a.starts_with("--") && is_switch(a.substr(2))) {
            args.flags[std::string(a.substr(2))] = "";
            continue;
        }
        if (a.starts_with("--")) {
            std::string name(a.substr(2));
            std::optional<std::string> value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            const auto* optional_value =
                std::find_if(std::begin(kOptionalValueFlags), std::end(kOptionalValueFlags),
                             [&](const OptionalValueFlag& f) { return f.name == name; });
            if (optional_value != std::end(kOptionalValueFlags)) {
                const auto& values = optional_value->values;
                if (!value && i + 1 < argc &&
                    std::find(values.begin(), values.end(), argv[i + 1]) != values.end())
                    value = argv[++i];
                args.flags[name] = value.value_or(std::string(values.front()));
                continue;
            }
            if (!is_value_flag(name)) throw UsageError{"unknown flag --" + name};
            if (!value) {
                if (i + 1 >= argc) throw UsageError{"--" + name + " needs a value"};
                value = argv[++i];
            }
            args.flags[name] = *value;
            continue;
        }
        if (args.command.empty()) {
            args.command = std::string(a);
        } else {
            args.positional.emplace_back(a);
        }
    }
    return args;
}

bool is_number(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t parse_u64(const std::string& text, const std::string& what) {
    if (!is_number(text)) throw UsageError{what + " must be a number, not \"" + text + "\""};
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        throw UsageError{what + " is out of range: " + text};
    }
}

sc::Seats parse_seats(const std::vector<std::string>& words) {
    if (words.empty()) throw UsageError{"name at least one seat (\"Stalls/A/5\" or a seat id)"};
    sc::Seats seats;
    for (const auto& w : words) {
        if (is_number(w)) {
            seats.ids.push_back(static_cast<std::uint32_t>(parse_u64(w, "a seat id")));
        } else {
            seats.names.push_back(w);
        }
    }
    return seats;
}

sc::Id128 session_of(const Args& args) {
    const std::string s = args.flag("session").value_or(std::string(kDefaultSession));
    if (auto id = sc::Id128::parse(s)) return *id;
    return sc::Id128::from_name(s);
}

std::string admission_token_of(const Args& args) {
    const auto token = args.flag("token");
    if (token && token->empty())
        throw UsageError{"--token needs the admission token that queue status printed"};
    return token.value_or("");
}

const std::string& one_positional(const Args& args, const char* what) {
    if (args.positional.size() != 1) throw UsageError{args.command + " takes exactly one " + what};
    return args.positional[0];
}

std::string require_flag(const Args& args, const std::string& name) {
    auto v = args.flag(name);
    if (!v || v->empty()) throw UsageError{args.command + " needs --" + name};
    return *v;
}

std::int64_t parse_duration_ms(const std::string& text, const std::string& what) {
    constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
        {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
    const auto digits = std::find_if(text.begin(), text.end(),
                                     [](unsigned char ch) { return ch < '0' || ch > '9'; });
    const std::string number(text.begin(), digits);
    const std::string unit(digits, text.end());
    std::uint64_t unit_ms = 1000;  // a bare number is seconds
    if (!unit.empty()) {
        const auto* u = std::find_if(std::begin(kUnits), std::end(kUnits),
                                     [&](const auto& k) { return k.first == unit; });
        if (u == std::end(kUnits) || number.empty())
            throw UsageError{what + " is a duration such as 90s, 10m or 1h, not \"" + text + "\""};
        unit_ms = u->second;
    }
    const std::uint64_t n = parse_u64(number, what);
    // Far beyond any TTL the server accepts (24 h), and far from overflowing.
    constexpr std::uint64_t kDurationMsMax = 1ull << 40;
    if (n == 0)
        throw UsageError{what + " must be more than 0 (leave it out for the server's default)"};
    if (n > kDurationMsMax / unit_ms) throw UsageError{what + " is out of range: " + text};
    return static_cast<std::int64_t>(n * unit_ms);
}

std::int64_t parse_minor_amount(const std::string& text, const std::string& what) {
    // "89.50": say what it would be in minor units rather than guess the
    // currency's decimals.
    if (const auto dot = text.find('.'); dot != std::string::npos) {
        const std::string whole = text.substr(0, dot), cents = text.substr(dot + 1);
        std::string hint;
        if (is_number(whole) && is_number(cents) && cents.size() <= 2 && whole.size() < 12)
            hint = ": " + text + " is " +
                   std::to_string(std::stoll(whole) * 100 +
                                  std::stoll(cents) * (cents.size() == 1 ? 10 : 1)) +
                   " in a currency of two decimals";
        throw UsageError{what + " is a whole number of minor units (cents), not \"" + text + "\"" +
                         hint};
    }
    const std::uint64_t n = parse_u64(text, what + " (in minor units, cents)");
    // Far above any price (the server's resale limit is 10 million in major units).
    constexpr std::uint64_t kAmountMinorMax = 1ull << 53;
    if (n > kAmountMinorMax) throw UsageError{what + " is out of range: " + text};
    return static_cast<std::int64_t>(n);
}

namespace {

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil), so that no time zone or locale is involved.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(unsigned y, unsigned m) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::int64_t parse_utc_time_ms(const std::string& text, const std::string& what) {
    // Exactly YYYY-MM-DDTHH:MM:SSZ: an offset, a missing Z, a space for the T
    // or fractions would each be a guess about what was meant.
    const auto refuse = [&](const std::string& why) -> UsageError {
        return UsageError{what + " is a UTC time such as 2027-03-01T19:30:00Z, not \"" + text +
                          "\"" + (why.empty() ? "" : " (" + why + ")")};
    };
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != kShape.size()) throw refuse("");
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) throw refuse("");
    }
    const auto number = [&](std::size_t at, std::size_t len) {
        return static_cast<unsigned>(std::stoul(text.substr(at, len)));
    };
    const unsigned year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const unsigned hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (year < 1970) throw refuse("before 1970");
    if (month < 1 || month > 12) throw refuse("no month " + std::to_string(month));
    if (day < 1 || day > days_in_month(year, month)) throw refuse("no such day");
    if (hour > 23 || minute > 59 || second > 59) throw refuse("no such time of day");
    const std::int64_t days = days_from_civil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60'000 + std::int64_t{second} * 1000;
}

std::string command_hint(const Args& args, const std::string& rest) {
    std::string out = shell_word(args.program) + " " + rest;
    for (const std::string_view name : kTargetFlags) {
        const auto v = args.flag(std::string(name));
        if (!v) continue;
        out += " --" + std::string(name);
        if (!is_switch(name)) out += " " + shell_word(*v);
    }
    if (args.flag("key")) out += " --key KEY";
    return out;
}

}  // namespace seat::ctl
