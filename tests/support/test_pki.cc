// Certificates as a small CA would make them: the CA with basicConstraints
// CA:TRUE and keyCertSign, servers with CA:FALSE, serverAuth and their names in
// subjectAltName (what OpenSSL checks a host name or an IP address against).
// Any OpenSSL failure throws: a test cannot go on without its certificates.
#include "tests/support/test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace seat::testing {
namespace {

namespace fs = std::filesystem;

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* x) const { X509_free(x); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("TestPki: ") + what + " failed");
}

Key new_key() {
    Key key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    check(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
    X509_EXTENSION_free(ext);
}

// A certificate for `key` named CN=`common_name`, valid from a minute ago for
// a day; the issuer's name is set and the signature made by the caller.
Cert new_cert(EVP_PKEY* key, const std::string& common_name, long serial) {
    Cert cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial");
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) != nullptr, "notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr, "notAfter");
    check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0) == 1,
          "X509_NAME_add_entry_by_txt");
    return cert;
}

void write_cert(const fs::path& file, X509* cert) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    check(f != nullptr, "fopen (certificate)");
    const bool ok = PEM_write_X509(f, cert) == 1;
    std::fclose(f);
    check(ok, "PEM_write_X509");
}

void write_key(const fs::path& file, EVP_PKEY* key) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    check(f != nullptr, "fopen (key)");
    ::chmod(file.c_str(), 0600);
    const bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    check(ok, "PEM_write_PrivateKey");
}

}  // namespace

struct TestPki::Keys {
    Key ca_key;
    Cert ca_cert;
};

TestPki::TestPki(const std::string& ca_name) : keys_(std::make_unique<Keys>()) {
    std::string pattern = (fs::temp_directory_path() / "seatd-pki-XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    dir_ = pattern;
    keys_->ca_key = new_key();
    keys_->ca_cert = new_cert(keys_->ca_key.get(), ca_name, 1);
    X509* ca = keys_->ca_cert.get();
    check(X509_set_issuer_name(ca, X509_get_subject_name(ca)) == 1, "X509_set_issuer_name");
    add_extension(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca, ca, NID_subject_key_identifier, "hash");
    check(X509_sign(ca, keys_->ca_key.get(), EVP_sha256()) > 0, "X509_sign (CA)");
    ca_file_ = dir_ / "ca.pem";
    write_cert(ca_file_, ca);
}

TestPki::~TestPki() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

TestPki::Issued TestPki::issue(const std::string& file_stem, const std::string& common_name,
                               const std::vector<std::string>& dns_names,
                               const std::vector<std::string>& ip_addresses) {
    const Key key = new_key();
    const Cert cert = new_cert(key.get(), common_name, next_serial_++);
    X509* ca = keys_->ca_cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca)) == 1, "X509_set_issuer_name");
    std::string names;
    for (const std::string& n : dns_names)
        names += (names.empty() ? "DNS:" : ",DNS:") + n;
    for (const std::string& ip : ip_addresses)
        names += (names.empty() ? "IP:" : ",IP:") + ip;
    add_extension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), ca, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), ca, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), ca, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), ca, NID_authority_key_identifier, "keyid:always");
    if (!names.empty()) add_extension(cert.get(), ca, NID_subject_alt_name, names);
    check(X509_sign(cert.get(), keys_->ca_key.get(), EVP_sha256()) > 0, "X509_sign");
    Issued out{dir_ / (file_stem + ".pem"), dir_ / (file_stem + ".key")};
    write_cert(out.cert, cert.get());
    write_key(out.key, key.get());
    return out;
}

TestPki::Issued TestPki::issue_loopback(const std::string& file_stem) {
    return issue(file_stem, "localhost", {"localhost"}, {"127.0.0.1"});
}

fs::path TestPki::encrypted_copy(const fs::path& key, const std::string& passphrase) {
    std::FILE* in = std::fopen(key.c_str(), "rb");
    check(in != nullptr, "fopen (key to encrypt)");
    const Key k(PEM_read_PrivateKey(in, nullptr, nullptr, nullptr));
    std::fclose(in);
    check(k != nullptr, "PEM_read_PrivateKey");
    fs::path out = key;
    out += ".encrypted";
    std::FILE* f = std::fopen(out.c_str(), "wb");
    check(f != nullptr, "fopen (encrypted key)");
    const bool ok =
        PEM_write_PrivateKey(f, k.get(), EVP_aes_256_cbc(),
                             reinterpret_cast<const unsigned char*>(passphrase.data()),
                             static_cast<int>(passphrase.size()), nullptr, nullptr) == 1;
    std::fclose(f);
    check(ok, "PEM_write_PrivateKey (encrypted)");
    return out;
}

}  // namespace seat::testing
