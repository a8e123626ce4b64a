# Exports the benchmark's real series from R's installed `datasets` and `forecast` packages into a
# directory (never the repository), and forecasts each series' hold-out with R's forecast package.
#
#   Rscript bench/forecast/series.R OUT_DIR
#
# Writes OUT_DIR/<name>.csv (columns t,value), OUT_DIR/manifest.csv (name,file,season,horizon,group),
# OUT_DIR/panel.csv (series,t,value: the panel of monthly series for the global-model check)
# and OUT_DIR/r-forecasts.csv (name,method,step,value) for snaive, ets, auto.arima and thetaf, each
# fitted on all but the last `horizon` values. Horizons follow the M4 competition: 6 yearly, 8
# quarterly, 18 monthly; the daily stock indices 20 (a business month), other non-seasonal series 10.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else stop("usage: series.R OUT_DIR")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(1)

# the repository's own series (../shared/data); EuStockMarkets' business days have no season
eu <- function(col) ts(as.numeric(EuStockMarkets[, col]), frequency = 1)
visible <- list(
  AirPassengers = AirPassengers, co2 = co2,
  DAX = eu("DAX"), SMI = eu("SMI"), CAC = eu("CAC"), FTSE = eu("FTSE")
)
others <- list(
  nottem = nottem, USAccDeaths = USAccDeaths, ldeaths = ldeaths, mdeaths = mdeaths, fdeaths = fdeaths,
  UKDriverDeaths = UKDriverDeaths, Seatbelts_front = Seatbelts[, "front"], Seatbelts_rear = Seatbelts[, "rear"],
  gas = gas, wineind = wineind,
  UKgas = UKgas, JohnsonJohnson = JohnsonJohnson, austres = austres, woolyrnq = woolyrnq,
  Nile = Nile, lynx = lynx, sunspot.year = sunspot.year, LakeHuron = LakeHuron, airmiles = airmiles,
  WWWusage = WWWusage
)

# "fresh": series of the AER and tseries packages and the rest of `datasets` (Debian r-cran-aer,
# r-cran-tseries), fixed by kind before any run (every calendar series without gaps that is not in the
# lists above, one column of each multivariate set) to check rules decided on the 26 series above
fresh <- list()
if (requireNamespace("AER", quietly = TRUE) && requireNamespace("tseries", quietly = TRUE)) {
  get_data <- function(name, package) {
    e <- new.env()
    data(list = name, package = package, envir = e)
    get(name, envir = e)
  }
  aer <- function(name, col = NULL) {
    x <- get_data(name, "AER")
    if (is.null(col)) x else x[, col]
  }
  tsr <- function(name, col) get_data(name, "tseries")[, col]
  fresh <- list(
    DriversKilled = Seatbelts[, "DriversKilled"], kms = Seatbelts[, "kms"],
    PetrolPrice = Seatbelts[, "PetrolPrice"], VanKilled = Seatbelts[, "VanKilled"],
    BondYield = aer("BondYield"), DutchSales = aer("DutchSales"), FrozenJuice = aer("FrozenJuice", "price"),
    PepperBlack = aer("PepperPrice", "black"), PepperWhite = aer("PepperPrice", "white"),
    nino3 = tsr("nino", "nino3"), tcm10y = tsr("tcm", "tcm10y"),
    ArgentinaCPI = aer("ArgentinaCPI"), GermanUnemployment = aer("GermanUnemployment", "unadjusted"),
    UKNonDurables = aer("UKNonDurables"), USProdIndex = aer("USProdIndex", "unadjusted"),
    UKInflation = aer("UKInflation", "actual"), OrangeCounty = aer("OrangeCounty", "employment"),
    USMacroGDP = aer("USMacroSWQ", "gdp"), USeconomicM1 = tsr("USeconomic", "log(M1)"),
    USMoneyM1 = aer("USMoney", "m1"), freeny.y = freeny.y,
    discoveries = discoveries, nhtemp = nhtemp, bev = get_data("bev", "tseries"),
    MotorCycles2 = aer("MotorCycles2"), ChinaAgriculture = aer("ChinaIncome", "agriculture"),
    TechChange = aer("TechChange", "output"), USConsumption = aer("USConsump1993", "expenditure"),
    BJsales = BJsales, lh = lh
  )
}

