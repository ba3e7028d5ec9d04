// seatctl: the operator's command line for seatd, one protocol request per
// invocation through libseatclient. Output is for people by default and JSON with
// --json; the exit code tells scripts what happened (0 ok, 1 refused by the
// server, 2 usage error, 3 connection or transport error; docs/seatctl.md).
// This file holds the usage text and the dispatch; the commands live beside it.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "seat/client.h"
#include "tools/seatctl/cli.h"

namespace seat::ctl {

constexpr std::uint16_t kDefaultPort = 7400;
constexpr std::uint64_t kDefaultEvent = 1;
constexpr int kDefaultTimeoutMs = 5000;
// A person waits for a CLI: give up on an unreachable server after a few tries.
constexpr int kReconnectAttemptsMax = 3;

constexpr const char* kUsage =
    R"(usage: seatctl [GLOBAL FLAGS] COMMAND [ARGS] [FLAGS]

Talks to a seatd server (docs/seatctl.md).

Commands:
  ping                               round trip, server version and your role
  events                             list events
  create (--venue FILE | --generate theatre|stadium) [--name NAME]
         [--hold-ttl T] [--checkout-ttl T] [--max-seats-per-hold N]
         [--max-holds-per-session N] [--starts-at 2027-03-01T19:30:00Z]
         [--currency EUR] [--payment-timeout T]
         [--sale-starts-at 2027-03-01T10:00:00Z]
         [--room [--room-max-active N] [--room-batch N] [--room-interval T]
                 [--room-token-ttl T] [--room-seats-per-token N]
                 [--room-holds-per-token N] [--room-grace T]]
         [--no-transfers] [--no-resale] [--resale-cap none|face|PCT%]
         [--resale-fee-bps N] [--kyc-threshold AMOUNT] [--kyc-sales N]
         [--transfer-cutoff T] [--offer-ttl T]
                                     create event --event from a venue file;
                                     T is a duration: 500ms, 90s, 10m, 1h (a bare
                                     number is seconds); left out = server default;
                                     --room: holds only with a waiting room's token;
                                     the transfer flags: docs/seatctl.md (AMOUNT in
                                     minor units, cents: 200000 = 2,000.00)
  summary                            counts by section and price tier, the
                                     event's settings
  section [NAME]                     seat grid: . available  a accessible  c companion
                                     h held  S sold  x blocked  | aisle; without
                                     NAME, the sections and their counts
  seat SEAT                          one seat's status
  hold SEAT... [--session S] [--token T]
                                     hold seats ("Stalls/A/5" or numeric ids);
                                     prints the purchase to paste next; --token:
                                     the admission token (an event with a room)
  extend HOLD [--session S]          extend a hold once, for checkout
  release HOLD [--session S]         release a hold
  purchase HOLD --buyer B --payment P [--session S]
                                     buy a held hold; prints the ticket ids
  block SEAT...                      block seats (admin)
  unblock SEAT...                    unblock seats (admin)
  ticket TICKET_ID [--qr png|svg|term] [--out FILE]
                                     show a ticket and its codes; draw its QR
  ticket TICKET_ID --history          the custody chain: when, type, from -> to,
                                     price, fee, version
  ticket TICKET_ID --code [ed25519|hmac]
                                     print only the code (default ed25519), for a
                                     pipe: ... --code | seatctl admit - --gate G
  admit CODE --gate G                admit a scanned code (scanner); CODE - reads stdin
  reissue TICKET_ID [--owner O]      new code (lost phone, transfer); old one revoked
  cancel TICKET_ID                   refund: ticket cancelled, seat on sale again
  tickets --owner O                  the tickets an owner holds
  revocations [--out FILE]           the revoked-code Bloom filter for offline scanners
  public-keys [--out FILE]           the Ed25519 public keys scanners verify with
  checkout HOLD --buyer B --payment-method PM [--session S] [--token T]
                                     pay for a hold through seatd's payment
                                     provider; prints the checkout and the tickets
                                     (exit 1 if declined, refunded, pending or
                                     throttled: the status says which)
  checkout-status CHECKOUT_ID        a checkout as it stands now
  refunds [--state owed|failed|succeeded|all] [--after N]
                                     the event's refunds, oldest first (admin)
  refund-retry REFUND_ID             owe a failed refund again (admin)
  queue join EVENT [--session S]     wait in the event's waiting room; prints the
                                     queue ticket, the position and the ETA
  queue status EVENT TICKET [--heartbeat]
                                     the entry now; admitted, with its admission
                                     token; --heartbeat keeps a waiting place
  queue leave EVENT TICKET           give the place (or the admission) up
  room status EVENT                  the waiting room: waiting, active, admitted,
                                     admission rate, seats left
  transfer offer TICKET --from OWNER --to WHO [--gift]
                                     offer a ticket (its code is revoked); prints
                                     the claim token once, for the link to send
  transfer claim TOKEN --claimer WHO the claimer becomes the owner (new code)
  transfer cancel TICKET --from OWNER
                                     take an open offer back (new code)
  transfer show TICKET               the ticket's newest offer
  resale list TICKET --seller S --price AMOUNT --payout-account ACCT
                                     list a ticket for resale, in escrow; AMOUNT
                                     in minor units (cents): 4500 = 45.00
  resale delist TICKET --seller S    take a listing back (new code)
  resale buy LISTING --buyer B --payment-method PM
                                     buy a listing through the payment provider
                                     (printed like checkout)
  resale listings [--section NAME|ID] [--max-price AMOUNT] [--limit N]
                                     the listings on sale, cheapest first
  kyc verify SELLER                  the seller's identity was checked: release
                                     their payouts held for KYC (admin)
  payouts [--state owed|held_kyc|paid|failed|all] [--after N]
                                     the event's payouts to sellers (admin)
  payouts retry PAYOUT_ID [--destination ACCT]
                                     owe a failed payout again, to the seller's
                                     corrected account if given (admin)
  keys generate|list|rotate hmac|ed25519|retire KEY_ID|public --file FILE
                                     manage a ticket key file offline (no server)

Global flags:
  --host HOST          server host (default 127.0.0.1)
  --port PORT          server port (default 7400)
  --key KEY            API key (default: environment variable SEATCTL_KEY)
  --tls                connect with TLS, verifying the server against the system's
                       CAs (default: on when SEATCTL_TLS=1)
  --tls-ca FILE|DIR    CA certificates (PEM file, or hashed directory) to verify
                       the server with instead; implies --tls (default: SEATCTL_TLS_CA)
  --tls-server-name N  the name the server's certificate must carry (default:
                       SEATCTL_TLS_SERVER_NAME, else --host); implies --tls
  --event ID           event id (default 1)
  --json               print JSON for scripts instead of text
  --timeout-ms N       give up after N ms (default 5000)
  --idempotency-key K  the key of a mutating command (UUID); reuse it to retry
                       a command whose outcome is unknown: it never acts twice
  --session S          session id of hold, extend, release, purchase, checkout,
                       queue join: a UUID, or any string (hashed); default "seatctl"
  -h, --help           show this help

