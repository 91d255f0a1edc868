#!/usr/bin/env bash
# scripts/check-layers must fail, naming FILE:LINE, on includes against the
# layer table of ARCHITECTURE.md, and on a table with a cycle; and pass on a
# tree that follows it. Each case is a small tree made here from the real
# table.
#   tests/layers/planted_back_edge.sh SOURCE_DIR WORKDIR
set -euo pipefail
source_dir=$1
work=$2
check="$source_dir/scripts/check-layers"
failures=0

fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# A tree with the real table and one source per case.
make_tree() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree"/{util,calculator,collector,bench,tests/unit}
  cp "$source_dir/ARCHITECTURE.md" "$work/tree/"
  printf '#pragma once\n#include "util/error.hpp"\n' > "$work/tree/calculator/cost.hpp"
  printf '#pragma once\n' > "$work/tree/collector/collect.hpp"
  printf '#pragma once\n' > "$work/tree/tests/unit/support.hpp"
}

expect_failure() { # NAME EXPECTED-TEXT
  local output rc=0
  output=$("$check" --root "$work/tree" 2>&1) || rc=$?
  if [ "$rc" -ne 1 ]; then fail "$1: exit $rc, expected 1"; fi
  if ! grep -qF -- "$2" <<<"$output"; then fail "$1: output lacks '$2':"$'\n'"$output"; fi
}

# 1. The tree as made follows the order.
make_tree
"$check" --root "$work/tree" >/dev/null || fail "a clean tree was refused"

# 2. The calculator including the collector: a back edge, named at its line.
make_tree
printf '#pragma once\n\n#include "util/error.hpp"\n#include "collector/collect.hpp"\n' > "$work/tree/calculator/cost.hpp"
expect_failure "back edge" "calculator/cost.hpp:4: calculator/ includes collector/"

# 3. A benchmark including the tests.
make_tree
printf '#include "tests/unit/support.hpp"\n' > "$work/tree/bench/slow.hpp"
expect_failure "bench includes tests" "bench/slow.hpp:1: bench/ includes tests/"

# 4. A cycle planted in the table itself.
make_tree
sed -i 's/^\(| `util\/` |.*| \)— |$/\1app |/' "$work/tree/ARCHITECTURE.md"
expect_failure "cycle in the table" "the layer table has a cycle"

# 5. The repository itself follows its table.
"$check" --root "$source_dir" >/dev/null || fail "the repository has includes against its layer table"

if [ "$failures" -gt 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
echo "check-layers: 5 cases as expected"
