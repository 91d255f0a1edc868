#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace rw::app {

// A progress bar on stderr (a counter when the total is unknown), shown only
// on a terminal and only once the work has taken more than a second.
class ProgressBar
{
public:
  explicit ProgressBar(std::string label);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  void update(size_t done, size_t total);
  // Ends the bar's line, if it was shown; before printing anything else.
  void finish();

private:
  std::string m_label;
  std::chrono::steady_clock::time_point m_start;
  bool m_enabled;
  bool m_shown = false;
};

} // namespace rw::app