Exit codes:
  0  done
  1  refused by the server (a business status such as seats_unavailable,
     hold_expired, unauthorized, payment_declined); the status and its
     reason are printed
  2  usage error (unknown command or flag, missing argument, venue too large)
  3  connection or transport error (server unreachable, no answer in time);
     the outcome of a mutating command is then unknown: retry it with the same
     --idempotency-key
)";

// A flag, else its environment variable, else nothing.
std::optional<std::string> flag_or_env(const Args& args, const char* flag, const char* env) {
    if (auto v = args.flag(flag)) return v;
    if (const char* e = std::getenv(env); e != nullptr && *e != '\0') return std::string(e);
    return std::nullopt;
}

// --tls, or any of the TLS settings, turns TLS on; so does SEATCTL_TLS=1.
void tls_options(const Args& args, seat::TlsOptions& tls) {
    const char* on = std::getenv("SEATCTL_TLS");
    tls.enabled = args.flag("tls").has_value() || (on != nullptr && std::string_view(on) == "1");
    if (auto ca = flag_or_env(args, "tls-ca", "SEATCTL_TLS_CA")) {
        tls.enabled = true;
        std::error_code ec;
        if (std::filesystem::is_directory(*ca, ec)) {
            tls.ca_dir = *ca;
        } else {
            tls.ca_file = *ca;
        }
    }
    if (auto name = flag_or_env(args, "tls-server-name", "SEATCTL_TLS_SERVER_NAME")) {
        tls.enabled = true;
        tls.server_name = *name;
    }
}

