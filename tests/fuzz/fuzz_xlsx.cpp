// The xlsx reader (libzip + expat) on any bytes as a workbook: the reader
// takes a file, so each input is written to one (under /dev/shm when there).
// The sheet asked for is chosen by the input's length, so every input is
// opened once (three opens per input ran a third as many inputs).
#include "readers/xlsx_reader.hpp"
#include "tests/fuzz/fuzz.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

RW_FUZZ_TARGET(xlsx)
{
  static const std::filesystem::path path =
    (std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path())
    / ("remitwatch-fuzz-" + std::to_string(::getpid()) + ".xlsx");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  static const char* const sheets[] = {"Sheet1", "Headline", "Dataset (from Q2 2016)"};
  (void)rw::readers::read_xlsx_sheet(path, sheets[size % 3], [](size_t, const std::vector<std::string>&) {
    return rw::util::Expected<bool>(true);
  });
  return 0;
}
