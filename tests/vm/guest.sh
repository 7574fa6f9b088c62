#!/usr/bin/env bash
# guest.sh - jvirtiod's throw-away QEMU guest: boots a kernel that has VDUSE and virtio-fs and runs ONE
# command in it, with the command's output and exit code coming back to the caller.
#
# Why a guest at all: the machines jvirtiod is developed and tested on may run a kernel without VDPA/VDUSE
# (a Firecracker-style host kernel without modules), so /dev/vduse only exists inside a guest. The guest runs
# Debian bookworm-backports' 6.12 kernel (CONFIG_VDPA=m, CONFIG_VDPA_USER=m, CONFIG_VIRTIO_VDPA=m,
# CONFIG_VIRTIO_FS=y) under TCG (KVM may be unusable: a kvm_pvm /dev/kvm fails on normal guests).
#
# Guest layout: a small busybox initramfs (guest-init.sh is its /init) loads the boot modules, mounts the HOST
# root read-only over virtio-9p with a tmpfs overlay on top (writable inside the guest, nothing goes back) and
# chroots into it, so host binaries (java, qemu-storage-daemon, vdpa, the project tree) run unchanged at the
# same paths. Host directories named in GUEST_RW_DIRS are mounted read-write at the same path, so a guest test
# can leave results where the host reads them. The kernel's modules are bind-mounted at /lib/modules/<kver>,
# so `modprobe` works in the guest. The guest powers off when the command ends.
#
# Usage:
#   guest.sh setup            install packages (apt), fetch the kernel, build the initramfs; idempotent, cached
#   guest.sh run 'command'    boot, run the command with bash in the guest, stream its output (stdout+stderr
#                             merged) to stdout, exit with its exit code (125: the guest reported none)
#   guest.sh shell            interactive root shell on the serial console (Ctrl-A x quits)
#
# Environment (all optional):
#   VM_WORK=tests/vm/work     cache: apt lists, kernel, initramfs, last-*.log (gitignored)
#   GUEST_RW_DIRS=/a:/b       host directories mounted read-write at the same path in the guest
#   GUEST_PASS_ENV="A B"      names of host environment variables exported to the guest command
#   GUEST_TIMEOUT=900         seconds the whole VM may run; then it is killed (exit 125)
#   GUEST_RESULT_FILE=path    written with the guest command's exit code, only if the guest reported one
#   GUEST_MEM=2G GUEST_SMP=$(nproc) GUEST_ACCEL=tcg,thread=single GUEST_CPU=max
#   GUEST_QEMU_ARGS="..."     extra QEMU arguments (word-split), e.g. a vhost-user device
#   GUEST_MODULES="..."       modules loaded at boot (dependencies are added); default below
#   GUEST_CONSOLE=1           copy the guest's serial console to stderr live
#   KERNEL_SUITE=bookworm-backports  KERNEL_PKG=linux-image-...  DEBIAN_MIRROR=http://...
#   GUEST_NO_APT=1            never run apt-get (fail instead when a tool is missing)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_WORK=${VM_WORK:-$HERE/work}
# One host thread runs all vCPUs. Multi-threaded TCG races the guest kernel's own code patching (static keys
# flipped with int3 while another vCPU runs the old translation): a CI boot died with "Oops: int3" in
# sched_clock_cpu before the command started, and the JVM in the guest crashed the same way (docs/vduse-blk.md).
GUEST_ACCEL=${GUEST_ACCEL:-tcg,thread=single}
GUEST_CPU=${GUEST_CPU:-max}
GUEST_MEM=${GUEST_MEM:-2G}
GUEST_SMP=${GUEST_SMP:-$(nproc)}
GUEST_TIMEOUT=${GUEST_TIMEOUT:-900}
GUEST_RW_DIRS=${GUEST_RW_DIRS:-}
GUEST_PASS_ENV=${GUEST_PASS_ENV:-}
GUEST_QEMU_ARGS=${GUEST_QEMU_ARGS:-}
GUEST_CONSOLE=${GUEST_CONSOLE:-0}
KERNEL_SUITE=${KERNEL_SUITE:-bookworm-backports}
# 9p + overlay build the root; vdpa, vduse and virtio_vdpa make a VDUSE device appear as /dev/vdX (virtio_blk).
# vhost_vdpa is left out on purpose: whichever vdpa bus driver is loaded first claims new devices; a test that
# wants vhost-vdpa can `modprobe -r virtio_vdpa; modprobe vhost_vdpa` in the guest.
GUEST_MODULES=${GUEST_MODULES:-"9pnet_virtio 9p overlay vdpa vduse virtio_vdpa virtio_blk"}

