// rw_peak_rss OUT PROGRAM [ARGS...]: runs PROGRAM and writes its peak
// resident memory in KiB (wait4's ru_maxrss) to the file OUT; exits as
// PROGRAM did.
//
// Why a process of its own: Linux counts, in a child's ru_maxrss, the
// resident memory its parent had when it forked (the copied page tables are
// the child's until exec, and exec keeps their high-water mark). The unit
// test binary holds a hundred and more MB by the time the memory test runs,
// so a child it forks directly reports at least that, whatever it used
// itself. This helper is exec'ed first (a few hundred KB), and the program it
// forks carries only that.

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int
main(int argc, char** argv)
{
  if (argc < 3) {
    std::fputs("usage: rw_peak_rss OUT PROGRAM [ARGS...]\n", stderr);
    return 125;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    std::perror("rw_peak_rss: fork");
    return 125;
  }
  if (child == 0) {
    ::execv(argv[2], argv + 2);
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(child, &status, 0, &usage) != child) {
    std::perror("rw_peak_rss: wait4");
    return 125;
  }
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr || std::fprintf(out, "%ld\n", usage.ru_maxrss) < 0 || std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 125;
  }
  if (WIFSIGNALED(status)) {
    ::signal(WTERMSIG(status), SIG_DFL);
    ::raise(WTERMSIG(status));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}
