// Test-only: writes the web monitor's pages for one database into a folder,
// for the browser test (pages_in_chromium.cmake) to load from files.
//
//   rw_write_pages DATABASE FOLDER CORRIDOR...

#include "corridors/catalogue.hpp"
#include "store/database.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>

namespace {

bool
write(const std::filesystem::path& path, const rw::util::Expected<std::string>& page)
{
  if (!page) {
    fmt::print(stderr, "rw_write_pages: {}: {}\n", path.filename().string(), page.error().message);
    return false;
  }
  std::ofstream(path, std::ios::binary) << *page;
  return true;
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc < 3) {
    fmt::print(stderr, "usage: rw_write_pages DATABASE FOLDER CORRIDOR...\n");
    return 2;
  }
  auto catalogue = rw::corridors::Catalogue::load_builtin();
  auto database = rw::store::Database::open(argv[1], {.read_only = true});
  if (!catalogue || !database) {
    fmt::print(stderr, "rw_write_pages: {}\n", !catalogue ? catalogue.error().message : database.error().message);
    return 1;
  }
  const std::filesystem::path folder = argv[2];
  const rw::web::PageRequest request{.base_path = "", .query = {}};
  bool ok = write(folder / "overview.html", rw::web::overview_page(*database, *catalogue, request));
  ok = write(folder / "corridors.html", rw::web::corridors_page(*database, *catalogue, request)) && ok;
  ok = write(folder / "alerts.html", rw::web::alerts_page(*database, *catalogue, request)) && ok;
  ok = write(folder / "status.html", rw::web::status_page(*database, *catalogue, request)) && ok;
  for (int i = 3; i < argc; ++i) {
    auto key = rw::corridors::CorridorKey::parse(argv[i]);
    ok = key && write(folder / fmt::format("corridor-{}.html", argv[i]),
                      rw::web::corridor_page(*database, *catalogue, *key, request)) && ok;
  }
  return ok ? 0 : 1;
}
