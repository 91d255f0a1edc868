#!/usr/bin/env node
// The benchmark's DuckDB peer: remitwatch's aggregates for one quarter at USD 200.
//
//   NODE_PATH=build-release/bench/node/node_modules node bench/peers/aggregates_duckdb.js FILE.csv QUARTER CATALOGUE_DIR
//
// The same rules and output as aggregates_pandas.py (its docstring lists them), written as a
// careful analyst writes DuckDB: read_csv with every column's type declared (no sniffing; the
// cost a DOUBLE, the rest VARCHAR; DuckDB reads only the columns the query uses), the quarter's
// services filtered once into a temporary table, then GROUP BY; the three cheapest of a corridor
// with min(total, 3). All cores (DuckDB's default: one thread per core). Labels are folded on
// the few distinct labels, in SQL. bench/run installs @duckdb/node-api with npm ci.
"use strict";
const { DuckDBInstance } = require("@duckdb/node-api");
const { FIRM_TYPES, WITHIN_FIVE_DAYS, parseArgs, header, writeCanonical, fail } = require("./peer_common.js");

const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;
const ident = (text) => `"${String(text).replace(/"/g, '""')}"`;
const fold = (sql) => `regexp_replace(lower(${sql}), '[^0-9a-z]', '', 'g')`;

async function main() {
  const args = parseArgs("aggregates_duckdb.js");
  const columns = header(args.path).map(
    (name) => `${quote(name)}: ${quote(name === "cc1 total cost %" ? "DOUBLE" : "VARCHAR")}`);
  const firmTypes = Object.entries(FIRM_TYPES).map(([l, c]) => `(${quote(l)}, ${quote(c)})`).join(", ");
  const fast = [...WITHIN_FIVE_DAYS].map(quote).join(", ");
  const catalogue = (file) => `read_csv(${quote(file)}, header = true, all_varchar = true)`;

  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  await db.run(`CREATE TEMP TABLE countries AS SELECT iso3, region, income_group FROM ${catalogue(args.countries)}`);
  await db.run(`
    CREATE TEMP TABLE services AS
    SELECT upper(source_code) AS sender, upper(destination_code) AS receiver, firm_type,
           "speed actual" AS speed, "cc1 total cost %" AS total
    FROM read_csv(${quote(args.path)}, header = true, auto_detect = false, columns = {${columns.join(", ")}})
    WHERE period = ${quote(args.period)} AND "cc1 total cost %" IS NOT NULL
      AND lower(transparent) = 'yes'
      AND upper(source_code) IN (SELECT iso3 FROM countries)
      AND upper(destination_code) IN (SELECT iso3 FROM countries)`);
  const reader = await db.runAndReadAll(`
    WITH
    firm_map(folded, channel) AS (VALUES ${firmTypes}),
    sums AS (
      SELECT sender, receiver, firm_type, sum(total) AS total, count(*) AS n
      FROM services GROUP BY ALL
    ),
    corridor_average AS (
      SELECT sender || '-' || receiver AS corridor, sum(total) / sum(n) AS value
      FROM sums GROUP BY ALL
    ),
    fast_speeds AS (
      SELECT speed FROM (SELECT DISTINCT speed FROM services) WHERE ${fold("speed")} IN (${fast})
    ),
    corridor_smart AS (
      SELECT sender || '-' || receiver AS corridor, list_avg(min(total, 3)) AS value
      FROM services WHERE speed IN (SELECT speed FROM fast_speeds) GROUP BY ALL
    ),
    firm_types AS (
      SELECT f.firm_type, coalesce(m.channel, 'other') AS channel
      FROM (SELECT DISTINCT firm_type FROM sums) AS f LEFT JOIN firm_map AS m ON m.folded = ${fold("f.firm_type")}
    ),
    flows AS (
      SELECT sender || '-' || receiver AS corridor, CAST(flow_usd AS DOUBLE) AS flow
      FROM ${catalogue(args.corridors)}
      WHERE trim(coalesce(flow_usd, '')) <> '' AND CAST(flow_usd AS DOUBLE) > 0
    )
    SELECT 'corridor_average', corridor, value FROM corridor_average
    UNION ALL SELECT 'corridor_smart', corridor, value FROM corridor_smart
    UNION ALL
    SELECT 'firm_type', f.channel, sum(s.total) / sum(s.n)
    FROM sums AS s JOIN firm_types AS f ON f.firm_type IS NOT DISTINCT FROM s.firm_type GROUP BY f.channel
    UNION ALL
    SELECT 'region', CASE c.income_group WHEN 'high' THEN 'high_income' ELSE c.region END, sum(s.total) / sum(s.n)
    FROM sums AS s JOIN countries AS c ON c.iso3 = s.receiver GROUP BY 2
    UNION ALL SELECT 'global', '', sum(total) / sum(n) FROM sums
    UNION ALL
    SELECT 'weighted', '', sum(a.value * f.flow) / sum(f.flow)
    FROM corridor_average AS a JOIN flows AS f ON f.corridor = a.corridor
    UNION ALL SELECT 'smart_global', '', avg(value) FROM corridor_smart`);
  writeCanonical(reader.getRows());
}

main().catch((error) => fail("aggregates_duckdb.js", error));
