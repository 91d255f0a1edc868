#pragma once

// An import reads and checks rows (the parse) and writes them (SQLite) on two
// threads: the parse, a tenth of an import's time, hides behind the writes.

#include "readers/imported_quote.hpp"
#include "readers/rpw.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <functional>

namespace rw::collector {

// Runs `read` on a thread of its own and hands each batch it gives its sink
// to `write` on the calling thread, through a queue of at most `depth`
// batches (memory stays bounded: the reader waits when the writer is
// behind). The first failure stops both: a failed write makes the reader's
// sink fail, so `read` returns early; the write's error is returned. `write`
// sees the batches in the order `read` gave them.
util::Expected<readers::ImportedFile>
read_while_writing(const std::function<util::Expected<readers::ImportedFile>(const readers::QuoteSink&)>& read,
                   const readers::QuoteSink& write,
                   size_t depth = 2);

} // namespace rw::collector
