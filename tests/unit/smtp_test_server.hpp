#pragma once

// A small SMTP sink on 127.0.0.1 (an ephemeral port) for the alert tests:
// EHLO/HELO, AUTH PLAIN (checked against the expected credentials when set),
// MAIL, RCPT, DATA, RSET, NOOP, QUIT. It keeps every message it accepted and
// can refuse the next messages with a temporary error. Never leaves loopback.

#include "net/loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rw::test {

struct ReceivedMail
{
  std::string from;
  std::vector<std::string> to;
  std::string data; // headers and body as sent (CRLF)
  std::string auth; // the decoded AUTH PLAIN "\0user\0password", if any
};

class SmtpTestServer
{
public:
  // With a user, AUTH PLAIN must carry exactly that user and password.
  explicit SmtpTestServer(std::string user = "", std::string password = "")
    : m_user(std::move(user))
    , m_password(std::move(password))
  {
    m_socket = net::listen_on_loopback(m_port, "smtp test server");
    m_acceptor = std::thread([this] { accept_loop(); });
  }

  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  ~SmtpTestServer()
  {
    ::shutdown(m_socket, SHUT_RDWR);
    ::close(m_socket);
    m_acceptor.join();
  }

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }

  // The next `count` messages are refused at DATA with 451 (try again later).
  void refuse_next(int count) { m_refuse = count; }

  std::vector<ReceivedMail> received() const
  {
    std::lock_guard lock(m_mutex);
    return m_mail;
  }

private:
  void accept_loop()
  {
    while (true) {
      const int client = ::accept(m_socket, nullptr, nullptr);
      if (client < 0) {
        return;
      }
      serve(client); // one session at a time is all the tests need
      ::close(client);
    }
  }

  static void send_line(int client, const std::string& line)
  {
    const std::string data = line + "\r\n";
    ::send(client, data.data(), data.size(), MSG_NOSIGNAL);
  }

  bool read_line(int client, std::string& line)
  {
    while (true) {
      if (const auto end = m_buffer.find("\r\n"); end != std::string::npos) {
        line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
      if (n <= 0) {
        return false;
      }
      m_buffer.append(chunk, static_cast<size_t>(n));
    }
  }

  static std::string base64_decode(const std::string& text)
  {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned value = 0;
    int bits = -8;
    for (const char c : text) {
      const auto index = alphabet.find(c);
      if (index == std::string::npos) {
        break;
      }
      value = (value << 6) + static_cast<unsigned>(index);
      bits += 6;
      if (bits >= 0) {
        out.push_back(static_cast<char>((value >> bits) & 0xFF));
        bits -= 8;
      }
    }
    return out;
  }

  void serve(int client)
  {
    m_buffer.clear();
    ReceivedMail mail;
    send_line(client, "220 sink.test ESMTP remitwatch test sink");
    std::string line;
    while (read_line(client, line)) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO") {
        send_line(client, "250-sink.test");
        send_line(client, "250-AUTH PLAIN");
        send_line(client, "250 8BITMIME");
      } else if (verb == "HELO" || verb == "NOOP") {
        send_line(client, "250 OK");
      } else if (line.starts_with("AUTH PLAIN")) {
        std::string encoded = line.size() > 11 ? line.substr(11) : "";
        if (encoded.empty()) {
          send_line(client, "334 ");
          read_line(client, encoded);
        }
        mail.auth = base64_decode(encoded);
        const std::string expected = std::string(1, '\0') + m_user + std::string(1, '\0') + m_password;
        if (!m_user.empty() && mail.auth != expected) {
          send_line(client, "535 5.7.8 authentication failed");
        } else {
          send_line(client, "235 2.7.0 accepted");
        }
      } else if (line.starts_with("MAIL FROM:")) {
        mail.from = line.substr(10);
        send_line(client, "250 OK");
      } else if (line.starts_with("RCPT TO:")) {
        mail.to.push_back(line.substr(8));
        send_line(client, "250 OK");
      } else if (verb == "DATA") {
        if (m_refuse > 0) {
          --m_refuse;
          send_line(client, "451 4.3.0 try again later");
          continue;
        }
        send_line(client, "354 go ahead");
        std::string data_line;
        while (read_line(client, data_line) && data_line != ".") {
          mail.data += (data_line.starts_with("..") ? data_line.substr(1) : data_line) + "\r\n";
        }
        {
          std::lock_guard lock(m_mutex);
          m_mail.push_back(mail);
        }
        mail = ReceivedMail{};
        send_line(client, "250 OK queued");
      } else if (verb == "RSET") {
        mail = ReceivedMail{};
        send_line(client, "250 OK");
      } else if (verb == "QUIT") {
        send_line(client, "221 bye");
        return;
      } else {
        send_line(client, "502 not implemented");
      }
    }
  }

  std::string m_user, m_password;
  int m_socket = -1;
  int m_port = 0;
  std::atomic<int> m_refuse{0};
  std::string m_buffer;
  std::thread m_acceptor;
  mutable std::mutex m_mutex;
  std::vector<ReceivedMail> m_mail;
};

} // namespace rw::test
