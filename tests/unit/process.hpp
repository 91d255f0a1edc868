#pragma once

// Runs the remitwatch binary as a child process for the crash and fault
// tests: optionally killed with SIGKILL after a delay, with a file-size limit
// (a full disk), or as an unprivileged user (a read-only database, even when
// the tests run as root).

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rw::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool k_address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool k_address_sanitizer = true;
#else
inline constexpr bool k_address_sanitizer = false;
#endif
#else
inline constexpr bool k_address_sanitizer = false;
#endif

struct ChildOptions
{
  std::optional<std::chrono::milliseconds> kill_after; // SIGKILL then
  std::optional<rlim_t> max_file_size;                 // RLIMIT_FSIZE: writes beyond fail with EFBIG
  std::optional<rlim_t> max_memory;                    // RLIMIT_AS: a runaway read fails, not the machine
  bool unprivileged = false;                           // run as nobody when we are root
  std::string stderr_path;                             // where the child's stderr goes (default /dev/null)
  std::string stdout_path;                             // where the child's stdout goes (default /dev/null)
  std::vector<std::pair<std::string, std::string>> environment;
  // When set: the child's peak resident memory in KiB (ru_maxrss), measured
  // by rw_peak_rss (tests/support/peak_rss.cpp says why a direct child's
  // ru_maxrss would count this process's memory too). Not with kill_after.
  long* peak_rss_kb = nullptr;
};

// Exit status, or −signal when the child was killed.
inline int
run_remitwatch(const std::vector<std::string>& args, const ChildOptions& options = {})
{
  std::string peak_file;
  if (options.peak_rss_kb) {
    char name[] = "/tmp/rw-peak-rss-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0 || options.kill_after) {
      return 125; // the test reports the status it did not expect
    }
    ::close(fd);
    peak_file = name;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::setenv("REMITWATCH_NOW", "2025-05-10T12:00:00Z", 1);
    for (const auto& [name, value] : options.environment) {
      ::setenv(name.c_str(), value.c_str(), 1);
    }
    const int null = ::open("/dev/null", O_WRONLY);
    const int err = options.stderr_path.empty() ? null
                                                : ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int out = options.stdout_path.empty() ? null
                                                : ::open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null < 0 || err < 0 || out < 0) {
      ::_exit(125); // not remitwatch's exit: the test reports the status it did not expect
    }
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    // ASan reserves terabytes of address space for its shadow memory, so an
    // address-space limit would stop a sanitized binary at its start; there
    // the limit (a guard for the machine, not what the test asserts) is left out.
    if (options.max_memory && !k_address_sanitizer) {
      const rlimit limit{*options.max_memory, *options.max_memory};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    if (options.max_file_size) {
      ::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails (EFBIG) instead of killing
      const rlimit limit{*options.max_file_size, *options.max_file_size};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    if (options.unprivileged && ::getuid() == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
        ::_exit(126);
      }
    }
    std::vector<char*> argv;
    if (!peak_file.empty()) {
      argv.push_back(const_cast<char*>(RW_PEAK_RSS));
      argv.push_back(peak_file.data());
    }
    argv.push_back(const_cast<char*>(RW_BINARY));
    for (const auto& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(argv.front(), argv.data());
    ::_exit(127);
  }
  if (options.kill_after) {
    std::this_thread::sleep_for(*options.kill_after);
    ::kill(child, SIGKILL);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (options.peak_rss_kb) {
    std::ifstream in(peak_file);
    if (!(in >> *options.peak_rss_kb)) {
      *options.peak_rss_kb = -1; // nothing measured: the test's own check fails
    }
    ::unlink(peak_file.c_str());
  }
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

inline std::string
file_text(const std::string& path)
{
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace rw::test
