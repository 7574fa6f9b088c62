#!/usr/bin/env bash
# virtiofs.sh - virtio-fs end to end, launched the way Kata Containers launches it:
#   * this script creates the vhost-user UNIX socket, listens on it, and hands it to the vhost-user-fs daemon
#     on the HOST as file descriptor 3 (the daemon gets `--fd=3`, see lib/listen-fd3.pl);
#   * QEMU connects with -chardev socket,path=SOCK -device vhost-user-fs-pci,queue-size=1024,tag=kataShared,
#     guest RAM in a shared memfd backend (vhost-user maps it), attached through a NUMA node;
#   * the guest mounts the tag at /run/kata-containers/shared/containers, as the Kata agent does, and runs a
#     command there.
#
# Usage:
#   virtiofs.sh [-s SHARE_DIR] ['guest command']
# With a command: it runs in the guest with bash, cwd = the mount point (also in $KATA_SHARED); the script exits
# with its exit code (125: the guest reported none) and the caller checks SHARE_DIR on the host.
# Without one: a self-check; the guest reads a file the host wrote and writes files the host then verifies.
#
# Environment (plus guest.sh's):
#   VFS_DAEMON      shell command that starts the daemon; it runs with the listening socket on fd 3 and SHARE
#                   (directory to export) and SOCK (socket path, informational) in its environment. Default: QEMU
#                   7.2's C virtiofsd: exec /usr/lib/qemu/virtiofsd --fd=3 -f -o source="$SHARE" -o cache=auto
#                   -o no_posix_lock   (Kata 2.x's argument shape)
#   VFS_DAEMON_LOG  where the daemon's stdout+stderr go (default: printed on failure, then removed)
#   VFS_TAG=kataShared  VFS_QUEUE_SIZE=1024
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export VM_WORK=${VM_WORK:-$HERE/work}
export GUEST_MEM=${GUEST_MEM:-2G}
VFS_TAG=${VFS_TAG:-kataShared}
VFS_QUEUE_SIZE=${VFS_QUEUE_SIZE:-1024}
KATA_SHARED=/run/kata-containers/shared/containers
log() { echo "[virtiofs.sh] $*" >&2; }

SHARE=
while getopts s: opt; do
    case $opt in
        s) SHARE=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
GUEST_CMD=${1:-}
SELF_CHECK=0
[ -n "$GUEST_CMD" ] || SELF_CHECK=1

"$HERE/guest.sh" setup

RUN=$(mktemp -d "$VM_WORK/vfs.XXXXXX")
# sun_path holds 108 bytes; a deep checkout must not break the socket.
[ ${#RUN} -lt 90 ] || { rmdir "$RUN"; RUN=$(mktemp -d /tmp/jvirtiod-vfs.XXXXXX); }
[ -n "$SHARE" ] || SHARE=$RUN/share
mkdir -p "$SHARE"
SHARE=$(cd "$SHARE" && pwd)
SOCK=$RUN/vhost-fs.sock
DAEMON_LOG=${VFS_DAEMON_LOG:-$RUN/daemon.log}
export SHARE SOCK
DAEMON=${VFS_DAEMON:-'exec /usr/lib/qemu/virtiofsd --fd=3 -f -o source="$SHARE" -o cache=auto -o no_posix_lock'}

DPID=
cleanup() {
    if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then kill "$DPID" 2>/dev/null || true; fi
    rm -rf "$RUN"
}
trap cleanup EXIT

if [ $SELF_CHECK = 1 ]; then
    HOST_TOKEN="host-$$-$RANDOM$RANDOM"
    echo "$HOST_TOKEN" > "$SHARE/from-host.txt"
    GUEST_CMD='set -e
grep -q " $KATA_SHARED virtiofs " /proc/mounts
cat from-host.txt > seen-by-guest.txt
echo "written by guest $(uname -r)" > from-guest.txt
head -c 8388608 /dev/urandom > blob.bin
sha256sum blob.bin > blob.sha256
mkdir -p dir/sub && echo nested > dir/sub/file'
fi

log "daemon: $DAEMON"
"$HERE/lib/listen-fd3.pl" --ready "$RUN/listening" "$SOCK" bash -c "$DAEMON" > "$DAEMON_LOG" 2>&1 &
DPID=$!
for _ in $(seq 100); do [ -e "$RUN/listening" ] && break; sleep 0.05; done
[ -e "$RUN/listening" ] || { log "no listening socket at $SOCK"; cat "$DAEMON_LOG" >&2; exit 1; }

export GUEST_QEMU_ARGS="${GUEST_QEMU_ARGS:-}
 -object memory-backend-memfd,id=mem,size=$GUEST_MEM,share=on -numa node,memdev=mem
 -chardev socket,id=char0,path=$SOCK
 -device vhost-user-fs-pci,queue-size=$VFS_QUEUE_SIZE,chardev=char0,tag=$VFS_TAG"
export VFS_GUEST_CMD=$GUEST_CMD
export GUEST_PASS_ENV="${GUEST_PASS_ENV:-} VFS_GUEST_CMD"
rc=0
"$HERE/guest.sh" run "
set -e
mkdir -p $KATA_SHARED
mount -t virtiofs $VFS_TAG $KATA_SHARED
cd $KATA_SHARED
set +e
KATA_SHARED=$KATA_SHARED bash -c \"\$VFS_GUEST_CMD\"
rc=\$?
cd /
umount $KATA_SHARED || { echo 'umount $KATA_SHARED failed'; [ \$rc != 0 ] || rc=1; }
exit \$rc" || rc=$?

# The daemon ends when QEMU closes the vhost-user connection; give it a moment, then stop it.
for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
drc=running
if kill -0 "$DPID" 2>/dev/null; then kill "$DPID"; fi
wait "$DPID" && drc=0 || drc=$?
DPID=
log "daemon exited $drc"
if [ $rc != 0 ]; then
    log "guest command exited $rc; daemon log:"
    tail -n 40 "$DAEMON_LOG" >&2 || true
    exit $rc
fi

if [ $SELF_CHECK = 1 ]; then
    fail() { log "FAIL: $*"; exit 1; }
    [ "$(cat "$SHARE/seen-by-guest.txt")" = "$HOST_TOKEN" ] || fail "the guest did not read the host's file"
    [ "$(cat "$SHARE/from-guest.txt")" = "written by guest $(cat "$VM_WORK/kernel/ready")" ] || fail "no file from the guest kernel"
    (cd "$SHARE" && sha256sum --quiet -c blob.sha256) || fail "8 MiB file written by the guest differs"
    [ "$(cat "$SHARE/dir/sub/file")" = nested ] || fail "nested directory missing"
    log "host sees the guest's files ($(cat "$SHARE/from-guest.txt")): VIRTIOFS OK"
fi
