#!/usr/bin/env bash
# File system benchmark: the same fio and metadata workloads on the native backing directory, bindfs
# (-o big_writes), a jfuse 0.7.3 mirror file system and jvirtiod's passthrough file system over /dev/fuse
# (with FUSE passthrough, and without it), in one run, printing a table with ratios to native.
#
# Usage (root): bench/fs-bench.sh                 # everything, ~8 minutes
#   RUNTIME=5 SIZE=512M FILES=2000 bench/fs-bench.sh   # shorter
#   TARGETS="native jvirtiod" bench/fs-bench.sh       # a subset
# Results also go to bench/results/fs-bench-<date>.txt. Needs: root, /dev/fuse, JDK 25; installs fio and
# bindfs with apt-get if missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME="${RUNTIME:-10}"          # seconds per timed fio job
SIZE="${SIZE:-1G}"                # fio file size
FILES="${FILES:-10000}"           # files in the metadata run
CACHE="${CACHE:-auto}"            # jvirtiod --cache
THREADS="${THREADS:-4}"           # jvirtiod --threads
TARGETS="${TARGETS:-native bindfs jfuse jvirtiod-nopt jvirtiod}"
WORK="${WORK:-/var/tmp/jvirtiod-bench}"

die() { echo "fs-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (mounting and dropping caches need it)"
[ -e /dev/fuse ] || die "no /dev/fuse (modprobe fuse)"
need=()
command -v fio >/dev/null || need+=(fio)
command -v bindfs >/dev/null || need+=(bindfs)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "fs-bench: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
jdk=""
for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release" 2>/dev/null || true)"
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then jdk="$cand"; break; fi
done
[ -n "$jdk" ] || die "needs a JDK 25 in JAVA_HOME or under /usr/lib/jvm"
JAVA="$jdk/bin/java --enable-native-access=ALL-UNNAMED"

echo "fs-bench: building jvirtiod and the jfuse mirror..." >&2
(cd "$here" && JAVA_HOME="$jdk" ./mvnw -q -B -DskipTests -pl daemon -am package) >&2
(cd "$here" && JAVA_HOME="$jdk" ./mvnw -q -B -f bench/jfuse-mirror/pom.xml package) >&2

server_pid=""   # the FUSE server of the target being measured (none for native and bindfs)
mounted=""      # its mount point
cleanup() {
  if [ -n "$mounted" ]; then umount "$mounted" 2>/dev/null || umount -l "$mounted" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

wait_mounted() { # $1 mount point, $2 pid of the server
  for _ in $(seq 1 100); do
    if awk -v m="$1" '$2 == m { found = 1 } END { exit !found }' /proc/self/mounts; then return 0; fi
    kill -0 "$2" 2>/dev/null || die "the server for $1 exited; see $WORK/$(basename "$(dirname "$1")").log"
    sleep 0.1
  done
  die "$1 did not get mounted"
}

# Prepares target $1 and sets $dir to the directory to benchmark in (no subshell: the cleanup needs the pid).
setup() {
  local t="$1" src="$WORK/$1/src" mnt="$WORK/$1/mnt" log="$WORK/$1.log"
  mkdir -p "$src" "$mnt"
  server_pid=""
  case "$t" in
    native) dir="$src"; return ;;
    bindfs) bindfs -o big_writes "$src" "$mnt" >"$log" 2>&1 ;;
    jfuse)
      setsid $JAVA -cp "$here/bench/jfuse-mirror/target/jfuse-mirror-0.1.0-SNAPSHOT.jar:$here/bench/jfuse-mirror/target/lib/*" \
        io.jvirtiod.bench.jfuse.MirrorFs "$src" "$mnt" >"$log" 2>&1 &
      server_pid=$!; wait_mounted "$mnt" "$server_pid" ;;
    jvirtiod|jvirtiod-nopt)
      local pt=--passthrough; [ "$t" = jvirtiod-nopt ] && pt=""
      setsid $JAVA --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar "$here/daemon/target/jvirtiod.jar" fuse \
        --shared-dir "$src" --mount "$mnt" --cache "$CACHE" --threads "$THREADS" $pt >"$log" 2>&1 &
      server_pid=$!; wait_mounted "$mnt" "$server_pid" ;;
    *) die "unknown target $t" ;;
  esac
  mounted="$mnt"
  dir="$mnt"
}

