// A throwaway public key infrastructure for TLS tests: a CA (EC P-256, valid
// for a day) and the server certificates it signs, written as PEM files to a
// temporary directory that the destructor removes. Made with OpenSSL's C API,
// so the tests need no `openssl` program. Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace seat::testing {

class TestPki {
  public:
    // A new CA whose certificate's subject is CN=`ca_name`.
    explicit TestPki(const std::string& ca_name = "seatd test CA");
    ~TestPki();
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    struct Issued {
        std::filesystem::path cert;  // PEM: the certificate alone (the CA is the client's)
        std::filesystem::path key;   // PEM: its private key, unencrypted, mode 0600
    };
    // A server certificate for CN=`common_name`, its subjectAltName listing
    // `dns_names` and `ip_addresses`, signed by this CA. `file_stem` names the files.
    Issued issue(const std::string& file_stem, const std::string& common_name,
                 const std::vector<std::string>& dns_names,
                 const std::vector<std::string>& ip_addresses);
    // For 127.0.0.1 and localhost, the names seatd's tests connect to.
    Issued issue_loopback(const std::string& file_stem = "server");
    // `key` written again, encrypted (AES-256-CBC) with `passphrase`; the new file's path.
    std::filesystem::path encrypted_copy(const std::filesystem::path& key,
                                         const std::string& passphrase);

    const std::filesystem::path& ca_file() const { return ca_file_; }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    struct Keys;
    std::unique_ptr<Keys> keys_;
    std::filesystem::path dir_;
    std::filesystem::path ca_file_;
    long next_serial_ = 2;
};

}  // namespace seat::testing
