#pragma once

#include "calculator/cost.hpp"
#include "util/error.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rw::collector {

// What `remitwatch collect` does and where it fetches from. Precedence:
// command line > environment > configuration file > defaults
// (docs/commands/collect.md lists every key and variable).
struct CollectConfig
{
  std::vector<std::string> corridors; // "USA-MEX"; empty: every catalogue corridor
  std::vector<int> amounts = {200, 500};
  std::vector<std::string> sources = {"ecb", "wise", "feed", "worldbank"};
  double min_coverage = 80;         // percent of requests that must succeed for exit 0
  double max_benchmark_age_days = calculator::k_default_benchmark_max_age_days; // older ECB rates are stale
  std::string data_dir;             // the response archive; empty: beside the database
  std::string log_format = "text";  // "text" or "json"

  std::string ecb_url = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
  std::string wise_base_url = "https://api.wise.com";
  std::string wise_api_key_env;     // optional: a variable holding a bearer token
  std::vector<std::string> feed_urls;
  std::string worldbank_base_url = "https://api.worldbank.org/v2";
  std::vector<std::string> worldbank_indicators = {"SI.RMT.COST.IB.ZS", "SI.RMT.COST.OB.ZS"};
  // The World Bank Data Catalog, where the newest RPW release is found
  // (`collect --source rpw`; not collected unless named).
  std::string rpw_catalog_base_url = "https://datacatalogapi.worldbank.org";
  std::string rpw_dataset = "0037898";
  size_t rpw_max_bytes = 256u << 20; // the release workbook (about 50 MB in 2025)

  size_t concurrency = 8;
  size_t per_host = 2;
  std::chrono::milliseconds min_interval{250};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};
  int max_attempts = 4;
  std::chrono::milliseconds backoff{500};
  size_t max_response_bytes = 32u << 20;

  std::string origin; // where the values came from, for the run record ("remitwatch.toml", "defaults")
};

// Reads a configuration file (TOML) over the defaults. Unknown keys and
// mistyped values are refused with FILE:LINE.
util::Expected<CollectConfig> parse_collect_config(std::string_view text, const std::string& name,
                                                   CollectConfig base = {});

// Applies REMITWATCH_* variables (docs/commands/collect.md) over `config`.
util::Expected<CollectConfig>
apply_environment(CollectConfig config, const std::function<std::optional<std::string>(const std::string&)>& getenv);

} // namespace rw::collector
