#!/bin/bash
# POSIX behaviour suite for a virtio-fs mount, run in the guest with the mount as cwd. Prints one line per
# behaviour: "ok NAME" or "FAIL NAME: why". Files it leaves behind (under posix/) are checked from the host.
# Then it runs stress-ng's file-system stressors with --verify and prints "stress-ng rc=N".
mkdir -p posix && cd posix || exit 1
check() {
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then echo "ok $name"; else echo "FAIL $name: ${out//$'\n'/ | }"; fi
}
t_create_write_read() { echo hello > created && [ "$(cat created)" = hello ]; }
t_append() { echo 1 > appended && echo 2 >> appended && [ "$(cat appended)" = $'1\n2' ]; }
t_overwrite_in_place() { printf 'abcdef' > inplace && printf 'XY' | dd of=inplace bs=1 seek=2 conv=notrunc status=none && [ "$(cat inplace)" = abXYef ]; }
t_truncate() { head -c 10000 /dev/zero > truncated && truncate -s 100 truncated && [ "$(stat -c %s truncated)" = 100 ]; }
t_sparse_file() { truncate -s 1G sparse && [ "$(stat -c %s sparse)" = 1073741824 ] && [ "$(stat -c %b sparse)" -lt 64 ]; }
t_rename_replaces_target() { echo x > r1 && echo y > renamed && mv r1 renamed && [ ! -e r1 ] && [ "$(cat renamed)" = x ]; }
t_rename_directory() { mkdir -p d1/sub && echo n > d1/sub/f && mv d1 moved-dir && [ "$(cat moved-dir/sub/f)" = n ] && [ ! -e d1 ]; }
t_hard_link() { echo h > linked && ln linked linked2 && [ "$(stat -c %h linked)" = 2 ] && [ "$(stat -c %i linked)" = "$(stat -c %i linked2)" ]; }
t_symlink() { ln -s some/target symlinked && [ "$(readlink symlinked)" = some/target ] && [ -L symlinked ]; }
t_chmod() { touch mode640 && chmod 640 mode640 && [ "$(stat -c %a mode640)" = 640 ]; }
t_chown() { touch owned && chown 1234:5678 owned && [ "$(stat -c %u:%g owned)" = 1234:5678 ]; }
t_utimes() { touch -m -d '2001-02-03 04:05:06 UTC' timed && [ "$(stat -c %Y timed)" = 981173106 ]; }
t_rmdir_non_empty_fails() { mkdir nonempty && touch nonempty/f && ! rmdir nonempty 2>/dev/null && [ -d nonempty ]; }
t_rmdir_empty() { mkdir emptydir && rmdir emptydir && [ ! -e emptydir ]; }
t_unlinked_open_file_stays_readable() { echo data > unlinked && exec 7<unlinked && rm unlinked && [ "$(cat <&7)" = data ] && exec 7<&- && [ ! -e unlinked ]; }
t_exclusive_create_fails_on_existing() { echo a > exclusive && ! (set -o noclobber; echo b > exclusive) 2>/dev/null && [ "$(cat exclusive)" = a ]; }
t_fifo() { mkfifo fifo && [ -p fifo ]; }
t_readdir_500_entries() { mkdir many && for i in $(seq 1 500); do : > many/f$i; done && [ "$(ls many | wc -l)" = 500 ] && [ "$(ls -f many | wc -l)" = 502 ]; }
t_large_file_survives_cache_drop() { head -c 33554432 /dev/urandom > big && sha256sum big > big.sha256 && sync && echo 3 > /proc/sys/vm/drop_caches && sha256sum -c --quiet big.sha256; }
t_xattr() { touch xattrs && setfattr -n user.color -v blue xattrs && [ "$(getfattr --only-values -n user.color xattrs)" = blue ] && setfattr -x user.color xattrs && ! getfattr -n user.color xattrs 2>/dev/null; }
t_flock() { touch lockfile && flock -n lockfile true; }
t_statfs() { [ "$(stat -f -c %b .)" -gt 0 ]; }
t_enoent() { ! cat does-not-exist 2>/dev/null && ! stat does-not-exist 2>/dev/null; }
t_name_255_bytes() { n=$(printf 'n%.0s' $(seq 1 255)) && echo long > "$n" && [ "$(cat "$n")" = long ] && rm "$n"; }
t_fsync() { echo s > synced && sync synced; }
# The host mounts a tmpfs at submount/ (--announce-submounts): the guest must see it as a mount of its own.
t_submount_announced() { [ "$(cat ../submount/marker)" = tmpfs ] && [ "$(stat -c %d ../submount/.)" != "$(stat -c %d .)" ] && awk -v m="$(cd ../submount && pwd)" '$2 == m {f=1} END {exit !f}' /proc/mounts; }
t_mkdir_mode() { mkdir -m 700 private && [ "$(stat -c %a private)" = 700 ]; }
for t in $(declare -F | awk '{print $3}' | grep '^t_'); do check "${t#t_}" "$t"; done
cd ..
mkdir -p stress
stress-ng --temp-path "$PWD/stress" --timeout 12s --verify --metrics-brief \
    --hdd 1 --hdd-bytes 4M --dir 1 --dentry 1 --rename 1 --link 1 --symlink 1 --chmod 1 \
    --fallocate 1 --fallocate-bytes 4M --lockf 1 --flock 1 --mmap 1 --mmap-file --mmap-bytes 4M 2>&1 | tail -n 40
echo "stress-ng rc=${PIPESTATUS[0]}"
rm -rf stress
