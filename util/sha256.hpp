#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace rw::util {

// Lower-case hex SHA-256 of the bytes (OpenSSL, wrapped here once).
std::string sha256_hex(std::string_view data);

// The same over bytes given in parts (a file streamed in chunks): the hex
// of all the parts, in order, equals sha256_hex of them joined.
class Sha256
{
public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();
  void update(std::string_view data);
  // The digest so far; call once, at the end.
  std::string hex();

private:
  struct Context;
  std::unique_ptr<Context> m_context;
};

} // namespace rw::util
