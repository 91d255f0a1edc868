// util::InputFile: reads at any offset, errors that name the file, and a file
// cut short after it was opened read as short (not as the size it had).
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>

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
}
