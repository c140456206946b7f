# Dadansoddiad cychwynnol ar gyfer gefell synthetig {{dataset.name}} (lefel {{level}}).
#
# Mae'n darllen y gefell gyda'r union fathau o golofnau, fformatau dyddiad a sillafiadau
# gwerthoedd coll a gofnodwyd yn metadata.json, fel bod yr un cod yn rhedeg heb ei newid ar y
# data go iawn: gosodwch y newidyn amgylchedd TWIN_DATA i lwybr y ffeil go iawn y tu mewn i'r
# amgylchedd diogel, e.e.
#
#     TWIN_DATA=/path/to/{{dataset.fileName}} Rscript analysis.R
#
# Data synthetig yw'r data yn {{twin.fileName}}: nid canfyddiadau yw canlyniadau ohonynt.

# Mae enwau'r misoedd mewn dyddiadau yn Saesneg, fel yn lleoliad iaith C.
invisible(Sys.setlocale("LC_TIME", "C"))

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
}

# Y gefell yn ddiofyn; mae TWIN_DATA yn cyfeirio'r un cod at y ffeil go iawn.
data_path <- Sys.getenv("TWIN_DATA", unset = "")
if (data_path == "") data_path <- file.path(script_dir(), "{{twin.fileName}}")
{{#code.delimited}}

# Darllen fel yr ysgrifennwyd y ffynhonnell: fel testun yn gyntaf lle mae'n rhaid i drosiad fod yn fanwl gywir.
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

# Mae sgema'r ffeil Parquet yn teithio gyda hi (mae angen y pecyn arrow).
load <- function(path) as.data.frame(arrow::read_parquet(path))
{{/code.parquet}}
{{#code.arrow}}

# Mae sgema'r ffeil Arrow IPC yn teithio gyda hi (mae angen y pecyn arrow).
load <- function(path) as.data.frame(arrow::read_feather(path))
{{/code.arrow}}

df <- load(data_path)
# Crynodeb bach, penderfynedig: digon i weld bod y data wedi'u llwytho yn ôl y disgwyl.
cat("rhesi: ", nrow(df), "\n", sep = "")
cat("colofnau: ", ncol(df), "\n", sep = "")
{{#code.meanColumn}}
cat("cymedr ", "{{name}}", ": ", sprintf("%.4f", mean(as.numeric(df[["{{name}}"]]), na.rm = TRUE)), "\n", sep = "")
{{/code.meanColumn}}
{{#code.dateColumn}}
cat("cynharaf ", "{{name}}", ": ", format(min(df[["{{name}}"]], na.rm = TRUE), "%Y-%m-%d"), "\n", sep = "")
{{/code.dateColumn}}

# twin:keep:analysis
# Rhowch eich dadansoddiad yma; caiff y llinellau rhwng y marcwyr twin:keep eu cadw pan wneir y pecyn eto.
# /twin:keep:analysis
