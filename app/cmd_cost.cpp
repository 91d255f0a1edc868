#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/run.hpp"
#include "calculator/cost.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace rw::app {

namespace {

struct CostOptions
{
  double amount = 0;
  double fee = 0;
  double rate = 0;
  double benchmark = 0;
  std::optional<double> received;
  std::string format = "text";
  bool json = false; // --json, the older spelling of --format json
};

util::Expected<int>
run_cost(const CostOptions& options)
{
  // Name the option, not the formula's letter, in the message.
  if (!(options.amount > 0)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--amount must be positive (got {})", options.amount));
  }
  if (!(options.fee >= 0)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--fee must not be negative (got {})", options.fee));
  }
  if (!(options.rate > 0)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--rate must be positive (got {})", options.rate));
  }
  if (!(options.benchmark > 0)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--benchmark must be positive (got {})", options.benchmark));
  }
  if (options.received && !(*options.received >= 0)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--received must not be negative (got {})", *options.received));
  }
  auto cost = calculator::quote_cost({.amount = options.amount,
                                      .fee = options.fee,
                                      .rate = options.rate,
                                      .benchmark = options.benchmark,
                                      .received = options.received});
  if (!cost) {
    return std::unexpected(cost.error());
  }
  if (options.json || options.format == "json") {
    nlohmann::ordered_json out;
    out["fee_pct"] = cost->fee_pct;
    out["fx_margin_pct"] = cost->fx_margin_pct;
    out["total_cost_pct"] = cost->total_pct;
    out["implicit_cost_pct"] =
      cost->implicit_pct ? nlohmann::ordered_json(*cost->implicit_pct) : nlohmann::ordered_json();
    fmt::print("{}\n", out.dump(2));
    return k_exit_ok;
  }
  fmt::print("fee          {:>7.2f} %\n", cost->fee_pct);
  fmt::print("FX margin    {:>7.2f} %\n", cost->fx_margin_pct);
  fmt::print("total cost   {:>7.2f} %\n", cost->total_pct);
  if (cost->implicit_pct) {
    fmt::print("implicit cost{:>7.2f} %\n", *cost->implicit_pct);
  }
  return k_exit_ok;
}

} // namespace

void
add_cost_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<CostOptions>();
  auto* cmd = parent.add_subcommand(
    "cost",
    "Cost of one quote: fee %, FX margin % and total cost % (RPW), implicit cost % when the "
    "amount received is given");
  cmd->add_option("--amount", options->amount, "Amount sent, in the sending currency")->required();
  cmd->add_option("--fee", options->fee, "Fee charged, in the sending currency")->required();
  cmd->add_option("--rate", options->rate, "Exchange rate offered (receiving units per sending unit)")
    ->required();
  cmd->add_option("--benchmark", options->benchmark,
                  "Interbank (mid-market) rate, receiving units per sending unit")
    ->required();
  cmd->add_option("--received", options->received, "Amount received, in the receiving currency");
  auto* format = cmd->add_option("--format", options->format, "Output format")
                  ->transform(one_of({"text", "json"}))
                  ->default_val("text");
  cmd->add_flag("--json", options->json, "Same as --format json")->excludes(format);
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_usage}));
  cmd->callback([options, &action] { action = [options] { return run_cost(*options); }; });
}

} // namespace rw::app
