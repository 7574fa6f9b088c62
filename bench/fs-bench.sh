#!/usr/bin/env bash
# File system benchmark: the same fio and metadata workloads on the native backing directory, bindfs
# (-o big_writes), a jfuse 0.7.3 mirror file system and jvirtiod's passthrough file system (jvirtiod: with FUSE
# passthrough, requests read from /dev/fuse; jvirtiod-uring: with FUSE passthrough and FUSE over io_uring;
# jvirtiod-nopt, on request: neither; jvirtiod-nopoll, on request: jvirtiod with --poll-max-ns 0, its workers
# sleeping in read(2) between requests), printing a table of medians with ratios to native.
#
# The machine this runs on is small and shared, so one measurement of a cell means little. Every target is
# mounted once and warmed up, then the targets take turns: ROUNDS rounds, each running every workload on every
# target, in an order rotated each round (no target always goes first after another's page cache churn). A cell
# is the median of its rounds; the results file also lists every round's figure, to show the spread. All targets
# serve one backing directory, so that none is favoured by where ext4 put its files (see setup).
#
# Usage (root): bench/fs-bench.sh                          # everything, ~20 minutes
#   ROUNDS=1 RUNTIME=3 SIZE=512M FILES=2000 bench/fs-bench.sh   # a quick look
#   TARGETS="native jvirtiod" bench/fs-bench.sh               # a subset (native first for the ratios)
#   WORK=/dev/shm/jb META_ONLY=1 META_WAIT=0 ROUNDS=9 bench/fs-bench.sh  # metadata on tmpfs: the servers alone
#   SEQ_ONLY=1 ROUNDS=9 TARGETS="native bindfs jvirtiod" bench/fs-bench.sh  # the two sequential rows, more rounds
# Results also go to bench/results/fs-bench-<date>.txt. Needs: root, /dev/fuse, JDK 25; installs fio and
# bindfs with apt-get if missing. Run it on a quiet machine: anything else using the CPUs shows up as noise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"             # rounds; each cell is the median of its rounds
RUNTIME="${RUNTIME:-5}"           # seconds per timed (random I/O) fio job, after a 1 s ramp
SIZE="${SIZE:-2G}"                # fio file size: the sequential jobs write and then read all of it
FILES="${FILES:-10000}"           # files in the metadata run
CACHE="${CACHE:-auto}"            # jvirtiod --cache
THREADS="${THREADS:-4}"           # jvirtiod --threads
TARGETS="${TARGETS:-native bindfs jfuse jvirtiod jvirtiod-uring}"
WORK="${WORK:-/var/tmp/jvirtiod-bench}"
META_ONLY="${META_ONLY:-0}"       # 1: the metadata run only (with WORK on a tmpfs it shows the servers alone)
SEQ_ONLY="${SEQ_ONLY:-0}"         # 1: the sequential fio rows only (their spread follows the host's disk)
META_WAIT="${META_WAIT:-61}"      # seconds between metadata runs (see run_meta); 0 on tmpfs or a journaled ext4

