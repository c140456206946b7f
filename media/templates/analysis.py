"""Starter analysis for the synthetic twin of {{dataset.name}} ({{level}} level).

Reads the twin with the exact column types, date formats and missing-value spellings recorded
in metadata.json, so the same code runs unchanged on the real data: set the environment
variable TWIN_DATA to the real file's path inside the secure environment, e.g.

    TWIN_DATA=/path/to/{{dataset.fileName}} python3 analysis.py

The data in {{twin.fileName}} are synthetic: results from them are not findings.
"""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
# The twin by default; TWIN_DATA points the same code at the real file.
DATA = os.environ.get("TWIN_DATA") or os.path.join(HERE, "{{twin.fileName}}")
{{#code.delimited}}

# Read as the source was written: text first where a conversion must be exact.
DTYPES = {
{{#code.columns}}
    "{{name}}": "{{pyRead}}",
{{/code.columns}}
}
MISSING = [{{#code.missing}}"{{token}}"{{sep}} {{/code.missing}}]


def load(path):
    """Reads the data with the schema of metadata.json."""
    df = pd.read_csv(
        path,
        sep="{{delimiter}}",
        quotechar="{{quote}}",
{{#header}}
        header=0,
{{/header}}
{{#noHeader}}
        header=None,
        names=list(DTYPES),
{{/noHeader}}
        dtype=DTYPES,
        na_values=MISSING,
        keep_default_na=False,
        skipinitialspace={{#skipInitialSpace}}True{{/skipInitialSpace}}{{^skipInitialSpace}}False{{/skipInitialSpace}},
        decimal="{{decimal}}",
{{#thousands}}
        thousands="{{separator}}",
{{/thousands}}
        encoding="{{pyEncoding}}",
    )
{{#code.columns}}
{{#dateFormat}}
    df["{{name}}"] = pd.to_datetime(df["{{name}}"], format="{{py}}")
{{/dateFormat}}
{{#datetimeFormat}}
    df["{{name}}"] = pd.to_datetime(df["{{name}}"], format="{{py}}")
{{/datetimeFormat}}
{{#boolean}}
    df["{{name}}"] = df["{{name}}"].map({"{{trueToken}}": True, "{{falseToken}}": False}).astype("boolean")
{{/boolean}}
{{/code.columns}}
    return df
{{/code.delimited}}
{{#code.parquet}}


def load(path):
    """Reads the Parquet file (its schema travels with it; needs pyarrow)."""
    return pd.read_parquet(path)
{{/code.parquet}}
{{#code.arrow}}


def load(path):
    """Reads the Arrow IPC file (its schema travels with it; needs pyarrow)."""
    return pd.read_feather(path)
{{/code.arrow}}


def main():
    df = load(DATA)
    # A small, deterministic summary: enough to see that the data loaded as expected.
    print("rows: " + str(len(df)))
    print("columns: " + str(df.shape[1]))
{{#code.meanColumn}}
    print("mean " + "{{name}}" + ": " + format(float(df["{{name}}"].mean()), ".4f"))
{{/code.meanColumn}}
{{#code.dateColumn}}
    print("first " + "{{name}}" + ": " + df["{{name}}"].min().strftime("%Y-%m-%d"))
{{/code.dateColumn}}

    # twin:keep:analysis
    # Your analysis goes here; the lines between the twin:keep markers are kept when the pack is made again.
    # /twin:keep:analysis


if __name__ == "__main__":
    main()
