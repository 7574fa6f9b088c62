#!/usr/bin/env bash
# vduse-blk-bench.sh - jvirtiod vduse-blk against qemu-storage-daemon's vduse-blk export, same guest, same
# backing file, same fio jobs (libaio, O_DIRECT on /dev/vdX): 4 KiB randread/randwrite at iodepth 16 and 1 MiB
# sequential read/write at iodepth 4, each peer after an unmeasured warm-up (BENCH_WARMUP s, default 15: the JVM
# compiles its hot paths in the first seconds). Prints a markdown table with the ratio jvirtiod / qemu-storage-daemon.
# On the host it boots the QEMU guest (tests/vm/guest.sh) and runs itself there. Knobs: BENCH_RUNTIME (s, 10),
# BENCH_QUEUES (1), JVIRTIOD_JAVA_OPTS (e.g. an AOT cache trained with -XX:-AOTAdapterCaching -XX:-AOTStubCaching:
# see docs/vduse-blk.md, a cache with the host's machine code crashes under TCG). TCG guest: compare ratios only.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM=$(cd "$HERE/../../tests/vm" && pwd)
if [ -z "${GUEST_XFER:-}" ]; then
    export BENCH_RUNTIME=${BENCH_RUNTIME:-10} BENCH_WARMUP=${BENCH_WARMUP:-15} BENCH_QUEUES=${BENCH_QUEUES:-1}
    export JVIRTIOD_JAVA_OPTS=${JVIRTIOD_JAVA_OPTS:-}
    GUEST_PASS_ENV="${GUEST_PASS_ENV:-} BENCH_RUNTIME BENCH_WARMUP BENCH_QUEUES JVIRTIOD_JAVA_OPTS" GUEST_TIMEOUT=${GUEST_TIMEOUT:-1500} \
        exec "$VM/guest.sh" run "bash $HERE/vduse-blk-bench.sh"
fi
. "$VM/lib/vduse.sh"
. "$VM/lib/jvirtiod.sh"
RUNTIME=${BENCH_RUNTIME:-10}
WARMUP=${BENCH_WARMUP:-15}
QUEUES=${BENCH_QUEUES:-1}
IMG=/tmp/bench.img
truncate -s 512M "$IMG"
dd if=/dev/urandom of="$IMG" bs=1M count=256 conv=notrunc status=none # reads hit written data
JOBS="randread:4k:16 randwrite:4k:16 read:1M:4 write:1M:4"

run_jobs() { # $1 = peer label, $2 = device; appends "label job iops bw_kib" lines to /tmp/bench.txt
    local job rw bs qd
    # warm-up, not measured: the JVM compiles its hot paths in the first seconds (slow under TCG)
    fio --name=warm --filename="/dev/$2" --ioengine=libaio --direct=1 --rw=randrw --bs=4k --iodepth=16 --size=256M \
        --time_based --runtime=$WARMUP --output=/dev/null
    fio --name=warm --filename="/dev/$2" --ioengine=libaio --direct=1 --rw=rw --bs=1M --iodepth=4 --size=256M \
        --time_based --runtime=$((WARMUP / 3)) --output=/dev/null
    for job in $JOBS; do
        IFS=: read -r rw bs qd <<< "$job"
        fio --name=b --filename="/dev/$2" --ioengine=libaio --direct=1 --rw=$rw --bs=$bs --iodepth=$qd --size=256M \
            --time_based --runtime=$RUNTIME --ramp_time=2 --randrepeat=1 --output-format=json --output=/tmp/b.json
        python3 - "$1" "$rw-$bs-qd$qd" <<'PY' >> /tmp/bench.txt
import json, sys
j = json.load(open("/tmp/b.json"))["jobs"][0]
side = j["read"] if j["read"]["io_bytes"] > 0 else j["write"]
print(sys.argv[1], sys.argv[2], round(side["iops"]), side["bw"])
PY
    done
}

: > /tmp/bench.txt
# jvirtiod
jv_start bench "$IMG" --queues "$QUEUES" --queue-size 256
jv_wait_log bench "ready for vdpa" 180
DEV=$(vduse_attach bench 60)
run_jobs jvirtiod "$DEV"
vduse_detach bench
jv_kill bench TERM
# qemu-storage-daemon on the same file
qemu-storage-daemon --blockdev driver=file,node-name=disk,filename="$IMG",cache.direct=off \
    --export type=vduse-blk,id=exp,node-name=disk,name=qsd,writable=on,num-queues=$QUEUES,queue-size=256 &
QSD=$!
vduse_wait_device qsd 60 $QSD
DEV=$(vduse_attach qsd 60)
run_jobs qemu-storage-daemon "$DEV"
vduse_detach qsd
kill $QSD; wait $QSD 2>/dev/null || true

python3 - <<'PY'
rows = {}
for line in open("/tmp/bench.txt"):
    peer, job, iops, bw = line.split()
    rows.setdefault(job, {})[peer] = (int(iops), int(bw))
print("| fio job (libaio, O_DIRECT) | jvirtiod | qemu-storage-daemon | ratio jvirtiod/qsd |")
print("|---|---|---|---|")
for job, r in rows.items():
    j, q = r["jvirtiod"], r["qemu-storage-daemon"]
    big = "1M" in job
    fmt = (lambda v: f"{v[1] / 1024:.1f} MiB/s") if big else (lambda v: f"{v[0]} IOPS")
    ratio = (j[1] / q[1]) if big else (j[0] / q[0])
    print(f"| {job} | {fmt(j)} | {fmt(q)} | {ratio:.2f} |")
PY
echo "BENCH DONE"
