#include "web/html_routes.hpp"

#include "web/api.hpp"
#include "web/pages.hpp"

namespace rw::web {

void
register_pages(Router& router)
{
  router.add(RouteKind::html, "/report/{quarter}", report_html);
  add_page(router, "/", overview_page);
  add_page(router, "/corridors", corridors_page);
  add_page(router, "/corridors/{corridor}", corridor_page);
  add_page(router, "/alerts", alerts_page);
  add_page(router, "/status", status_page);
}

} // namespace rw::web
