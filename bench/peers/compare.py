#!/usr/bin/env python3
"""Compares two aggregate files in the canonical long form (measure,key,value).

    bench/peers/compare.py A.csv B.csv [--tolerance 1e-9]

Exit 0 when both hold the same (measure, key) pairs and every value differs by at most the
tolerance (absolute); otherwise print every difference and exit 1. Exit 2 on a usage error
or an unreadable file. Standard library only.
"""

import argparse
import csv
import math
import sys


def read(path):
    values = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != ["measure", "key", "value"]:
            raise ValueError(f"{path}: header is {header}, not measure,key,value")
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != 3:
                raise ValueError(f"{path}:{line}: {len(row)} fields")
            measure, key, text = row
            if (measure, key) in values:
                raise ValueError(f"{path}:{line}: {measure},{key} appears twice")
            try:
                values[(measure, key)] = float(text)
            except ValueError:
                raise ValueError(f"{path}:{line}: value '{text}' is not a number") from None
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    try:
        a = read(args.a)
        b = read(args.b)
    except (OSError, ValueError) as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2

    differences = []
    for key in sorted(a.keys() | b.keys()):
        name = f"{key[0]},{key[1]}"
        if key not in b:
            differences.append(f"{name}: only in {args.a} ({a[key]!r})")
        elif key not in a:
            differences.append(f"{name}: only in {args.b} ({b[key]!r})")
        else:
            delta = abs(a[key] - b[key])
            if not delta <= args.tolerance and not (math.isnan(a[key]) and math.isnan(b[key])):
                differences.append(f"{name}: {a[key]!r} vs {b[key]!r} (difference {delta:.3g})")
    for line in differences:
        print(line)
    if differences:
        print(f"{len(differences)} difference(s) beyond {args.tolerance:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
