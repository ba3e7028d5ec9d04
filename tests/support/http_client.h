// A blocking HTTP/1.1 client for tests, on Boost.Beast: one keep-alive
// connection to a loopback port, reopened when the server closed it. Every step
// is bounded by the client's timeout, and a response that does not arrive — the
// connection closed, or the time ran out — is reported as such, which is what
// fault tests look for. Headers set with set_header() go with every request
// (the Authorization, typically). Not thread-safe: one thread per client.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace seat::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
    bool received = false;   // a whole response arrived
    bool timed_out = false;  // the client's timeout ran out first
    bool closed = false;     // the server closed the connection first
    std::string error;       // why nothing was received
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The header's value, "" when absent; `name` in any case.
    std::string header(const std::string& name) const;
};

class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

    void set_header(std::string name, std::string value);
    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

    HttpResponse get(const std::string& target, const HttpHeaders& headers = {});
    // A form body (Content-Type: application/x-www-form-urlencoded).
    HttpResponse post(const std::string& target, const std::string& body,
                      const HttpHeaders& headers = {});
    HttpResponse request(boost::beast::http::verb method, const std::string& target,
                         const std::string& body, const HttpHeaders& headers);

    // The two halves of request(), for tests that keep requests in flight.
    bool send(boost::beast::http::verb method, const std::string& target, const std::string& body,
              const HttpHeaders& headers);
    HttpResponse receive();

    // Bytes as they are, on the current connection (opened if need be).
    bool send_raw(const std::string& bytes);
    // True when the server closes the connection within `within` (without
    // sending anything more than what is discarded).
    bool closed_by_server(std::chrono::milliseconds within);
    bool connected() const { return stream_.socket().is_open(); }
    void disconnect();

  private:
    bool ensure_connected(std::string& error);
    // Runs the io_context until the operation started before it completes.
    void run();

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    HttpHeaders defaults_;
    boost::asio::io_context io_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    bool last_was_head_ = false;
};

}  // namespace seat::testing
