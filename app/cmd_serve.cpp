#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "web/access_log.hpp"
#include "web/api.hpp"
#include "web/html_routes.hpp"
#include "web/server.hpp"

#include <fmt/format.h>

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

namespace rw::app {

namespace {

struct ServeOptions
{
  std::optional<std::string> database;
  std::string listen = "127.0.0.1:8080";
  std::string base_path = "/remitwatch";
  std::optional<std::string> access_log;
  size_t threads = 8;
  size_t max_waiting = 64;
  size_t max_headers = 64;
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" (port 0: any free port).
util::Expected<std::pair<std::string, int>>
listen_address(const std::string& text)
{
  const size_t colon = text.rfind(':');
  const auto refuse = [&text] {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--listen {}: not HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080)", text));
  };
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || colon + 6 < text.size()) {
    return refuse();
  }
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  for (const char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9') {
      return refuse();
    }
    port = port * 10 + (c - '0');
  }
  if (host.empty() || port > 65535) {
    return refuse();
  }
  return std::pair{host, port};
}

// "/remitwatch" (no trailing slash; "" for the root): letters, digits and - . _ ~ /.
util::Expected<std::string>
base_path_option(std::string text)
{
  while (!text.empty() && text.back() == '/') {
    text.pop_back();
  }
  const bool plain = std::ranges::all_of(text, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~' || c == '/';
  });
  if (!text.empty() && (text.front() != '/' || !plain || text.find("//") != std::string::npos ||
                        text.find("/.") != std::string::npos)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--base-path {}: not a path like /remitwatch (letters, digits, - . _ ~ "
                                        "and /; no '..'); give / for the root",
                                        text));
  }
  return text;
}

// SIGTERM and SIGINT are blocked in every thread and waited for by one: it
// stops the server, which answers the requests in flight and returns.
class StopOnSignal
{
public:
  explicit StopOnSignal(web::Server& server)
  {
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGTERM);
    sigaddset(&m_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
    m_thread = std::thread([this, &server] {
      int signal = 0;
      sigwait(&m_signals, &signal);
      if (!m_done) {
        m_received = signal;
        server.stop();
      }
    });
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal()
  {
    m_done = true;
    pthread_kill(m_thread.native_handle(), SIGTERM); // wakes the waiting thread if no signal came
    m_thread.join();
  }
  int received() const { return m_received; }

private:
  sigset_t m_signals{};
  std::atomic<bool> m_done{false};
  std::atomic<int> m_received{0};
  std::thread m_thread;
};

// The database file's and its WAL's size and modification time (ns): every
// commit changes one of them (WAL mode appends to the WAL; a checkpoint
// writes the file). "" when the file cannot be read: nothing is then kept.
std::string
data_version(const std::string& path)
{
  std::string version;
  for (const auto& file : {std::filesystem::path(path), std::filesystem::path(path + "-wal")}) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    const auto changed = error ? std::filesystem::file_time_type() : std::filesystem::last_write_time(file, error);
    if (error && file == std::filesystem::path(path)) {
      return {};
    }
    version += error ? "-;" : fmt::format("{}:{};", size, changed.time_since_epoch().count());
  }
  return version;
}

util::Expected<web::Site>
make_site(const ServeOptions& options, const std::string& base_path, std::shared_ptr<web::AccessLog> log)
{
  const std::string path = database_path(options.database);
  if (auto first = open_store_for_reading(path); !first) { // a missing database is said at once
    return std::unexpected(first.error());
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  return web::Site{.open_database = [path] { return open_store_for_reading(path); },
                   .catalogue = std::move(*catalogue),
                   .base_path = base_path,
                   .version = RW_VERSION,
                   .now = now_timestamp,
                   .log_error = [log](const std::string& line) { log->write("remitwatch serve: error: " + line); },
                   .data_version = [path] { return data_version(path); }};
}

util::Expected<int>
run_serve(const ServeOptions& options)
{
  auto address = listen_address(options.listen);
  if (!address) {
    return std::unexpected(address.error());
  }
  auto base_path = base_path_option(options.base_path);
  if (!base_path) {
    return std::unexpected(base_path.error());
  }
  auto log = web::AccessLog::open(options.access_log);
  if (!log) {
    return std::unexpected(log.error());
  }
  auto site = make_site(options, *base_path, *log);
  if (!site) {
    return std::unexpected(site.error());
  }
  web::Router router;
  web::register_api(router);
  web::register_pages(router);
  web::ServerOptions server_options{.host = address->first,
                                    .port = address->second,
                                    .threads = options.threads,
                                    .max_waiting = options.max_waiting};
  server_options.max_headers = options.max_headers;
  server_options.log = [log = *log](const std::string& line) { log->write(line); };
  auto server = web::Server::bind(std::move(server_options), std::move(router), std::move(*site));
  if (!server) {
    return std::unexpected(server.error());
  }
  const std::string host = address->first.find(':') != std::string::npos ? "[" + address->first + "]" : address->first;
  fmt::print(stderr, "remitwatch serve: http://{}:{}{}/ (database {}, read only); SIGTERM or Ctrl-C stops it\n", host,
             (*server)->port(), *base_path, shown_database(database_path(options.database)));
  StopOnSignal stop(**server);
  if (!(*server)->run()) {
    return util::make_error(util::ErrorKind::io, fmt::format("--listen {}: the server could not run", options.listen));
  }
  fmt::print(stderr, "remitwatch serve: stopped{}\n", stop.received() != 0 ? " on a signal" : "");
  return k_exit_ok;
}

} // namespace

void
add_serve_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<ServeOptions>();
  auto* cmd = parent.add_subcommand("serve", "A read-only HTTP server over the database: the JSON API under "
                                             "BASE/api/v1 (docs/api.md) and the HTML report and pages");
  add_database_option(*cmd, options->database);
  cmd->add_option("--listen", options->listen,
                  "HOST:PORT to listen on (default: 127.0.0.1:8080, loopback only; port 0: any free port)");
  cmd->add_option("--base-path", options->base_path,
                  "Path every URL starts with, for a reverse proxy (default: /remitwatch; / for the root)");
  cmd->add_option("--access-log", options->access_log,
                  "Append one line per request (time, client, method, path, status, bytes, ms) to this file "
                  "(default: standard error)");
  cmd->add_option("--threads", options->threads,
                  "Connections answered at once; an open keep-alive connection holds its thread (default: 8)")
    ->check(CLI::Range(1, 256))
    ->default_val(8);
  cmd->add_option("--max-waiting", options->max_waiting,
                  "Accepted connections waiting for a thread; more wait unaccepted in the kernel's backlog "
                  "(default: 64)")
    ->check(CLI::Range(1, 4096))
    ->default_val(64);
  cmd->add_option("--max-headers", options->max_headers,
                  "Header fields a request may have; more are answered 431 (default: 64)")
    ->check(CLI::Range(8, 1024))
    ->default_val(64);
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage}));
  cmd->callback([options, &action] { action = [options] { return run_serve(*options); }; });
}

} // namespace rw::app
