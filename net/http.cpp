#include "net/http.hpp"

#include "util/text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#ifndef RW_VERSION
#define RW_VERSION "dev"
#endif

namespace rw::net {

namespace {

using Clock = std::chrono::steady_clock;

struct EasyCleanup
{
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiCleanup
{
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistFree
{
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

void
global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string
host_of(const std::string& url)
{
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    authority = authority.substr(at + 1);
  }
  return util::to_lower(authority);
}

struct Transfer
{
  size_t index = 0;
  const HttpRequest* request = nullptr;
  std::string host;
  int attempts = 0;
  Clock::time_point ready{};
  std::unique_ptr<CURL, EasyCleanup> easy;
  std::unique_ptr<curl_slist, SlistFree> headers;
  HttpResponse response;
  bool oversize = false;
  size_t limit = 0;
};

size_t
on_body(char* data, size_t size, size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->limit) {
    transfer->oversize = true;
    return 0; // aborts the transfer
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t
on_header(char* data, size_t size, size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    transfer->response.headers.clear(); // a new response (redirect, 100 Continue)
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->response.headers[util::to_lower(util::trim(line.substr(0, colon)))] =
      std::string(util::trim(line.substr(colon + 1)));
  }
  return bytes;
}

bool
retryable(CURLcode code)
{
  switch (code) {
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return true;
  default:
    return false;
  }
}

// Retry-After in seconds ("120"); dates are not honoured (backoff applies).
std::optional<std::chrono::milliseconds>
retry_after(const HttpResponse& response)
{
  const auto it = response.headers.find("retry-after");
  if (it == response.headers.end()) {
    return std::nullopt;
  }
  const auto seconds = util::parse_integer(it->second);
  if (!seconds || *seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(*seconds * 1000);
}

} // namespace

std::string
redact_url(const std::string& url)
{
  std::string out = url;
  const auto scheme = out.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto end = out.find_first_of("/?#", start);
  const auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at != std::string::npos && at >= start) {
    out.replace(start, at + 1 - start, "REDACTED@");
  }
  const auto query = out.find('?');
  if (query == std::string::npos) {
    return out;
  }
  std::string redacted = out.substr(0, query + 1);
  const auto parts = util::split(std::string_view(out).substr(query + 1), '&');
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    const std::string name = util::to_lower(parts[i].substr(0, eq));
    const bool secret = name.find("key") != std::string::npos || name.find("token") != std::string::npos
                        || name.find("password") != std::string::npos || name.find("secret") != std::string::npos
                        || name.find("signature") != std::string::npos;
    redacted += i > 0 ? "&" : "";
    redacted += secret && eq != std::string_view::npos ? std::string(parts[i].substr(0, eq)) + "=REDACTED"
                                                       : std::string(parts[i]);
  }
  return redacted;
}

HttpClient::HttpClient(HttpOptions options)
  : m_options(std::move(options))
{
  global_init();
  if (m_options.user_agent.empty()) {
    m_options.user_agent = "remitwatch/" RW_VERSION " (+https://github.com/remitwatch)";
  }
  m_options.max_concurrency = std::max<size_t>(1, m_options.max_concurrency);
  m_options.max_per_host = std::max<size_t>(1, m_options.max_per_host);
  m_options.max_attempts = std::max(1, m_options.max_attempts);
}

HttpClient::~HttpClient() = default;

namespace {

// A libcurl handle set up for one attempt of a transfer: TLS verification
// on, redirects within http(s), timeouts, size limit and the request's
// headers and body.
void
configure(Transfer& t, const HttpOptions& options)
{
  CURL* easy = t.easy.get();
  const HttpRequest& r = *t.request;
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L); // always: never turned off
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl supports
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(r.max_bytes > 0 ? r.max_bytes : options.max_response_bytes));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
  curl_slist* list = nullptr;
  for (const auto& header : r.headers) {
    list = curl_slist_append(list, header.c_str());
  }
  if (!r.if_none_match.empty()) {
    list = curl_slist_append(list, fmt::format("If-None-Match: {}", r.if_none_match).c_str());
  }
  if (!r.if_modified_since.empty()) {
    list = curl_slist_append(list, fmt::format("If-Modified-Since: {}", r.if_modified_since).c_str());
  }
  t.headers.reset(list);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  if (r.method == "POST") {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
  }
}

// One fetch(): the transfers, the queue of those waiting to start (first
// tries and retries), and the limits per host.
class Batch
{
public:
  Batch(const std::vector<HttpRequest>& requests, const HttpOptions& options)
    : m_options(options)
    , m_results(requests.size(),
                util::Expected<HttpResponse>(std::unexpected(util::Error{util::ErrorKind::network, "not run"})))
    , m_multi(curl_multi_init())
    , m_transfers(requests.size())
  {
    for (size_t i = 0; i < requests.size(); ++i) {
      m_transfers[i].index = i;
      m_transfers[i].request = &requests[i];
      m_transfers[i].host = host_of(requests[i].url);
      m_transfers[i].ready = Clock::now();
      m_transfers[i].limit = requests[i].max_bytes > 0 ? requests[i].max_bytes : m_options.max_response_bytes;
      m_waiting.push_back(i);
    }
  }

