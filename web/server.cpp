#include "web/server.hpp"

#include "util/time.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace rw::web {

namespace {

using Clock = std::chrono::steady_clock;

// When the request the current thread answers began (set before routing; a
// request the library refused before that has none).
thread_local std::optional<Clock::time_point> t_started;

// Bytes a log line may hold as they are: anything else becomes '?', so that a
// request cannot write lines of its own into the log.
std::string
printable(std::string_view text)
{
  std::string out(text.substr(0, 2048));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = '?';
    }
  }
  return out;
}

// Why the library refused a request, in words.
std::string
refusal(int status)
{
  switch (status) {
  case 400:
    return "malformed request";
  case 413:
    return "the request body is too large (GET and HEAD need none)";
  case 414:
    return "the request target is too long";
  case 416:
    return "the range asked for is not in the answer";
  default:
    return fmt::format("the request was refused ({})", status);
  }
}

Incoming
incoming_of(const httplib::Request& req)
{
  Incoming in{.method = req.method, .target = req.target, .path = req.path, .query = {}, .if_none_match = {}};
  for (const auto& [name, value] : req.params) {
    in.query.emplace(name, value); // the first of each name
  }
  in.if_none_match = req.get_header_value("If-None-Match");
  return in;
}

void
send(const Outgoing& out, httplib::Response& res)
{
  res.status = out.status;
  for (const auto& [name, value] : out.headers) {
    res.set_header(name, value);
  }
  if (!out.content_type.empty()) {
    res.set_content(out.body, out.content_type);
  }
}

// The connections accepted and not yet answered, shared by the queue and the
// server (which outlives no queue, and may stop after the library deleted it).
struct Waiting
{
  std::mutex mutex;
  std::condition_variable ready; // a connection to answer, or shutdown
  std::condition_variable room;  // room in the queue, or the server stopping
  std::deque<std::function<void()>> jobs;
  size_t capacity = 1;
  bool stopping = false; // enqueue() no longer waits for room
  bool shut_down = false;

  void stop()
  {
    {
      const std::lock_guard lock(mutex);
      stopping = true;
    }
    room.notify_all();
  }
};

// cpp-httplib's own ThreadPool queues every accepted connection without
// bound. This queue answers with `threads` threads and holds at most
// `capacity` connections waiting for one; when it is full, enqueue() blocks
// the library's accepting thread, so that further clients wait in the
// kernel's listen backlog, not in our memory. Waiting::stop() wakes it.
class BoundedQueue final : public httplib::TaskQueue
{
public:
  BoundedQueue(size_t threads, std::shared_ptr<Waiting> waiting)
    : m_waiting(std::move(waiting))
  {
    m_threads.reserve(threads);
    for (size_t i = 0; i < threads; ++i) {
      m_threads.emplace_back([this] { work(); });
    }
  }
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;
  ~BoundedQueue() override = default; // the library calls shutdown() first

  void enqueue(std::function<void()> job) override
  {
    auto& w = *m_waiting;
    {
      std::unique_lock lock(w.mutex);
      w.room.wait(lock, [&w] { return w.jobs.size() < w.capacity || w.stopping; });
      w.jobs.push_back(std::move(job)); // when stopping, one over the limit: it is answered, not dropped
    }
    w.ready.notify_one();
  }

  // Answers what is queued, then joins the threads.
  void shutdown() override
  {
    auto& w = *m_waiting;
    {
      const std::lock_guard lock(w.mutex);
      w.shut_down = true;
    }
    w.ready.notify_all();
    for (auto& thread : m_threads) {
      thread.join();
    }
  }

private:
  void work()
  {
    auto& w = *m_waiting;
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(w.mutex);
        w.ready.wait(lock, [&w] { return !w.jobs.empty() || w.shut_down; });
        if (w.jobs.empty()) {
          return;
        }
        job = std::move(w.jobs.front());
        w.jobs.pop_front();
      }
      w.room.notify_one();
      job();
    }
  }

  std::shared_ptr<Waiting> m_waiting;
  std::vector<std::thread> m_threads;
};

} // namespace

struct Server::Impl
{
  ServerOptions options;
  Router router;
  Site site;
  httplib::Server http;
  std::shared_ptr<Waiting> waiting = std::make_shared<Waiting>();
  int port = 0;

  void log(const std::string& line) const
  {
    if (options.log) {
      options.log(line);
    }
  }

  void configure();
  httplib::Server::HandlerResponse before_routing(const httplib::Request& req, httplib::Response& res) const;
  void log_request(const httplib::Request& req, const httplib::Response& res) const;
};

