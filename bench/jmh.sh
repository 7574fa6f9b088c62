#!/usr/bin/env bash
# Builds the bench module and runs the virtqueue JMH benchmarks on JDK 25, then prints a table of chains/s.
# Usage: [JMH_RUN="-f 1 -wi 2 -i 5 -w 1s -r 1s"] bench/jmh.sh [JMH arguments, e.g. a regex, -p ring=split, -prof gc]
# The default run is short: 1 fork, 2x1s warmup, 5x1s measurement; set JMH_RUN to change it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
java="$(./jvirtiod --java-home)/bin/java"
JVM_FLAGS="@$root/jvm.flags"

./mvnw -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt >&2
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
mkdir -p bench/results
csv="bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).csv"

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(VirtqueueBenchmark)
"$java" "$JVM_FLAGS" -cp "$cp" org.openjdk.jmh.Main \
    ${JMH_RUN:--f 1 -wi 2 -i 5 -w 1s -r 1s} -jvm "$java" -jvmArgsAppend "$JVM_FLAGS" \
    -rf csv -rff "$csv" "${args[@]}" >&2

echo
echo "JMH results ($csv):"
# CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",params...
tr -d '\r' < "$csv" | awk -F, 'NR == 1 { for (i = 8; i <= NF; i++) { gsub(/"|Param: /, "", $i); hdr = hdr sprintf(" %-12s", $i) }
                   printf "%-28s%s %14s %14s\n", "benchmark", hdr, "chains/s", "error (99.9%)"; next }
         { gsub(/"/, ""); name = $1; sub(/.*\./, "", name); p = "";
           for (i = 8; i <= NF; i++) p = p sprintf(" %-12s", $i);
           printf "%-28s%s %14.0f %14.0f\n", "VirtqueueBenchmark." name, p, $5, $6 }'