teardown() {
  [ "$1" = native ] && return
  umount "$mounted" 2>/dev/null || umount -l "$mounted"
  mounted=""
  # jvirtiod exits when unmounted; the jfuse mirror waits for a signal.
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# fio job: $1 dir, $2 name, then fio options. Prints "MiB/s IOPS".
run_fio() {
  local dir="$1" name="$2"; shift 2
  drop_caches
  fio --name="$name" --directory="$dir" --filename=fio-data --size="$SIZE" --output-format=json "$@" \
    > "$WORK/fio-$name.json" 2>"$WORK/fio-$name.err" || { echo "fio $name failed: $(tail -3 "$WORK/fio-$name.err")" >&2; echo "0 0"; return; }
  python3 - "$WORK/fio-$name.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
bw = iops = 0.0
for job in j["jobs"]:
    for d in ("read", "write"):
        bw += job[d]["bw_bytes"]
        iops += job[d]["iops"]
print(f"{bw / 1048576:.1f} {iops:.0f}")
EOF
}

# Metadata: create, stat, rename, unlink of $FILES files. Prints four ops/s figures.
run_meta() {
  local dir="$1/meta"
  rm -rf "$dir"; mkdir -p "$dir"; drop_caches
  python3 - "$dir" "$FILES" <<'EOF'
import os, sys, time
d, n = sys.argv[1], int(sys.argv[2])
names = [os.path.join(d, f"f{i:06d}") for i in range(n)]
res = []
t = time.perf_counter()
for p in names:
    os.close(os.open(p, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644))
res.append(n / (time.perf_counter() - t))
t = time.perf_counter()
for p in names:
    os.stat(p)
res.append(n / (time.perf_counter() - t))
t = time.perf_counter()
for p in names:
    os.rename(p, p + "r")
res.append(n / (time.perf_counter() - t))
t = time.perf_counter()
for p in names:
    os.unlink(p + "r")
res.append(n / (time.perf_counter() - t))
print(" ".join(f"{r:.0f}" for r in res))
EOF
}

rows=("seq read 1M (MiB/s)" "seq write 1M (MiB/s)" "rand read 4K psync (IOPS)" "rand write 4K psync (IOPS)"
      "rand read 4K libaio qd16x2 (IOPS)" "rand write 4K libaio qd16x2 (IOPS)"
      "create (ops/s)" "stat (ops/s)" "rename (ops/s)" "unlink (ops/s)")
declare -A result
rm -rf "$WORK"; mkdir -p "$WORK"
for t in $TARGETS; do
  echo "fs-bench: $t..." >&2
  setup "$t"
  # Warm up every target the same way (a long-running daemon is warm; the JVM ones need their JIT to have run).
  run_meta "$dir" >/dev/null
  fio --name=warmup --directory="$dir" --filename=fio-warm --size=64M --rw=randrw --bs=4k --ioengine=psync \
    --time_based --runtime=2 >/dev/null 2>&1 || true
  rm -f "$dir/fio-warm"
  # Lay the file out once (a sequential write is the first measurement).
  read -r mb _ < <(run_fio "$dir" "$t-seqwrite" --rw=write --bs=1M --ioengine=psync --end_fsync=1)
  result["$t,1"]="$mb"
  read -r mb _ < <(run_fio "$dir" "$t-seqread" --rw=read --bs=1M --ioengine=psync)
  result["$t,0"]="$mb"
  timed=(--time_based --runtime="$RUNTIME" --ramp_time=1)
  read -r _ io < <(run_fio "$dir" "$t-randread" --rw=randread --bs=4k --ioengine=psync "${timed[@]}")
  result["$t,2"]="$io"
  read -r _ io < <(run_fio "$dir" "$t-randwrite" --rw=randwrite --bs=4k --ioengine=psync "${timed[@]}")
  result["$t,3"]="$io"
  aio=(--ioengine=libaio --direct=1 --iodepth=16 --numjobs=2 --group_reporting)
  read -r _ io < <(run_fio "$dir" "$t-aioread" --rw=randread --bs=4k "${aio[@]}" "${timed[@]}")
  result["$t,4"]="$io"
  read -r _ io < <(run_fio "$dir" "$t-aiowrite" --rw=randwrite --bs=4k "${aio[@]}" "${timed[@]}")
  result["$t,5"]="$io"
  rm -f "$dir/fio-data"
  read -r c s r u < <(run_meta "$dir")
  result["$t,6"]="$c"; result["$t,7"]="$s"; result["$t,8"]="$r"; result["$t,9"]="$u"
  teardown "$t"
done

mkdir -p "$here/bench/results"
out="$here/bench/results/fs-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "fs-bench $(date -u +%FT%TZ) on $(uname -r), $(nproc) CPUs; backing fs $(df -T "$WORK" | awk 'NR==2{print $2}');"
  echo "fio size $SIZE, ${RUNTIME}s timed runs; jvirtiod --cache $CACHE --threads $THREADS; $FILES files in the metadata run."
  echo "jvirtiod = with --passthrough (FUSE passthrough), jvirtiod-nopt = without. Figures (ratio to native)."
  printf '%-36s' "workload"
  for t in $TARGETS; do printf '%22s' "$t"; done
  echo
  for i in "${!rows[@]}"; do
    printf '%-36s' "${rows[$i]}"
    base="${result[native,$i]:-}"
    for t in $TARGETS; do
      v="${result[$t,$i]}"
      if [ -n "$base" ] && [ "$t" != native ]; then
        printf '%22s' "$(python3 -c "b=float('$base'); v=float('$v'); print(f'{v:.0f} ({v/b:.2f}x)' if b else f'{v:.0f}')")"
      else
        printf '%22s' "$(python3 -c "print(f'{float(\"$v\"):.0f}')")"
      fi
    done
    echo
  done
} | tee "$out"
echo "fs-bench: written to $out" >&2
