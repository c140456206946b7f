# Starter analysis for the synthetic twin of {{dataset.name}} ({{level}} level).
#
# Reads the twin with the exact column types, date formats and missing-value spellings
# recorded in metadata.json, so the same code runs unchanged on the real data: set the
# environment variable TWIN_DATA to the real file's path inside the secure environment, e.g.
#
#     TWIN_DATA=/path/to/{{dataset.fileName}} Rscript analysis.R
#
# The data in {{twin.fileName}} are synthetic: results from them are not findings.

# Month names in dates are English, as in the C locale.
invisible(Sys.setlocale("LC_TIME", "C"))

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
}

# The twin by default; TWIN_DATA points the same code at the real file.
data_path <- Sys.getenv("TWIN_DATA", unset = "")
if (data_path == "") data_path <- file.path(script_dir(), "{{twin.fileName}}")
{{#code.delimited}}

# Read as the source was written: text first where a conversion must be exact.
col_classes <- c(
{{#code.columns}}
  "{{name}}" = "{{rRead}}"{{sep}}
{{/code.columns}}
)
missing_tokens <- c({{#code.missing}}"{{token}}"{{sep}} {{/code.missing}})

load <- function(path) {
  df <- read.csv(
    path,
    sep = "{{delimiter}}",
    quote = "{{quote}}",
{{#header}}
    header = TRUE,
{{/header}}
{{#noHeader}}
    header = FALSE,
    col.names = names(col_classes),
{{/noHeader}}
    colClasses = col_classes,
    na.strings = missing_tokens,
    strip.white = {{#skipInitialSpace}}TRUE{{/skipInitialSpace}}{{^skipInitialSpace}}FALSE{{/skipInitialSpace}},
    dec = "{{decimal}}",
    fileEncoding = "{{rEncoding}}",
    check.names = FALSE,
    stringsAsFactors = FALSE
  )
{{#code.columns}}
{{#dateFormat}}
  df[["{{name}}"]] <- as.Date(df[["{{name}}"]], format = "{{r}}")
{{/dateFormat}}
{{#datetimeFormat}}
  df[["{{name}}"]] <- as.POSIXct(df[["{{name}}"]], format = "{{r}}", tz = "UTC")
{{/datetimeFormat}}
{{#boolean}}
  x <- df[["{{name}}"]]
  df[["{{name}}"]] <- ifelse(x == "{{trueToken}}", TRUE, ifelse(x == "{{falseToken}}", FALSE, NA))
{{/boolean}}
{{#rThousands}}
  df[["{{name}}"]] <- as.numeric(gsub("{{separator}}", "", df[["{{name}}"]], fixed = TRUE))
{{#integer}}
  df[["{{name}}"]] <- as.integer(df[["{{name}}"]])
{{/integer}}
{{/rThousands}}
{{/code.columns}}
  df
}
{{/code.delimited}}
{{#code.parquet}}

# The Parquet file's schema travels with it (needs the arrow package).
load <- function(path) as.data.frame(arrow::read_parquet(path))
{{/code.parquet}}
{{#code.arrow}}

# The Arrow IPC file's schema travels with it (needs the arrow package).
load <- function(path) as.data.frame(arrow::read_feather(path))
{{/code.arrow}}

df <- load(data_path)
# A small, deterministic summary: enough to see that the data loaded as expected.
cat("rows: ", nrow(df), "\n", sep = "")
cat("columns: ", ncol(df), "\n", sep = "")
{{#code.meanColumn}}
cat("mean ", "{{name}}", ": ", sprintf("%.4f", mean(as.numeric(df[["{{name}}"]]), na.rm = TRUE)), "\n", sep = "")
{{/code.meanColumn}}
{{#code.dateColumn}}
cat("first ", "{{name}}", ": ", format(min(df[["{{name}}"]], na.rm = TRUE), "%Y-%m-%d"), "\n", sep = "")
{{/code.dateColumn}}

# twin:keep:analysis
# Your analysis goes here; the lines between the twin:keep markers are kept when the pack is made again.
# /twin:keep:analysis
