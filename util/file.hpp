#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace rw::util {

// Reads a whole file; the error names the path and the system's reason.
Expected<std::string> read_file(const std::filesystem::path& path);

// Reads a whole text file (CSV, TOML) with bounds, so that endless or binary
// input is refused early instead of filling the memory: a NUL byte (never in
// text; /dev/zero, a binary file) or a line longer than `max_line_bytes`
// stops the read at once, and so does a file past `max_bytes`. Pipes and
// FIFOs are read like files. The error names the path and says what it met.
struct TextLimits
{
  size_t max_line_bytes = size_t{1} << 20; // 1 MiB: an RPW row is about 500 bytes
  size_t max_bytes = size_t{4} << 30;      // 4 GiB: the RPW release as CSV is about 300 MB
};
Expected<std::string> read_text_file(const std::filesystem::path& path, TextLimits limits = {});

// The same text read front to back in chunks, for a reader that keeps only
// the part it is at (an import of any size in bounded memory). Each chunk is
// checked as read_text_file checks the whole, with the same messages; and a
// regular file that ends before the size it had when opened (cut short while
// read) is refused: "<path>: the file became shorter while it was read".
class TextStream
{
public:
  static constexpr size_t k_chunk = size_t{1} << 20;

  // The error names the path (not found, a directory, unreadable).
  static Expected<TextStream> open(const std::filesystem::path& path, TextLimits limits = {});
  TextStream(TextStream&& other) noexcept;
  TextStream& operator=(TextStream&& other) noexcept;
  TextStream(const TextStream&) = delete;
  TextStream& operator=(const TextStream&) = delete;
  ~TextStream();

  // Appends up to k_chunk more bytes to `text`: how many; 0 at the end.
  Expected<size_t> read(std::string& text);
  // Whether read() has met the end.
  bool at_end() const { return m_at_end; }
  // A regular file's size when opened (0 for a pipe).
  size_t expected_size() const { return m_expected_size; }
  const std::string& name() const { return m_name; }
  // Called with every chunk read (a hash of the file, in the same pass).
  void on_read(std::function<void(std::string_view)> observe) { m_observe = std::move(observe); }

private:
  TextStream(int fd, size_t expected_size, std::string name, TextLimits limits)
    : m_fd(fd), m_expected_size(expected_size), m_name(std::move(name)), m_limits(limits)
  {
  }
  Expected<void> check(std::string_view chunk);

  int m_fd = -1;
  size_t m_expected_size = 0;
  std::string m_name;
  TextLimits m_limits;
  size_t m_read = 0;      // bytes so far
  size_t m_line = 1;      // the line being read
  size_t m_open_line = 0; // its bytes so far
  bool m_at_end = false;
  std::function<void(std::string_view)> m_observe;
};

// Writes through a temporary file in the same directory and renames it over
// the target, so a reader never sees a half-written file.
Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

// A file open for reading at any offset (pread), closed when destroyed; the
// size is the one it had when opened. Several threads may read one at once.
class InputFile
{
public:
  // The error names the path (not found, a directory, unreadable).
  static Expected<InputFile> open(const std::filesystem::path& path);
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  size_t size() const { return m_size; }
  const std::string& name() const { return m_name; }

  // Reads up to buffer.size() bytes at `offset`; fewer only at the end of
  // the file. The error names the file and the system's reason.
  Expected<size_t> read_at(size_t offset, std::span<char> buffer) const;

private:
  InputFile(int fd, size_t size, std::string name) : m_fd(fd), m_size(size), m_name(std::move(name)) {}
  int m_fd = -1;
  size_t m_size = 0;
  std::string m_name;
};

} // namespace rw::util
