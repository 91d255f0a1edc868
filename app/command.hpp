#pragma once

#include "util/error.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace rw::app {

// What a subcommand does once its options are parsed: an exit code, or an
// error that run() prints and maps to an exit code.
using Action = std::function<util::Expected<int>()>;

// Each cmd_<name>.cpp adds its subcommand to the parser and, when the
// subcommand is chosen, leaves its action in `action`.
void add_cost_command(CLI::App& parent, Action& action);
void add_averages_command(CLI::App& parent, Action& action);
void add_import_command(CLI::App& parent, Action& action);
void add_series_command(CLI::App& parent, Action& action);
void add_db_command(CLI::App& parent, Action& action);
void add_report_command(CLI::App& parent, Action& action);
void add_alerts_command(CLI::App& parent, Action& action);
void add_collect_command(CLI::App& parent, Action& action);
void add_corridor_command(CLI::App& parent, Action& action);
void add_export_command(CLI::App& parent, Action& action);
void add_serve_command(CLI::App& parent, Action& action);

} // namespace rw::app
