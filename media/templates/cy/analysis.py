"""Dadansoddiad cychwynnol ar gyfer gefell synthetig {{dataset.name}} (lefel {{level}}).

Mae'n darllen y gefell gyda'r union fathau o golofnau, fformatau dyddiad a sillafiadau
gwerthoedd coll a gofnodwyd yn metadata.json, fel bod yr un cod yn rhedeg heb ei newid ar y
data go iawn: gosodwch y newidyn amgylchedd TWIN_DATA i lwybr y ffeil go iawn y tu mewn i'r
amgylchedd diogel, e.e.

    TWIN_DATA=/path/to/{{dataset.fileName}} python3 analysis.py

Data synthetig yw'r data yn {{twin.fileName}}: nid canfyddiadau yw canlyniadau ohonynt.
"""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
# Y gefell yn ddiofyn; mae TWIN_DATA yn cyfeirio'r un cod at y ffeil go iawn.
DATA = os.environ.get("TWIN_DATA") or os.path.join(HERE, "{{twin.fileName}}")
{{#code.delimited}}

# Darllen fel yr ysgrifennwyd y ffynhonnell: fel testun yn gyntaf lle mae'n rhaid i drosiad fod yn fanwl gywir.
DTYPES = {
{{#code.columns}}
    "{{name}}": "{{pyRead}}",
{{/code.columns}}
}
MISSING = [{{#code.missing}}"{{token}}"{{sep}} {{/code.missing}}]


def load(path):
    """Yn darllen y data gyda sgema metadata.json."""
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
    """Yn darllen y ffeil Parquet (mae ei sgema'n teithio gyda hi; mae angen pyarrow)."""
    return pd.read_parquet(path)
{{/code.parquet}}
{{#code.arrow}}


def load(path):
    """Yn darllen y ffeil Arrow IPC (mae ei sgema'n teithio gyda hi; mae angen pyarrow)."""
    return pd.read_feather(path)
{{/code.arrow}}


def main():
    df = load(DATA)
    # Crynodeb bach, penderfynedig: digon i weld bod y data wedi'u llwytho yn ôl y disgwyl.
    print("rhesi: " + str(len(df)))
    print("colofnau: " + str(df.shape[1]))
{{#code.meanColumn}}
    print("cymedr " + "{{name}}" + ": " + format(float(df["{{name}}"].mean()), ".4f"))
{{/code.meanColumn}}
{{#code.dateColumn}}
    print("cynharaf " + "{{name}}" + ": " + df["{{name}}"].min().strftime("%Y-%m-%d"))
{{/code.dateColumn}}

    # twin:keep:analysis
    # Rhowch eich dadansoddiad yma; caiff y llinellau rhwng y marcwyr twin:keep eu cadw pan wneir y pecyn eto.
    # /twin:keep:analysis


if __name__ == "__main__":
    main()