horizon_of <- function(x) {
  f <- frequency(x)
  if (f == 12) 18 else if (f == 4) 8 else if (f == 1 && start(x)[1] > 100) 6 else if (length(x) > 1000) 20 else 10
}

write_series <- function(name, x, group) {
  file <- paste0(name, ".csv")
  write.csv(data.frame(t = seq_along(x), value = as.numeric(x)), file.path(out, file), row.names = FALSE,
            quote = FALSE)
  h <- horizon_of(x)
  m <- frequency(x)
  data.frame(name = name, file = file, season = if (m %in% c(4, 12)) m else 1, horizon = h, group = group)
}

manifest <- rbind(
  do.call(rbind, lapply(names(visible), function(n) write_series(n, visible[[n]], "visible"))),
  do.call(rbind, lapply(names(others), function(n) write_series(n, others[[n]], "other"))),
  do.call(rbind, lapply(names(fresh), function(n) write_series(n, fresh[[n]], "fresh")))
)
write.csv(manifest, file.path(out, "manifest.csv"), row.names = FALSE, quote = FALSE)

all <- c(visible, others, fresh)
rows <- list()
for (i in seq_len(nrow(manifest))) {
  name <- manifest$name[i]
  x <- all[[name]]
  h <- manifest$horizon[i]
  n <- length(x)
  train <- ts(as.numeric(x)[1:(n - h)], frequency = frequency(x), start = start(x))
  started <- proc.time()[["elapsed"]]
  fits <- list(
    snaive = snaive(train, h = h)$mean,
    ets = forecast(ets(train), h = h)$mean,
    auto.arima = forecast(auto.arima(train), h = h)$mean,
    thetaf = thetaf(train, h = h)$mean
  )
  for (method in names(fits)) {
    rows[[length(rows) + 1]] <- data.frame(name = name, method = method, step = seq_len(h),
                                           value = as.numeric(fits[[method]]))
  }
  cat(sprintf("R: %-16s n=%d h=%d  %.1fs\n", name, n - h, h, proc.time()[["elapsed"]] - started), file = stderr())
}
write.csv(do.call(rbind, rows), file.path(out, "r-forecasts.csv"), row.names = FALSE, quote = FALSE)

# The panel: every monthly series of `datasets` and `forecast` (the Seatbelts columns but the law
# indicator, and the EuStockMarkets indices as monthly means of their business days), each cut to its
# last 120 months, in long form: panel.csv (series,t,value).
eu_month <- function(col) {
  x <- as.numeric(EuStockMarkets[, col])
  month <- floor((as.numeric(time(EuStockMarkets)) - 1991.4961) * 12)
  as.numeric(tapply(x, month, mean))
}
monthly <- list(
  AirPassengers = AirPassengers, co2 = co2, nottem = nottem, USAccDeaths = USAccDeaths, ldeaths = ldeaths,
  mdeaths = mdeaths, fdeaths = fdeaths, UKDriverDeaths = UKDriverDeaths,
  DriversKilled = Seatbelts[, "DriversKilled"], front = Seatbelts[, "front"], rear = Seatbelts[, "rear"],
  kms = Seatbelts[, "kms"], PetrolPrice = Seatbelts[, "PetrolPrice"], VanKilled = Seatbelts[, "VanKilled"],
  gas = gas, wineind = wineind, sunspots = sunspots,
  DAX = eu_month("DAX"), SMI = eu_month("SMI"), CAC = eu_month("CAC"), FTSE = eu_month("FTSE")
)
panel <- do.call(rbind, lapply(names(monthly), function(n) {
  x <- as.numeric(monthly[[n]])
  x <- tail(x, 120)
  data.frame(series = n, t = seq_along(x), value = x)
}))
write.csv(panel, file.path(out, "panel.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("R: panel of %d monthly series, %d rows\n", length(monthly), nrow(panel)), file = stderr())
