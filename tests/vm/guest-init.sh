#!/bin/busybox sh
# /init of the initramfs that guest.sh builds; runs under static busybox as PID 1.
#  1. load the boot modules from /lib/modules/load.list (already in dependency order)
#  2. root: host "/" over 9p (tag hostroot, read-only) under a tmpfs overlay, at /newroot
#  3. /run/xfer: the per-run exchange directory (tag xfer); the read-write host dirs (tags rw0.. in xfer/rwdirs);
#     the kernel's modules (path in xfer/moddir, seen through the host root) at /lib/modules/<kver>
#  4. chroot /newroot, run xfer/cmd with bash: output -> xfer/out, exit code -> xfer/rc; power off
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
uptime_s() { cut -d' ' -f1 /proc/uptime; }
echo "guest-init: start at $(uptime_s)s"
MODE=run
for arg in $(cat /proc/cmdline); do
    case $arg in guest.mode=*) MODE=${arg#guest.mode=} ;; esac
done
X=/newroot/run/xfer

fatal() {
    echo "guest-init: FATAL: $*"
    # No exit code in xfer/rc tells the host that the harness, not the command, failed.
    sync
    poweroff -f
}

while read -r m; do
    insmod "/lib/modules/$m.ko" || echo "guest-init: insmod $m failed"
done < /lib/modules/load.list

NINEP="trans=virtio,version=9p2000.L,msize=512000"
# cache=loose on the host root: it is taken as unchanging while the guest runs (much faster lookups).
mount -t 9p -o "$NINEP,ro,cache=loose" hostroot /host || fatal "mount hostroot"
mount -t tmpfs -o mode=755 tmpfs /rw || fatal "tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot || fatal "overlay"
mount --move /dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t tmpfs -o mode=755 tmpfs /newroot/run
mkdir -p $X
# No cache on read-write shares: the host must see every write, and the guest every host change.
mount -t 9p -o "$NINEP" xfer $X || fatal "mount xfer"
while read -r tag path; do
    mkdir -p "/newroot$path"
    mount -t 9p -o "$NINEP" "$tag" "/newroot$path" || fatal "mount $tag at $path"
done < $X/rwdirs
MODDIR=$(cat $X/moddir)
KVER=$(uname -r)
if [ -d "/newroot$MODDIR" ]; then
    mkdir -p "/newroot/lib/modules/$KVER"
    mount --bind "/newroot$MODDIR" "/newroot/lib/modules/$KVER"
fi
ip link set lo up
hostname guest
echo "guest-init: root ready at $(uptime_s)s"

ENV="HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 GUEST_XFER=/run/xfer"
if [ "$MODE" = shell ]; then
    setsid cttyhack chroot /newroot /usr/bin/env -i $ENV TERM=vt100 /bin/bash -c \
        '. /run/xfer/env; cd "$(cat /run/xfer/cwd)" 2>/dev/null; exec bash -i'
else
    chroot /newroot /usr/bin/env -i $ENV TERM=dumb /bin/bash -c \
        'set -a; . /run/xfer/env; set +a
         cd "$(cat /run/xfer/cwd)" 2>/dev/null || cd /
         bash /run/xfer/cmd >>/run/xfer/out 2>&1 </dev/null
         echo $? > /run/xfer/rc.tmp && mv /run/xfer/rc.tmp /run/xfer/rc'
    echo "guest-init: command exited $(cat $X/rc) at $(uptime_s)s"
fi
sync
poweroff -f