die() { echo "fs-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (mounting and dropping caches need it)"
[ -e /dev/fuse ] || die "no /dev/fuse (modprobe fuse)"
[ "$ROUNDS" -ge 1 ] 2>/dev/null || die "ROUNDS must be a positive number, not '$ROUNDS'"
[ "$META_WAIT" -ge 0 ] 2>/dev/null || die "META_WAIT must be a number of seconds, not '$META_WAIT'"
[ "$META_ONLY" = 0 ] || [ "$META_ONLY" = 1 ] || die "META_ONLY must be 0 or 1, not '$META_ONLY'"
[ "$SEQ_ONLY" = 0 ] || [ "$SEQ_ONLY" = 1 ] || die "SEQ_ONLY must be 0 or 1, not '$SEQ_ONLY'"
[ "$META_ONLY$SEQ_ONLY" != 11 ] || die "META_ONLY=1 and SEQ_ONLY=1 leave nothing to run"
need=()
command -v fio >/dev/null || need+=(fio)
command -v bindfs >/dev/null || need+=(bindfs)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "fs-bench: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "fs-bench: building jvirtiod and the jfuse mirror..." >&2
"$here/jvirtiod" --version >/dev/null # the launcher builds the daemon when its sources changed
(cd "$here" && ./mvnw -q -B -f bench/jfuse-mirror/pom.xml package) >&2
JAVA="$("$here/jvirtiod" --java-home)/bin/java @$here/jvm.flags" # for the jfuse mirror

declare -A dir_of pid_of   # per target: the directory to benchmark in, the FUSE server's pid (if any)
mounts=()                  # mount points to undo on exit
cleanup() {
  local m p
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  for p in "${pid_of[@]}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# FUSE over io_uring needs the fuse module's switch; turn it on for the run and restore it afterwards.
uring_switch=/sys/module/fuse/parameters/enable_uring
if [[ " $TARGETS " == *" jvirtiod-uring "* ]]; then
  [ -w "$uring_switch" ] || die "$uring_switch is missing: this kernel has no FUSE over io_uring (drop jvirtiod-uring from TARGETS)"
  uring_was="$(cat "$uring_switch")"
  echo Y > "$uring_switch"
  trap 'cleanup; echo "$uring_was" > "$uring_switch"' EXIT
fi

wait_mounted() { # $1 mount point, $2 pid of the server
  for _ in $(seq 1 100); do
    if awk -v m="$1" '$2 == m { found = 1 } END { exit !found }' /proc/self/mounts; then return 0; fi
    kill -0 "$2" 2>/dev/null || die "the server for $1 exited; see $WORK/$(basename "$(dirname "$1")").log"
    sleep 0.1
  done
  die "$1 did not get mounted"
}

# Mounts target $1 (a no-op for native) and records its directory and server pid.
# Every target serves the same backing directory, $WORK/src: its fio file and its metadata directory are the same
# ext4 paths for all, and each is deleted before the next target's turn. ext4 places a new directory's inodes in
# a block group near its parent's, and the cost of a create depends on what that group went through (see
# run_meta): with one backing directory per target, native creates in them measured 22k to 128k/s depending on
# the directory and the order, and bindfs's CREATE took 14 or 40 us depending on whose directory it served.
setup() {
  local t="$1" src="$WORK/src" mnt="$WORK/$1/mnt" log="$WORK/$1.log" pid=""
  mkdir -p "$src" "$mnt"
  case "$t" in
    native) dir_of[$t]="$src"; pid_of[$t]=""; return ;;
    bindfs) bindfs -o big_writes "$src" "$mnt" >"$log" 2>&1 ;;
    jfuse)
      setsid $JAVA -cp "$here/bench/jfuse-mirror/target/jfuse-mirror-0.1.0-SNAPSHOT.jar:$here/bench/jfuse-mirror/target/lib/*" \
        io.jvirtiod.bench.jfuse.MirrorFs "$src" "$mnt" >"$log" 2>&1 &
      pid=$!; wait_mounted "$mnt" "$pid" ;;
    jvirtiod|jvirtiod-nopt|jvirtiod-uring|jvirtiod-nopoll)
      local pt=--passthrough; [ "$t" = jvirtiod-nopt ] && pt=""; [ "$t" = jvirtiod-uring ] && pt="--passthrough --io-uring"
      [ "$t" = jvirtiod-nopoll ] && pt="--passthrough --poll-max-ns 0"
      JVIRTIOD_NO_BUILD=1 setsid "$here/jvirtiod" fuse \
        --shared-dir "$src" --mount "$mnt" --cache "$CACHE" --threads "$THREADS" $pt >"$log" 2>&1 &
      pid=$!; wait_mounted "$mnt" "$pid" ;;
    *) die "unknown target $t" ;;
  esac
  mounts+=("$mnt")
  dir_of[$t]="$mnt"
  pid_of[$t]="$pid"
}

