# Dadansoddiad cychwynnol ar gyfer gefell synthetig y set ddata gysylltiedig {{dataset.name}} (lefel {{level}}).
#
# Mae'n llwytho pob tabl gyda'r union fathau o golofnau, fformatau dyddiad a sillafiadau
# gwerthoedd coll a gofnodwyd yn metadata.json, ac yn dangos yr uniadau rhyngddynt, fel bod yr
# un cod yn rhedeg heb ei newid ar y data go iawn: gosodwch y newidyn amgylchedd TWIN_DATA i
# ffolder y tablau go iawn y tu mewn i'r amgylchedd diogel, e.e.
#
#     TWIN_DATA=/path/to/{{dataset.fileName}} Rscript analysis.R
#
# Mae'r tablau yn y ffolder hwn yn synthetig: nid canfyddiadau yw canlyniadau ohonynt.

# Mae enwau'r misoedd mewn dyddiadau yn Saesneg, fel yn lleoliad iaith C.
invisible(Sys.setlocale("LC_TIME", "C"))

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
}

# Ffolder y gefell yn ddiofyn; mae TWIN_DATA yn cyfeirio'r un cod at y tablau go iawn.
data_dir <- Sys.getenv("TWIN_DATA", unset = "")
if (data_dir == "") data_dir <- script_dir()

# Pob tabl fel yr ysgrifennwyd ei ffynhonnell: fel testun yn gyntaf lle mae'n rhaid i drosiad fod yn fanwl gywir.
tables_spec <- list(
{{#code.tables}}
  "{{name}}" = list(
    file = "{{file}}",
    kind = "{{kind}}",
{{#delimited}}
    sep = "{{delimiter}}",
    quote = "{{quote}}",
    header = {{#header}}TRUE{{/header}}{{^header}}FALSE{{/header}},
    strip_white = {{#skipInitialSpace}}TRUE{{/skipInitialSpace}}{{^skipInitialSpace}}FALSE{{/skipInitialSpace}},
    dec = "{{decimal}}",
    encoding = "{{rEncoding}}",
{{/delimited}}
    col_classes = c(
{{#columns}}
      "{{name}}" = "{{rRead}}"{{sep}}
{{/columns}}
    ),
    missing = c({{#missing}}"{{token}}"{{sep}} {{/missing}}),
    dates = c({{#dates}}"{{name}}" = "{{r}}"{{sep}} {{/dates}}),
    datetimes = c({{#datetimes}}"{{name}}" = "{{r}}"{{sep}} {{/datetimes}}),
    booleans = list({{#booleans}}"{{name}}" = c("{{trueToken}}", "{{falseToken}}"){{sep}} {{/booleans}}),
    thousands = list({{#thousands}}"{{name}}" = list(separator = "{{separator}}", integer = {{#integer}}TRUE{{/integer}}{{^integer}}FALSE{{/integer}}){{sep}} {{/thousands}})
  ){{sep}}
{{/code.tables}}
)

# Pob cysylltiad: mae allwedd y tabl plentyn yn enwi rhes o'r tabl rhiant.
joins <- list(
{{#code.joins}}
  c(child = "{{child}}", child_key = "{{childKey}}", parent = "{{parent}}", parent_key = "{{parentKey}}"){{sep}}
{{/code.joins}}
)

# Tablau digwyddiadau sy'n hongian o'r tabl unigolion, gyda'r dyddiad sy'n eu rhoi mewn trefn.
events <- list(
{{#code.events}}
  c(table = "{{table}}", person_key = "{{personKey}}", date = "{{date}}"){{sep}}
{{/code.events}}
)

load_table <- function(name) {
  spec <- tables_spec[[name]]
  path <- file.path(data_dir, spec$file)
  if (spec$kind == "parquet") return(as.data.frame(arrow::read_parquet(path)))
  if (spec$kind == "arrow") return(as.data.frame(arrow::read_feather(path)))
  read_args <- list(
    path,
    sep = spec$sep,
    quote = spec$quote,
    header = spec$header,
    colClasses = spec$col_classes,
    na.strings = spec$missing,
    strip.white = spec$strip_white,
    dec = spec$dec,
    fileEncoding = spec$encoding,
    check.names = FALSE,
    stringsAsFactors = FALSE
  )
  if (!spec$header) read_args$col.names <- names(spec$col_classes)
  df <- do.call(read.csv, read_args)
  for (column in names(spec$dates)) df[[column]] <- as.Date(df[[column]], format = spec$dates[[column]])
  for (column in names(spec$datetimes)) df[[column]] <- as.POSIXct(df[[column]], format = spec$datetimes[[column]], tz = "UTC")
  for (column in names(spec$booleans)) {
    x <- df[[column]]
    tokens <- spec$booleans[[column]]
    df[[column]] <- ifelse(x == tokens[1], TRUE, ifelse(x == tokens[2], FALSE, NA))
  }
  for (column in names(spec$thousands)) {
    t <- spec$thousands[[column]]
    df[[column]] <- as.numeric(gsub(t$separator, "", df[[column]], fixed = TRUE))
    if (t$integer) df[[column]] <- as.integer(df[[column]])
  }
  df
}

tables <- lapply(setNames(names(tables_spec), names(tables_spec)), load_table)
for (name in names(tables)) {
  cat(name, ": ", nrow(tables[[name]]), " rhes, ", ncol(tables[[name]]), " colofn\n", sep = "")
}

# Yr uniadau: faint o allweddi'r plentyn sy'n dod o hyd i'w rhes yn y rhiant (allweddi wedi'u cymharu fel testun).
for (j in joins) {
  keys <- as.character(tables[[j[["child"]]]][[j[["child_key"]]]])
  keys <- keys[!is.na(keys)]
  found <- keys %in% as.character(tables[[j[["parent"]]]][[j[["parent_key"]]]])
  cat(j[["child"]], ".", j[["child_key"]], " -> ", j[["parent"]], ".", j[["parent_key"]], ": ", sum(found), " o ", length(keys), " allwedd yn uno\n", sep = "")
}

# Digwyddiadau pob unigolyn yn nhrefn amser: digwyddiadau fesul unigolyn a'r bwlch arferol rhyngddynt.
for (e in events) {
  df <- tables[[e[["table"]]]]
  df <- df[!is.na(df[[e[["person_key"]]]]) & !is.na(df[[e[["date"]]]]), ]
  df <- df[order(df[[e[["person_key"]]]], df[[e[["date"]]]]), ]
  per_person <- table(df[[e[["person_key"]]]])
  dates <- as.numeric(as.POSIXct(df[[e[["date"]]]], tz = "UTC")) / 86400
  same <- c(FALSE, df[[e[["person_key"]]]][-1] == df[[e[["person_key"]]]][-nrow(df)])
  gaps <- floor(c(NA, diff(dates))[same])
  median_gap <- if (length(gaps)) sprintf("%.1f", median(gaps)) else "dim"
  cat(e[["table"]], ": ", sprintf("%.2f", mean(per_person)), " digwyddiad fesul unigolyn sydd ag o leiaf un; bwlch canolrifol ", median_gap, " diwrnod\n", sep = "")
}

# twin:keep:analysis
# Rhowch eich dadansoddiad yma; caiff y llinellau rhwng y marcwyr twin:keep eu cadw pan wneir y pecyn eto.
# /twin:keep:analysis
