#pragma once

#include "util/error.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace rw::net {

struct HttpRequest
{
  std::string url;
  std::string method = "GET"; // GET or POST
  std::string body;           // POST body
  std::vector<std::string> headers; // "Name: value"
  // Conditional GET: a 304 answer means "unchanged since".
  std::string if_none_match;
  std::string if_modified_since;
  // The largest body accepted; 0: HttpOptions::max_response_bytes.
  size_t max_bytes = 0;
};

struct HttpResponse
{
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers; // names lower-cased
  int attempts = 0;
  // The URL that answered, after any redirects (the request's URL when there
  // were none): what a record of the response names.
  std::string effective_url;
};

struct HttpOptions
{
  size_t max_concurrency = 8;
  size_t max_per_host = 2;
  std::chrono::milliseconds min_interval_per_host{0}; // between request starts to one host
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  int max_attempts = 4;                         // first try + retries
  std::chrono::milliseconds backoff_base{500};  // doubled each retry, with jitter
  std::chrono::milliseconds max_retry_after{60'000};
  size_t max_response_bytes = 64u << 20;
  std::string user_agent; // default "remitwatch/<version>"
};

// HTTP over libcurl's multi interface (libcurl is wrapped here once): bounded
// concurrency overall and per host, a minimum interval per host, timeouts,
// retries with exponential backoff and jitter on network errors, 5xx and 429
// (honouring Retry-After), a response size limit, compressed responses,
// proxies from the environment, TLS verification always on. Errors name the
// URL (credentials redacted) and the reason; 4xx answers other than 429 are
// responses, not errors.
class HttpClient
{
public:
  explicit HttpClient(HttpOptions options = {});
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  ~HttpClient();

  // Runs every request; results in the order of the requests.
  std::vector<util::Expected<HttpResponse>> fetch(const std::vector<HttpRequest>& requests);

private:
  HttpOptions m_options;
};

// One e-mail over SMTP (libcurl). `url` is smtp://host[:port] or
// smtps://host[:port]; smtp:// upgrades with STARTTLS, required unless the
// host is a loopback address (a local relay or a test sink). Credentials come
// from the caller (the environment), never from files; errors name the URL
// redacted, never the credentials.
struct MailMessage
{
  std::string url;
  std::string username, password; // empty: no authentication
  std::string from;
  std::vector<std::string> to;
  std::string subject;
  std::string body; // plain text, UTF-8
};

struct MailOptions
{
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  int max_attempts = 3;
  std::chrono::milliseconds backoff_base{500};
};

util::Expected<void> send_mail(const MailMessage& message, const MailOptions& options = {});

// The URL without user:password@ and with the values of query parameters
// named like secrets (key, token, password, secret, signature) replaced.
std::string redact_url(const std::string& url);

} // namespace rw::net
