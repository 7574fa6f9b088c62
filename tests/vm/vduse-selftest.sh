#!/usr/bin/env bash
# vduse-selftest.sh - proves the real VDUSE block path end to end in the guest:
#   peer (userspace, serves an image file) -> /dev/vduse/NAME -> vdpa bus -> virtio_vdpa -> virtio_blk -> /dev/vdX
# Data written into the image before attaching must be read through /dev/vdX, and data written through /dev/vdX
# (O_DIRECT) must land in the image; both are compared by sha256.
#
# On the host it boots a guest (guest.sh run) and runs itself there; in the guest (GUEST_XFER is set) it runs.
# The peer is qemu-storage-daemon's vduse-blk export unless VDUSE_BLK_PEER names another command; that command
# runs with IMG (the image to serve) and VDUSE_NAME (the VDUSE device name to create) in its environment.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -z "${GUEST_XFER:-}" ]; then
    export VDUSE_BLK_PEER=${VDUSE_BLK_PEER:-}
    GUEST_PASS_ENV="${GUEST_PASS_ENV:-} VDUSE_BLK_PEER" exec "$HERE/guest.sh" run "bash $HERE/vduse-selftest.sh"
fi

. "$HERE/lib/vduse.sh"
export VDUSE_NAME=vduse0 IMG=/tmp/vduse-selftest.img
MIB=$((1024 * 1024))
echo "kernel $(uname -r); /dev/vduse/control: $([ -c /dev/vduse/control ] && echo present || echo MISSING)"
truncate -s 64M "$IMG"
head -c $((8 * MIB)) /dev/urandom > /tmp/before
dd if=/tmp/before of="$IMG" conv=notrunc status=none
head -c $((8 * MIB)) /dev/urandom > /tmp/through

PEER=${VDUSE_BLK_PEER:-'exec qemu-storage-daemon --blockdev driver=file,node-name=disk,filename="$IMG" --export type=vduse-blk,id=exp,node-name=disk,name="$VDUSE_NAME",writable=on'}
echo "peer: $PEER"
bash -c "$PEER" &
PEER_PID=$!
trap 'kill $PEER_PID 2>/dev/null || true' EXIT
vduse_wait_device "$VDUSE_NAME" 60 $PEER_PID
DEV=$(vduse_attach "$VDUSE_NAME")
echo "vdpa driver $(basename "$(readlink "/sys/bus/vdpa/devices/$VDUSE_NAME/driver")"), /dev/$DEV, $(cat "/sys/block/$DEV/size") sectors"
[ "$(cat "/sys/block/$DEV/size")" = $((64 * MIB / 512)) ] || { echo "FAIL: device size differs from the image"; exit 1; }

dd if="/dev/$DEV" of=/tmp/read bs=1M count=8 iflag=direct status=none
dd if=/tmp/through of="/dev/$DEV" bs=1M seek=16 oflag=direct conv=fsync status=none
vduse_detach "$VDUSE_NAME"
kill $PEER_PID
wait $PEER_PID || true
trap - EXIT

sum() { sha256sum | cut -c1-64; }
A=$(sum < /tmp/before) B=$(sum < /tmp/read)
C=$(sum < /tmp/through) D=$(dd if="$IMG" bs=1M skip=16 count=8 status=none | sum)
echo "image -> device: wrote $A read $B"
echo "device -> image: wrote $C found $D"
[ "$A" = "$B" ] && [ "$C" = "$D" ] || { echo "FAIL: VDUSE checksum mismatch"; exit 1; }
echo "VDUSE-BLK ROUND TRIP OK"
