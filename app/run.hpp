#pragma once

#include <initializer_list>
#include <string>

namespace rw::app {

// Exit codes, documented in docs/commands/remitwatch.md.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1; // data or I/O error
inline constexpr int k_exit_usage = 2;   // bad command line or refused input
inline constexpr int k_exit_alerts = 3;        // alerts: new alerts were delivered
inline constexpr int k_exit_rows_rejected = 4; // import: the file landed, some rows were rejected
inline constexpr int k_exit_delivery_failed = 5; // alerts: a delivery failed (retried on the next run)
inline constexpr int k_exit_low_coverage = 6;    // collect: fewer requests succeeded than min_coverage asks

// The "Exit codes: 0 success, 2 bad command line or refused input." footer
// of a command's --help, listing the codes it can return. Each command sets
// its own (cmd->footer(exit_codes_footer({...}))); a command that does not
// inherits the full list of `remitwatch --help`.
std::string exit_codes_footer(std::initializer_list<int> codes);

int run(int argc, char** argv);

} // namespace rw::app
