#pragma once

namespace rw::app {

// Exit codes, documented in docs/commands/remitwatch.md.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1; // data or I/O error
inline constexpr int k_exit_usage = 2;   // bad command line or refused input
inline constexpr int k_exit_alerts = 3;        // alerts: new alerts were delivered
inline constexpr int k_exit_rows_rejected = 4; // import: the file landed, some rows were rejected
inline constexpr int k_exit_delivery_failed = 5; // alerts: a delivery failed (retried on the next run)
inline constexpr int k_exit_low_coverage = 6;    // collect: fewer requests succeeded than min_coverage asks

int run(int argc, char** argv);

} // namespace rw::app
