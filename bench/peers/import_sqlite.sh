#!/bin/sh
# The benchmark's sqlite3 peer, step 1: load an RPW dataset CSV export and the corridor
# catalogue into a SQLite database with the sqlite3 command-line shell.
#
#   bench/peers/import_sqlite.sh FILE.csv DB [CATALOGUE_DIR]
#
# Table rpw holds FILE.csv as the shell's .import makes it (every column TEXT, named after the
# header), with an index on period, the column every quarterly query filters on; tables
# countries and corridors hold CATALOGUE_DIR/countries.csv and corridors.csv (default: the
# repository's corridors/data). Tables already in DB are replaced. Needs the sqlite3 package.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 FILE.csv DB [CATALOGUE_DIR]" >&2
  exit 2
fi
file=$1
db=$2
catalogue=${3:-$(dirname "$0")/../../corridors/data}
for f in "$file" "$catalogue/countries.csv" "$catalogue/corridors.csv"; do
  if [ ! -r "$f" ]; then
    echo "$0: cannot read $f" >&2
    exit 1
  fi
done

# A bulk load into a database nobody else reads: no fsync until the end.
sqlite3 -bail "$db" \
  "PRAGMA synchronous = OFF;" \
  "DROP TABLE IF EXISTS rpw;" \
  "DROP TABLE IF EXISTS countries;" \
  "DROP TABLE IF EXISTS corridors;" \
  ".import --csv '$file' rpw" \
  ".import --csv '$catalogue/countries.csv' countries" \
  ".import --csv '$catalogue/corridors.csv' corridors" \
  "CREATE INDEX rpw_period ON rpw(period);"
