#pragma once

// The HTTP server: cpp-httplib (Debian's libcpp-httplib-dev), wrapped here
// once, around web::Router. It parses requests, applies the limits below,
// compresses answers a client accepts gzip (or brotli) for, writes one
// access-log line per request and stops on stop() after the requests in
// flight are answered.

#include "web/router.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace rw::web {

struct ServerOptions
{
  std::string host = "127.0.0.1"; // loopback unless told otherwise
  int port = 8080;                // 0: any free port (port() says which)
  size_t threads = 8;             // connections answered at once (a keep-alive connection holds its thread)
  size_t max_waiting = 64;        // accepted connections waiting for a thread (at least 1); more wait in
                                  // the kernel's listen backlog, not accepted
  std::chrono::seconds timeout{10}; // to read a request, and to write an answer
  std::chrono::seconds keep_alive{5}; // an idle connection is closed after this
  size_t keep_alive_requests = 100;   // requests on one connection, then it is closed
  size_t max_headers = 64;            // more: 431 (counted after the library read them, each line at most 8 KiB)
  size_t max_body = 1024;             // bytes of a request body: more is 413 (GET needs none)
  // One line per request and per failure (no newline at the end).
  std::function<void(const std::string&)> log;
};

class Server
{
public:
  // Binds the address (errors name it and say what to do).
  static util::Expected<std::unique_ptr<Server>> bind(ServerOptions options, Router router, Site site);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  // Answers requests until stop(); false when the server could not run.
  bool run();
  // From any thread: stop accepting, answer what is in flight, make run() return.
  void stop();

  struct Impl;

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace rw::web