  std::vector<util::Expected<HttpResponse>> run()
  {
    while (!m_waiting.empty() || m_active > 0) {
      start_ready();
      int running = 0;
      curl_multi_perform(m_multi.get(), &running);
      int queued = 0;
      while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &queued)) {
        if (message->msg == CURLMSG_DONE) {
          finish(message->easy_handle, message->data.result);
        }
      }
      if (m_waiting.empty() && m_active == 0) {
        break;
      }
      wait();
    }
    return std::move(m_results);
  }

private:
  // Starts the waiting transfers that are due, within the limits.
  void start_ready()
  {
    const auto now = Clock::now();
    for (auto it = m_waiting.begin(); it != m_waiting.end() && m_active < m_options.max_concurrency;) {
      Transfer& t = m_transfers[*it];
      const bool host_free = m_active_per_host[t.host] < m_options.max_per_host;
      const auto last = m_last_start.find(t.host);
      const bool interval_ok = last == m_last_start.end() || now - last->second >= m_options.min_interval_per_host;
      if (t.ready <= now && host_free && interval_ok) {
        start(t);
        it = m_waiting.erase(it);
      } else {
        ++it;
      }
    }
  }

  void start(Transfer& t)
  {
    t.easy.reset(curl_easy_init());
    t.response = HttpResponse{};
    t.oversize = false;
    ++t.attempts;
    configure(t, m_options);
    CURL* easy = t.easy.get();
    m_by_handle[easy] = t.index;
    curl_multi_add_handle(m_multi.get(), easy);
    ++m_active;
    ++m_active_per_host[t.host];
    m_last_start[t.host] = Clock::now();
  }

  void schedule_retry(Transfer& t, std::chrono::milliseconds delay)
  {
    t.ready = Clock::now() + delay;
    m_waiting.push_back(t.index);
  }

  std::chrono::milliseconds backoff(const Transfer& t)
  {
    const double factor = static_cast<double>(1U << std::min(t.attempts - 1, 16)) * m_jitter(m_random);
    return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(m_options.backoff_base.count()) * factor));
  }

  // A finished attempt: the result, or a retry.
  void finish(CURL* easy, CURLcode code)
  {
    Transfer& t = m_transfers[m_by_handle.at(easy)];
    curl_multi_remove_handle(m_multi.get(), easy);
    m_by_handle.erase(easy);
    --m_active;
    --m_active_per_host[t.host];
    const std::string where = redact_url(t.request->url);
    const bool last_attempt = t.attempts >= m_options.max_attempts;
    if (t.oversize || code == CURLE_FILESIZE_EXCEEDED) {
      m_results[t.index] = util::make_error(util::ErrorKind::network,
                                            fmt::format("{}: response larger than {} bytes", where, t.limit));
      return;
    }
    if (code != CURLE_OK) {
      if (retryable(code) && !last_attempt) {
        schedule_retry(t, backoff(t));
        return;
      }
      m_results[t.index] = util::make_error(util::ErrorKind::network,
                                            fmt::format("{}: {} (after {} attempt{})", where, curl_easy_strerror(code),
                                                        t.attempts, t.attempts > 1 ? "s" : ""));
      return;
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    t.response.status = status;
    t.response.attempts = t.attempts;
    const char* effective = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
    t.response.effective_url = effective != nullptr ? effective : "";
    if ((status >= 500 || status == 429) && !last_attempt) {
      auto delay = retry_after(t.response).value_or(backoff(t));
      schedule_retry(t, std::min(delay, m_options.max_retry_after));
      return;
    }
    if (status >= 500 || status == 429) {
      m_results[t.index] = util::make_error(util::ErrorKind::network,
                                            fmt::format("{}: HTTP {} (after {} attempts)", where, status, t.attempts));
      return;
    }
    m_results[t.index] = std::move(t.response);
  }

  // Sleep until a transfer has news or a waiting one may start.
  void wait()
  {
    long wait_ms = 100;
    for (const size_t i : m_waiting) {
      const auto until =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_transfers[i].ready - Clock::now()).count();
      wait_ms = std::clamp<long>(static_cast<long>(until), 1, wait_ms);
    }
    if (m_options.min_interval_per_host.count() > 0) {
      wait_ms = std::min<long>(wait_ms, std::max<long>(1, static_cast<long>(m_options.min_interval_per_host.count())));
    }
    curl_multi_poll(m_multi.get(), nullptr, 0, static_cast<int>(wait_ms), nullptr);
  }

  const HttpOptions& m_options;
  std::vector<util::Expected<HttpResponse>> m_results;
  std::unique_ptr<CURLM, MultiCleanup> m_multi;
  std::vector<Transfer> m_transfers; // never resized: libcurl holds pointers to them
  std::deque<size_t> m_waiting;
  std::map<std::string, size_t> m_active_per_host;
  std::map<std::string, Clock::time_point> m_last_start;
  std::map<CURL*, size_t> m_by_handle;
  size_t m_active = 0;
  std::mt19937 m_random{std::random_device{}()};
  std::uniform_real_distribution<double> m_jitter{0.5, 1.5};
};

} // namespace