# Debian package -> a file it provides that the harness uses.
PACKAGES=(
    "qemu-system-x86:/usr/bin/qemu-system-x86_64"
    "qemu-system-common:/usr/bin/qemu-storage-daemon"   # also ships /usr/lib/qemu/virtiofsd
    "busybox-static:/bin/busybox"                        # the initramfs needs a STATIC busybox
    "iproute2:/usr/sbin/vdpa"                            # `vdpa dev add` in the guest
    "kmod:/usr/sbin/depmod"                              # module dependencies; modprobe in the guest
    "xz-utils:/usr/bin/xz"                               # Debian kernel modules are .ko.xz
    "perl-base:/usr/bin/perl"                            # lib/listen-fd3.pl (virtiofs.sh)
    "debian-archive-keyring:/usr/share/keyrings/debian-archive-keyring.gpg"  # verifies the kernel download
)

log() { echo "[guest.sh] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------- setup ----

setup_packages() {
    local need=() entry bb
    for entry in "${PACKAGES[@]}"; do
        [ -e "${entry#*:}" ] || need+=("${entry%%:*}")
    done
    # A dynamically linked /bin/busybox (package busybox) cannot run in the initramfs.
    if [ -x /bin/busybox ]; then
        bb=$(LC_ALL=C ldd /bin/busybox 2>&1 || true)
        [[ $bb == *"not a dynamic"* ]] || need+=(busybox-static)
    fi
    [ ${#need[@]} -eq 0 ] && return 0
    [ "${GUEST_NO_APT:-0}" = 1 ] && die "missing packages: ${need[*]} (GUEST_NO_APT=1)"
    log "apt-get install ${need[*]}"
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)   # e.g. a CI runner that is not root but may sudo
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -y --no-install-recommends)
    if ! "${apt[@]}" install "${need[@]}" >&2; then
        # A fresh image may have no package lists (or stale ones): refresh once and retry.
        log "apt-get update, then retry"
        "${apt[@]}" update >&2
        "${apt[@]}" install "${need[@]}" >&2
    fi
}

# Downloads the kernel .deb with a PRIVATE apt configuration that only knows $KERNEL_SUITE: the host's apt
# sources are neither read for packages nor changed.
setup_kernel() {
    [ -f "$VM_WORK/kernel/ready" ] && return 0
    local A="$VM_WORK/apt" mirror=${DEBIAN_MIRROR:-}
    mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/deb"
    # The Debian mirror this machine's own apt sources name (deb822 first, then one-line format).
    [ -n "$mirror" ] || mirror=$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ {print $2; exit}' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '$1=="deb" && $2 ~ /\/debian\/?$/ {print $2; exit}' \
        /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $KERNEL_SUITE main" \
        > "$A/sources.list"
    local opts=(-o Dir::Etc::SourceList="$A/sources.list" -o Dir::Etc::SourceParts=/nonexistent
                -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache" -o Dir::State::Status=/var/lib/dpkg/status
                -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    log "apt-get update of $KERNEL_SUITE ($mirror, private lists)"
    apt-get "${opts[@]}" update >&2
    local pkg=${KERNEL_PKG:-}
    # linux-image-amd64 is the metapackage; it depends on linux-image-<version>-amd64.
    [ -n "$pkg" ] || pkg=$(apt-cache "${opts[@]}" depends linux-image-amd64 \
        | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$pkg" ] || die "cannot resolve the kernel package of $KERNEL_SUITE"
    log "downloading $pkg"
    rm -f "$A/deb"/*.deb
    (cd "$A/deb" && apt-get "${opts[@]}" download "$pkg" >&2)
    rm -rf "$VM_WORK/kernel"
    mkdir -p "$VM_WORK/kernel"
    dpkg-deb -x "$A/deb/${pkg}"_*.deb "$VM_WORK/kernel"
    rm -f "$A/deb"/*.deb
    local kver
    kver=$(basename "$(find "$VM_WORK/kernel" -maxdepth 3 -path '*/lib/modules/*' -type d | head -1)")
    [ -n "$kver" ] || die "no lib/modules in $pkg"
    grep -q '^CONFIG_VDPA_USER=m' "$VM_WORK/kernel/boot/config-$kver" || die "kernel $kver has no VDUSE"
    grep -q '^CONFIG_VIRTIO_FS=[ym]' "$VM_WORK/kernel/boot/config-$kver" || die "kernel $kver has no virtio-fs"
    # Debian's postinst runs depmod; we extracted the package instead, so run it here (modprobe in the guest).
    depmod -b "$VM_WORK/kernel" "$kver"
    echo "$kver" > "$VM_WORK/kernel/ready"
    log "kernel $kver ready ($pkg)"
}

kernel_version() { cat "$VM_WORK/kernel/ready"; }

modules_dir() {
    local kver; kver=$(kernel_version)
    if [ -d "$VM_WORK/kernel/usr/lib/modules/$kver" ]; then echo "$VM_WORK/kernel/usr/lib/modules/$kver"
    else echo "$VM_WORK/kernel/lib/modules/$kver"; fi
}

# The initramfs: static busybox, /init, and the boot modules decompressed, listed in load order (dependencies
# first, as `modprobe --show-depends` resolves them from the depmod output).
setup_initramfs() {
    local kver stamp; kver=$(kernel_version)
    stamp="$kver|$GUEST_MODULES|$(cat "$HERE/guest-init.sh" /bin/busybox | md5sum)"
    [ -f "$VM_WORK/initrd.gz" ] && [ "$(cat "$VM_WORK/initrd.stamp" 2>/dev/null)" = "$stamp" ] && return 0
    local R="$VM_WORK/initramfs" m ko name
    rm -rf "$R"
    mkdir -p "$R"/{bin,dev,proc,sys,host,newroot,rw,lib/modules}
    cp /bin/busybox "$R/bin/busybox"
    cp "$HERE/guest-init.sh" "$R/init"
    chmod 755 "$R/init"
    local -A seen=()
    : > "$R/lib/modules/load.list"
    for m in $GUEST_MODULES; do
        while read -r _ ko _; do
            name=$(basename "$ko"); name=${name%%.ko*}
            [ -n "${seen[$name]:-}" ] && continue
            seen[$name]=1
            case $ko in
                *.xz) xz -dc "$ko" > "$R/lib/modules/$name.ko" ;;
                *.zst) zstd -dcq "$ko" > "$R/lib/modules/$name.ko" ;;
                *) cp "$ko" "$R/lib/modules/$name.ko" ;;
            esac
            echo "$name" >> "$R/lib/modules/load.list"
        done < <(modprobe -d "$VM_WORK/kernel" -S "$kver" --show-depends "$m" | grep '^insmod ')
    done
    (cd "$R" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1 > "$VM_WORK/initrd.gz.tmp")
    mv "$VM_WORK/initrd.gz.tmp" "$VM_WORK/initrd.gz"
    echo "$stamp" > "$VM_WORK/initrd.stamp"
    log "initramfs ready, boot modules: $(tr '\n' ' ' < "$R/lib/modules/load.list")"
}

do_setup() {
    mkdir -p "$VM_WORK"
    # One setup at a time per cache (tests and a person may start guests at once).
    exec {lock}>"$VM_WORK/setup.lock"
    flock "$lock"
    setup_packages
    setup_kernel
    setup_initramfs
    exec {lock}>&-
}

# ------------------------------------------------------------------------------------------------ run ----

# $1 = run|shell, $2 = the command (run)
boot() {
    local mode=$1 cmd=${2:-}
    do_setup
    X=$(mktemp -d "$VM_WORK/run.XXXXXX")   # global: the EXIT trap removes it whatever happens
    trap 'rm -rf "$X"' EXIT
    # The exchange directory (9p tag xfer, /run/xfer in the guest): what to run and where, and what came back.
    printf '%s\n' "$cmd" > "$X/cmd"
    pwd > "$X/cwd"
    modules_dir > "$X/moddir"
    : > "$X/out"
    local name
    : > "$X/env"
    for name in $GUEST_PASS_ENV; do
        [ -n "${!name+x}" ] || die "GUEST_PASS_ENV names $name, which is not set"
        printf 'export %s=%q\n' "$name" "${!name}" >> "$X/env"
    done
    local rw=() i=0 d dirs
    : > "$X/rwdirs"
    IFS=: read -r -a dirs <<< "$GUEST_RW_DIRS"
    for d in "${dirs[@]}"; do
        [ -n "$d" ] || continue
        d=$(cd "$d" && pwd) || die "GUEST_RW_DIRS: no directory $d"
        rw+=(-virtfs "local,path=$d,mount_tag=rw$i,security_model=none,multidevs=remap")
        echo "rw$i $d" >> "$X/rwdirs"
        i=$((i + 1))
    done
    local serial=(-serial "file:$X/console.log")
    [ "$mode" = shell ] && serial=(-serial mon:stdio)
    # shellcheck disable=SC2206  # word splitting is the point
    local extra=($GUEST_QEMU_ARGS)
    local qemu=(qemu-system-x86_64 -accel "$GUEST_ACCEL" -cpu "$GUEST_CPU" -m "$GUEST_MEM" -smp "$GUEST_SMP"
        -nodefaults -no-user-config -nographic -no-reboot "${serial[@]}"
        -kernel "$VM_WORK/kernel/boot/vmlinuz-$(kernel_version)" -initrd "$VM_WORK/initrd.gz"
        -append "console=ttyS0 panic=-1 quiet guest.mode=$mode"
        -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
        -virtfs "local,path=$X,mount_tag=xfer,security_model=none"
        "${rw[@]}" "${extra[@]}")
    if [ "$mode" = shell ]; then
        timeout --foreground "$GUEST_TIMEOUT" "${qemu[@]}" || true
        return 0
    fi
    local t0=$SECONDS
    timeout "$GUEST_TIMEOUT" "${qemu[@]}" > "$X/qemu.log" 2>&1 &
    local qpid=$!
    tail -f -n +1 --pid=$qpid "$X/out" &
    local tpid=$!
    [ "$GUEST_CONSOLE" = 1 ] && { tail -f -n +1 --pid=$qpid "$X/console.log" >&2 & }
    local qrc=0
    wait $qpid || qrc=$?
    wait $tpid 2>/dev/null || true
    cp "$X/console.log" "$VM_WORK/last-console.log" 2>/dev/null || true
    cp "$X/qemu.log" "$VM_WORK/last-qemu.log" 2>/dev/null || true
    log "VM ran $((SECONDS - t0))s, qemu exit $qrc$([ $qrc = 124 ] && echo ' (GUEST_TIMEOUT)')"
    if [ ! -s "$X/rc" ]; then
        log "the guest reported no exit code. Console tail:"
        tail -n 40 "$X/console.log" >&2 || true
        tail -n 20 "$X/qemu.log" >&2 || true
        return 125
    fi
    local rc; rc=$(cat "$X/rc")
    [ -z "${GUEST_RESULT_FILE:-}" ] || echo "$rc" > "$GUEST_RESULT_FILE"
    return "$rc"
}

case ${1:-} in
    setup) do_setup ;;
    run)
        shift
        [ $# -ge 1 ] || { echo "usage: $0 run 'command'" >&2; exit 2; }
        # No `|| rc=$?` here: bash ignores set -e inside a function called on the left of ||.
        boot run "$*" ;;
    shell) boot shell ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2 ;;
esac
