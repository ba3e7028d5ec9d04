// Idempotency as the provider does it: the first request with a key that starts
// executing reserves the key; when it has an outcome, the status and body are
// stored and every later request with that key and the same endpoint and
// parameters gets them back byte for byte. The same key with another endpoint or
// other parameters is an error; a key whose first request is still executing is
// "in use" (the caller answers 409, it does not wait). A reservation given up
// (nothing was executed) frees the key. Keys are kept for the process's
// lifetime, at most `keys_max` of them. Not thread-safe: seat-psp is one thread.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "tools/seat-psp/form.h"

namespace seat::psp {

// SHA-256 of the endpoint and the parameters, order-insensitive between names.
using Fingerprint = std::array<unsigned char, 32>;
Fingerprint request_fingerprint(std::string_view endpoint, const Form& form);

struct StoredResponse {
    unsigned status = 0;
    std::string body;
    std::string request_id;  // of the request that executed, for Original-Request
};

class IdempotencyStore {
  public:
    explicit IdempotencyStore(std::size_t keys_max);

    enum class Found { none, replay, mismatch, in_use };
    // What `key` holds for a request with fingerprint `fp`; `stored` is set on replay.
    Found find(const std::string& key, const Fingerprint& fp, const StoredResponse*& stored) const;
    bool full() const { return entries_.size() >= keys_max_; }
    // Reserves a key that find() said is free (none) and full() allows.
    void reserve(const std::string& key, const Fingerprint& fp);
    // The reserved key's request has an outcome: from now on it is replayed.
    void complete(const std::string& key, StoredResponse response);
    // The reserved key's request was not executed: the key is free again.
    void release(const std::string& key);
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        Fingerprint fingerprint;
        bool complete = false;
        StoredResponse response;
    };
    std::size_t keys_max_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace seat::psp
