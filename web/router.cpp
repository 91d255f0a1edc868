#include "web/router.hpp"

#include "reports/render.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace rw::web {

namespace {

constexpr const char* k_html = "text/html; charset=utf-8";

// JSON answers load nothing; the HTML pages are self-contained: their CSS and
// script are inline (the report's one small script sorts a table), charts are
// inline SVG, and nothing is loaded from elsewhere.
constexpr const char* k_csp_json = "default-src 'none'; frame-ancestors 'none'";
constexpr const char* k_csp_html = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' "
                                   "'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
                                   "frame-ancestors 'none'";

std::vector<std::string>
split_path(const std::string& path)
{
  std::vector<std::string> segments;
  size_t start = 1; // after the leading "/"
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

void
add_common_headers(Outgoing& out, RouteKind kind)
{
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("X-Frame-Options", "DENY");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  out.headers.emplace_back("Content-Security-Policy", kind == RouteKind::json ? k_csp_json : k_csp_html);
  out.headers.emplace_back("Vary", "Accept-Encoding");
}

// W/"…": weak, because the library may send the same content gzip- or
// brotli-encoded (nginx weakens its ETags when it compresses, for the same reason).
std::string
etag_of(const std::string& body)
{
  return "W/\"" + util::sha256_hex(body).substr(0, 32) + "\"";
}

bool
etag_matches(const std::string& if_none_match, const std::string& etag)
{
  const auto opaque = [](std::string_view tag) {
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) {
      tag.remove_prefix(1);
    }
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) {
      tag.remove_suffix(1);
    }
    if (tag.starts_with("W/")) {
      tag.remove_prefix(2);
    }
    return tag;
  };
  const std::string_view ours = opaque(etag);
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const size_t comma = std::min(rest.find(','), rest.size());
    const auto tag = opaque(rest.substr(0, comma));
    if (tag == "*" || tag == ours) {
      return true;
    }
    rest.remove_prefix(std::min(comma + 1, rest.size()));
  }
  return false;
}

// The message a reader may see: the database's path, which the store puts
// before its messages, is the operator's business.
std::string
public_message(std::string message, const std::string& database_path)
{
  const std::string prefix = database_path + ": ";
  if (!database_path.empty() && message.starts_with(prefix)) {
    message.erase(0, prefix.size());
  }
  return message;
}

// The answer to send: `full` (a 200), or 304 with its headers when the
// client holds its ETag.
Outgoing
conditional(const Outgoing& full, const Incoming& incoming)
{
  const auto etag = std::ranges::find_if(full.headers, [](const auto& h) { return h.first == "ETag"; });
  if (incoming.if_none_match.empty() || etag == full.headers.end() ||
      !etag_matches(incoming.if_none_match, etag->second)) {
    return full;
  }
  return Outgoing{.status = 304, .content_type = {}, .headers = full.headers, .body = {}};
}

} // namespace

// 200 answers for one data version. Bounded: a target that would pass the
// bounds (many distinct query strings) empties it rather than grow it. One
// request reads the store for a target at a time: the others asking for it
// meanwhile wait for its answer instead of all reading the same (on a cold
// start under load, dozens of identical reads would share two cores).
class Router::Kept
{
public:
  // The kept answer, or none, and then the caller reads the store and must
  // call keep() or done() for this target.
  std::optional<Outgoing> find_or_claim(const std::string& version, const std::string& target)
  {
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [&] { return !m_reading.contains(target); });
    if (version == m_version) {
      if (const auto it = m_answers.find(target); it != m_answers.end()) {
        return it->second;
      }
    }
    m_reading.insert(target);
    return std::nullopt;
  }

  void done(const std::string& target)
  {
    {
      const std::lock_guard lock(m_mutex);
      m_reading.erase(target);
    }
    m_done.notify_all();
  }

  void keep(const std::string& version, const std::string& target, const Outgoing& answer)
  {
    {
      const std::lock_guard lock(m_mutex);
      remember(version, target, answer);
    }
    done(target);
  }

private:
  void remember(const std::string& version, const std::string& target, const Outgoing& answer)
  {
    if (version != m_version || m_answers.size() >= k_max_answers || m_bytes + answer.body.size() > k_max_bytes) {
      m_answers.clear();
      m_bytes = 0;
      m_version = version;
    }
    if (answer.body.size() <= k_max_bytes && m_answers.emplace(target, answer).second) {
      m_bytes += answer.body.size();
    }
  }

private:
  static constexpr size_t k_max_answers = 1024;
  static constexpr size_t k_max_bytes = 64 * 1024 * 1024;
  std::mutex m_mutex;
  std::condition_variable m_done;
  std::set<std::string> m_reading; // targets a request is reading the store for
  std::string m_version;
  std::map<std::string, Outgoing> m_answers;
  size_t m_bytes = 0;
};

int
status_for(util::ErrorKind kind)
{
  switch (kind) {
  case util::ErrorKind::not_found:
    return 404;
  case util::ErrorKind::invalid_argument:
  case util::ErrorKind::parse:
    return 400;
  case util::ErrorKind::io:
  case util::ErrorKind::network:
  case util::ErrorKind::database:
    return 500;
  }
  return 500;
}

Outgoing
error_answer(RouteKind kind, int status, const std::string& message)
{
  Outgoing out;
  out.status = status;
  if (kind == RouteKind::json) {
    out.content_type = k_json_content_type;
    out.body = nlohmann::ordered_json{{"error", {{"code", status}, {"message", message}}}}.dump(2) + "\n";
  } else {
    out.content_type = k_html;
    out.body = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>"
                           "</head><body><h1>{0}</h1><p>{1}</p></body></html>\n",
                           status, reports::escape_html(message));
  }
  add_common_headers(out, kind);
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

