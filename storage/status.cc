// Text form of a storage Status, for logs and test failures.
#include "storage/status.h"

namespace seat::storage {

std::string Status::to_string() const {
    switch (code_) {
        case Code::ok:
            return "OK";
        case Code::io_error:
            return "IO error: " + message_;
        case Code::corruption:
            return "Corruption: " + message_;
        case Code::invalid:
            return "Invalid: " + message_;
    }
    return "unknown status: " + message_;
}

}  // namespace seat::storage
