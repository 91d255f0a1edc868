#pragma once

// Where the server's access log and failure details go: a file (appended to,
// one line per request, flushed at once) or standard error.

#include "util/error.hpp"

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace rw::web {

class AccessLog
{
public:
  // The file, created when missing; none: standard error.
  static util::Expected<std::shared_ptr<AccessLog>> open(const std::optional<std::string>& path);
  // One line (a newline is added); safe from any thread.
  void write(const std::string& line);

private:
  struct Close
  {
    void operator()(std::FILE* file) const;
  };
  explicit AccessLog(std::unique_ptr<std::FILE, Close> file);
  std::mutex m_mutex;
  std::unique_ptr<std::FILE, Close> m_file; // null: standard error
};

} // namespace rw::web
