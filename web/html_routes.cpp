#include "web/html_routes.hpp"

#include "web/api.hpp"

namespace rw::web {

void
register_pages(Router& router)
{
  router.add(RouteKind::html, "/report/{quarter}", report_html);
  // The pages of web/pages.hpp go here, one line each, e.g.
  //   add_page(router, "/", overview_page);
  //   add_page(router, "/corridors/{corridor}", corridor_page);
}

} // namespace rw::web
