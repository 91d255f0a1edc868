#include "app/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace rw::app {

ProgressBar::ProgressBar(std::string label)
  : m_label(std::move(label)),
    m_start(std::chrono::steady_clock::now()),
    m_enabled(isatty(STDERR_FILENO) != 0)
{
}

ProgressBar::~ProgressBar()
{
  finish();
}

void
ProgressBar::finish()
{
  if (m_shown) {
    fmt::print(stderr, "\n");
    m_shown = false;
    m_enabled = false;
  }
}

void
ProgressBar::update(size_t done, size_t total)
{
  if (!m_enabled) {
    return;
  }
  if (!m_shown && std::chrono::steady_clock::now() - m_start < std::chrono::seconds(1)) {
    return;
  }
  m_shown = true;
  if (total == 0) { // unknown: a counter
    fmt::print(stderr, "\r{}: {} quotes", m_label, done);
    std::fflush(stderr);
    return;
  }
  constexpr size_t k_width = 30;
  const size_t filled = done >= total ? k_width : done * k_width / total;
  fmt::print(stderr, "\r{} [{}{}] {:3}%", m_label, std::string(filled, '#'), std::string(k_width - filled, ' '),
             done >= total ? 100 : done * 100 / total);
  std::fflush(stderr);
}

} // namespace rw::app
