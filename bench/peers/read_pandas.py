#!/usr/bin/python3
"""The benchmark's pandas peer for import (a): the whole RPW dataset CSV into a DataFrame.

    /usr/bin/python3 bench/peers/read_pandas.py FILE.csv

Every column, pandas' own type inference (what `pd.read_csv(path)` gives an analyst); prints
the rows and columns read, so the work cannot be skipped.
"""

import sys

import pandas as pd


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) == 2 else 2
    frame = pd.read_csv(sys.argv[1])
    print(f"{len(frame)} rows, {len(frame.columns)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
