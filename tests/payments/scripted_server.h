// A tiny HTTP/1.1 server (Boost.Beast, plain or TLS) on a loopback ephemeral
// port, on its own thread, that answers each request with what the test's
// script says: a status and a body, after a delay, or no answer at all. It
// records every request it read, so tests check exactly what the adapter
// sent. For the adapter's HTTP formatting and failure handling; the real
// simulator (seat-psp) is tested against in psp_test.cc.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace seat::payments::testing {

struct SeenRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    int connection = 0;       // 1, 2, ... in the order connections were accepted
    std::string server_name;  // TLS: the SNI the client sent
};

struct Reply {
    unsigned status = 200;
    std::string body = "{}";
    std::chrono::milliseconds delay{0};
    bool no_answer = false;         // close the connection instead of answering
    bool close_silently = false;    // answer as kept alive, then close the connection
    bool connection_close = false;  // answer with "Connection: close"
};

// A certificate and its key (PEM), self-signed, for the given subject
// alternative names ("DNS:localhost,IP:127.0.0.1").
struct TestCertificate {
    std::string certificate_pem;
    std::string key_pem;
};
TestCertificate make_test_certificate(const std::string& subject_alt_names);

class ScriptedServer {
  public:
    using Script = std::function<Reply(const SeenRequest&)>;

    // TLS when `certificate` is given.
    explicit ScriptedServer(Script script, const TestCertificate* certificate = nullptr);
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    int port() const;
    std::string url() const;  // http://127.0.0.1:PORT
    std::vector<SeenRequest> requests() const;
    int connections() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Accepts connections and never reads or writes: a peer that hangs.
class SilentServer {
  public:
    SilentServer();
    ~SilentServer();
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace seat::payments::testing
