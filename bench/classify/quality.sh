#!/usr/bin/env bash
# The classification quality benchmark: rnn4j's default classifier against simple baselines on data it
# has not seen (see ClassifyQuality.java). Run from the repository root, ../shared beside it:
#
#   bash bench/classify/quality.sh [--seeds 1,2,3] [--only vowels,promoters,splice] [--hp key=value,...]
#
# Builds the jar through ./rnn4j when it is stale, compiles the benchmark into a temporary directory
# and prints a Markdown table on standard output (progress rows on standard error).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./rnn4j --version >/dev/null
jar="$root/rnn4j-cli/target/rnn4j.jar"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$jar" bench/classify/*.java
exec java --add-modules jdk.incubator.vector -cp "$jar:$classes" ClassifyQuality "$@"
