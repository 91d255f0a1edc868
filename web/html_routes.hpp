#pragma once

// The HTML pages' routes. A page is a function of the store, the catalogue
// and a page request (its base path and query), or of a corridor too:
//   util::Expected<std::string> page(store::Database&, const corridors::Catalogue&, const PageRequest&);
//   util::Expected<std::string> page(store::Database&, const corridors::Catalogue&,
//                                    const corridors::CorridorKey&, const PageRequest&);
// where PageRequest is an aggregate {std::string base_path; std::map<std::string, std::string> query;}.
// add_page() wires either shape in one line; a page's not_found error answers
// 404, invalid_argument 400 (web/router).

#include "corridors/model.hpp"
#include "datasets/corridor_view.hpp"
#include "web/router.hpp"

#include <string>

namespace rw::web {

template<typename PageRequest>
void
add_page(Router& router,
         std::string pattern,
         util::Expected<std::string> (*page)(store::Database&, const corridors::Catalogue&, const PageRequest&))
{
  router.add(RouteKind::html, std::move(pattern),
             [page](const Request& request, store::Database& database, const Site& site) -> util::Expected<Reply> {
               auto html = page(database, site.catalogue, PageRequest{request.base_path, request.query});
               if (!html) {
                 return std::unexpected(html.error());
               }
               return Reply{std::move(*html), "text/html; charset=utf-8", {}};
             });
}

// A corridor's page: the pattern has a {corridor} segment ("KEN-UGA"), checked
// against the catalogue (404 naming it when unknown) before the page runs.
template<typename PageRequest>
void
add_page(Router& router,
         std::string pattern,
         util::Expected<std::string> (*page)(store::Database&,
                                             const corridors::Catalogue&,
                                             const corridors::CorridorKey&,
                                             const PageRequest&))
{
  router.add(RouteKind::html, std::move(pattern),
             [page](const Request& request, store::Database& database, const Site& site) -> util::Expected<Reply> {
               auto corridor = datasets::find_corridor(request.params.at("corridor"), site.catalogue);
               if (!corridor) {
                 return std::unexpected(corridor.error());
               }
               auto html = page(database, site.catalogue, *corridor, PageRequest{request.base_path, request.query});
               if (!html) {
                 return std::unexpected(html.error());
               }
               return Reply{std::move(*html), "text/html; charset=utf-8", {}};
             });
}

// Every HTML route: the quarterly report (GET {base}/report/{quarter}) and the
// pages, one add_page() line each.
void register_pages(Router& router);

} // namespace rw::web
