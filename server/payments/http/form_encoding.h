// application/x-www-form-urlencoded bodies and URL query values: the one
// encoding both need. Every byte but RFC 3986's unreserved characters
// (letters, digits, "-._~") becomes %XX (upper-case hex), a space included,
// so a value with "&", "=", "+", "[" or non-ASCII bytes reads back exactly as
// it was; a form decoder reads "%20" as a space like "+".
#pragma once

#include <string>
#include <string_view>

namespace seat::payments::http {

std::string percent_encode(std::string_view text);

// name=value pairs joined with "&", each side percent-encoded.
class FormBody {
  public:
    void add(std::string_view name, std::string_view value);
    const std::string& text() const { return text_; }

  private:
    std::string text_;
};

}  // namespace seat::payments::http
