// The payload's length is fixed by its key id length byte, so parsing demands
// exactly that many bytes: nothing may trail the key id, and the signature is
// exactly 64 bytes.
#include "tickets/ed25519_code.h"

#include <algorithm>

namespace seat::tickets {

Bytes ed25519_payload(const TicketClaims& claims, std::string_view key_id) {
    Bytes payload(claims.ticket_id.begin(), claims.ticket_id.end());
    payload.reserve(kEd25519PayloadFixedBytes + key_id.size());
    put_big_endian(payload, claims.event_id);
    put_big_endian(payload, static_cast<std::uint64_t>(claims.issued_at_ms));
    put_big_endian(payload, claims.version);
    put_big_endian(payload, static_cast<std::uint8_t>(key_id.size()));
    payload.insert(payload.end(), key_id.begin(), key_id.end());
    return payload;
}

Bytes ed25519_message(std::span<const std::uint8_t> payload) {
    Bytes message(kEd25519Domain.size() + payload.size());
    const auto after_domain =
        std::copy(kEd25519Domain.begin(), kEd25519Domain.end(), message.begin());
    std::copy(payload.begin(), payload.end(), after_domain);
    return message;
}

std::string ed25519_code(std::span<const std::uint8_t> payload, const Ed25519Signature& signature) {
    std::string code(kEd25519CodePrefix);
    code += base64url_encode(payload);
    code += '.';
    code += base64url_encode(signature);
    return code;
}

std::optional<Ed25519Code> parse_ed25519_code(std::string_view code) {
    if (code.size() > kEd25519CodeBytesMax || !is_ed25519_code(code)) return std::nullopt;
    code.remove_prefix(kEd25519CodePrefix.size());
    const std::size_t dot = code.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto payload = base64url_decode(code.substr(0, dot));
    const auto signature = base64url_decode(code.substr(dot + 1));
    if (!payload || !signature || signature->size() != kEd25519SignatureBytes) return std::nullopt;
    const Bytes& p = *payload;
    if (p.size() < kEd25519PayloadFixedBytes) return std::nullopt;
    const std::size_t key_id_bytes = p[kEd25519PayloadFixedBytes - 1];
    if (p.size() != kEd25519PayloadFixedBytes + key_id_bytes) return std::nullopt;

    Ed25519Code out;
    std::copy_n(p.begin(), kTicketIdBytes, out.claims.ticket_id.begin());
    const std::uint8_t* at = p.data() + kTicketIdBytes;
    out.claims.event_id = get_big_endian<std::uint64_t>(at);
    out.claims.issued_at_ms = static_cast<std::int64_t>(get_big_endian<std::uint64_t>(at + 8));
    out.claims.version = get_big_endian<std::uint32_t>(at + 16);
    out.key_id.assign(p.begin() + kEd25519PayloadFixedBytes, p.end());
    if (!claims_are_valid(out.claims) || !is_valid_key_id(out.key_id)) return std::nullopt;
    std::copy(signature->begin(), signature->end(), out.signature.begin());
    out.payload = std::move(*payload);
    return out;
}

}  // namespace seat::tickets