std::vector<util::Expected<HttpResponse>>
HttpClient::fetch(const std::vector<HttpRequest>& requests)
{
  return Batch(requests, m_options).run();
}

namespace {

// Feeds the message text to libcurl's upload.
struct MailReader
{
  std::string_view text;
  size_t sent = 0;
};

size_t
on_mail_read(char* buffer, size_t size, size_t count, void* user)
{
  auto* reader = static_cast<MailReader*>(user);
  const size_t n = std::min(size * count, reader->text.size() - reader->sent);
  std::memcpy(buffer, reader->text.data() + reader->sent, n);
  reader->sent += n;
  return n;
}

// host_of() keeps the port: "127.0.0.1:2525", "[::1]:25".
bool
loopback(const std::string& authority)
{
  std::string host = authority;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// RFC 5322 text: CRLF line ends, dot-stuffing is libcurl's job.
std::string
mail_text(const MailMessage& m, const std::string& date)
{
  std::string text = fmt::format("Date: {}\r\nFrom: <{}>\r\nTo: ", date, m.from);
  for (size_t i = 0; i < m.to.size(); ++i) {
    text += fmt::format("{}<{}>", i > 0 ? ", " : "", m.to[i]);
  }
  text += fmt::format("\r\nSubject: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: 8bit\r\nUser-Agent: remitwatch\r\n\r\n",
                      m.subject);
  for (const char c : m.body) {
    if (c == '\n') {
      text += "\r\n";
    } else if (c != '\r') {
      text += c;
    }
  }
  return text + "\r\n";
}

} // namespace

util::Expected<void>
send_mail(const MailMessage& message, const MailOptions& options)
{
  global_init();
  const std::string shown = redact_url(message.url);
  const std::string scheme = message.url.substr(0, message.url.find("://"));
  if (scheme != "smtp" && scheme != "smtps") {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{}: an e-mail channel needs an smtp:// or smtps:// URL", shown));
  }
  if (message.to.empty()) {
    return util::make_error(util::ErrorKind::invalid_argument, fmt::format("{}: no recipient", shown));
  }
  const std::string date = [] {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return std::string(buffer);
  }();
  const std::string text = mail_text(message, date);
  std::string last_error;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(options.backoff_base * (1 << (attempt - 2)));
    }
    std::unique_ptr<CURL, EasyCleanup> easy(curl_easy_init());
    CURL* e = easy.get();
    MailReader reader{text};
    std::unique_ptr<curl_slist, SlistFree> recipients;
    curl_slist* list = nullptr;
    for (const auto& to : message.to) {
      list = curl_slist_append(list, fmt::format("<{}>", to).c_str());
    }
    recipients.reset(list);
    const std::string from = fmt::format("<{}>", message.from);
    curl_easy_setopt(e, CURLOPT_URL, message.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L); // always: never turned off
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_USE_SSL,
                     static_cast<long>(scheme == "smtps" || !loopback(host_of(message.url)) ? CURLUSESSL_ALL
                                                                                              : CURLUSESSL_TRY));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    if (!message.username.empty()) {
      curl_easy_setopt(e, CURLOPT_USERNAME, message.username.c_str());
      curl_easy_setopt(e, CURLOPT_PASSWORD, message.password.c_str());
    }
    curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, list);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, on_mail_read);
    curl_easy_setopt(e, CURLOPT_READDATA, &reader);
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    const CURLcode code = curl_easy_perform(e);
    if (code == CURLE_OK) {
      return {};
    }
    long response = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response);
    last_error = response != 0 ? fmt::format("{} (server said {})", curl_easy_strerror(code), response)
                               : std::string(curl_easy_strerror(code));
    // A refused login or recipient will not change on a retry.
    if (code == CURLE_LOGIN_DENIED || code == CURLE_SEND_FAIL_REWIND || (response >= 500 && response < 600)) {
      break;
    }
  }
  return util::make_error(util::ErrorKind::network, fmt::format("{}: {}", shown, last_error));
}

} // namespace rw::net
