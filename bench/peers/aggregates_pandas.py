#!/usr/bin/python3
"""The benchmark's pandas peer: remitwatch's aggregates for one quarter at USD 200.

    /usr/bin/python3 bench/peers/aggregates_pandas.py FILE.csv QUARTER CATALOGUE_DIR

FILE.csv is an RPW dataset CSV export (as bench/generate writes it), QUARTER is like 2016Q2,
CATALOGUE_DIR holds countries.csv and corridors.csv (corridors/data). Prints the canonical
long form `measure,key,value` (value with 17 significant digits), sorted by measure and key.
The rules are those of docs/methodology.md, as remitwatch applies them:

- a service is a row of the quarter (period `2016_2Q`) with a `cc1 total cost %`; rows whose
  sender or receiver is not in the catalogue are left out (remitwatch's import rejects them);
  only transparent services (`transparent` is yes, any case) enter an average;
- corridor_average: mean total per corridor (key SND-RCV);
- corridor_smart: mean of the three lowest totals among services delivering within five days;
- firm_type: bank, mto, post_office, mobile_operator, other;
- region: by receiving country, high_income or its World Bank region;
- global: mean over all services; weighted: corridor averages weighted by flow_usd (> 0);
  smart_global: mean of the corridor SmaRT values.

Written as a careful analyst would: read only the needed columns with explicit dtypes
(categories for the repeated labels), then vectorised filters and groupby. Debian 12's pandas:
`apt-get install python3-pandas`, run with /usr/bin/python3.
"""

import re
import sys

import pandas as pd

COLUMNS = {
    "period": "category",
    "source_code": "category",
    "destination_code": "category",
    "firm_type": "category",
    "speed actual": "category",
    "cc1 total cost %": "float64",
    "transparent": "category",
}

# remitwatch's labels, compared by their letters and digits in lower case
# (corridors/firm_type.cpp, corridors/speed.cpp).
FIRM_TYPES = {
    "bank": "bank", "banks": "bank", "commercialbank": "bank",
    "mto": "mto", "mtos": "mto", "moneytransferoperator": "mto",
    "moneytransferoperators": "mto", "moneytransferprovider": "mto",
    "moneytransferproviders": "mto", "moneytransfercompany": "mto", "fintech": "mto",
    "postoffice": "post_office", "postoffices": "post_office", "post": "post_office",
    "postalservice": "post_office", "postaloperator": "post_office",
    "mobileoperator": "mobile_operator", "mobileoperators": "mobile_operator",
    "mobilenetworkoperator": "mobile_operator", "mno": "mobile_operator",
    "mobilemoneyoperator": "mobile_operator",
}
WITHIN_FIVE_DAYS = {
    "lessthanonehour", "lessthan1hour", "lessthanonehours", "sameday", "nextday", "1day",
    "oneday", "2days", "twodays", "35days", "threetofivedays", "3to5days",
}


def fold(label):
    return re.sub(r"[^0-9a-z]", "", str(label).lower())


def read_catalogue(path, dtypes):
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, encoding="utf-8-sig")
    first = frame.columns[0]
    return frame[~frame[first].str.startswith("#")]


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: aggregates_pandas.py FILE.csv QUARTER CATALOGUE_DIR")
    path, quarter, catalogue = argv[1:]
    match = re.fullmatch(r"(\d{4})[Qq]([1-4])", quarter)
    if not match:
        sys.exit(f"quarter '{quarter}' is not like 2016Q2")
    period = f"{match.group(1)}_{match.group(2)}Q"

    countries = read_catalogue(f"{catalogue}/countries.csv", str)
    corridors = read_catalogue(f"{catalogue}/corridors.csv", str)

    rows = pd.read_csv(path, usecols=list(COLUMNS), dtype=COLUMNS)
    # Labels are tested on the categories (a few), not on every row.
    yes = [c for c in rows["transparent"].cat.categories if c.lower() == "yes"]
    rows = rows[(rows["period"] == period) & rows["cc1 total cost %"].notna()
                & rows["transparent"].isin(yes)]
    sender = rows["source_code"].map(str.upper)
    receiver = rows["destination_code"].map(str.upper)
    known = sender.isin(countries["iso3"]) & receiver.isin(countries["iso3"])
    services = pd.DataFrame({
        "sender": sender[known],
        "receiver": receiver[known],
        "firm_type": rows["firm_type"][known],
        "speed": rows["speed actual"][known],
        "total": rows["cc1 total cost %"][known],
    })
    del rows, sender, receiver, known

    out = []

    def emit(measure, series):
        out.extend((measure, str(key), float(value)) for key, value in series.items())

    def by_corridor(frame):
        means = frame.groupby(["sender", "receiver"], observed=True)["total"].mean()
        means.index = [f"{s}-{r}" for s, r in means.index]
        return means

    # Means over groups of labels: sums and counts per label, then per group.
    def by_group(column, group_of):
        sums = services.groupby(column, observed=True)["total"].agg(["sum", "count"])
        sums = sums[sums["count"] > 0]
        sums = sums.groupby(sums.index.map(group_of), observed=True).sum()
        return sums["sum"] / sums["count"]

    corridor_average = by_corridor(services)
    emit("corridor_average", corridor_average)

    fast_labels = [s for s in services["speed"].cat.categories if fold(s) in WITHIN_FIVE_DAYS]
    cheapest = (services[services["speed"].isin(fast_labels)]
                .sort_values("total", kind="stable")
                .groupby(["sender", "receiver"], observed=True).head(3))
    smart = by_corridor(cheapest)
    emit("corridor_smart", smart)

    emit("firm_type", by_group("firm_type", lambda t: FIRM_TYPES.get(fold(t), "other")))

    bucket = {c.iso3: "high_income" if c.income_group == "high" else c.region
              for c in countries.itertuples()}
    emit("region", by_group("receiver", bucket))

    if len(services):
        out.append(("global", "", float(services["total"].mean())))

    flows = corridors[corridors["flow_usd"].str.strip() != ""]
    flow = pd.Series(flows["flow_usd"].astype(float).values,
                     index=flows["sender"] + "-" + flows["receiver"])
    flow = flow[flow > 0]
    weighted = pd.concat([corridor_average.rename("average"), flow.rename("flow")],
                         axis=1, join="inner")
    if len(weighted):
        value = (weighted["average"] * weighted["flow"]).sum() / weighted["flow"].sum()
        out.append(("weighted", "", float(value)))

    if len(smart):
        out.append(("smart_global", "", float(smart.mean())))

    lines = ["measure,key,value"]
    lines += [f"{m},{k},{v:.17g}" for m, k, v in sorted(out, key=lambda r: (r[0], r[1]))]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv)
