// What the HTTP side's router is handed and answers. A body is a view of bytes
// that `keep` (a rendered seat map, a static page) or `owned` keeps alive until
// the answer is written, so serving a 2 MB seat map copies nothing.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seat::server::http {

struct Request {
    std::string method;  // "GET", "HEAD", ...
    std::string target;  // the path and query as sent
    std::string if_none_match;
    std::string accept_encoding;
    std::string authorization;
    std::string body;  // at most kHttpBodyBytesMax
};

struct Response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string owned;                 // the body, when the answer made it
    std::shared_ptr<const void> keep;  // or what keeps `body` alive
    std::string_view body;             // set by answer(); views owned or kept bytes

    // A body of its own.
    static Response text(unsigned status, std::string body,
                         std::string content_type = "text/plain; charset=utf-8");
    // A JSON error: {"error": "<code>", "message": "..."}.
    static Response error(unsigned status, std::string_view code, std::string_view message);
};

// Called once, on any thread.
using Done = std::function<void(Response)>;

}  // namespace seat::server::http
