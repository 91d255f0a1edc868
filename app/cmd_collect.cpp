#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/progress.hpp"
#include "app/run.hpp"
#include "app/suggest.hpp"
#include "collector/collect.hpp"
#include "collector/sources/registry.hpp"
#include "store/postgres.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace rw::app {

namespace {

struct CollectCommandOptions
{
  std::optional<std::string> config;
  std::optional<std::string> database;
  std::optional<std::string> data_dir;
  std::vector<std::string> corridors;
  std::vector<int> amounts;
  std::optional<std::string> sources;
  std::optional<std::string> log_format;
  bool dry_run = false;
};

std::optional<std::string>
environment(const std::string& name)
{
  const char* value = std::getenv(name.c_str());
  return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

// defaults < file (--config, $REMITWATCH_CONFIG, ./remitwatch.toml if present) < environment < command line.
util::Expected<collector::CollectConfig>
resolve(const CollectCommandOptions& options)
{
  collector::CollectConfig config;
  config.origin = "defaults";
  std::optional<std::string> file = options.config ? options.config : environment("REMITWATCH_CONFIG");
  if (!file && std::filesystem::exists("remitwatch.toml")) {
    file = "remitwatch.toml";
  }
  if (file) {
    auto text = util::read_file(*file);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto parsed = collector::parse_collect_config(*text, *file, config);
    if (!parsed) {
      return std::unexpected(parsed.error());
    }
    config = std::move(*parsed);
  }
  auto with_environment = collector::apply_environment(std::move(config), environment);
  if (!with_environment) {
    return std::unexpected(with_environment.error());
  }
  config = std::move(*with_environment);
  if (!options.corridors.empty()) {
    config.corridors = options.corridors;
  }
  if (!options.amounts.empty()) {
    config.amounts = options.amounts;
  }
  if (options.sources) {
    std::vector<std::string> sources;
    for (auto part : util::split(*options.sources, ',')) {
      const std::string source = util::to_lower(util::trim(part)); // "ECB" is ecb
      if (!collector::is_source(source)) {
        const std::string names = collector::source_names(); // split() returns views into it
        std::vector<std::string> known;
        for (auto name : util::split(names, ',')) {
          known.emplace_back(util::trim(name));
        }
        const auto near = nearest(source, known);
        return util::make_error(util::ErrorKind::invalid_argument,
                                fmt::format("--source: unknown source '{}' ({}){}", source, names,
                                            near ? fmt::format("; did you mean {}?", *near) : ""));
      }
      sources.push_back(source);
    }
    config.sources = sources;
  }
  if (options.data_dir) {
    config.data_dir = *options.data_dir;
  }
  if (options.log_format) {
    config.log_format = *options.log_format;
  }
  return config;
}

util::Expected<int>
run_collect(const CollectCommandOptions& options)
{
  auto config = resolve(options);
  if (!config) {
    return std::unexpected(config.error());
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  const std::string db_path = database_path(options.database);
  // Beside the SQLite file by default; for a PostgreSQL URL (no file to be
  // beside), remitwatch-archive in the working folder.
  const std::filesystem::path archive_dir =
    !config->data_dir.empty()                ? std::filesystem::path(config->data_dir)
    : store::postgres::is_url(db_path) ? std::filesystem::path("remitwatch-archive")
                                             : std::filesystem::path(db_path + "-archive");

  collector::CollectOptions collect_options;
  collect_options.now = now_timestamp();
  collect_options.dry_run = options.dry_run;
  collect_options.user_agent = "remitwatch/" RW_VERSION " (+https://github.com/remitwatch/remitwatch)";
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  const bool json = config->log_format == "json";
  ProgressBar bar("collecting");
  collect_options.progress = [&](size_t done, size_t total) { bar.update(done, total); };
  collect_options.log = [&](const collector::LogEvent& e) {
    if (json) {
      nlohmann::ordered_json line = {{"time", now_timestamp()}, {"level", e.level},     {"source", e.source},
                                     {"corridor", e.corridor},  {"event", e.event},     {"detail", e.detail}};
      if (e.amount) {
        line["amount_usd"] = *e.amount;
      }
      std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    } else if (!tty || e.level != "info") {
      bar.finish();
      std::fprintf(stderr, "collect: %s %s%s %s: %s\n", e.source.c_str(), e.corridor.c_str(),
                   e.amount ? fmt::format(" {:g}", *e.amount).c_str() : "", e.event.c_str(), e.detail.c_str());
    }
  };

  // A dry run touches no database: the plan needs none.
  auto database = options.dry_run ? store::Database::open(":memory:") : open_store(db_path, true);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto summary = collector::collect(*database, *catalogue, *config, archive_dir, collect_options);
  bar.finish();
  if (!summary) {
    return std::unexpected(summary.error());
  }
  if (options.dry_run) {
    std::printf("dry run (%s): %zu requests would be made; nothing fetched or written\n", config->origin.c_str(),
                summary->requested);
    for (const auto& line : summary->plan) {
      std::printf("  %s\n", line.c_str());
    }
    return k_exit_ok;
  }
  std::printf("run %lld: %zu of %zu requests succeeded (coverage %.1f %%, at least %g %% asked)\n",
              static_cast<long long>(summary->run_id), summary->succeeded, summary->requested, summary->coverage,
              config->min_coverage);
  std::printf("quotes: %zu new, %zu updated, %zu unchanged; benchmark rates changed: %zu; reference values "
              "changed: %zu\n",
              summary->quotes_new, summary->quotes_updated, summary->quotes_unchanged, summary->rates_changed,
              summary->reference_values_changed);
  if (summary->benchmark_stale) {
    std::printf("warning: the ECB benchmark is stale (older than %g days)\n", config->max_benchmark_age_days);
  }
  for (const auto& failure : summary->failures) {
    std::printf("failed: %s\n", failure.c_str());
  }
  std::printf("archive: %s\n", archive_dir.string().c_str());
  return summary->coverage + 1e-9 >= config->min_coverage ? k_exit_ok : k_exit_low_coverage;
}

} // namespace

void
add_collect_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<CollectCommandOptions>();
  auto* cmd = parent.add_subcommand(
    "collect", "Fetch benchmark rates (ECB), provider quotes (Wise comparisons, quote feeds), World Bank "
               "reference values and the newest RPW release over HTTP; archive every response and store what "
               "parses, with provenance");
  cmd->add_option("--config", options->config,
                  "Configuration file (TOML; default $REMITWATCH_CONFIG, else ./remitwatch.toml if present)");
  add_database_option(*cmd, options->database);
  cmd->add_option("--corridor", options->corridors, "SENDER-RECEIVER (repeatable; default: the configured ones)");
  cmd->add_option("--amount", options->amounts, "USD amount, 200 or 500 (repeatable)")
    ->check(CLI::IsMember({200, 500}));
  cmd->add_option("--source", options->sources, "Comma-separated: ecb,wise,feed,worldbank,rpw");
  cmd->add_option("--data-dir", options->data_dir, "The response archive (default: beside the database, <db>-archive; ./remitwatch-archive for a postgresql:// URL)");
  cmd->add_option("--log-format", options->log_format, "Log lines on stderr: text or json")
    ->transform(one_of({"text", "json"}));
  cmd->add_flag("--dry-run", options->dry_run, "Print the requests that would be made; fetch and write nothing");
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage, k_exit_low_coverage}));
  cmd->callback([options, &action] { action = [options] { return run_collect(*options); }; });
}

} // namespace rw::app
