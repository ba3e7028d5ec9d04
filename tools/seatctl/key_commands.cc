// seatctl keys: the ticket key file, managed offline (docs/tickets.md). seatd
// reads the file at start and again on SIGHUP; rotate, then `kill -HUP` seatd: codes signed with
// the previous key still verify until that key is retired.
#include <iostream>

#include "tickets/keyring.h"
#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

tickets::CodeFormat format_of(const std::string& word) {
    if (auto f = tickets::parse_code_format(word)) return *f;
    throw UsageError{"a key format is hmac or ed25519, not \"" + word + "\""};
}

void print_keys(const Args& args, const tickets::Keyring& keyring) {
    if (args.json) {
        json::array keys;
        for (const auto& k : keyring.keys())
            keys.push_back(json::object{{"id", k.id},
                                        {"format", tickets::to_string(k.format)},
                                        {"state", tickets::to_string(k.state)}});
        print_json(json::object{{"ok", true}, {"keys", keys}});
        return;
    }
    for (const auto& k : keyring.keys())
        std::cout << k.id << "  " << tickets::to_string(k.format) << "  "
                  << tickets::to_string(k.state) << "\n";
}

}  // namespace

int cmd_keys(const Args& args) {
    if (args.positional.empty())
        throw UsageError{"keys needs generate, list, rotate, retire or public"};
    const std::string& action = args.positional[0];
    const std::string file = require_flag(args, "file");
    try {
        if (action == "generate") {
            if (std::filesystem::exists(file))
                throw UsageError{file + " exists: generate never overwrites a key file"};
            const tickets::Keyring keyring = tickets::Keyring::generate();
            keyring.save(file);
            print_keys(args, keyring);
            return kExitOk;
        }
        tickets::Keyring keyring = tickets::Keyring::load(file);
        if (action == "list") {
            print_keys(args, keyring);
        } else if (action == "rotate") {
            if (args.positional.size() != 2) throw UsageError{"keys rotate hmac|ed25519"};
            const std::string id = keyring.rotate(format_of(args.positional[1]));
            keyring.save(file);
            if (!args.json)
                std::cout << "new active key " << id << " (kill -HUP seatd to use it)\n";
            print_keys(args, keyring);
        } else if (action == "retire") {
            if (args.positional.size() != 2) throw UsageError{"keys retire KEY_ID"};
            keyring.retire(args.positional[1]);
            keyring.save(file);
            if (!args.json)
                std::cout << "retired " << args.positional[1]
                          << ": its codes no longer verify (after kill -HUP seatd)\n";
            print_keys(args, keyring);
        } else if (action == "public") {
            const std::string text = keyring.public_keys().to_text();
            if (args.json)
                print_json(json::object{{"ok", true}, {"keys", text}});
            else
                std::cout << text;
        } else {
            throw UsageError{"unknown keys action \"" + action + "\""};
        }
    } catch (const tickets::KeyFileError& e) {
        std::cerr << "seatctl: " << e.what() << "\n";
        return kExitUsage;
    }
    return kExitOk;
}

}  // namespace seat::ctl
