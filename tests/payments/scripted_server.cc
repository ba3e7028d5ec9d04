// The scripted HTTP server of the payment tests (scripted_server.h): one
// coroutine per connection on the server's own thread.
#include "tests/payments/scripted_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <thread>

namespace seat::payments::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

std::string to_pem(int (*write)(BIO*, void*), void* object) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio, object);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
}

int write_certificate(BIO* bio, void* x) {
    return PEM_write_bio_X509(bio, static_cast<X509*>(x));
}
int write_key(BIO* bio, void* k) {
    return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr,
                                    nullptr);
}

}  // namespace

TestCertificate make_test_certificate(const std::string& subject_alt_names) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), static_cast<long>(std::time(nullptr)));
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("seatd payments test"), -1,
                               -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (const auto& [nid, value] :
         {std::pair{NID_subject_alt_name, subject_alt_names}, {NID_basic_constraints, "CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    TestCertificate out{to_pem(write_certificate, x), to_pem(write_key, key)};
    X509_free(x);
    EVP_PKEY_free(key);
    return out;
}

struct ScriptedServer::Impl {
    Impl(Script s, const TestCertificate* certificate)
        : script(std::move(s)), acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
        if (certificate) {
            tls.emplace(asio::ssl::context::tls_server);
            tls->use_certificate_chain(asio::buffer(certificate->certificate_pem));
            tls->use_private_key(asio::buffer(certificate->key_pem), asio::ssl::context::pem);
        }
        asio::co_spawn(io, accept(), asio::detached);
        thread = std::thread([this] { io.run(); });
    }

    asio::awaitable<void> accept() {
        for (;;) {
            tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
            int number;
            {
                std::lock_guard lock(mutex);
                number = ++accepted;
            }
            if (tls) {
                asio::co_spawn(io, serve_tls(std::move(socket), number), asio::detached);
            } else {
                asio::co_spawn(io, serve(beast::tcp_stream(std::move(socket)), number, ""),
                               asio::detached);
            }
        }
    }

    asio::awaitable<void> serve_tls(tcp::socket socket, int number) {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
        co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
        const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        co_await serve(std::move(stream), number, sni ? sni : "");
    }

    template <class Stream>
    asio::awaitable<void> serve(Stream stream, int number, std::string server_name) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> request;
            co_await http::async_read(stream, buffer, request, asio::use_awaitable);
            SeenRequest seen{std::string(request.method_string()),
                             std::string(request.target()),
                             {},
                             request.body(),
                             number,
                             server_name};
            for (const auto& field : request) {
                std::string key(field.name_string());
                for (char& c : key)
                    c = static_cast<char>(std::tolower(c));
                seen.headers[key] = std::string(field.value());
            }
            {
                std::lock_guard lock(mutex);
                seen_requests.push_back(seen);
            }
            const Reply reply = script(seen);
            if (reply.delay.count() > 0) {
                asio::steady_timer timer(io, reply.delay);
                co_await timer.async_wait(asio::use_awaitable);
            }
            if (reply.no_answer) co_return;  // the stream closes as it goes
            http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
            response.set(http::field::content_type, "application/json");
            response.body() = reply.body;
            response.keep_alive(!reply.connection_close);
            response.prepare_payload();
            co_await http::async_write(stream, response, asio::use_awaitable);
            if (reply.connection_close || reply.close_silently) co_return;
        }
    }

    Script script;
    // Before io: the connections' streams, destroyed with io, use it.
    std::optional<asio::ssl::context> tls;
    asio::io_context io;
    tcp::acceptor acceptor;
    mutable std::mutex mutex;
    std::vector<SeenRequest> seen_requests;
    int accepted = 0;
    std::thread thread;
};

ScriptedServer::ScriptedServer(Script script, const TestCertificate* certificate)
    : impl_(std::make_unique<Impl>(std::move(script), certificate)) {}

ScriptedServer::~ScriptedServer() {
    impl_->io.stop();
    impl_->thread.join();
}

int ScriptedServer::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::string ScriptedServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<SeenRequest> ScriptedServer::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen_requests;
}

int ScriptedServer::connections() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

SilentServer::SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("SilentServer: cannot listen on the loopback");
    port_ = ntohs(addr.sin_port);
}

SilentServer::~SilentServer() {
    ::close(fd_);
}

}  // namespace seat::payments::testing
