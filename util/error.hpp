#pragma once

#include <expected>
#include <string>
#include <utility>

namespace rw::util {

// What a caller can expect to go wrong. The kind decides the exit code at the
// top of app; the message carries the context (file:line, URL, corridor).
enum class ErrorKind {
  invalid_argument, // a bad command-line value
  parse,            // malformed input data
  io,               // a file cannot be read or written
  not_found,        // something named does not exist
  network,          // a transport failure
  database,         // the store refused
};

struct Error
{
  ErrorKind kind;
  std::string message;
};

template<typename T> using Expected = std::expected<T, Error>;

inline std::unexpected<Error>
make_error(ErrorKind kind, std::string message)
{
  return std::unexpected(Error{kind, std::move(message)});
}

} // namespace rw::util
