#include "app/table_output.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rw::app {

namespace {

std::string
render_json(const util::Table& table, const std::vector<std::pair<std::string, std::string>>& fields)
{
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object;
    for (size_t i = 0; i < row.size(); ++i) {
      std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            object[table.columns[i]] = nullptr;
          } else {
            object[table.columns[i]] = value;
          }
        },
        row[i]);
    }
    rows.push_back(std::move(object));
  }
  nlohmann::ordered_json out;
  for (const auto& [key, value] : fields) {
    out[key] = value;
  }
  out["rows"] = std::move(rows);
  return out.dump(2) + "\n";
}

} // namespace

void
print_table(const util::Table& table,
            const std::string& format,
            const std::vector<std::pair<std::string, std::string>>& json_fields,
            int decimals)
{
  if (format == "csv") {
    fmt::print("{}", util::render_csv(table));
  } else if (format == "json") {
    fmt::print("{}", render_json(table, json_fields));
  } else {
    fmt::print("{}", util::render_text(table, decimals));
  }
}

} // namespace rw::app
