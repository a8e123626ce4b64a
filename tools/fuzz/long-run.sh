#!/usr/bin/env bash
# The longer fuzz run of docs/reliability.md: each reader's Jazzer target with coverage guidance, one at
# a time, up to the maxExecutions / maxDuration of its @FuzzTest annotation. Prints libFuzzer's
# summary line of each ("Done N runs in S second(s)"); a crash fails that target's test and Jazzer
# writes the input to the target's ...Inputs/<method>/ directory, where it becomes a regression case.
#
# Usage: tools/fuzz/long-run.sh [Class#method ...]   (default: the safetensors, training-state,
# config.json and weights readers)
set -uo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=("ReaderFuzzTest#safeTensors" "ModelDirectoryFuzzTest#trainingState" "ModelDirectoryFuzzTest#manifest"
        "ModelDirectoryFuzzTest#weights")
fi
status=0
for t in "${targets[@]}"; do
    log="$root/rnn4j-core/target/fuzz-${t//#/-}.log"
    mkdir -p "$(dirname "$log")"
    echo "== $t"
    (cd "$root" && JAZZER_FUZZ=1 mvn -B -pl rnn4j-core test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dformatter.skip=true -Dsurefire.useFile=false) > "$log" 2>&1
    rc=$?
    grep -E "Done [0-9]+ runs|DONE|Tests run:|ERROR\]|==[0-9]+== ERROR|FuzzerSecurityIssue" "$log" | head -8
    [ $rc -eq 0 ] || status=$rc
done
exit $status
