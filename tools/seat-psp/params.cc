// Each reader walks the form once, routing every pair to its field and refusing
// what is unknown or repeated, then checks what is required. Messages use the
// provider's wording ("Missing required param: amount.") where it has one.
#include "tools/seat-psp/params.h"

#include <algorithm>
#include <set>

#include "tools/seat-psp/limits.h"
#include "tools/seat-psp/search_query.h"
#include "tools/seat-psp/test_accounts.h"

namespace seat::psp {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A positive amount in minor units, kAmountMin..kAmountMax.
std::optional<ApiError> read_amount(std::string_view param, std::string_view text,
                                    std::int64_t& out) {
    if (!all_digits(text))
        return param_error(param, "parameter_invalid_integer",
                           "Invalid integer: " + std::string(text.substr(0, 40)));
    if (text.size() > kAmountDigitsMax)
        return param_error(param, "amount_too_large",
                           "Amount must be no more than " + std::to_string(kAmountMax) + ".");
    out = std::stoll(std::string(text));
    if (out < kAmountMin)
        return param_error(param, "amount_too_small",
                           "Amount must be at least " + std::to_string(kAmountMin) + ".");
    if (out > kAmountMax)
        return param_error(param, "amount_too_large",
                           "Amount must be no more than " + std::to_string(kAmountMax) + ".");
    return std::nullopt;
}

bool lowercase_currency(std::string_view s) {
    return s.size() == kCurrencyBytes &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::optional<ApiError> read_currency(const std::string* currency, std::string& out) {
    if (!currency) return missing_param("currency");
    if (!lowercase_currency(*currency))
        return param_error("currency", "",
                           "Invalid currency: '" + currency->substr(0, 40) +
                               "'. Send an ISO 4217 code in three lowercase letters.");
    out = *currency;
    return std::nullopt;
}

// Refuses a name seen before in this form.
class Seen {
  public:
    std::optional<ApiError> first(const std::string& name) {
        if (names_.insert(name).second) return std::nullopt;
        return param_error(name, "", "Received the parameter " + name + " more than once.");
    }

  private:
    std::set<std::string> names_;
};

// metadata[KEY]=VALUE: the key between the brackets, without brackets of its own.
std::optional<ApiError> read_metadata(const FormParam& p, Metadata& out, std::size_t& keys) {
    const std::string_view name = p.name;
    const std::string_view key = name.substr(9, name.size() - 10);  // inside "metadata[" and "]"
    if (key.empty() || key.find_first_of("[]") != std::string_view::npos)
        return param_error("metadata", "",
                           "Invalid metadata: send each entry as metadata[KEY]=VALUE with a "
                           "non-empty KEY without brackets.");
    if (key.size() > kMetadataKeyBytesMax)
        return param_error(p.name, "",
                           "Metadata keys can have up to " + std::to_string(kMetadataKeyBytesMax) +
                               " characters.");
    if (p.value.size() > kMetadataValueBytesMax)
        return param_error(p.name, "",
                           "Metadata values can have up to " +
                               std::to_string(kMetadataValueBytesMax) + " characters.");
    if (++keys > kMetadataKeysMax)
        return param_error(
            "metadata", "",
            "Metadata can have up to " + std::to_string(kMetadataKeysMax) + " keys.");
    // An empty value unsets a key at the provider, so on a new intent it sets nothing.
    if (!p.value.empty()) out.emplace_back(std::string(key), p.value);
    return std::nullopt;
}

bool is_metadata(std::string_view name) {
    return name.starts_with("metadata[") && name.ends_with("]") && name.size() >= 10;
}

}  // namespace

std::optional<ApiError> read_create_intent(const Form& form, CreateIntent& out) {
    out = CreateIntent{};
    Seen seen;
    const std::string* amount = nullptr;
    const std::string* currency = nullptr;
    const std::string* method = nullptr;
    const std::string* confirm = nullptr;
    std::size_t metadata_keys = 0;
    for (const FormParam& p : form) {
        if (auto e = seen.first(p.name)) return e;
        if (p.name == "amount") {
            amount = &p.value;
        } else if (p.name == "currency") {
            currency = &p.value;
        } else if (p.name == "payment_method") {
            method = &p.value;
        } else if (p.name == "confirm") {
            confirm = &p.value;
        } else if (p.name == "metadata" || p.name.starts_with("metadata[")) {
            if (!is_metadata(p.name))
                return param_error("metadata", "",
                                   "Invalid metadata: send each entry as metadata[KEY]=VALUE.");
            if (auto e = read_metadata(p, out.metadata, metadata_keys)) return e;
        } else {
            return unknown_param(p.name);
        }
    }
    if (!amount) return missing_param("amount");
    if (auto e = read_amount("amount", *amount, out.amount)) return e;
    if (auto e = read_currency(currency, out.currency)) return e;
    if (!method) return missing_param("payment_method");
    out.card = find_test_card(*method);
    if (!out.card)
        return param_error("payment_method", "resource_missing",
                           "No such PaymentMethod: '" + method->substr(0, 64) + "'");
    if (!confirm) return missing_param("confirm");
    if (*confirm != "true")
        return param_error("confirm", "",
                           "Only confirm=true is supported: the intent is created and confirmed "
                           "in one request.");
    return std::nullopt;
}

std::optional<ApiError> read_create_refund(const Form& form, CreateRefund& out) {
    out = CreateRefund{};
    Seen seen;
    const std::string* amount = nullptr;
    bool has_intent = false;
    for (const FormParam& p : form) {
        if (auto e = seen.first(p.name)) return e;
        if (p.name == "payment_intent") {
            out.payment_intent = p.value;
            has_intent = true;
        } else if (p.name == "amount") {
            amount = &p.value;
        } else {
            return unknown_param(p.name);
        }
    }
    if (!has_intent) return missing_param("payment_intent");
    if (out.payment_intent.empty())
        return param_error("payment_intent", "parameter_invalid_empty",
                           "You passed an empty string for 'payment_intent'.");
    if (amount) {
        std::int64_t value = 0;
        if (auto e = read_amount("amount", *amount, value)) return e;
        out.amount = value;
    }
    return std::nullopt;
}

std::optional<ApiError> read_create_transfer(const Form& form, CreateTransfer& out) {
    out = CreateTransfer{};
    Seen seen;
    const std::string* amount = nullptr;
    const std::string* currency = nullptr;
    const std::string* destination = nullptr;
    std::size_t metadata_keys = 0;
    for (const FormParam& p : form) {
        if (auto e = seen.first(p.name)) return e;
        if (p.name == "amount") {
            amount = &p.value;
        } else if (p.name == "currency") {
            currency = &p.value;
        } else if (p.name == "destination") {
            destination = &p.value;
        } else if (p.name == "metadata" || p.name.starts_with("metadata[")) {
            if (!is_metadata(p.name))
                return param_error("metadata", "",
                                   "Invalid metadata: send each entry as metadata[KEY]=VALUE.");
            if (auto e = read_metadata(p, out.metadata, metadata_keys)) return e;
        } else {
            return unknown_param(p.name);
        }
    }
    if (!amount) return missing_param("amount");
    if (auto e = read_amount("amount", *amount, out.amount)) return e;
    if (auto e = read_currency(currency, out.currency)) return e;
    if (!destination) return missing_param("destination");
    if (destination->empty())
        return param_error("destination", "parameter_invalid_empty",
                           "You passed an empty string for 'destination'.");
    if (!is_account_id(*destination))
        return param_error("destination", "",
                           "Invalid destination: '" + destination->substr(0, 80) +
                               "'. Send a connected account id: acct_ and 1 to " +
                               std::to_string(kAccountIdCharsMax) +
                               " letters, digits or underscores.");
    out.destination = *destination;
    return std::nullopt;
}

std::optional<ApiError> read_search(const Form& query, SearchIntents& out) {
    out = SearchIntents{};
    out.limit = kSearchLimitMax;
    Seen seen;
    const std::string* text = nullptr;
    for (const FormParam& p : query) {
        if (auto e = seen.first(p.name)) return e;
        if (p.name == "query") {
            text = &p.value;
        } else if (p.name == "limit") {
            if (!all_digits(p.value) || p.value.size() > 3 || std::stoul(p.value) < 1 ||
                std::stoul(p.value) > kSearchLimitMax)
                return param_error(
                    "limit", "",
                    "Invalid limit: an integer from 1 to " + std::to_string(kSearchLimitMax) + ".");
            out.limit = std::stoul(p.value);
        } else {
            return unknown_param(p.name);
        }
    }
    if (!text) return missing_param("query");
    MetadataClause clause;
    std::string error;
    if (!parse_metadata_query(*text, clause, error)) return param_error("query", "", error);
    if (clause.key.size() > kMetadataKeyBytesMax || clause.value.size() > kMetadataValueBytesMax)
        return param_error("query", "",
                           "Invalid search query: the key or value is longer than metadata "
                           "allows.");
    out.key = std::move(clause.key);
    out.value = std::move(clause.value);
    return std::nullopt;
}

std::optional<ApiError> read_no_params(const Form& query) {
    if (!query.empty()) return unknown_param(query.front().name);
    return std::nullopt;
}

}  // namespace seat::psp
