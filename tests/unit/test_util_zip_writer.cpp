#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/zip_writer.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

using rw::test::command_output;

// The archives are read back with Info-ZIP's unzip, as the xlsx tests do:
// -Z1 lists the names, -p prints an entry.
TEST_SUITE("util::zip_writer")
{
  TEST_CASE("entries in order, read back whole; the same entries give the same bytes; a file replaced whole")
  {
    rw::test::TempDir dir;
    const auto path = dir.path() / "tables.zip";
    REQUIRE(rw::util::write_file_atomic(path, "not a zip"));
    const std::vector<rw::util::ZipEntry> entries = {{"01-a.csv", "x,y\n1,2\n"}, {"02-b.csv", std::string(5000, 'z')}};
    REQUIRE(rw::util::write_zip_atomic(path, entries));
    CHECK(command_output(fmt::format("unzip -Z1 '{}'", path.string())) == "01-a.csv\n02-b.csv\n");
    CHECK(command_output(fmt::format("unzip -p '{}' 01-a.csv", path.string())) == "x,y\n1,2\n");
    CHECK(command_output(fmt::format("unzip -p '{}' 02-b.csv", path.string())) == std::string(5000, 'z'));
    // Dated 1980-01-01, so a second archive of the same entries is byte for byte the same.
    const auto again = dir.path() / "again.zip";
    REQUIRE(rw::util::write_zip_atomic(again, entries));
    CHECK(rw::util::read_file(path).value() == rw::util::read_file(again).value());
    // Deflated: 5000 equal bytes take far less room (an upper bound, not a ratio).
    CHECK(rw::util::read_file(path).value().size() < 1000);
  }

  TEST_CASE("a directory that does not exist: an error naming the path, nothing left behind")
  {
    rw::test::TempDir dir;
    const auto path = dir.path() / "missing" / "tables.zip";
    const std::vector<rw::util::ZipEntry> entries = {{"a.csv", "1\n"}};
    const auto written = rw::util::write_zip_atomic(path, entries);
    REQUIRE_FALSE(written);
    CHECK(written.error().message.starts_with(path.string() + ":"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "missing"));
  }
}
