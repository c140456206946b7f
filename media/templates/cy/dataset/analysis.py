"""Dadansoddiad cychwynnol ar gyfer gefell synthetig y set ddata gysylltiedig {{dataset.name}} (lefel {{level}}).

Mae'n llwytho pob tabl gyda'r union fathau o golofnau, fformatau dyddiad a sillafiadau gwerthoedd
coll a gofnodwyd yn metadata.json, ac yn dangos yr uniadau rhyngddynt, fel bod yr un cod yn rhedeg
heb ei newid ar y data go iawn: gosodwch y newidyn amgylchedd TWIN_DATA i ffolder y tablau go iawn
y tu mewn i'r amgylchedd diogel, e.e.

    TWIN_DATA=/path/to/{{dataset.fileName}} python3 analysis.py

Mae'r tablau yn y ffolder hwn yn synthetig: nid canfyddiadau yw canlyniadau ohonynt.
"""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
# Ffolder y gefell yn ddiofyn; mae TWIN_DATA yn cyfeirio'r un cod at y tablau go iawn.
DATA = os.environ.get("TWIN_DATA") or HERE

# Pob tabl fel yr ysgrifennwyd ei ffynhonnell: fel testun yn gyntaf lle mae'n rhaid i drosiad fod yn fanwl gywir.
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

# Pob cysylltiad: mae allwedd y tabl plentyn yn enwi rhes o'r tabl rhiant.
JOINS = [
{{#code.joins}}
    ("{{child}}", "{{childKey}}", "{{parent}}", "{{parentKey}}"),
{{/code.joins}}
]

# Tablau digwyddiadau sy'n hongian o'r tabl unigolion, gyda'r dyddiad sy'n eu rhoi mewn trefn.
EVENTS = [
{{#code.events}}
    ("{{table}}", "{{personKey}}", "{{date}}"),
{{/code.events}}
]


def load(name):
    """Yn darllen un tabl gyda sgema metadata.json."""
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
    """Allweddi wedi'u cymharu fel testun, pa bynnag fath y mae pob tabl yn eu cadw ynddo."""
    return series.astype("string")


def main():
    tables = {name: load(name) for name in TABLES}
    for name, df in tables.items():
        print(name + ": " + str(len(df)) + " rhes, " + str(df.shape[1]) + " colofn")

    # Yr uniadau: faint o allweddi'r plentyn sy'n dod o hyd i'w rhes yn y rhiant.
    for child, child_key, parent, parent_key in JOINS:
        keys = as_key(tables[child][child_key]).dropna()
        found = keys.isin(set(as_key(tables[parent][parent_key]).dropna()))
        print(child + "." + child_key + " -> " + parent + "." + parent_key + ": " + str(int(found.sum())) + " o " + str(len(keys)) + " allwedd yn uno")

    # Digwyddiadau pob unigolyn yn nhrefn amser: digwyddiadau fesul unigolyn a'r bwlch arferol rhyngddynt.
    for table, person_key, date in EVENTS:
        df = tables[table].dropna(subset=[person_key, date]).sort_values([person_key, date])
        per_person = df.groupby(person_key).size()
        gaps = df.groupby(person_key)[date].diff().dropna().dt.days
        median_gap = format(float(gaps.median()), ".1f") if len(gaps) else "dim"
        print(table + ": " + format(float(per_person.mean()), ".2f") + " digwyddiad fesul unigolyn sydd ag o leiaf un; bwlch canolrifol " + median_gap + " diwrnod")

    # twin:keep:analysis
    # Rhowch eich dadansoddiad yma; caiff y llinellau rhwng y marcwyr twin:keep eu cadw pan wneir y pecyn eto.
    # /twin:keep:analysis


if __name__ == "__main__":
    main()
