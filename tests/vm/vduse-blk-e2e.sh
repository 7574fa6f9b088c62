#!/usr/bin/env bash
# vduse-blk-e2e.sh - jvirtiod's VDUSE virtio-blk end to end, INSIDE the guest (tests/vm/guest.sh run):
# two daemons (a 2-queue read-write device and a read-only one) -> vdpa -> /dev/vdX; the device shows the
# config we offer (size, queues, serial, discard), dd round trip, mkfs.ext4 + mount + checksummed files that
# survive a remount, fio --verify=crc32c on the file system, fstrim (discard) and blkdiscard -z (write zeroes),
# the read-only device refuses writes, clean teardown destroys both devices, and e2fsck passes on the image.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib/vduse.sh"
. "$HERE/lib/jvirtiod.sh"
fail() { echo "FAIL: $*"; for n in e2e ro; do echo "--- jvirtiod $n log"; cat "/tmp/jv-$n.log" 2>/dev/null || true; done; jv_crash_reports; exit 1; }
MIB=$((1024 * 1024))
IMG=/tmp/e2e.img RO=/tmp/ro.img
truncate -s 256M "$IMG"
head -c $((4 * MIB)) /dev/urandom > "$RO"; truncate -s 16M "$RO"

jv_start e2e "$IMG" --queues 2 --queue-size 256
jv_start ro "$RO" --readonly
jv_wait_log e2e "ready for vdpa" 180 || fail "/dev/vduse/e2e not ready"
jv_wait_log ro "ready for vdpa" 180 || fail "/dev/vduse/ro not ready"
DEV=$(vduse_attach e2e 60) || fail "attach e2e"
RODEV=$(vduse_attach ro 60) || fail "attach ro"
echo "attached: e2e -> /dev/$DEV, ro -> /dev/$RODEV"

# what the driver learnt from our config space and GET_ID
[ "$(cat /sys/block/$DEV/size)" = $((256 * MIB / 512)) ] || fail "size $(cat /sys/block/$DEV/size)"
[ "$(ls /sys/block/$DEV/mq | wc -l)" = 2 ] || fail "queues: $(ls /sys/block/$DEV/mq)"
[ "$(cat /sys/block/$DEV/serial)" = e2e ] || fail "serial '$(cat /sys/block/$DEV/serial)'"
[ "$(cat /sys/block/$DEV/queue/discard_max_bytes)" -gt 0 ] || fail "no discard"
[ "$(cat /sys/block/$DEV/queue/write_zeroes_max_bytes)" -gt 0 ] || fail "no write zeroes"
[ "$(cat /sys/block/$RODEV/ro)" = 1 ] || fail "read-only device is writable"
echo "config: $(cat /sys/block/$DEV/size) sectors, 2 queues, serial e2e, discard and write-zeroes; ro device read-only"

# raw round trip both ways, through O_DIRECT
head -c $((8 * MIB)) /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of=/dev/$DEV bs=1M seek=200 oflag=direct conv=fsync status=none
dd if=/dev/$DEV of=/tmp/readback bs=1M skip=200 count=8 iflag=direct status=none
cmp /tmp/pattern /tmp/readback || fail "device read back differs"
dd if="$IMG" of=/tmp/image-part bs=1M skip=200 count=8 status=none
cmp /tmp/pattern /tmp/image-part || fail "image differs from what was written"
dd if=/dev/$RODEV of=/tmp/ro-read bs=1M count=4 iflag=direct status=none
head -c $((4 * MIB)) "$RO" > /tmp/ro-head
cmp /tmp/ro-read /tmp/ro-head || fail "read-only device reads wrong data"
if dd if=/tmp/pattern of=/dev/$RODEV bs=1M count=1 oflag=direct status=none 2>/dev/null; then fail "write to read-only device succeeded"; fi
echo "raw round trip OK; read-only device refuses writes"

# a file system, files with checksums, fio with verification
modprobe ext4 2>/dev/null || true
mkfs.ext4 -q -F /dev/$DEV
mkdir -p /mnt/e2e
mount /dev/$DEV /mnt/e2e
for i in $(seq 1 24); do head -c $((i * 37 * 1024 + i)) /dev/urandom > /mnt/e2e/file$i; done
(cd /mnt/e2e && sha256sum file* > /tmp/sums)
fio --name=fsverify --directory=/mnt/e2e --size=48M --bs=4k --rw=randrw --ioengine=libaio --direct=1 \
    --iodepth=16 --numjobs=2 --verify=crc32c --verify_fatal=1 --do_verify=1 --group_reporting \
    --output=/tmp/fio-e2e.txt || { cat /tmp/fio-e2e.txt; fail "fio verify on ext4"; }
grep -E 'err= *0' /tmp/fio-e2e.txt >/dev/null || { cat /tmp/fio-e2e.txt; fail "fio reported errors"; }
echo "fio on ext4: $(grep -E '^ +(read|write):' /tmp/fio-e2e.txt | tr -s ' ' | tr '\n' ';')"
umount /mnt/e2e
echo 3 > /proc/sys/vm/drop_caches
mount /dev/$DEV /mnt/e2e
(cd /mnt/e2e && sha256sum -c --quiet /tmp/sums) || fail "file checksums after remount"
fstrim -v /mnt/e2e || fail "fstrim (discard)"
umount /mnt/e2e
echo "ext4: 24 files checksummed across a remount, fio verify clean, fstrim OK"

# write zeroes and discard on the raw device
blkdiscard -f -z -o $((200 * MIB)) -l $((4 * MIB)) /dev/$DEV || fail "blkdiscard -z (write zeroes)"
head -c $((4 * MIB)) /dev/zero > /tmp/zeroes
dd if=/dev/$DEV of=/tmp/zeroed bs=1M skip=200 count=4 iflag=direct status=none
cmp /tmp/zeroes /tmp/zeroed || fail "write-zeroes range reads non-zero"
dd if="$IMG" of=/tmp/image-zeroed bs=1M skip=200 count=4 status=none
cmp /tmp/zeroes /tmp/image-zeroed || fail "write zeroes did not reach the image"
blkdiscard -f -o $((208 * MIB)) -l $((8 * MIB)) /dev/$DEV || fail "blkdiscard (discard)"
echo "write zeroes and discard OK"

# clean teardown: detach, SIGTERM, the daemons destroy their devices
vduse_detach e2e; vduse_detach ro
jv_kill e2e TERM; jv_kill ro TERM
grep -q "destroyed /dev/vduse/e2e" /tmp/jv-e2e.log || fail "e2e device not destroyed on SIGTERM"
grep -q "destroyed /dev/vduse/ro" /tmp/jv-ro.log || fail "ro device not destroyed on SIGTERM"
[ ! -e /dev/vduse/e2e ] && [ ! -e /dev/vduse/ro ] || fail "device nodes left behind"
e2fsck -fn "$IMG" > /tmp/fsck.txt 2>&1 || { cat /tmp/fsck.txt; fail "e2fsck on the image"; }
echo "teardown: both devices destroyed on SIGTERM; e2fsck clean on the image"
echo "--- jvirtiod e2e log"; cat /tmp/jv-e2e.log
echo "VDUSE-BLK E2E OK"
