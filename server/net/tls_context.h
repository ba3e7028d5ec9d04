// The server's TLS settings (docs/protocol.md, "TLS"): its certificate chain and
// private key from PEM files, TLS 1.2 at least, OpenSSL 3's default ciphers and
// groups, no renegotiation. Loading checks at start everything that can be
// checked before a client connects (both files readable, a chain in one and an
// unencrypted key in the other, the key the certificate's) and says what failed
// in a sentence that names the files, never what is in them.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>
#include <string>

namespace seat::server {

struct TlsContext {
    std::shared_ptr<boost::asio::ssl::context> context;
    // For the log: the certificate's subject and expiry (nothing secret).
    std::string about;
};

// Loads --tls-cert and --tls-key. On failure `context` is null and `error` says why.
TlsContext load_tls_context(const std::filesystem::path& cert_file,
                            const std::filesystem::path& key_file, std::string& error);

}  // namespace seat::server
