// The seat-map page's files (server/http/page/), compiled into seatd so the
// page is served with the binary that renders its data: nothing to deploy
// beside it. Plain HTML, CSS and JavaScript, no build step.
#pragma once

#include <string_view>

namespace seat::server::http {

struct PageAsset {
    std::string_view path;  // under /static/, e.g. "seatmap.js"
    std::string_view content_type;
    std::string_view body;
};

std::string_view page_html();
// nullptr for a name that is not one of the page's files.
const PageAsset* find_page_asset(std::string_view name);

}  // namespace seat::server::http
