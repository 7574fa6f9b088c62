#!/usr/bin/env bash
# Runs one Jazzer fuzz test in fuzzing mode (coverage-guided, libFuzzer) for a while, then prints its figures.
# Usage: bench/fuzz.sh [TARGET] [SECONDS]   TARGET: fuse (default) | ring | vhost-user; SECONDS: 60 by default.
# ./mvnw verify only replays the committed corpus (regression mode); this is the campaign. The growing corpus
# stays in MODULE/.cifuzz-corpus/ (ignored by git, reused by the next run). A finding fails the run and Jazzer
# writes its input as crash-* beside the committed corpus (src/test/resources/.../<Test>Inputs/<method>/): fix
# the bug and commit that file, and every verify replays it from then on.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${1:-fuse}"
seconds="${2:-60}"
case "$target" in
    fuse) module=fs-device; test=FuseRequestFuzzTest ;;
    ring) module=virtqueue; test=RingMemoryFuzzTest ;;
    vhost-user) module=vhost-user; test=VhostUserMessageFuzzTest ;;
    *) echo "unknown target '$target': fuse, ring or vhost-user" >&2; exit 2 ;;
esac
mkdir -p bench/results
log="bench/results/fuzz-$target-$(date -u +%Y%m%dT%H%M%SZ).log"
status=0
JAZZER_FUZZ=1 ./mvnw -q -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${seconds}s" > "$log" 2>&1 || status=$?

# libFuzzer's status lines: "#<execs> <event> cov: <edges> ft: <features> corp: <n>/<bytes> ... exec/s: <rate>".
last="$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)"
echo "fuzz $target ($module $test, ${seconds}s): log $log"
if [ -n "$last" ]; then
    echo "$last" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "cov:") c = $(i + 1); if ($i == "ft:") f = $(i + 1);
                                if ($i == "corp:") k = $(i + 1); if ($i == "exec/s:") r = $(i + 1) }
                           sub(/^#/, "", $1);
                           printf "executions %s, coverage %s edges, %s features, corpus %s (entries/bytes), " \
                                  "%s exec/s\n", $1, c, f, k, r }'
else
    echo "no libFuzzer status line in the log"
fi
grep -E '^Done [0-9]+ runs' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "FAILED (exit $status): a finding or a build error; see $log" >&2
    grep -E 'FuzzTestFindingException|Caused by|crash-|Test unit written' "$log" | head -5 >&2 || true
fi
exit "$status"
