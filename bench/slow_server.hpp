#pragma once

// A slow HTTP/1.1 server for the collector benchmark: it answers every
// `GET /quote/<n>` after sleeping a fixed delay, with a small JSON body naming
// n (`quote_body(n)`), and keeps connections alive. It runs in a forked child
// process (one thread per connection) so that its work is not measured as the
// client's, listens on 127.0.0.1 only (an ephemeral port), and counts in
// shared memory the requests in flight at once, the connections it accepted
// and how many were open at once.
//
// Construct it before the process starts any thread: fork() copies only the
// calling thread.

#include "net/loopback.hpp"

#include <fmt/format.h>

#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace rw::bench {

// The body the server sends for /quote/<n>; the client checks each against it.
inline std::string
quote_body(long long n)
{
  return fmt::format("{{\"quote\":{},\"corridor\":\"USA-MEX\",\"fee\":\"4.99\"}}\n", n);
}

class SlowServer
{
public:
  explicit SlowServer(std::chrono::milliseconds delay)
    : m_delay(delay)
  {
    static_assert(std::atomic<int>::is_always_lock_free, "the counters are shared between processes");
    void* memory = ::mmap(nullptr, sizeof(Counters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::runtime_error("slow server: cannot map shared memory");
    }
    m_counters = new (memory) Counters{};
    m_socket = net::listen_on_loopback(m_port, "slow server");
    int control[2];
    if (::pipe(control) != 0) {
      throw std::runtime_error("slow server: cannot create a pipe");
    }
    const pid_t parent = ::getpid();
    m_child = ::fork();
    if (m_child < 0) {
      throw std::runtime_error("slow server: cannot fork");
    }
    if (m_child == 0) {
      ::close(control[1]);
      // Never outlive the benchmark, even if it is killed.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) {
        ::_exit(0);
      }
      serve(control[0]);
      ::_exit(0);
    }
    ::close(control[0]);
    ::close(m_socket);
    m_control = control[1];
  }

  SlowServer(const SlowServer&) = delete;
  SlowServer& operator=(const SlowServer&) = delete;

  ~SlowServer()
  {
    ::close(m_control); // the child sees end-of-file and exits
    int status = 0;
    ::waitpid(m_child, &status, 0);
    m_counters->~Counters();
    ::munmap(m_counters, sizeof(Counters));
  }

  std::string url(std::string_view path) const { return fmt::format("http://127.0.0.1:{}{}", m_port, path); }

  int peak_in_flight() const { return m_counters->peak_in_flight.load(); }
  int requests() const { return m_counters->requests.load(); }
  int connections() const { return m_counters->connections.load(); }
  int peak_open() const { return m_counters->peak_open.load(); }

private:
  struct Counters
  {
    std::atomic<int> in_flight{0};
    std::atomic<int> peak_in_flight{0};
    std::atomic<int> requests{0};
    std::atomic<int> connections{0};
    std::atomic<int> open{0};
    std::atomic<int> peak_open{0};
  };

  static void raise_peak(std::atomic<int>& peak, int now)
  {
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
  }

  // The child: accepts until the parent closes the control pipe.
  void serve(int control)
  {
    pollfd fds[2] = {{m_socket, POLLIN, 0}, {control, POLLIN, 0}};
    while (true) {
      if (::poll(fds, 2, -1) < 0) {
        continue; // EINTR
      }
      if (fds[1].revents != 0) {
        return; // detached connection threads end with the process
      }
      if ((fds[0].revents & POLLIN) != 0) {
        const int client = ::accept(m_socket, nullptr, nullptr);
        if (client >= 0) {
          ++m_counters->connections;
          std::thread([this, client] { serve_connection(client); }).detach();
        }
      }
    }
  }

  static bool send_all(int client, std::string_view data)
  {
    while (!data.empty()) {
      const ssize_t n = ::send(client, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // The n of "/quote/<n>", or nothing.
  static std::optional<long long> quote_number(std::string_view target)
  {
    constexpr std::string_view prefix = "/quote/";
    if (!target.starts_with(prefix) || target.size() == prefix.size()) {
      return std::nullopt;
    }
    target.remove_prefix(prefix.size());
    long long n = 0;
    const auto [end, error] = std::from_chars(target.data(), target.data() + target.size(), n);
    if (error != std::errc{} || end != target.data() + target.size()) {
      return std::nullopt;
    }
    return n;
  }

  // Requests on one connection, one after the other (HTTP/1.1 keep-alive).
  void serve_connection(int client)
  {
    raise_peak(m_counters->peak_open, ++m_counters->open);
    std::string data;
    char buffer[4096];
    bool keep_alive = true;
    while (keep_alive) {
      size_t header_end = std::string::npos;
      while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) {
          keep_alive = false;
          break;
        }
        data.append(buffer, static_cast<size_t>(n));
      }
      if (!keep_alive) {
        break;
      }
      const std::string line = data.substr(0, data.find("\r\n"));
      std::string head = data.substr(0, header_end); // lower-cased, for the header names
      data.erase(0, header_end + 4);
      std::transform(head.begin(), head.end(), head.begin(),
                     [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      const auto space1 = line.find(' ');
      const auto space2 = line.find(' ', space1 + 1);
      const std::string_view target = space1 == std::string::npos
                                        ? std::string_view{}
                                        : std::string_view(line).substr(space1 + 1, space2 - space1 - 1);
      keep_alive = head.find("\r\nconnection: close") == std::string::npos;
      // GETs carry no body; anything else is refused and the connection closed.
      if (!line.starts_with("GET ") || head.find("\r\ncontent-length:") != std::string::npos) {
        keep_alive = false;
      }

      raise_peak(m_counters->peak_in_flight, ++m_counters->in_flight);
      ++m_counters->requests;
      std::this_thread::sleep_for(m_delay);
      const auto n = line.starts_with("GET ") ? quote_number(target) : std::nullopt;
      const std::string body = n ? quote_body(*n) : std::string("not found\n");
      const std::string reply =
        fmt::format("HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\n\r\n{}",
                    n ? "200 OK" : "404 Not Found", n ? "application/json" : "text/plain", body.size(),
                    keep_alive ? "keep-alive" : "close", body);
      // Out of flight before the answer leaves: the client cannot start its
      // next request before this, so the peak never overstates concurrency.
      --m_counters->in_flight;
      if (!send_all(client, reply)) {
        break;
      }
    }
    --m_counters->open;
    ::close(client);
  }

  std::chrono::milliseconds m_delay;
  Counters* m_counters = nullptr;
  int m_socket = -1;
  int m_port = 0;
  int m_control = -1;
  pid_t m_child = -1;
};

} // namespace rw::bench
