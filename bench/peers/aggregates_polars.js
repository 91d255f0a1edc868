#!/usr/bin/env node
// The benchmark's Polars peer: remitwatch's aggregates for one quarter at USD 200.
//
//   NODE_PATH=build-release/bench/node/node_modules node bench/peers/aggregates_polars.js FILE.csv QUARTER CATALOGUE_DIR
//
// The same rules and output as aggregates_pandas.py (its docstring lists them), written as a
// careful analyst writes Polars: a lazy scanCSV with every column's type declared (the cost a
// Float64, the rest strings; Polars reads only the columns the query uses), filters and
// group_by in the lazy engine on all cores, the three cheapest of a corridor with
// sort().head(3) and the list's mean; labels are folded on the few distinct labels. nodejs-polars 0.25.2 with
// nodejs-polars-linux-x64-gnu 0.25.2 (newer builds are not published for this platform);
// bench/run installs them with npm ci.
"use strict";
const pl = require("nodejs-polars");
const { channel, withinFiveDays, parseArgs, header, writeCanonical, fail } = require("./peer_common.js");

function main() {
  const args = parseArgs("aggregates_polars.js");
  const schema = Object.fromEntries(
    header(args.path).map((name) => [name, name === "cc1 total cost %" ? pl.Float64 : pl.Utf8]));
  const countries = pl.readCSV(args.countries, { inferSchemaLength: 0 });
  const iso3 = countries.getColumn("iso3").implode(); // one list to test membership in

  const services = pl.scanCSV(args.path, { schema })
    .select(
      pl.col("period"), pl.col("transparent"), pl.col("firm_type"),
      pl.col("source_code").str.toUpperCase().alias("sender"),
      pl.col("destination_code").str.toUpperCase().alias("receiver"),
      pl.col("speed actual").alias("speed"), pl.col("cc1 total cost %").alias("total"))
    .filter(pl.col("period").eq(pl.lit(args.period))
      .and(pl.col("total").isNotNull())
      .and(pl.col("transparent").str.toLowerCase().eq(pl.lit("yes")))
      .and(pl.col("sender").isIn(iso3))
      .and(pl.col("receiver").isIn(iso3)))
    .select("sender", "receiver", "firm_type", "speed", "total")
    .collectSync();

  const out = [];
  const corridorMeans = (frame) => frame.lazy()
    .groupBy(["sender", "receiver"])
    .agg(pl.col("total").mean().alias("value"))
    .collectSync().toRecords()
    .map((r) => [`${r.sender}-${r.receiver}`, r.value]);
  // Means over groups of labels: sums and counts per label (a few), then per group.
  const byGroup = (measure, column, groupOf) => {
    const sums = new Map();
    const labels = services.lazy().groupBy(column)
      .agg(pl.col("total").sum().alias("sum"), pl.col("total").count().alias("count"))
      .collectSync().toRecords();
    for (const r of labels) {
      const group = groupOf(r[column]);
      const [s, n] = sums.get(group) ?? [0, 0];
      sums.set(group, [s + r.sum, n + Number(r.count)]);
    }
    for (const [group, [s, n]] of sums) if (n > 0) out.push([measure, group, s / n]);
  };

  const corridorAverage = corridorMeans(services);
  for (const [key, value] of corridorAverage) out.push(["corridor_average", key, value]);

  const fast = services.getColumn("speed").unique().toArray().filter((s) => s !== null && withinFiveDays(s));
  const cheapest = services.lazy()
    .filter(pl.col("speed").isIn(fast))
    .groupBy(["sender", "receiver"])
    .agg(pl.col("total").sort().head(3).alias("cheapest"))
    // The mean of the list: .mean() straight after head(3) in the aggregation averaged the
    // group's first three rows unsorted (nodejs-polars 0.25.2; compare.py caught it).
    .select("sender", "receiver", pl.col("cheapest").lst.mean().alias("value"))
    .collectSync().toRecords()
    .map((r) => [`${r.sender}-${r.receiver}`, r.value]);
  for (const [key, value] of cheapest) out.push(["corridor_smart", key, value]);

  byGroup("firm_type", "firm_type", channel);
  const bucket = new Map(countries.toRecords().map(
    (c) => [c.iso3, c.income_group === "high" ? "high_income" : c.region]));
  byGroup("region", "receiver", (iso) => bucket.get(iso));

  if (services.height > 0) out.push(["global", "", services.getColumn("total").mean()]);

  const flow = new Map();
  for (const c of pl.readCSV(args.corridors, { inferSchemaLength: 0 }).toRecords()) {
    const value = c.flow_usd === null || c.flow_usd.trim() === "" ? NaN : Number(c.flow_usd);
    if (value > 0) flow.set(`${c.sender}-${c.receiver}`, value);
  }
  let weighted = 0;
  let weights = 0;
  for (const [key, value] of corridorAverage) {
    if (flow.has(key)) {
      weighted += value * flow.get(key);
      weights += flow.get(key);
    }
  }
  if (weights > 0) out.push(["weighted", "", weighted / weights]);
  if (cheapest.length) out.push(["smart_global", "", cheapest.reduce((s, [, v]) => s + v, 0) / cheapest.length]);

  writeCanonical(out);
}

try {
  main();
} catch (error) {
  fail("aggregates_polars.js", error);
}
