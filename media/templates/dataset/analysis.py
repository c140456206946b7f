"""Starter analysis for the synthetic twin of the linked dataset {{dataset.name}} ({{level}} level).

Loads every table with the exact column types, date formats and missing-value spellings recorded
in metadata.json and shows the joins between them, so the same code runs unchanged on the real
data: set the environment variable TWIN_DATA to the real tables' folder inside the secure
environment, e.g.

    TWIN_DATA=/path/to/{{dataset.fileName}} python3 analysis.py

The tables in this folder are synthetic: results from them are not findings.
"""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
# The twin's folder by default; TWIN_DATA points the same code at the real tables.
DATA = os.environ.get("TWIN_DATA") or HERE

# Each table as its source was written: text first where a conversion must be exact.
TABLES = {
{{#code.tables}}
    "{{name}}": {
        "file": "{{file}}",
        "kind": "{{kind}}",
{{#delimited}}
        "csv": {
            "sep": "{{delimiter}}",
            "quotechar": "{{quote}}",
            "header": {{#header}}0{{/header}}{{^header}}None{{/header}},
            "skipinitialspace": {{#skipInitialSpace}}True{{/skipInitialSpace}}{{^skipInitialSpace}}False{{/skipInitialSpace}},
            "decimal": "{{decimal}}",
{{#thousands}}
            "thousands": "{{separator}}",
{{/thousands}}
            "encoding": "{{pyEncoding}}",
        },
{{/delimited}}
        "dtypes": {
{{#columns}}
            "{{name}}": "{{pyRead}}",
{{/columns}}
        },
        "missing": [{{#missing}}"{{token}}"{{sep}} {{/missing}}],
        "dates": {
{{#dates}}
            "{{name}}": "{{py}}",
{{/dates}}
{{#datetimes}}
            "{{name}}": "{{py}}",
{{/datetimes}}
        },
        "booleans": {
{{#booleans}}
            "{{name}}": ("{{trueToken}}", "{{falseToken}}"),
{{/booleans}}
        },
    },
{{/code.tables}}
}

# Every link: the child table's key names a row of the parent table.
JOINS = [
{{#code.joins}}
    ("{{child}}", "{{childKey}}", "{{parent}}", "{{parentKey}}"),
{{/code.joins}}
]

# Tables of events that hang from the person table, with the date that orders them.
EVENTS = [
{{#code.events}}
    ("{{table}}", "{{personKey}}", "{{date}}"),
{{/code.events}}
]


def load(name):
    """Reads one table with the schema of metadata.json."""
    spec = TABLES[name]
    path = os.path.join(DATA, spec["file"])
    if spec["kind"] == "parquet":
        return pd.read_parquet(path)
    if spec["kind"] == "arrow":
        return pd.read_feather(path)
    options = dict(spec["csv"])
    if options["header"] is None:
        options["names"] = list(spec["dtypes"])
    df = pd.read_csv(path, dtype=spec["dtypes"], na_values=spec["missing"], keep_default_na=False, **options)
    for column, fmt in spec["dates"].items():
        df[column] = pd.to_datetime(df[column], format=fmt)
    for column, (true_token, false_token) in spec["booleans"].items():
        df[column] = df[column].map({true_token: True, false_token: False}).astype("boolean")
    return df


def as_key(series):
    """Keys compared as text, whatever type each table stores them in."""
    return series.astype("string")


def main():
    tables = {name: load(name) for name in TABLES}
    for name, df in tables.items():
        print(name + ": " + str(len(df)) + " rows, " + str(df.shape[1]) + " columns")

    # The joins: how many child keys find their parent row.
    for child, child_key, parent, parent_key in JOINS:
        keys = as_key(tables[child][child_key]).dropna()
        found = keys.isin(set(as_key(tables[parent][parent_key]).dropna()))
        print(child + "." + child_key + " -> " + parent + "." + parent_key + ": " + str(int(found.sum())) + " of " + str(len(keys)) + " keys join")

    # Each person's events in time order: events per person and the typical gap between them.
    for table, person_key, date in EVENTS:
        df = tables[table].dropna(subset=[person_key, date]).sort_values([person_key, date])
        per_person = df.groupby(person_key).size()
        gaps = df.groupby(person_key)[date].diff().dropna().dt.days
        median_gap = format(float(gaps.median()), ".1f") if len(gaps) else "none"
        print(table + ": " + format(float(per_person.mean()), ".2f") + " events per person with any; median gap " + median_gap + " days")

    # twin:keep:analysis
    # Your analysis goes here; the lines between the twin:keep markers are kept when the pack is made again.
    # /twin:keep:analysis


if __name__ == "__main__":
    main()
