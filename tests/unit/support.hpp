#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace rw::test {

// ../shared/data beside the repository, or $RW_SHARED_DATA.
inline std::filesystem::path
shared_data_dir()
{
  if (const char* env = std::getenv("RW_SHARED_DATA"); env != nullptr && *env != '\0') {
    return env;
  }
  return RW_SHARED_DATA_DIR;
}

inline std::filesystem::path
source_dir()
{
  return RW_SOURCE_DIR;
}

} // namespace rw::test
