// Benchmark (d): the collector's HTTP client issuing many requests to a local
// server that answers each after a fixed delay. With `concurrency` requests in
// flight the ideal wall time is ceil(requests / concurrency) × delay; the
// ratio wall / ideal shows what the client's loop, connection handling and
// limits cost on top.

#include "bench/slow_server.hpp"
#include "net/http.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view k_usage = R"(Usage: rw_bench_collect [options]

Issues --requests GETs through rw::net::HttpClient (max_concurrency =
max_per_host = --concurrency, no retries) against a server on 127.0.0.1 (a child
process) that answers each after --delay-ms, checks every answer, and prints
the wall time of fetch() against the ideal ceil(requests / concurrency) x delay.

Options:
  --requests N      requests to issue (default 2000)
  --concurrency N   requests in flight at once (default 16)
  --delay-ms N      the server's delay before each answer (default 50)
  --format F        text (one "key value" per line, default) or json
  --help            this text

Exit status: 0 every answer right, 1 some answer wrong, 2 bad usage or an
error (the server could not start).
)";

struct Options
{
  long long requests = 2000;
  long long concurrency = 16;
  long long delay_ms = 50;
  bool json = false;
};

// Parses argv; prints and returns the exit status when the run should not go on.
std::optional<int>
parse(int argc, char** argv, Options& options)
{
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view name = args[i];
    std::optional<std::string_view> value;
    if (const auto eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "--help" || name == "-h") {
      fmt::print("{}", k_usage);
      return 0;
    }
    long long* number = name == "--requests"      ? &options.requests
                        : name == "--concurrency" ? &options.concurrency
                        : name == "--delay-ms"    ? &options.delay_ms
                                                  : nullptr;
    if (number == nullptr && name != "--format") {
      fmt::print(stderr, "rw_bench_collect: unknown option {} (see --help)\n", name);
      return 2;
    }
    if (!value) {
      if (i + 1 == args.size()) {
        fmt::print(stderr, "rw_bench_collect: {} needs a value\n", name);
        return 2;
      }
      value = args[++i];
    }
    if (number == nullptr) {
      if (*value != "text" && *value != "json") {
        fmt::print(stderr, "rw_bench_collect: --format is text or json (got {})\n", *value);
        return 2;
      }
      options.json = *value == "json";
      continue;
    }
    const auto parsed = rw::util::parse_integer(*value);
    const long long minimum = name == "--delay-ms" ? 0 : 1;
    if (!parsed || *parsed < minimum || *parsed > 10'000'000) {
      fmt::print(stderr, "rw_bench_collect: {} must be an integer >= {} (got {})\n", name, minimum, *value);
      return 2;
    }
    *number = *parsed;
  }
  return std::nullopt;
}

// CPU seconds this process (the client: the server is a child) has used.
double
cpu_seconds()
{
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int
run(int argc, char** argv)
{
  Options options;
  if (const auto status = parse(argc, argv, options)) {
    return *status;
  }
  // Forks the server before anything starts a thread.
  rw::bench::SlowServer server(std::chrono::milliseconds(options.delay_ms));

  const auto count = static_cast<size_t>(options.requests);
  std::vector<rw::net::HttpRequest> requests(count);
  for (size_t i = 0; i < count; ++i) {
    requests[i].url = server.url(fmt::format("/quote/{}", i));
  }
  rw::net::HttpOptions http;
  http.max_concurrency = static_cast<size_t>(options.concurrency);
  http.max_per_host = static_cast<size_t>(options.concurrency);
  http.max_attempts = 1; // a retry would hide a failure and blur the time
  rw::net::HttpClient client(http);

  const double cpu_before = cpu_seconds();
  const auto begin = std::chrono::steady_clock::now();
  const auto results = client.fetch(requests);
  const auto end = std::chrono::steady_clock::now();
  const double cpu = cpu_seconds() - cpu_before;

  size_t wrong = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& result = results[i];
    std::string problem;
    if (!result) {
      problem = result.error().message;
    } else if (result->status != 200) {
      problem = fmt::format("HTTP {}", result->status);
    } else if (result->body != rw::bench::quote_body(static_cast<long long>(i))) {
      problem = fmt::format("unexpected body {:?}", result->body.substr(0, 80));
    }
    if (!problem.empty() && ++wrong <= 5) {
      fmt::print(stderr, "rw_bench_collect: {}: {}\n", requests[i].url, problem);
    }
  }

  const double wall = std::chrono::duration<double>(end - begin).count();
  const long long rounds = (options.requests + options.concurrency - 1) / options.concurrency;
  const double ideal = static_cast<double>(rounds * options.delay_ms) / 1000.0;
  const std::vector<std::pair<std::string, std::string>> rows = {
    {"collect_requests", fmt::format("{}", options.requests)},
    {"collect_concurrency", fmt::format("{}", options.concurrency)},
    {"collect_delay_ms", fmt::format("{}", options.delay_ms)},
    {"collect_wall_s", fmt::format("{:.3f}", wall)},
    {"collect_ideal_s", fmt::format("{:.3f}", ideal)},
    {"collect_ratio", ideal > 0 ? fmt::format("{:.3f}", wall / ideal) : std::string("null")},
    {"collect_requests_per_s", fmt::format("{:.1f}", static_cast<double>(options.requests) / wall)},
    {"collect_peak_concurrency", fmt::format("{}", server.peak_in_flight())},
    {"collect_server_connections", fmt::format("{}", server.connections())},
    {"collect_server_peak_open", fmt::format("{}", server.peak_open())},
    {"collect_client_cpu_s", fmt::format("{:.3f}", cpu)},
    {"collect_errors", fmt::format("{}", wrong)},
  };
  if (options.json) {
    fmt::print("{{");
    for (size_t i = 0; i < rows.size(); ++i) {
      fmt::print("{}\"{}\": {}", i > 0 ? ", " : "", rows[i].first, rows[i].second);
    }
    fmt::print("}}\n");
  } else {
    for (const auto& [key, value] : rows) {
      fmt::print("{} {}\n", key, value);
    }
  }
  if (wrong > 0) {
    fmt::print(stderr, "rw_bench_collect: {} of {} answers wrong\n", wrong, count);
    return 1;
  }
  return 0;
}

} // namespace

int
main(int argc, char** argv)
{
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "rw_bench_collect: {}\n", e.what());
    return 2;
  }
}