int run(const Args& args) {
    seat::ClientOptions opts;
    opts.host = args.flag("host").value_or("127.0.0.1");
    opts.port = kDefaultPort;
    if (auto p = args.flag("port")) {
        const auto port = parse_u64(*p, "--port");
        if (port == 0 || port > 65535) throw UsageError{"--port must be 1..65535"};
        opts.port = static_cast<std::uint16_t>(port);
    }
    if (auto k = args.flag("key")) {
        opts.api_key = *k;
    } else if (const char* env = std::getenv("SEATCTL_KEY")) {
        opts.api_key = env;
    }
    tls_options(args, opts.tls);
    opts.client_name = "seatctl/0.1";
    int timeout_ms = kDefaultTimeoutMs;
    if (auto t = args.flag("timeout-ms"))
        timeout_ms =
            static_cast<int>(std::min<std::uint64_t>(parse_u64(*t, "--timeout-ms"), 3600000));
    opts.connect_timeout = std::chrono::milliseconds(timeout_ms);
    opts.call_timeout = std::chrono::milliseconds(timeout_ms);
    opts.reconnect_attempts_max = kReconnectAttemptsMax;

    seat::CallOptions call;
    if (auto k = args.flag("idempotency-key")) {
        auto id = sc::Id128::parse(*k);
        if (!id || id->is_zero()) throw UsageError{"--idempotency-key must be a non-zero UUID"};
        call.idempotency_key = *id;
    }
    const std::uint64_t event =
        args.flag("event") ? parse_u64(*args.flag("event"), "--event") : kDefaultEvent;

    using Handler = int (*)(Context&);
    static constexpr std::pair<std::string_view, Handler> kCommands[] = {
        {"ping", cmd_ping},
        {"events", cmd_events},
        {"create", cmd_create},
        {"summary", cmd_summary},
        {"section", cmd_section},
        {"seat", cmd_seat},
        {"hold", cmd_hold},
        {"extend", cmd_extend},
        {"release", cmd_release},
        {"purchase", cmd_purchase},
        {"block", [](Context& c) { return cmd_block(c, true); }},
        {"unblock", [](Context& c) { return cmd_block(c, false); }},
        {"ticket", cmd_ticket},
        {"admit", cmd_admit},
        {"reissue", cmd_reissue},
        {"cancel", cmd_cancel},
        {"tickets", cmd_tickets},
        {"revocations", cmd_revocations},
        {"public-keys", cmd_public_keys},
        {"checkout", cmd_checkout},
        {"checkout-status", cmd_checkout_status},
        {"refunds", cmd_refunds},
        {"refund-retry", cmd_refund_retry},
        {"queue", cmd_queue},
        {"room", cmd_room},
        {"transfer", cmd_transfer},
        {"resale", cmd_resale},
        {"kyc", cmd_kyc},
        {"payouts", cmd_payouts},
    };
    if (args.command == "keys") return cmd_keys(args);
    for (const auto& [name, handler] : kCommands) {
        if (name != args.command) continue;
        seat::Client client(opts);
        Context ctx{args, client, event, call};
        return handler(ctx);
    }
    throw UsageError{args.command.empty() ? "no command given"
                                          : "unknown command \"" + args.command + "\""};
}

}  // namespace seat::ctl

int main(int argc, char** argv) {
    using namespace seat::ctl;
    try {
        const Args args = parse_args(argc, argv);
        if (args.command == "help") {
            std::cout << kUsage;
            return kExitOk;
        }
        return run(args);
    } catch (const UsageError& e) {
        std::cerr << "seatctl: " << e.message << "\n(seatctl --help for usage)\n";
        return kExitUsage;
    }
}
