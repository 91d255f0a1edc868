#!/usr/bin/env python3
"""remitwatch's `averages --by all --format csv` in the peers' long form
(measure,key,value; 17 significant digits; sorted), so compare.py can check
the three tools against each other.

usage: canonical_remitwatch.py ALL.csv > OUT.csv
"""
import csv
import sys

# remitwatch measure -> the peers' measure; the key is kept.
MEASURES = {
    "corridor_average": "corridor_average",
    "corridor_smart": "corridor_smart",
    "firm_type": "firm_type",
    "region": "region",
    "global_average": "global",
    "weighted_average": "weighted",
    "smart_global": "smart_global",
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) == 2 else 2
    rows = []
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            measure = MEASURES.get(row["measure"])
            if measure is None or row["value"] == "":
                continue
            rows.append((measure, row["key"], float(row["value"])))
    rows.sort()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["measure", "key", "value"])
    for measure, key, value in rows:
        out.writerow([measure, key, "%.17g" % value])
    return 0


if __name__ == "__main__":
    sys.exit(main())
