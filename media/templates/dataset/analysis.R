# Starter analysis for the synthetic twin of the linked dataset {{dataset.name}} ({{level}} level).
#
# Loads every table with the exact column types, date formats and missing-value spellings
# recorded in metadata.json and shows the joins between them, so the same code runs unchanged
# on the real data: set the environment variable TWIN_DATA to the real tables' folder inside
# the secure environment, e.g.
#
#     TWIN_DATA=/path/to/{{dataset.fileName}} Rscript analysis.R
#
# The tables in this folder are synthetic: results from them are not findings.

# Month names in dates are English, as in the C locale.
invisible(Sys.setlocale("LC_TIME", "C"))

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
}

# The twin's folder by default; TWIN_DATA points the same code at the real tables.
data_dir <- Sys.getenv("TWIN_DATA", unset = "")
if (data_dir == "") data_dir <- script_dir()

# Each table as its source was written: text first where a conversion must be exact.
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

# Every link: the child table's key names a row of the parent table.
joins <- list(
{{#code.joins}}
  c(child = "{{child}}", child_key = "{{childKey}}", parent = "{{parent}}", parent_key = "{{parentKey}}"){{sep}}
{{/code.joins}}
)

# Tables of events that hang from the person table, with the date that orders them.
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
  cat(name, ": ", nrow(tables[[name]]), " rows, ", ncol(tables[[name]]), " columns\n", sep = "")
}

# The joins: how many child keys find their parent row (keys compared as text).
for (j in joins) {
  keys <- as.character(tables[[j[["child"]]]][[j[["child_key"]]]])
  keys <- keys[!is.na(keys)]
  found <- keys %in% as.character(tables[[j[["parent"]]]][[j[["parent_key"]]]])
  cat(j[["child"]], ".", j[["child_key"]], " -> ", j[["parent"]], ".", j[["parent_key"]], ": ", sum(found), " of ", length(keys), " keys join\n", sep = "")
}

# Each person's events in time order: events per person and the typical gap between them.
for (e in events) {
  df <- tables[[e[["table"]]]]
  df <- df[!is.na(df[[e[["person_key"]]]]) & !is.na(df[[e[["date"]]]]), ]
  df <- df[order(df[[e[["person_key"]]]], df[[e[["date"]]]]), ]
  per_person <- table(df[[e[["person_key"]]]])
  dates <- as.numeric(as.POSIXct(df[[e[["date"]]]], tz = "UTC")) / 86400
  same <- c(FALSE, df[[e[["person_key"]]]][-1] == df[[e[["person_key"]]]][-nrow(df)])
  gaps <- floor(c(NA, diff(dates))[same])
  median_gap <- if (length(gaps)) sprintf("%.1f", median(gaps)) else "none"
  cat(e[["table"]], ": ", sprintf("%.2f", mean(per_person)), " events per person with any; median gap ", median_gap, " days\n", sep = "")
}

# twin:keep:analysis
# Your analysis goes here; the lines between the twin:keep markers are kept when the pack is made again.
# /twin:keep:analysis
