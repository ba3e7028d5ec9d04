// The key is read here with a password callback that refuses, so an encrypted
// key fails at start instead of OpenSSL prompting on a terminal that a service
// does not have; it is compared with the chain's first certificate before
// OpenSSL is given it, so that a mismatch is reported as one.
#include "server/net/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace seat::server {
namespace {

namespace asio = boost::asio;

// The first error in OpenSSL's queue is the cause; what follows is context.
std::string openssl_reason() {
    const unsigned long e = ERR_peek_error();
    std::string reason = "no reason given";
    if (e != 0) {
        const char* r = ERR_reason_error_string(e);
        reason = r != nullptr ? r : "error " + std::to_string(e);
    }
    ERR_clear_error();
    return reason;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};

bool readable(const std::filesystem::path& file, const char* flag, std::string& error) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    if (f == nullptr) {
        error =
            std::string("cannot read ") + flag + " " + file.string() + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

// Never asks for a passphrase: an encrypted key is refused.
int no_passphrase(char*, int, int, void*) {
    return 0;
}

std::unique_ptr<EVP_PKEY, KeyFree> read_key(const std::filesystem::path& file, std::string& error) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    EVP_PKEY* key =
        f == nullptr ? nullptr : PEM_read_PrivateKey(f.get(), nullptr, no_passphrase, nullptr);
    if (key == nullptr) {
        error = "--tls-key " + file.string() +
                " is not an unencrypted PEM private key (OpenSSL: " + openssl_reason() + ")";
    }
    return std::unique_ptr<EVP_PKEY, KeyFree>(key);
}

std::string time_text(const ASN1_TIME* t) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (bio == nullptr || ASN1_TIME_print(bio.get(), t) != 1) return "?";
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string describe(X509* cert) {
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    const ASN1_TIME* not_after = X509_get0_notAfter(cert);
    std::string about =
        std::string("certificate ") + subject + ", valid until " + time_text(not_after);
    if (X509_cmp_current_time(not_after) < 0) about += " (EXPIRED: clients will refuse it)";
    return about;
}

}  // namespace

TlsContext load_tls_context(const std::filesystem::path& cert_file,
                            const std::filesystem::path& key_file, std::string& error) {
    TlsContext out;
    if (!readable(cert_file, "--tls-cert", error) || !readable(key_file, "--tls-key", error))
        return out;
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    SSL_CTX* ctx = context->native_handle();
    SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
        error = "cannot require TLS 1.2 (OpenSSL: " + openssl_reason() + ")";
        return out;
    }
    // Renegotiation (TLS 1.2) costs the server a handshake whenever a client
    // asks; nothing here needs it.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
        error = "--tls-cert " + cert_file.string() +
                " is not a PEM certificate chain (OpenSSL: " + openssl_reason() + ")";
        return out;
    }
    const auto key = read_key(key_file, error);
    if (key == nullptr) return out;
    X509* cert = SSL_CTX_get0_certificate(ctx);
    if (cert == nullptr || X509_check_private_key(cert, key.get()) != 1) {
        ERR_clear_error();
        error = "--tls-key " + key_file.string() + " is not the key of the certificate in " +
                "--tls-cert " + cert_file.string();
        return out;
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        error =
            "cannot use --tls-key " + key_file.string() + " (OpenSSL: " + openssl_reason() + ")";
        return out;
    }
    out.about = describe(cert);
    out.context = std::move(context);
    return out;
}

}  // namespace seat::server
