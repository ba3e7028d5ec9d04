// The fingerprint is a digest, not the parameters themselves, so a stored key
// costs its response and 32 bytes whatever the request's size.
#include "tools/seat-psp/idempotency_store.h"

#include <openssl/evp.h>

#include <algorithm>
#include <vector>

#include "base/check.h"

namespace seat::psp {
namespace {

// Length-prefixed, so no two different parameter lists encode alike.
void append_field(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out.push_back(':');
    out.append(s);
}

}  // namespace

Fingerprint request_fingerprint(std::string_view endpoint, const Form& form) {
    // The provider parses a form into a map, so the order of different names does
    // not change the request; the parser has refused repeated names already.
    std::vector<const FormParam*> sorted;
    sorted.reserve(form.size());
    for (const FormParam& p : form)
        sorted.push_back(&p);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const FormParam* a, const FormParam* b) { return a->name < b->name; });
    std::string canonical;
    append_field(canonical, endpoint);
    for (const FormParam* p : sorted) {
        append_field(canonical, p->name);
        append_field(canonical, p->value);
    }
    Fingerprint fp{};
    unsigned size = 0;
    SEAT_CHECK(EVP_Digest(canonical.data(), canonical.size(), fp.data(), &size, EVP_sha256(),
                          nullptr) == 1 &&
                   size == fp.size(),
               "SHA-256 is available");
    return fp;
}

IdempotencyStore::IdempotencyStore(std::size_t keys_max) : keys_max_(keys_max) {}

IdempotencyStore::Found IdempotencyStore::find(const std::string& key, const Fingerprint& fp,
                                               const StoredResponse*& stored) const {
    stored = nullptr;
    const auto it = entries_.find(key);
    if (it == entries_.end()) return Found::none;
    if (it->second.fingerprint != fp) return Found::mismatch;
    if (!it->second.complete) return Found::in_use;
    stored = &it->second.response;
    return Found::replay;
}

void IdempotencyStore::reserve(const std::string& key, const Fingerprint& fp) {
    SEAT_CHECK(!full(), "the caller checks full() first");
    const bool inserted = entries_.emplace(key, Entry{fp, false, {}}).second;
    SEAT_CHECK(inserted, "only a free key is reserved");
}

void IdempotencyStore::complete(const std::string& key, StoredResponse response) {
    const auto it = entries_.find(key);
    SEAT_CHECK(it != entries_.end() && !it->second.complete, "only a reserved key completes");
    it->second.complete = true;
    it->second.response = std::move(response);
}

void IdempotencyStore::release(const std::string& key) {
    const auto it = entries_.find(key);
    SEAT_CHECK(it != entries_.end() && !it->second.complete, "only a reserved key is released");
    entries_.erase(it);
}

}  // namespace seat::psp
