#pragma once

// An HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for the network tests:
// one thread per connection, a handler decides each answer and can inject
// faults (delays, resets, truncated or slow bodies). Never leaves loopback.

#include "net/loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rw::test {

struct TestRequest
{
  std::string method;
  std::string target; // path and query
  std::map<std::string, std::string> headers; // lower-cased names
  std::string body;
};

struct TestReply
{
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};      // before answering
  bool reset = false;                      // close without answering
  bool truncate = false;                   // announce the full length, send half, close
  std::chrono::milliseconds slow_body{0};  // send headers, wait this long, then the body
};

class HttpTestServer
{
public:
  using Handler = std::function<TestReply(const TestRequest&)>;

  explicit HttpTestServer(Handler handler)
    : m_handler(std::move(handler))
  {
    m_socket = net::listen_on_loopback(m_port, "test server");
    m_acceptor = std::thread([this] { accept_loop(); });
  }

  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  ~HttpTestServer()
  {
    m_stopping = true;
    ::shutdown(m_socket, SHUT_RDWR);
    ::close(m_socket);
    m_acceptor.join();
    std::lock_guard lock(m_mutex);
    for (auto& worker : m_workers) {
      worker.join();
    }
  }

  std::string url(const std::string& path) const
  {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

  int requests() const { return m_requests; }
  int max_concurrent() const { return m_max_concurrent; }
  std::vector<TestRequest> received() const
  {
    std::lock_guard lock(m_mutex);
    return m_received;
  }

private:
  void accept_loop()
  {
    while (!m_stopping) {
      const int client = ::accept(m_socket, nullptr, nullptr);
      if (client < 0) {
        return;
      }
      std::lock_guard lock(m_mutex);
      m_workers.emplace_back([this, client] { serve(client); });
    }
  }

  static bool read_request(int client, TestRequest& request)
  {
    std::string data;
    char buffer[4096];
    size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) {
        return false;
      }
      data.append(buffer, static_cast<size_t>(n));
      header_end = data.find("\r\n\r\n");
    }
    const auto first_line_end = data.find("\r\n");
    const std::string line = data.substr(0, first_line_end);
    const auto space1 = line.find(' ');
    const auto space2 = line.find(' ', space1 + 1);
    request.method = line.substr(0, space1);
    request.target = line.substr(space1 + 1, space2 - space1 - 1);
    size_t position = first_line_end + 2;
    while (position < header_end) {
      const auto end = data.find("\r\n", position);
      const std::string header = data.substr(position, end - position);
      const auto colon = header.find(':');
      std::string name = header.substr(0, colon);
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      std::string value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') {
        value.erase(0, 1);
      }
      request.headers[name] = value;
      position = end + 2;
    }
    request.body = data.substr(header_end + 4);
    const auto length = request.headers.find("content-length");
    const size_t expected = length == request.headers.end() ? 0 : std::stoul(length->second);
    while (request.body.size() < expected) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) {
        return false;
      }
      request.body.append(buffer, static_cast<size_t>(n));
    }
    return true;
  }

  static void send_all(int client, const std::string& data)
  {
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(client, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return;
      }
      sent += static_cast<size_t>(n);
    }
  }

  void serve(int client)
  {
    TestRequest request;
    if (read_request(client, request)) {
      // In flight from the whole request read to just before the answer goes
      // out: the client cannot start a request beyond its limit until it has
      // an answer, so this count never overstates the client's concurrency
      // (counting whole connections did, on a slow machine, while a finished
      // connection was still being closed).
      const int now = ++m_concurrent;
      int seen = m_max_concurrent.load();
      while (now > seen && !m_max_concurrent.compare_exchange_weak(seen, now)) {
      }
      ++m_requests;
      {
        std::lock_guard lock(m_mutex);
        m_received.push_back(request);
      }
      const TestReply reply = m_handler(request);
      std::this_thread::sleep_for(reply.delay);
      --m_concurrent;
      if (reply.reset) {
        linger option{1, 0}; // RST instead of FIN
        ::setsockopt(client, SOL_SOCKET, SO_LINGER, &option, sizeof option);
      } else {
        std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\nConnection: close\r\nContent-Length: "
                           + std::to_string(reply.body.size()) + "\r\n";
        for (const auto& [name, value] : reply.headers) {
          head.append(name).append(": ").append(value).append("\r\n");
        }
        head += "\r\n";
        send_all(client, head);
        std::this_thread::sleep_for(reply.slow_body);
        send_all(client, reply.truncate ? reply.body.substr(0, reply.body.size() / 2) : reply.body);
      }
    }
    ::close(client);
  }

  Handler m_handler;
  int m_socket = -1;
  int m_port = 0;
  std::thread m_acceptor;
  std::atomic<bool> m_stopping{false};
  std::atomic<int> m_requests{0};
  std::atomic<int> m_concurrent{0};
  std::atomic<int> m_max_concurrent{0};
  mutable std::mutex m_mutex;
  std::vector<std::thread> m_workers;
  std::vector<TestRequest> m_received;
};

} // namespace rw::test