std::string
refused_target(const std::string& target)
{
  const std::string path = util::to_lower(target.substr(0, target.find('?')));
  if (path.empty() || path.front() != '/') {
    return "the path must start with /";
  }
  for (const char* encoded : {"%2e", "%2f", "%5c", "%00"}) {
    if (path.find(encoded) != std::string::npos) {
      return fmt::format("encoded '{}' is not allowed in a path", encoded);
    }
  }
  if (path.find('\\') != std::string::npos) {
    return "a backslash is not allowed in a path";
  }
  const auto segments = split_path(path);
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i] == "." || segments[i] == "..") {
      return "'.' and '..' are not allowed in a path";
    }
    if (segments[i].empty() && i + 1 < segments.size()) {
      return "empty segments ('//') are not allowed in a path";
    }
  }
  return {};
}

void
Router::add(RouteKind kind, std::string pattern, Handler handler)
{
  if (!m_kept) {
    m_kept = std::make_shared<Kept>();
  }
  m_routes.push_back(Route{kind, split_path(pattern), std::move(handler)});
}

const Router::Route*
Router::match(const std::string& path, std::map<std::string, std::string>& params) const
{
  const auto segments = split_path(path);
  for (const auto& route : m_routes) {
    if (route.segments.size() != segments.size()) {
      continue;
    }
    params.clear();
    bool same = true;
    for (size_t i = 0; i < segments.size() && same; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        same = !segments[i].empty();
        params[want.substr(1, want.size() - 2)] = segments[i];
      } else {
        same = want == segments[i];
      }
    }
    if (same) {
      return &route;
    }
  }
  return nullptr;
}

Outgoing
Router::handle(const Incoming& incoming, const Site& site) const
{
  const RouteKind guess =
    incoming.path.find("/api/") != std::string::npos ? RouteKind::json : RouteKind::html;
  if (incoming.method != "GET" && incoming.method != "HEAD") {
    auto out = error_answer(guess, 405,
                            fmt::format("{} is not allowed: this server only answers GET and HEAD (it has no "
                                        "write endpoint)",
                                        incoming.method));
    out.headers.emplace_back("Allow", "GET, HEAD");
    return out;
  }
  if (const auto why = refused_target(incoming.target); !why.empty()) {
    return error_answer(guess, 400, fmt::format("{}: {}", incoming.path, why));
  }
  Request request{.path = {}, .query = incoming.query, .params = {}, .base_path = site.base_path};
  const auto& base = site.base_path;
  if (incoming.path == base) {
    request.path = "/";
  } else if (incoming.path.starts_with(base + "/")) {
    request.path = incoming.path.substr(base.size());
  } else {
    return error_answer(guess, 404,
                        fmt::format("{}: not here; everything this server answers is under {}/", incoming.path, base));
  }
  const Route* route = match(request.path, request.params);
  if (route == nullptr) {
    return error_answer(guess, 404,
                        fmt::format("{}: no such page or endpoint; the API is listed at {}/api/v1 (docs/api.md)",
                                    incoming.path, base));
  }
  return run(*route, request, incoming, site);
}

Outgoing
Router::run(const Route& route, const Request& request, const Incoming& incoming, const Site& site) const
{
  // Read before the store: data that change during the read are then kept
  // under the old version, never the new one.
  const std::string version = site.data_version ? site.data_version() : std::string();
  if (version.empty()) {
    return conditional(read(route, request, incoming, site), incoming);
  }
  if (auto kept = m_kept->find_or_claim(version, incoming.target)) {
    return conditional(*kept, incoming);
  }
  Outgoing out;
  try {
    out = read(route, request, incoming, site);
  } catch (...) { // the others waiting for this target must not wait for ever
    m_kept->done(incoming.target);
    throw;
  }
  if (out.status == 200) {
    m_kept->keep(version, incoming.target, out);
  } else {
    m_kept->done(incoming.target);
  }
  return conditional(out, incoming);
}

Outgoing
Router::read(const Route& route, const Request& request, const Incoming& incoming, const Site& site) const
{
  auto database = site.open_database();
  if (!database) {
    site.log_error(fmt::format("{} {}: {}", incoming.method, incoming.path, database.error().message));
    return error_answer(route.kind, 503, "the database cannot be read at the moment; try again later");
  }
  util::Expected<Reply> reply = util::make_error(util::ErrorKind::io, "not run");
  try {
    auto transaction = store::ReadTransaction::begin(*database);
    if (!transaction) {
      reply = std::unexpected(transaction.error());
    } else {
      reply = route.handler(request, *database, site);
    }
  } catch (const std::exception& e) { // a bug must not take the server down, nor show its insides
    reply = util::make_error(util::ErrorKind::io, fmt::format("unexpected exception: {}", e.what()));
  }
  if (!reply) {
    const int status = status_for(reply.error().kind);
    if (status >= 500) {
      site.log_error(fmt::format("{} {}: {}", incoming.method, incoming.path, reply.error().message));
      return error_answer(route.kind, status, "internal error; the server's log has the details");
    }
    return error_answer(route.kind, status, public_message(reply.error().message, database->path()));
  }
  Outgoing out;
  add_common_headers(out, route.kind);
  out.headers.emplace_back("Cache-Control", "no-cache"); // kept, but asked again: an import may change it
  out.headers.emplace_back("ETag", etag_of(reply->body));
  if (!reply->filename.empty()) { // named by us, never by the request: a plain name needs no escaping
    out.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", reply->filename));
  }
  out.content_type = std::move(reply->content_type);
  out.body = std::move(reply->body);
  return out;
}

} // namespace rw::web
