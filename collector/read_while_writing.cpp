#include "collector/read_while_writing.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace rw::collector {

namespace {

using Batch = std::vector<readers::ImportedQuote>;

// Batches from the reader's thread to the writer's; either side may stop it.
class BatchQueue
{
public:
  explicit BatchQueue(size_t depth)
    : m_depth(depth == 0 ? 1 : depth)
  {
  }

  // The reader: false when the writer has stopped (the batch is dropped).
  bool push(Batch&& batch)
  {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_stopped || m_batches.size() < m_depth; });
    if (m_stopped) {
      return false;
    }
    m_batches.push_back(std::move(batch));
    m_ready.notify_one();
    return true;
  }

  // The writer: the next batch, or nothing once the reader is done.
  std::optional<Batch> pop()
  {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return m_done || !m_batches.empty(); });
    if (m_batches.empty()) {
      return std::nullopt;
    }
    Batch batch = std::move(m_batches.front());
    m_batches.pop_front();
    m_space.notify_one();
    return batch;
  }

  void reader_done()
  {
    const std::lock_guard lock(m_mutex);
    m_done = true;
    m_ready.notify_one();
  }

  void writer_stopped()
  {
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
    m_batches.clear();
    m_space.notify_one();
  }

private:
  size_t m_depth;
  std::mutex m_mutex;
  std::condition_variable m_ready, m_space;
  std::deque<Batch> m_batches;
  bool m_done = false;
  bool m_stopped = false;
};

} // namespace

util::Expected<readers::ImportedFile>
read_while_writing(const std::function<util::Expected<readers::ImportedFile>(const readers::QuoteSink&)>& read,
                   const readers::QuoteSink& write,
                   size_t depth)
{
  BatchQueue queue(depth);
  util::Expected<readers::ImportedFile> read_result = util::make_error(util::ErrorKind::io, "not read");
  std::jthread reader([&] {
    const readers::QuoteSink hand_over = [&](Batch& batch) -> util::Expected<void> {
      if (!queue.push(std::move(batch))) {
        return util::make_error(util::ErrorKind::io, "the writer stopped");
      }
      batch = Batch(); // the reader clears it after the call: a moved-from vector is left empty
      return {};
    };
    read_result = read(hand_over);
    queue.reader_done();
  });
  util::Expected<void> written;
  while (auto batch = queue.pop()) {
    written = write(*batch);
    if (!written) {
      queue.writer_stopped();
      break;
    }
  }
  reader.join();
  if (!written) {
    return std::unexpected(written.error());
  }
  return read_result;
}

} // namespace rw::collector
