#pragma once

// The JSON API under {base}/api/v1 (docs/api.md, docs/openapi.yaml).

#include "web/router.hpp"

namespace rw::web {

void register_api(Router& router);

// GET {base}/report/{quarter}[?amount=]: the report's HTML, the same that
// `remitwatch report --quarter Q --format html` writes.
util::Expected<Reply> report_html(const Request& request, store::Database& database, const Site& site);

} // namespace rw::web