teardown() {
  local t="$1" mnt="$WORK/$1/mnt"
  [ "$t" = native ] && return
  umount "$mnt" 2>/dev/null || umount -l "$mnt"
  # jvirtiod exits when unmounted; the jfuse mirror waits for a signal.
  if [ -n "${pid_of[$t]}" ]; then
    kill "${pid_of[$t]}" 2>/dev/null || true
    wait "${pid_of[$t]}" 2>/dev/null || true
    pid_of[$t]=""
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
# The backing ext4 may have no journal (as this machine's), and then it skips inodes deleted in the last 60 s
# when it allocates one (fs/ext4/ialloc.c recently_deleted), scanning past every one of them on each create:
# creates right after another run's unlinks are several times slower. So a run starts 61 s (META_WAIT) after the
# last. That does not remove all of it: the window is 360 s for an inode whose inode-table block is dirty, which
# the run's own creates make it. What is left depends on the runs before, not on the target
# (docs/notes/fs-device-bench.md, "What the rows measure").
meta_done=0
run_meta() {
  local dir="$1/meta" wait
  rm -rf "$dir"; mkdir -p "$dir"; drop_caches
  wait=$(( meta_done + META_WAIT - $(date +%s) ))
  if [ "$wait" -gt 0 ]; then sleep "$wait"; fi
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
  meta_done=$(date +%s)
}

rows=("seq read 1M (MiB/s)" "seq write 1M (MiB/s)" "rand read 4K psync (IOPS)" "rand write 4K psync (IOPS)"
      "rand read 4K libaio qd16x2 (IOPS)" "rand write 4K libaio qd16x2 (IOPS)"
      "create (ops/s)" "stat (ops/s)" "rename (ops/s)" "unlink (ops/s)")
raw="$WORK/results.tsv"     # target, row, round, figure
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$raw"; }

# Every workload once on target $1 in round $2: the metadata run first, so that the fio jobs fill most of the
# 61 s it needs between runs (see run_meta).
measure() {
  local t="$1" round="$2" dir="${dir_of[$1]}" mb io c s r u
  if [ "$SEQ_ONLY" = 0 ]; then
    run_meta "$dir" > "$WORK/meta.out"   # not in a subshell: it keeps meta_done
    read -r c s r u < "$WORK/meta.out"
    record "$t" 6 "$round" "$c"; record "$t" 7 "$round" "$s"; record "$t" 8 "$round" "$r"; record "$t" 9 "$round" "$u"
  fi
  [ "$META_ONLY" = 1 ] && return
  # Lay the file out (a sequential write is the first measurement), then read it back cold. No preallocation:
  # bindfs has no fallocate, and writing into preallocated (unwritten) extents costs ext4 more at writeback.
  read -r mb _ < <(run_fio "$dir" "$t-seqwrite" --rw=write --bs=1M --ioengine=psync --end_fsync=1 --fallocate=none)
  record "$t" 1 "$round" "$mb"
  read -r mb _ < <(run_fio "$dir" "$t-seqread" --rw=read --bs=1M --ioengine=psync)
  record "$t" 0 "$round" "$mb"
  if [ "$SEQ_ONLY" = 1 ]; then rm -f "$dir/fio-data"; return; fi
  local timed=(--time_based --runtime="$RUNTIME" --ramp_time=1)
  read -r _ io < <(run_fio "$dir" "$t-randread" --rw=randread --bs=4k --ioengine=psync "${timed[@]}")
  record "$t" 2 "$round" "$io"
  read -r _ io < <(run_fio "$dir" "$t-randwrite" --rw=randwrite --bs=4k --ioengine=psync "${timed[@]}")
  record "$t" 3 "$round" "$io"
  local aio=(--ioengine=libaio --direct=1 --iodepth=16 --numjobs=2 --group_reporting)
  read -r _ io < <(run_fio "$dir" "$t-aioread" --rw=randread --bs=4k "${aio[@]}" "${timed[@]}")
  record "$t" 4 "$round" "$io"
  read -r _ io < <(run_fio "$dir" "$t-aiowrite" --rw=randwrite --bs=4k "${aio[@]}" "${timed[@]}")
  record "$t" 5 "$round" "$io"
  rm -f "$dir/fio-data"
}

rm -rf "$WORK"; mkdir -p "$WORK"; : > "$raw"
read -r -a targets <<< "$TARGETS"
started=$(date +%s)
for t in "${targets[@]}"; do
  echo "fs-bench: mounting and warming up $t..." >&2
  setup "$t"
  # Warm up every FUSE target the same way (a long-running daemon is warm; the JVM ones need their JIT to have run).
  [ "$t" = native ] && continue
  meta_done=0; run_meta "${dir_of[$t]}" >/dev/null
  fio --name=warmup --directory="${dir_of[$t]}" --filename=fio-warm --size=64M --rw=randrw --bs=4k --ioengine=psync \
    --time_based --runtime=2 >/dev/null 2>&1 || true
  rm -f "${dir_of[$t]}/fio-warm"
done
n=${#targets[@]}
for round in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((n - 1))); do
    t="${targets[$(( (k + round - 1) % n ))]}"
    echo "fs-bench: round $round/$ROUNDS: $t..." >&2
    measure "$t" "$round"
  done
done
for t in "${targets[@]}"; do teardown "$t"; done
mounts=()

mkdir -p "$here/bench/results"
out="$here/bench/results/fs-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "fs-bench $(date -u +%FT%TZ) on $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
    "backing fs $(df -T "$WORK" | awk 'NR==2{print $2}'); $(( ($(date +%s) - started) / 60 )) minutes."
  if [ "$META_ONLY" = 1 ]; then echo -n "metadata runs only, ${META_WAIT}s apart"
  elif [ "$SEQ_ONLY" = 1 ]; then echo -n "sequential fio runs only, size $SIZE"
  else echo -n "fio size $SIZE, ${RUNTIME}s timed runs"; fi
  echo "; jvirtiod --cache $CACHE --threads $THREADS; $FILES files in the metadata run."
  echo "jvirtiod = --passthrough (FUSE passthrough, requests read from /dev/fuse); jvirtiod-uring = --passthrough --io-uring;" \
    "jvirtiod-nopt = neither; jvirtiod-nopoll = --passthrough --poll-max-ns 0."
  echo "Median of $ROUNDS rounds (ratio to native):"
  python3 - "$raw" "$TARGETS" "${rows[@]}" <<'EOF'
import statistics, sys
raw, targets, rows = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
cells = {}
for line in open(raw):
    t, row, _, v = line.rstrip("\n").split("\t")
    cells.setdefault((t, int(row)), []).append(float(v))
med = {k: statistics.median(v) for k, v in cells.items()}
print(f"{'workload':<36}" + "".join(f"{t:>22}" for t in targets))
shown = [i for i in range(len(rows)) if any((t, i) in cells for t in targets)]  # META_ONLY/SEQ_ONLY: some rows
for i in shown:
    name = rows[i]
    line = f"{name:<36}"
    base = med.get(("native", i))
    for t in targets:
        v = med.get((t, i))
        if v is None:
            line += f"{'-':>22}"
        elif base and t != "native":
            line += f"{f'{v:.0f} ({v / base:.2f}x)':>22}"
        else:
            line += f"{v:>22.0f}"
    print(line)
print()
print("Every round (figures in round order):")
# the widest cell decides the column width, so that five or more rounds never run into the next column
per = {(t, i): " ".join(f"{v:.0f}" for v in cells.get((t, i), [])) for t in targets for i in range(len(rows))}
w = max([22] + [len(c) + 2 for c in per.values()])
for i in shown:
    print(f"{rows[i]:<36}" + "".join(f"{per[(t, i)]:>{w}}" for t in targets))
EOF
} | tee "$out"
echo "fs-bench: written to $out" >&2
