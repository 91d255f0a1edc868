#pragma once

// A listening TCP socket on 127.0.0.1 with an ephemeral port, for the test
// servers: they never leave loopback.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace rw::net {

// Returns the socket and sets `port`; throws when it cannot listen.
inline int
listen_on_loopback(int& port, const std::string& who)
{
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket < 0) {
    throw std::runtime_error(who + ": cannot create a socket");
  }
  int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(socket, 64) != 0) {
    ::close(socket);
    throw std::runtime_error(who + ": cannot listen on 127.0.0.1");
  }
  socklen_t length = sizeof address;
  ::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return socket;
}

} // namespace rw::net
