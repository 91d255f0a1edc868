// util::InputFile: reads at any offset, errors that name the file, and a file
// cut short after it was opened read as short (not as the size it had).
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <csignal>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

TEST_SUITE("util::file")
{
  TEST_CASE("InputFile: reads at any offset, the last read short, nothing past the end")
  {
    rw::test::TempDir dir;
    const auto path = dir / "ten.txt";
    std::ofstream(path, std::ios::binary) << "0123456789";
    auto file = rw::util::InputFile::open(path);
    REQUIRE(file);
    CHECK(file->size() == 10);
    CHECK(file->name() == path.string());
    std::array<char, 4> buffer{};
    auto n = file->read_at(3, buffer);
    REQUIRE(n);
    CHECK(*n == 4);
    CHECK(std::string(buffer.data(), *n) == "3456");
    n = file->read_at(8, buffer);
    REQUIRE(n);
    CHECK(std::string(buffer.data(), *n) == "89");
    n = file->read_at(10, buffer);
    REQUIRE(n);
    CHECK(*n == 0);

    // Cut to 5 bytes after it was opened: the size stays as it was, the reads
    // come back short (averages --rpw turns that into an error, not a loop).
    std::filesystem::resize_file(path, 5);
    n = file->read_at(3, buffer);
    REQUIRE(n);
    CHECK(std::string(buffer.data(), *n) == "34");
    n = file->read_at(6, buffer);
    REQUIRE(n);
    CHECK(*n == 0);
    CHECK(file->size() == 10);
  }

  TEST_CASE("InputFile: a missing file and a directory are errors naming the path")
  {
    rw::test::TempDir dir;
    auto missing = rw::util::InputFile::open(dir / "nope.csv");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == rw::util::ErrorKind::not_found);
    CHECK(missing.error().message.find("nope.csv") != std::string::npos);
    auto directory = rw::util::InputFile::open(dir.path());
    REQUIRE_FALSE(directory);
    CHECK(directory.error().message.find("is a directory") != std::string::npos);
  }

  TEST_CASE("read_text_file: text read whole; NULs, endless lines and sizes past the limit refused early")
  {
    rw::test::TempDir dir;
    const auto path = dir / "plain.csv";
    std::ofstream(path, std::ios::binary) << "a,b\r\n1,2\n";
    auto text = rw::util::read_text_file(path);
    REQUIRE(text);
    CHECK(*text == "a,b\r\n1,2\n");

    // /dev/zero never ends: refused at its first byte, not after filling
    // the memory (it grew to 6.8 GB).
    auto zeros = rw::util::read_text_file("/dev/zero");
    REQUIRE_FALSE(zeros);
    CHECK(zeros.error().message == "/dev/zero: not a text file (a NUL byte at byte 1, line 1); give a CSV text file");

    // A NUL after two lines: named by byte and line (bytes 1-4 "x\ny\n", NUL 5th).
    const auto nul = dir / "nul.csv";
    std::ofstream(nul, std::ios::binary) << std::string("x\ny\n\0z", 6);
    auto refused = rw::util::read_text_file(nul);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("a NUL byte at byte 5, line 3") != std::string::npos);

    // Line 2 is 11 bytes long, over a limit of 10; line 1 (3 bytes) is fine.
    const auto long_line = dir / "long.csv";
    std::ofstream(long_line, std::ios::binary) << "a,b\n0123456789A\n";
    auto too_long = rw::util::read_text_file(long_line, {.max_line_bytes = 10, .max_bytes = 1000});
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().message.find(long_line.string() + ":2: a line longer than 10 bytes") == 0);
    CHECK(rw::util::read_text_file(long_line, {.max_line_bytes = 11, .max_bytes = 1000}));

    auto too_big = rw::util::read_text_file(path, {.max_line_bytes = 100, .max_bytes = 5});
    REQUIRE_FALSE(too_big);
    CHECK(too_big.error().message.find("larger than 5 bytes") != std::string::npos);
  }

  TEST_CASE("read_text_file: a pipe is read like a file, and an endless one is refused")
  {
    rw::test::TempDir dir;
    const auto fifo = dir / "feed";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << "a,b\n1,2\n"; });
    auto text = rw::util::read_text_file(fifo);
    writer.join();
    REQUIRE(text);
    CHECK(*text == "a,b\n1,2\n");

    // An endless line without a line feed: the reader stops past the line
    // limit and the writer sees the pipe closed (EPIPE, not a signal).
    std::thread endless([&] {
      ::signal(SIGPIPE, SIG_IGN);
      const int fd = ::open(fifo.c_str(), O_WRONLY);
      const std::string chunk(4096, 'a');
      while (fd >= 0 && ::write(fd, chunk.data(), chunk.size()) > 0) {
      }
      if (fd >= 0) {
        ::close(fd);
      }
    });
    auto refused = rw::util::read_text_file(fifo, {.max_line_bytes = 100000, .max_bytes = 1u << 30});
    endless.join();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find(":1: a line longer than 100000 bytes") != std::string::npos);
  }

  TEST_CASE("TextStream: the text in chunks, hashed in the same pass; a file cut while read is 'became shorter'")
  {
    rw::test::TempDir dir;
    const auto path = dir / "text.csv";
    std::string text;
    for (int i = 0; text.size() < 2 * rw::util::TextStream::k_chunk + 123; ++i) {
      text += "row " + std::to_string(i) + ",some,fields\n";
    }
    std::ofstream(path, std::ios::binary) << text;

    auto stream = rw::util::TextStream::open(path);
    REQUIRE(stream);
    CHECK(stream->expected_size() == text.size());
    rw::util::Sha256 hash;
    stream->on_read([&](std::string_view chunk) { hash.update(chunk); });
    std::string read;
    size_t chunks = 0;
    while (true) {
      auto n = stream->read(read);
      REQUIRE(n);
      if (*n == 0) {
        break;
      }
      CHECK(*n <= rw::util::TextStream::k_chunk);
      ++chunks;
    }
    CHECK(stream->at_end());
    CHECK(chunks == 3);
    CHECK(read == text);
    CHECK(hash.hex() == rw::util::sha256_hex(text));

    // Cut after the first chunk: the rest is gone, and the stream says so.
    auto cut = rw::util::TextStream::open(path);
    REQUIRE(cut);
    std::string part;
    REQUIRE(cut->read(part));
    std::filesystem::resize_file(path, rw::util::TextStream::k_chunk + 10);
    REQUIRE(cut->read(part)); // the 10 bytes left
    const auto refused = cut->read(part);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == path.string() + ": the file became shorter while it was read");
  }
}
