#pragma once

#include <string>
#include <string_view>

namespace rw::util {

// Lower-case hex SHA-256 of the bytes (OpenSSL, wrapped here once).
std::string sha256_hex(std::string_view data);

} // namespace rw::util