void
Server::Impl::configure()
{
  waiting->capacity = std::max<size_t>(options.max_waiting, 1);
  http.new_task_queue = [threads = options.threads, waiting = waiting] { return new BoundedQueue(threads, waiting); };
  http.set_read_timeout(options.timeout);
  http.set_write_timeout(options.timeout);
  http.set_keep_alive_timeout(options.keep_alive.count());
  http.set_keep_alive_max_count(options.keep_alive_requests);
  http.set_payload_max_length(options.max_body);
  http.set_tcp_nodelay(true);
  // Every request goes through the router, whatever its method or path.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return before_routing(req, res);
  });
  // Requests the library itself refused (malformed, too long, a body over
  // the limit) answer in the same JSON as the router's errors.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty()) {
      const auto kind = req.path.find("/api/") != std::string::npos ? RouteKind::json : RouteKind::html;
      send(error_answer(kind, res.status, refusal(res.status)), res);
    }
  });
  http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log(fmt::format("remitwatch serve: error: {} {}: {}", printable(req.method), printable(req.target), e.what()));
    } catch (...) {
      log(fmt::format("remitwatch serve: error: {} {}: unknown exception", printable(req.method), printable(req.target)));
    }
    send(error_answer(RouteKind::json, 500, "internal error; the server's log has the details"), res);
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log_request(req, res); });
}

httplib::Server::HandlerResponse
Server::Impl::before_routing(const httplib::Request& req, httplib::Response& res) const
{
  t_started = Clock::now();
  if (req.headers.size() > options.max_headers) {
    send(error_answer(RouteKind::json, 431,
                      fmt::format("{} header fields; this server reads at most {}", req.headers.size(),
                                  options.max_headers)),
         res);
    return httplib::Server::HandlerResponse::Handled;
  }
  send(router.handle(incoming_of(req), site), res);
  return httplib::Server::HandlerResponse::Handled;
}

// "2025-01-15T12:00:00Z 127.0.0.1 GET /remitwatch/api/v1/health 200 312 0.41ms"
void
Server::Impl::log_request(const httplib::Request& req, const httplib::Response& res) const
{
  std::string elapsed = "-";
  if (t_started) {
    elapsed = fmt::format("{:.2f}ms", std::chrono::duration<double, std::milli>(Clock::now() - *t_started).count());
    t_started.reset();
  }
  const size_t bytes = req.method == "HEAD" ? 0 : res.body.size();
  log(fmt::format("{} {} {} {} {} {} {}",
                  util::format_timestamp(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())),
                  printable(req.remote_addr), printable(req.method), printable(req.target), res.status, bytes,
                  elapsed));
}

Server::Server(std::unique_ptr<Impl> impl)
  : m_impl(std::move(impl))
{
}

Server::~Server() = default;

util::Expected<std::unique_ptr<Server>>
Server::bind(ServerOptions options, Router router, Site site)
{
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->router = std::move(router);
  impl->site = std::move(site);
  impl->configure();
  const auto& o = impl->options;
  // cpp-httplib 0.11.4 listens with a backlog of 5, compiled in: under load,
  // clients beyond it lose their SYN and retry a second later. The socket is
  // caught as the library creates it and, once bound, listened on again with
  // the system's maximum (Linux takes the new backlog).
  ::socket_t listening = INVALID_SOCKET;
  impl->http.set_socket_options([&listening](::socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  if (o.port == 0) {
    impl->port = impl->http.bind_to_any_port(o.host);
  } else if (impl->http.bind_to_port(o.host, o.port)) {
    impl->port = o.port;
  } else {
    impl->port = -1;
  }
  impl->http.set_socket_options(httplib::default_socket_options);
  if (impl->port > 0 && listening != INVALID_SOCKET) {
    ::listen(listening, SOMAXCONN);
  }
  if (impl->port <= 0) {
    return util::make_error(util::ErrorKind::io,
                            fmt::format("--listen {}:{}: cannot listen there (address in use, not an address of "
                                        "this machine, or a port below 1024 without the right to it); choose "
                                        "another with --listen HOST:PORT",
                                        o.host, o.port));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int
Server::port() const
{
  return m_impl->port;
}

bool
Server::run()
{
  return m_impl->http.listen_after_bind();
}

void
Server::stop()
{
  m_impl->http.stop();     // closes the listening socket: accept() fails, the loop ends…
  m_impl->waiting->stop(); // …once an enqueue() waiting for room returns
}

} // namespace rw::web
