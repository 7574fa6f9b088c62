#!/usr/bin/env bash
# virtiofs-bench.sh - jvirtiod vs QEMU 7.2's C virtiofsd as the vhost-user-fs daemon of the same guest (booted
# by tests/vm/virtiofs.sh the way Kata boots one), with matching cache modes; prints a ratio table
# (jvirtiod / virtiofsd, higher is better for jvirtiod).
#
# Usage: bench/virtiofs-bench.sh            (CACHES="auto never" RUNTIME=8 SIZE=256M to change)
# Each daemon and cache mode gets its own boot; in the guest, on the mounted tag:
#   fio 4 KiB random read / write and 1 MiB sequential read / write, psync, O_DIRECT (so every I/O reaches the
#   daemon, whatever the cache mode), one job, time-based; then create / stat / rename / unlink of FILES empty files in one perl process.
# Guest under TCG: absolute numbers are low and noisy; compare the ratios, on a quiet machine.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHES=${CACHES:-auto}
RUNTIME=${RUNTIME:-8}
SIZE=${SIZE:-256M}
FILES=${FILES:-2000}
OUT=${OUT:-$(mktemp -d /tmp/jvirtiod-vfs-bench.XXXXXX)}
command -v fio >/dev/null || { echo "needs fio (apt-get install fio)" >&2; exit 1; }
[ -x /usr/lib/qemu/virtiofsd ] || { echo "needs /usr/lib/qemu/virtiofsd (qemu-system-common)" >&2; exit 1; }

# Guest side: one line "RESULT name value" per measurement (MiB/s or IOPS or ops/s).
GUEST_SCRIPT='set -e
fio_run() { # name rw bs -> bandwidth KiB/s and IOPS from terse v3 (read: fields 7,8; write: 48,49)
  local name=$1 rw=$2 bs=$3
  fio --name=$name --directory=. --filename=bench.dat --rw=$rw --bs=$bs --size='$SIZE' --ioengine=psync \
      --direct=1 --numjobs=1 --time_based --runtime='$RUNTIME' --ramp_time=1 --output-format=terse \
      --terse-version=3 > fio-$name.txt
  case $rw in
    *read) awk -F";" -v n=$name "{print \"RESULT\", n\"_MiB/s\", \$7/1024; print \"RESULT\", n\"_IOPS\", \$8}" fio-$name.txt ;;
    *) awk -F";" -v n=$name "{print \"RESULT\", n\"_MiB/s\", \$48/1024; print \"RESULT\", n\"_IOPS\", \$49}" fio-$name.txt ;;
  esac
  rm -f fio-$name.txt
}
fio --name=layout --directory=. --filename=bench.dat --rw=write --bs=1M --size='$SIZE' --ioengine=psync \
    --end_fsync=1 --output=/dev/null
fio_run randread_4k randread 4k
fio_run randwrite_4k randwrite 4k
fio_run seqread_1m read 1M
fio_run seqwrite_1m write 1M
rm -f bench.dat
mkdir meta
# One process does every metadata operation, so the guest'"'"'s fork/exec cost (large under TCG) stays out of it.
perl -MTime::HiRes=time -e '"'"'
  my ($n, $d) = ('$FILES', "meta"); my @t = (time);
  for my $i (1..$n) { open(my $f, ">", "$d/f$i") or die "create: $!"; close $f } push @t, time;
  for my $i (1..$n) { my @s = stat("$d/f$i") or die "stat: $!" } push @t, time;
  for my $i (1..$n) { rename("$d/f$i", "$d/g$i") or die "rename: $!" } push @t, time;
  for my $i (1..$n) { unlink("$d/g$i") or die "unlink: $!" } push @t, time;
  my @names = qw(create stat rename unlink);
  printf "RESULT %s_ops/s %.1f\n", $names[$_], $n / ($t[$_ + 1] - $t[$_]) for 0..3;
'"'"'
rmdir meta'

run() { # label cache daemon-command
  local label=$1 cache=$2 cmd=$3 share="$OUT/share-$1-$2"
  mkdir -p "$share"
  echo "[bench] $label cache=$cache: $cmd" >&2
  VFS_DAEMON="$cmd" VFS_DAEMON_LOG="$OUT/daemon-$label-$cache.log" \
    "$ROOT/tests/vm/virtiofs.sh" -s "$share" "$GUEST_SCRIPT" > "$OUT/guest-$label-$cache.log" 2>&1 \
    || { echo "[bench] $label cache=$cache failed; see $OUT/guest-$label-$cache.log" >&2; tail -20 "$OUT/guest-$label-$cache.log" >&2; exit 1; }
  grep '^RESULT ' "$OUT/guest-$label-$cache.log" | tr -d '\r' | awk -v l="$label" -v c="$cache" '{print c, l, $2, $3}' >> "$OUT/results.txt"
}

: > "$OUT/results.txt"
ln -sf "$ROOT/jvirtiod" "$OUT/jvirtiod-virtiofsd"
"$ROOT/jvirtiod" --version >/dev/null # build once, outside the measurement
for cache in $CACHES; do
  c_cache=$cache; [ "$cache" = never ] && c_cache=none  # the C daemon's spelling
  run virtiofsd "$cache" "exec /usr/lib/qemu/virtiofsd --fd=3 -f -o source=\"\$SHARE\" -o cache=$c_cache -o no_posix_lock"
  run jvirtiod "$cache" "JVIRTIOD_NO_BUILD=1 exec $OUT/jvirtiod-virtiofsd --fd=3 --shared-dir=\"\$SHARE\" --cache=$cache --thread-pool-size=1"
done

echo
echo "| cache | measurement | virtiofsd (C, QEMU 7.2) | jvirtiod | ratio jvirtiod/virtiofsd |"
echo "|---|---|---:|---:|---:|"
awk '{v[$1" "$3" "$2]=$4; k[$1" "$3]=1} END {
  for (key in k) { split(key, a, " "); c=v[key" virtiofsd"]; j=v[key" jvirtiod"];
    printf "| %s | %s | %.1f | %.1f | %.2f |\n", a[1], a[2], c, j, (c > 0 ? j / c : 0) } }' "$OUT/results.txt" | sort
echo
echo "(raw results and logs in $OUT)"
