#!/bin/sh
# How fast SQLite itself can fill remitwatch's store from an RPW CSV (issue 23): the floor
# under any import design that keeps the store's schema, against the sqlite3 shell's bare
# `.import` of the same file.
#
#   bench/store_floor.sh FILE.csv REMITWATCH [DIR]
#
# 1. The sqlite3 shell `.import`s FILE.csv into one untyped table (bench/peers/import_sqlite.sh,
#    timed: the peer of `ratio import_vs_sqlite3`).
# 2. An empty store is made by `REMITWATCH import rpw` of FILE.csv's header and first row, then
#    emptied of quotes, services and providers.
# 3. From that table, three set-based statements fill providers, services and quotes (two per
#    row, USD 200 and 500) inside one transaction with the stale-marking triggers dropped, as
#    `import` does: no parsing, no checks, no per-row statement, no packing of figures. Each
#    variant starts from a copy of the empty store:
#      wal      the store as `import` writes it (WAL, every index in place)
#      noindex  the two secondary indexes on quotes dropped first and built after the load
#      delete   as noindex, with a rollback journal instead of WAL (pages written once)
#      unsafe   the fastest SQLite allows, safe or not: no journal, no fsync, no foreign-key
#               checks, secondary indexes built after, quotes inserted in the order of the
#               unique key (source, natural_key) so that its B-tree is only appended to
#    The keys are built in SQL (lower-cased names joined with '|'), not exactly as the readers
#    build them, but with the same columns, types, constraints and row count: the bytes
#    SQLite writes are the store's.
# Prints `time NAME SECONDS (CPU ...)` per step. Needs sqlite3 and /usr/bin/time.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 FILE.csv REMITWATCH [DIR]" >&2
  exit 2
fi
file=$1
rw=$2
dir=${3:-$(mktemp -d)}
here=$(dirname "$0")
mkdir -p "$dir"

timed() {
  name=$1
  shift
  /usr/bin/time -f "%e s (CPU %U s user + %S s system)" -o "$dir/$name.time" "$@" >"$dir/$name.out"
  echo "time $name $(cat "$dir/$name.time")"
}

rm -f "$dir/shell.db"
timed shell_import "$here/peers/import_sqlite.sh" "$file" "$dir/shell.db"

head -n 2 "$file" >"$dir/one.csv"
rm -f "$dir/empty.db" "$dir/empty.db-wal" "$dir/empty.db-shm"
"$rw" import rpw "$dir/one.csv" --db "$dir/empty.db" >/dev/null
triggers=$(sqlite3 "$dir/empty.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger'")
sqlite3 "$dir/empty.db" "$triggers DELETE FROM quote_figures; DELETE FROM quotes; DELETE FROM services;
  DELETE FROM providers; VACUUM;"

key="lower(firm) || '|' || \"payment instrument\" || '|' || \"pickup method\" || '|' || \"access point\" || '|' || r.id"
fill="
INSERT INTO providers (name) SELECT DISTINCT firm FROM s.rpw WHERE true ON CONFLICT DO NOTHING;
INSERT INTO services (corridor_id, provider_id, service_key, firm_type, payment_instrument, receiving_method)
  SELECT c.id, p.id, $key, firm_type, \"payment instrument\", \"pickup method\"
  FROM s.rpw r JOIN corridors c ON c.sender = r.source_code AND c.receiver = r.destination_code
    JOIN providers p ON p.name = r.firm
  WHERE true ON CONFLICT DO NOTHING;
INSERT INTO quotes (service_id, run_id, source, method, natural_key, source_ref, period, collected_at,
    standard_amount_usd, amount, currency, receive_currency, fee, rate, benchmark, benchmark_source,
    received, reported_fx_margin_pct, reported_total_cost_pct, speed, transparent, accessible, flagged,
    flag_reason, raw_ref)
  SELECT sv.id, 1, 'rpw', 'import', r.period || '|' || sv.service_key || '|cc' || k.n, 'cc' || k.n, r.period,
    r.date, CASE k.n WHEN 1 THEN 200 ELSE 500 END,
    CAST(CASE k.n WHEN 1 THEN \"cc1 lcu amount\" ELSE \"cc2 lcu amount\" END AS REAL), \"cc1 lcu code\", 'XXX',
    CAST(CASE k.n WHEN 1 THEN \"cc1 lcu fee\" ELSE \"cc2 lcu fee\" END AS REAL),
    CAST(CASE k.n WHEN 1 THEN \"cc1 lcu fx rate\" ELSE \"cc2 lcu fx rate\" END AS REAL),
    CAST(\"inter lcu bank fx\" AS REAL), 'rpw', NULL,
    CAST(CASE k.n WHEN 1 THEN \"cc1 fx margin\" ELSE \"cc2 fx margin\" END AS REAL),
    CAST(CASE k.n WHEN 1 THEN \"cc1 total cost %\" ELSE \"cc2 total cost %\" END AS REAL),
    lower(\"speed actual\"), 1, 1, 0, '', NULL
  FROM s.rpw r JOIN corridors c ON c.sender = r.source_code AND c.receiver = r.destination_code
    JOIN services sv ON sv.corridor_id = c.id AND sv.service_key = $key
    CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) k
  WHERE true ORDER_BY ON CONFLICT (source, natural_key) DO NOTHING;"
drop="DROP INDEX quotes_by_period; DROP INDEX quotes_by_service;"
create="CREATE INDEX quotes_by_period ON quotes (period, standard_amount_usd);
  CREATE INDEX quotes_by_service ON quotes (service_id);"

for variant in wal noindex delete unsafe; do
  db="$dir/$variant.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$dir/empty.db" "$db"
  journal=WAL before="" after=""
  [ "$variant" = wal ] || { before=$drop; after=$create; }
  [ "$variant" != delete ] || journal=DELETE
  order="" unsafe=""
  if [ "$variant" = unsafe ]; then
    journal=OFF order="ORDER BY 5" unsafe="PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
  fi
  printf '%s\n' "PRAGMA journal_mode = $journal;" "$unsafe" "PRAGMA temp_store = MEMORY;" "PRAGMA cache_size = -65536;" \
    "ATTACH '$dir/shell.db' AS s;" "BEGIN IMMEDIATE;" "$before" "$(printf '%s' "$fill" | sed "s/ORDER_BY/$order/")" "$after" \
    "COMMIT;" >"$dir/$variant.sql"
  timed "store_$variant" sqlite3 -bail "$db" ".read $dir/$variant.sql"
  quotes=$(sqlite3 "$db" "SELECT count(*) FROM quotes")
  echo "quotes $variant $quotes, $(($(stat -c %s "$db") / 1000000)) MB"
done
