#!/bin/sh
# The benchmark's sqlite3 peer, step 2: remitwatch's aggregates for one quarter at USD 200,
# in pure SQL (aggregates.sql), over a database made by import_sqlite.sh.
#
#   bench/peers/aggregates_sqlite.sh DB QUARTER CATALOGUE_DIR
#
# QUARTER is like 2016Q2 (rows say 2016_2Q). The catalogue is read from CATALOGUE_DIR into
# temporary tables, which hide the copies import_sqlite.sh stored, so DB is only read.
# Prints measure,key,value sorted by measure and key, values with 17 significant digits.
set -eu
if [ $# -ne 3 ]; then
  echo "usage: $0 DB QUARTER CATALOGUE_DIR" >&2
  exit 2
fi
db=$1
quarter=$2
catalogue=$3
case $quarter in
  [0-9][0-9][0-9][0-9][Qq][1-4]) ;;
  *) echo "$0: quarter '$quarter' is not like 2016Q2" >&2; exit 2 ;;
esac
period="$(echo "$quarter" | cut -c1-4)_$(echo "$quarter" | cut -c6)Q"
if [ ! -r "$db" ]; then
  echo "$0: cannot read $db" >&2
  exit 1
fi
for f in "$catalogue/countries.csv" "$catalogue/corridors.csv"; do
  if [ ! -r "$f" ]; then
    echo "$0: cannot read $f" >&2
    exit 1
  fi
done

# The header even when the quarter has no services (the shell prints its own only above rows).
echo "measure,key,value"
# Sorts and the materialised services in memory, up to 256 MiB of page cache.
sqlite3 -bail -readonly "$db" \
  "PRAGMA temp_store = MEMORY;" \
  "PRAGMA cache_size = -262144;" \
  ".import --csv --schema temp '$catalogue/countries.csv' countries" \
  ".import --csv --schema temp '$catalogue/corridors.csv' corridors" \
  ".parameter set @period '$period'" \
  ".headers off" \
  ".mode csv" \
  ".read '$(dirname "$0")/aggregates.sql'"
