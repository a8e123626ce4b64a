#!/usr/bin/env bash
# The classification quality benchmark: rnn4j's default classifier against simple baselines on data it
# has not seen (see ClassifyQuality.java). Run from the repository root, ../shared beside it:
#
#   bash bench/classify/quality.sh [--seeds 1,2,3] [--only vowels,promoters,splice,standin] [--hp key=value,...]
#
# Builds the jar through ./rnn4j when it is stale, compiles the benchmark into a temporary directory
# and prints a Markdown table on standard output (progress rows on standard error). The splice row needs
# R with mlbench (Debian: r-base-core, r-cran-mlbench), which holds the StatLog DNA data; without it the
# row is left out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./rnn4j --version >/dev/null
jar="$root/rnn4j-cli/target/rnn4j.jar"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$jar" bench/classify/*.java
splice=()
if Rscript bench/classify/splice.R "$classes/splice.csv" 2>/dev/null; then
  splice=(--splice "$classes/splice.csv")
else
  echo "quality.sh: R's mlbench is missing (apt-get install r-cran-mlbench): no StatLog splice row" >&2
fi
java --add-modules jdk.incubator.vector -cp "$jar:$classes" ClassifyQuality "${splice[@]}" "$@"
