#pragma once

// The server's routes and every rule of an answer that does not depend on
// the HTTP library: the base path, refused paths, GET and HEAD only, the
// store opened for reading per request (one read transaction), errors as
// JSON (or a small HTML page), ETag and If-None-Match, Cache-Control and the
// security headers. web/server wraps cpp-httplib around Router::handle.

#include "corridors/catalogue.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rw::web {

// The API's JSON content type: exactly this, or cpp-httplib will not compress it.
inline constexpr const char* k_json_content_type = "application/json";

// What every handler reads besides its request.
struct Site
{
  // Opens the store for reading (app's open_store_for_reading): called once
  // per request, so that new imports are seen without a restart.
  std::function<util::Expected<store::Database>()> open_database;
  corridors::Catalogue catalogue;
  std::string base_path;               // "" or "/remitwatch": no trailing slash
  std::string version;                 // remitwatch's version, printed in reports
  std::function<std::string()> now;    // "2025-01-15T12:00:00Z"
  // Details of failures the answer leaves out (SQL, paths): the server's log.
  std::function<void(const std::string&)> log_error;
  // A token that changes whenever the stored data may have (app: the
  // database file's and its WAL's size and modification time). While it stays
  // the same, an answer is kept and sent again without reading the store; an
  // empty function or token: nothing is kept.
  std::function<std::string()> data_version;
};

// One request as a handler sees it.
struct Request
{
  std::string path;                                   // decoded, below the base path: "/api/v1/health"
  std::map<std::string, std::string> query;           // the first value of each name
  std::map<std::string, std::string> params;          // the route's {name} segments
  std::string base_path;                              // as Site::base_path
};

// A handler's answer: 200 with this body.
struct Reply
{
  std::string body;
  std::string content_type; // "application/json", "text/html; charset=utf-8"
  std::string filename;     // "remitwatch-KEN-UGA.csv": sent as Content-Disposition when not empty
};

enum class RouteKind { json, html };

using Handler = std::function<util::Expected<Reply>(const Request&, store::Database&, const Site&)>;

// What the HTTP library parsed.
struct Incoming
{
  std::string method;
  std::string target; // as sent: "/remitwatch/api/v1/corridors?sender=KEN"
  std::string path;   // decoded, without the query
  std::map<std::string, std::string> query;
  std::string if_none_match;
};

struct Outgoing
{
  int status = 200;
  std::string content_type; // "" for 304
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body; // left out of the wire for HEAD by the library
};

class Router
{
public:
  // A route: "/api/v1/corridors/{corridor}/series"; a {name} segment matches
  // one non-empty segment.
  void add(RouteKind kind, std::string pattern, Handler handler);

  Outgoing handle(const Incoming& incoming, const Site& site) const;

private:
  struct Route
  {
    RouteKind kind;
    std::vector<std::string> segments;
    Handler handler;
  };
  const Route* match(const std::string& path, std::map<std::string, std::string>& params) const;
  Outgoing run(const Route& route, const Request& request, const Incoming& incoming, const Site& site) const;
  Outgoing read(const Route& route, const Request& request, const Incoming& incoming, const Site& site) const;

  // The answers kept for the current data version, by request target.
  class Kept;
  std::vector<Route> m_routes;
  std::shared_ptr<Kept> m_kept;
};

// An error answer: {"error":{"code":404,"message":"…"}} for JSON routes (and
// for paths that match no route under /api/), a short HTML page otherwise.
Outgoing error_answer(RouteKind kind, int status, const std::string& message);

// Why a raw request target is refused ("" when it is not): "..", "." or
// empty segments, encoded dots, slashes, backslashes or NULs.
std::string refused_target(const std::string& target);

// The HTTP status of an error a handler returned: not_found 404,
// invalid_argument and parse 400, anything else 500 (its message logged, not
// shown).
int status_for(util::ErrorKind kind);

} // namespace rw::web
