#!/usr/bin/env bash
# start-time.sh [RUNS] - `jvirtiod virtiofsd` with --sandbox namespace and none: the time from the launcher's
# start to the "serving" line, and the JVM's RSS then (plus the waiting bash's, for namespace), median of RUNS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/shared" "$work/sock"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
for mode in namespace none; do
  : > "$work/ms"; : > "$work/rss"; : > "$work/bash"
  for _ in $(seq "$runs"); do
    rm -f "$work/sock/s" "$work/log"
    t0=$(date +%s%N)
    JVIRTIOD_NO_BUILD=1 "$root/jvirtiod" virtiofsd --socket-path "$work/sock/s" --shared-dir "$work/shared" \
      --sandbox "$mode" > "$work/log" 2>&1 &
    pid=$!
    until grep -qs "serving " "$work/log"; do sleep 0.005; done
    echo $(( ($(date +%s%N) - t0) / 1000000 )) >> "$work/ms"
    jvm=$pid
    for c in $(pgrep -P "$pid" || true); do jvm=$c; done
    rss "$jvm" >> "$work/rss"
    [[ $jvm == "$pid" ]] || rss "$pid" >> "$work/bash"
    kill -TERM "$pid"; wait "$pid" || true
  done
  printf '%-9s start to serving %5s ms   JVM RSS %6s KiB%s\n' "$mode" "$(median < "$work/ms")" \
    "$(median < "$work/rss")" "$([[ -s $work/bash ]] && echo "   + bash $(median < "$work/bash") KiB")"
done
