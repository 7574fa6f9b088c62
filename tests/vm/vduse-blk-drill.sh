#!/usr/bin/env bash
# vduse-blk-drill.sh - the SIGKILL drill, INSIDE the guest (tests/vm/guest.sh run): fio writes and verifies
# (crc32c) a 2-queue jvirtiod vduse-blk device in rounds while the daemon is killed with SIGKILL at random
# moments DRILL_KILLS times (default 20), each time restarted at once (it reconnects to /dev/vduse/drill and
# resubmits what its in-flight log holds). Afterwards: fio must report no error and no verify failure in any
# round, the device must read exactly what the backing file holds, and fio --verify_only on the backing file
# must find what the last round wrote. Prints the figures (kills, errors, restart-to-first-completion times).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib/vduse.sh"
. "$HERE/lib/jvirtiod.sh"
KILLS=${DRILL_KILLS:-20}
SIZE_MB=${DRILL_SIZE_MB:-32}
IMG=/tmp/drill.img
# The drill measures restarts, and under TCG the namespace sandbox's second JVM start costs seconds each
# (vduse-blk-e2e.sh runs the default sandbox; issue 19's warm standby will start pre-sandboxed).
DRILL_SANDBOX="--sandbox none"
fail() { echo "FAIL: $*"; echo "--- jvirtiod log"; cat /tmp/jv-drill.log; jv_crash_reports; exit 1; }
truncate -s 128M "$IMG"

jv_start drill "$IMG" --queues 2 --queue-size 128 $DRILL_SANDBOX
jv_wait_log drill "ready for vdpa" 180 || fail "/dev/vduse/drill not ready"
DEV=$(vduse_attach drill 60) || fail "attach"
jv_wait_log drill 'first request completed' 60 || fail "no first completion"
echo "drill: /dev/$DEV, $KILLS kills, fio rounds of ${SIZE_MB} MiB 4k randwrite + crc32c verify, iodepth 16"

fio_round() { # $1 = round; writes /tmp/fio-$1.txt and /tmp/fio-$1.rc
    local rc=0
    fio --name=drill --filename="/dev/$DEV" --ioengine=libaio --direct=1 --rw=randwrite --bs=4k --iodepth=16 \
        --size=${SIZE_MB}M --randrepeat=1 --randseed=$((7000 + $1)) --verify=crc32c --verify_fatal=1 \
        --do_verify=1 --output="/tmp/fio-$1.txt" || rc=$?
    echo $rc > "/tmp/fio-$1.rc"
}
rm -f /tmp/killer-done /tmp/restart-ms
( r=0; while [ ! -e /tmp/killer-done ]; do fio_round $r; r=$((r + 1)); done; echo $r > /tmp/fio-rounds ) &
FIO_LOOP=$!

for k in $(seq 1 "$KILLS"); do
    sleep "$(awk -v s=$RANDOM 'BEGIN{srand(s); printf "%.2f", 0.2 + rand() * 1.8}')"
    jv_kill drill KILL
    t0=$(date +%s%N)
    jv_start drill "$IMG" --queues 2 --queue-size 128 $DRILL_SANDBOX
    # the k-th restart has completed a request when the log holds k+1 first-completion lines
    deadline=$((SECONDS + 180))
    until [ "$(grep -c 'first request completed' /tmp/jv-drill.log)" -gt "$k" ]; do
        kill -0 "$(jv_pid drill)" 2>/dev/null || fail "restart $k died"
        [ $SECONDS -lt $deadline ] || fail "restart $k completed no request"
        sleep 0.02
    done
    echo $(( ($(date +%s%N) - t0) / 1000000 )) >> /tmp/restart-ms
done
touch /tmp/killer-done
wait $FIO_LOOP
ROUNDS=$(cat /tmp/fio-rounds)
LAST=$((ROUNDS - 1))

ERRORS=0 VERIFY=0 BADRC=0
for r in $(seq 0 $LAST); do
    e=$(grep -o 'err= *[0-9]*' "/tmp/fio-$r.txt" | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')
    v=$(grep -Eci 'verify.*(fail|bad)|bad magic|crc32c.*(fail|mismatch)' "/tmp/fio-$r.txt" || true)
    ERRORS=$((ERRORS + e)); VERIFY=$((VERIFY + v))
    [ "$(cat /tmp/fio-$r.rc)" = 0 ] || { BADRC=$((BADRC + 1)); echo "--- fio round $r exited $(cat /tmp/fio-$r.rc)"; cat "/tmp/fio-$r.txt"; }
done

# the device and its backing file agree, and the file holds what the last round wrote
sync
dd if=/dev/$DEV of=/tmp/device-view bs=1M count=128 iflag=direct status=none
cmp /tmp/device-view "$IMG" || fail "device and backing file differ"
fio --name=drill --filename="$IMG" --ioengine=psync --rw=randwrite --bs=4k --size=${SIZE_MB}M --randrepeat=1 \
    --randseed=$((7000 + LAST)) --verify=crc32c --verify_fatal=1 --verify_only --output=/tmp/fio-file.txt \
    || { cat /tmp/fio-file.txt; fail "the backing file does not hold what fio wrote"; }
FILE_ERR=$(grep -o 'err= *[0-9]*' /tmp/fio-file.txt | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')

vduse_detach drill
jv_kill drill TERM
TIMES=$(cat /tmp/restart-ms) # wall time from the restart command to the first completion in the log
JVM_TIMES=$(grep -o 'first request completed [0-9]* ms' /tmp/jv-drill.log | tail -n +2 | awk '{print $4}')
RESUB=$(grep -o 'resubmitted [0-9]* in-flight' /tmp/jv-drill.log | awk '{s += $2} END {print s + 0}')
RESUB_MAX=$(grep -o 'resubmitted [0-9]* in-flight' /tmp/jv-drill.log | awk '$2 > m {m = $2} END {print m + 0}')
STATS=$(echo "$TIMES" | sort -n | awk '{a[NR] = $1; s += $1} END {printf "min %d median %d mean %d max %d", a[1], a[int((NR + 1) / 2)], s / NR, a[NR]}')
echo "DRILL kills=$KILLS fio_rounds=$ROUNDS fio_errors=$ERRORS verify_failures=$VERIFY fio_bad_exits=$BADRC backing_file_verify_errors=$FILE_ERR resubmitted_total=$RESUB resubmitted_max=$RESUB_MAX"
echo "DRILL restart_to_first_completion_ms: $STATS"
echo "DRILL restart_to_first_completion_ms_all: $(echo $TIMES)"
echo "DRILL jvm_start_to_first_completion_ms_all: $(echo $JVM_TIMES)"
grep -E 'resubmitted|WARNING|stopped' /tmp/jv-drill.log | sed 's/^/daemon: /' | tail -60
[ "$ERRORS" = 0 ] && [ "$VERIFY" = 0 ] && [ "$BADRC" = 0 ] && [ "$FILE_ERR" = 0 ] || fail "fio found errors"
[ "$(echo "$TIMES" | wc -l)" -ge "$KILLS" ] || fail "fewer restarts measured than kills"
! ls /tmp/jv-hs_err_*.log >/dev/null 2>&1 || fail "a daemon crashed (JVM crash report below) before its kill"
echo "VDUSE-BLK DRILL OK"
