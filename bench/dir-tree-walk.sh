#!/usr/bin/env bash
# A cold walk of a tree of many directories through each FUSE server, side by side: does the walk find every
# file, how many fds does the server hold afterwards, and how long did it take. A server that holds one fd per
# directory it has seen runs out of fds on a tree larger than its RLIMIT_NOFILE; jvirtiod caches at most a
# quarter of its limit and reopens the rest from file handles.
#
# Every server is mounted and walks the tree once untimed (warm-up); then ROUNDS rounds, in rotated order, each
# walking it once per server after the kernel's caches are dropped. A cell is the median of the rounds.
# Usage (root): bench/dir-tree-walk.sh                 # 30000 directories, each with one file
#   DIRS=100000 bench/dir-tree-walk.sh
#   LIMIT=4096 bench/dir-tree-walk.sh                  # every server started under this RLIMIT_NOFILE (prlimit)
# Needs: root, /dev/fuse, JDK 25; installs bindfs with apt-get if missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIRS="${DIRS:-30000}"
LIMIT="${LIMIT:-}"
TARGETS="${TARGETS:-bindfs jvirtiod}"
ROUNDS="${ROUNDS:-5}"
WORK="${WORK:-/var/tmp/jvirtiod-tree}"

die() { echo "dir-tree-walk: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (mounting and dropping caches need it)"
[ -e /dev/fuse ] || die "no /dev/fuse (modprobe fuse)"
[ "$DIRS" -ge 1 ] 2>/dev/null || die "DIRS must be a positive number, not '$DIRS'"
[ "$ROUNDS" -ge 1 ] 2>/dev/null || die "ROUNDS must be a positive number, not '$ROUNDS'"
[ -z "$LIMIT" ] || [ "$LIMIT" -ge 64 ] 2>/dev/null || die "LIMIT must be a number of fds (at least 64), not '$LIMIT'"
if ! command -v bindfs >/dev/null; then
  echo "dir-tree-walk: installing bindfs" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bindfs >/dev/null
fi
echo "dir-tree-walk: building jvirtiod..." >&2
"$here/jvirtiod" --version >/dev/null # the launcher builds the daemon when its sources changed

mounts=()
cleanup() { for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT

src="$WORK/src"
if [ ! -f "$src/.tree-$DIRS" ]; then
  echo "dir-tree-walk: making $DIRS directories..." >&2
  rm -rf "$WORK"; mkdir -p "$src"
  python3 - "$src" "$DIRS" <<'PY'
import os, sys
src, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(src, f"d{i}")
    os.mkdir(d)
    with open(os.path.join(d, "f"), "w") as f:
        f.write(str(i))
open(os.path.join(src, f".tree-{n}"), "w").close()
PY
fi

limit=()
[ -z "$LIMIT" ] || limit=(prlimit --nofile="$LIMIT")
declare -A pid_of
read -r -a targets <<< "$TARGETS"
for t in "${targets[@]}"; do
  mnt="$WORK/$t"; mkdir -p "$mnt"; umount "$mnt" 2>/dev/null || true
  case "$t" in
    bindfs) "${limit[@]}" bindfs -o big_writes "$src" "$mnt" ;;
    jvirtiod)
      JVIRTIOD_NO_BUILD=1 setsid "${limit[@]}" "$here/jvirtiod" fuse \
        --shared-dir "$src" --mount "$mnt" >"$WORK/$t.log" 2>&1 & ;;
    *) die "unknown target $t" ;;
  esac
  for _ in $(seq 1 100); do awk -v m="$mnt" '$2 == m {f=1} END {exit !f}' /proc/self/mounts && break; sleep 0.1; done
  awk -v m="$mnt" '$2 == m {f=1} END {exit !f}' /proc/self/mounts || die "$t did not mount on $mnt"
  mounts+=("$mnt")
  pid_of[$t]="$(pgrep -n -f -- "$mnt" || true)"
  [ -n "${pid_of[$t]}" ] || die "no server process found for $mnt"
  # One untimed walk first: a long-running server is warm (the JVM's JIT has run).
  find "$mnt" -name f -type f >/dev/null 2>&1 || true
done
# Rounds in rotated order. Before each walk the kernel forgets the tree (drop_caches evicts the dentries, and
# FORGETs reach the servers), so every walk looks everything up.
raw="$WORK/rounds.tsv"; : > "$raw"
n=${#targets[@]}
for round in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((n - 1))); do
    t="${targets[$(( (k + round - 1) % n ))]}"; mnt="$WORK/$t"
    sync; echo 3 > /proc/sys/vm/drop_caches
    t0=$(date +%s%N)
    found=$(find "$mnt" -name f -type f 2>"$WORK/$t.err" | wc -l || true)
    t1=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$found" "$(wc -l < "$WORK/$t.err")" "$(ls "/proc/${pid_of[$t]}/fd" | wc -l)" \
      "$(( (t1 - t0) / 1000000 ))" >> "$raw"
  done
done
echo "dir-tree-walk $(date -u +%FT%TZ) on $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg): cold find over $DIRS" \
  "directories, one file each${LIMIT:+, servers under RLIMIT_NOFILE $LIMIT}; median of $ROUNDS rounds"
python3 - "$raw" "$TARGETS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    t, found, errors, fds, ms = line.split()
    rows.setdefault(t, []).append((int(found), int(errors), int(fds), int(ms)))
targets = sys.argv[2].split()
base = statistics.median(r[3] for r in rows[targets[0]])
print(f"{'target':<10} {'files':>8} {'errors':>8} {'server fds':>11} {'ms':>8} {'speed':>7}   ms by round")
for t in targets:
    r = rows[t]
    ms = statistics.median(x[3] for x in r)
    print(f"{t:<10} {min(x[0] for x in r):>8} {max(x[1] for x in r):>8} {max(x[2] for x in r):>11} {ms:>8.0f}"
          f" {base / ms:>6.2f}x   " + " ".join(str(x[3]) for x in r))
print(f"files: fewest found in a round; errors: most error lines; server fds: most held after a walk;"
      f" speed: relative to {targets[0]}")
PY
grep -h "open file limit" "$WORK"/*.log 2>/dev/null | sed 's/^/note: /' || true
