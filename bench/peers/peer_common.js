// What the benchmark's Node peers (aggregates_duckdb.js, aggregates_polars.js) share: the
// arguments, remitwatch's firm-type and speed labels, the CSV header, and the canonical output
// (measure,key,value; 17 significant digits; sorted by measure and key), as
// aggregates_pandas.py has them.
"use strict";
const fs = require("fs");

// remitwatch's labels, compared by their letters and digits in lower case
// (corridors/firm_type.cpp, corridors/speed.cpp; the same lists as aggregates_pandas.py).
const FIRM_TYPES = {
  bank: "bank", banks: "bank", commercialbank: "bank",
  mto: "mto", mtos: "mto", moneytransferoperator: "mto",
  moneytransferoperators: "mto", moneytransferprovider: "mto",
  moneytransferproviders: "mto", moneytransfercompany: "mto", fintech: "mto",
  postoffice: "post_office", postoffices: "post_office", post: "post_office",
  postalservice: "post_office", postaloperator: "post_office",
  mobileoperator: "mobile_operator", mobileoperators: "mobile_operator",
  mobilenetworkoperator: "mobile_operator", mno: "mobile_operator",
  mobilemoneyoperator: "mobile_operator",
};
const WITHIN_FIVE_DAYS = new Set([
  "lessthanonehour", "lessthan1hour", "lessthanonehours", "sameday", "nextday", "1day",
  "oneday", "2days", "twodays", "35days", "threetofivedays", "3to5days",
]);

const fold = (label) => String(label).toLowerCase().replace(/[^0-9a-z]/g, "");
const channel = (firmType) => FIRM_TYPES[fold(firmType)] ?? "other";
const withinFiveDays = (speed) => WITHIN_FIVE_DAYS.has(fold(speed));

// FILE.csv QUARTER CATALOGUE_DIR -> { path, period ('2016_2Q'), countries, corridors }.
function parseArgs(name) {
  const args = process.argv.slice(2);
  if (args.length !== 3) {
    process.stderr.write(`usage: ${name} FILE.csv QUARTER CATALOGUE_DIR\n`);
    process.exit(2);
  }
  const [path, quarter, catalogue] = args;
  const match = /^(\d{4})[Qq]([1-4])$/.exec(quarter);
  if (!match) {
    process.stderr.write(`${name}: quarter '${quarter}' is not like 2016Q2\n`);
    process.exit(2);
  }
  return {
    path,
    period: `${match[1]}_${match[2]}Q`,
    countries: `${catalogue}/countries.csv`,
    corridors: `${catalogue}/corridors.csv`,
  };
}

// The names in the file's first line (RPW headers hold no quotes or commas in a name), so the
// peers can declare every column's type instead of letting the engine guess.
function header(path) {
  const fd = fs.openSync(path, "r");
  const buffer = Buffer.alloc(64 * 1024);
  const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
  fs.closeSync(fd);
  const line = buffer.toString("utf8", 0, n).split(/\r?\n/)[0].replace(/^\ufeff/, "");
  if (line.includes('"')) throw new Error(`${path}: a quoted header is not supported`);
  return line.split(",");
}

// rows: [measure, key, value]; values that are not finite numbers are left out.
function writeCanonical(rows) {
  const kept = rows.filter(([, , value]) => value !== null && Number.isFinite(Number(value)));
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const lines = ["measure,key,value", ...kept.map(([m, k, v]) => `${m},${k},${Number(v).toPrecision(17)}`)];
  process.stdout.write(lines.join("\n") + "\n");
}

function fail(name, error) {
  process.stderr.write(`${name}: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
}

module.exports = { FIRM_TYPES, WITHIN_FIVE_DAYS, fold, channel, withinFiveDays, parseArgs, header, writeCanonical, fail };
