# lib/vduse.sh - sourced INSIDE the guest by VDUSE tests: attach a VDUSE device that some userspace peer
# (qemu-storage-daemon, jvirtiod) created to the vdpa bus and find the block device the kernel made of it.
#
#   vduse_wait_device NAME [SECONDS [PID]]  wait until the peer (process PID, if given: fail as soon as it is
#                                      gone) created /dev/vduse/NAME
#   vduse_attach NAME [SECONDS]        `vdpa dev add` it; prints the block device name (vdX) once it appears
#   vduse_detach NAME                  `vdpa dev del` it (the peer may then destroy it)
#
# The guest harness loads virtio_vdpa (and not vhost_vdpa), so the device binds to virtio_vdpa and then
# virtio_blk: /sys/bus/vdpa/devices/NAME/virtioN/block/vdX.

vduse_wait_device() {
    local name=$1 deadline=$((SECONDS + ${2:-60})) pid=${3:-}
    until [ -c "/dev/vduse/$name" ]; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            echo "vduse: the peer (pid $pid) exited before creating /dev/vduse/$name" >&2; return 1
        fi
        [ $SECONDS -lt "$deadline" ] || { echo "vduse: /dev/vduse/$name did not appear" >&2; return 1; }
        sleep 0.1
    done
}

vduse_attach() {
    local name=$1 deadline=$((SECONDS + ${2:-60})) blk
    vdpa dev add name "$name" mgmtdev vduse >&2 || return 1
    while :; do
        blk=$(ls "/sys/bus/vdpa/devices/$name"/virtio*/block 2>/dev/null | head -1)
        [ -n "$blk" ] && [ -b "/dev/$blk" ] && break
        [ $SECONDS -lt "$deadline" ] || { echo "vduse: no block device for $name" >&2; return 1; }
        sleep 0.1
    done
    echo "$blk"
}

vduse_detach() {
    vdpa dev del "$1"
}
