#!/usr/bin/env bash
# The forecasting quality benchmark: rnn4j's default forecaster against R's forecast package (snaive,
# ets, auto.arima, thetaf) on real series exported at run time from R's `datasets` and `forecast`
# packages into a temporary directory, each scored on its last h values, which rnn4j never sees;
# then the panel check (21 monthly series as one global model against the same series one by one).
#
#   bench/forecast/quality.sh [--budget SECONDS] [--steps N] [--only a,b]   # defaults: 60 s, 300 steps
#
# Needs R with the forecast package (Debian: r-base-core, r-cran-forecast; r-cran-aer and r-cran-tseries add the 30 "fresh" series) and a JDK 17. Fixed seeds;
# the networks stop at their step limit or the time budget, whichever comes first. Prints the tables
# of bench/RESULTS-quality-*.md. Set MVN_OFFLINE=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "load before: $(uptime)"
# one reactor run: the project's own modules resolve to their target folders, never to ~/.m2
mvn -B -q ${MVN_OFFLINE:-} -pl rnn4j-tasks,rnn4j-simd -am test-compile dependency:build-classpath -Dformatter.skip \
  -Dmdep.outputFile=target/quality-cp.txt >/dev/null
deps=$(tr ':' '\n' < rnn4j-tasks/target/quality-cp.txt | grep -v -e '/org/rnn4j/' -e '/rnn4j-[a-z]*/target/' | paste -sd: -)
cp="rnn4j-core/target/classes:rnn4j-tasks/target/classes:rnn4j-simd/target/classes:$deps"
Rscript bench/forecast/series.R "$data"
java --add-modules jdk.incubator.vector -cp "$cp" bench/forecast/ForecastQuality.java "$data" "$@"
java --add-modules jdk.incubator.vector -cp "$cp" bench/forecast/ForecastQuality.java "$data" --panel "$@"
echo "load after: $(uptime)"
