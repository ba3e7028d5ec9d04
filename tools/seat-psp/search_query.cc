// A cursor over the query text; each step consumes an exact token or a quoted string.
#include "tools/seat-psp/search_query.h"

namespace seat::psp {
namespace {

bool consume(std::string_view& rest, std::string_view token) {
    if (!rest.starts_with(token)) return false;
    rest.remove_prefix(token.size());
    return true;
}

// 'text' with \' and \\ escapes; false when unterminated or with another escape.
bool quoted(std::string_view& rest, std::string& out) {
    if (!consume(rest, "'")) return false;
    out.clear();
    while (!rest.empty()) {
        const char c = rest.front();
        rest.remove_prefix(1);
        if (c == '\'') return true;
        if (c == '\\') {
            if (rest.empty() || (rest.front() != '\'' && rest.front() != '\\')) return false;
            out.push_back(rest.front());
            rest.remove_prefix(1);
        } else {
            out.push_back(c);
        }
    }
    return false;
}

}  // namespace

bool parse_metadata_query(std::string_view query, MetadataClause& out, std::string& error) {
    std::string_view rest = query;
    const bool ok = consume(rest, "metadata[") && quoted(rest, out.key) && consume(rest, "]:") &&
                    quoted(rest, out.value) && rest.empty();
    if (!ok) {
        error =
            "Invalid search query: only metadata['KEY']:'VALUE' is supported (quotes inside "
            "escaped as \\').";
        return false;
    }
    if (out.key.empty()) {
        error = "Invalid search query: the metadata key is empty.";
        return false;
    }
    return true;
}

}  // namespace seat::psp
