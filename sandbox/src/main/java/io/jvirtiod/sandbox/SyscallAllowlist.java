package io.jvirtiod.sandbox;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.SeccompH;
import io.jvirtiod.binding.vduse.VduseH;

import java.util.ArrayList;
import java.util.List;

import static io.jvirtiod.sandbox.AllowedSyscall.of;
import static io.jvirtiod.sandbox.AllowedSyscall.withArgument;

/**
 * The system calls each command may make once it serves, as virtiofsd's seccomp.rs lists its own: what the JVM
 * does behind the daemon's back (threads, memory, GC, JIT, signals, time), plus what the command's own code
 * does to serve. Everything before serving (exec, mounts, opening sockets, devices and the shared directory,
 * rlimits, logging set-up) happens before the filter and is not listed. Not listed on purpose, so refused:
 * mount, pivot_root, unshare, setns, ptrace, process_vm_*, kexec_*, bpf, perf_event_open, *_module, socket and
 * every other way to reach a new socket, execve, setuid and friends (only the per-thread fsuid/fsgid switch).
 *
 * <p>Provenance: measured, not guessed. Each command ran under {@code strace -f} through the launcher, with the
 * filter in {@code log} mode (the calls after the {@code seccomp(2)} line are what the filter sees), serving
 * real workloads until SIGTERM: {@code jvirtiod fuse} with stress-ng's 33 file-system stressors with --verify,
 * fio randrw and a tree walk with reads, renames, links and xattrs on the mount; {@code jvirtiod virtiofsd}
 * with QEMU's vhost-user-fs-pci front end and a guest running tests/src/test/resources/virtiofs/posix-suite.sh
 * (POSIX behaviours plus stress-ng); {@code jvirtiod vduse-blk} in the test guest (tests/vm/vduse-blk-e2e.sh: dd,
 * mkfs, fio with verification, fstrim, blkdiscard, SIGTERM teardown), with the kernel's audit records of the
 * calls the log mode let through. That union, with calls the daemon's code makes on rarer paths (named in each
 * reason) and virtiofsd's list as a cross-check, is the list; docs/security.md says what the runs caught, and
 * SeccompedFuseDaemonTest and the guest tests serve workloads through daemons under {@code kill}.
 */
public final class SyscallAllowlist {
    private SyscallAllowlist() {}

    /** The JVM's own and the daemon's common machinery (threads, queues, logging), for every command. */
    static final List<AllowedSyscall> JVM = List.of(
            of("read", 0, "eventfd kicks and the vhost-user/VDUSE message fds; class loading"),
            of("write", 1, "eventfd calls and stop signals; log lines to stderr or the syslog socket"),
            of("close", 3, "every fd the daemon opens and closes while serving"),
            of("fstat", 5, "JDK natives built on glibc's old __fxstat64: FileChannel.size, FileInputStream.available"),
            of("lseek", 8, "the JVM reading its jar"),
            of("mmap", 9, "JVM heap, code cache, thread stacks, malloc arenas; guest memory regions"),
            of("mprotect", 10, "JIT code cache and thread stack guard pages"),
            of("munmap", 11, "JVM and malloc; unmapping guest memory regions"),
            of("brk", 12, "glibc malloc's main arena"),
            of("rt_sigprocmask", 14, "glibc thread creation and exit"),
            of("rt_sigreturn", 15, "return from the JVM's SIGSEGV handler (implicit null checks, safepoint polls)"),
            of("pread64", 17, "the JVM reading classes from its jar"),
            of("access", 21, "the JDK's Files.exists (vduse-blk's in-flight log at DRIVER_OK)"),
            of("sched_yield", 24, "JVM spin loops (safepoint and lock contention)"),
            of("mremap", 25, "glibc realloc of large blocks"),
            of("madvise", 28, "GC uncommitting memory; glibc freeing thread stacks (MADV_DONTNEED)"),
            of("exit", 60, "a thread ending"),
            of("unlink", 87, "the JVM removing its /tmp/hsperfdata_USER/PID file at exit"),
            of("getrusage", 98, "JVM thread CPU time (RUSAGE_THREAD)"),
            withArgument("prctl", 157, 0, List.of(SeccompH.PR_SET_NAME),
                    "naming a new thread (PR_SET_NAME) and nothing else"),
            of("gettid", 186, "JVM thread ids"),
            of("futex", 202, "every lock, condition and park of the JVM"),
            of("sched_getaffinity", 204, "the JVM counting CPUs when it starts a thread"),
            of("clock_gettime", 228, "clocks the vDSO does not serve (thread CPU time)"),
            of("clock_nanosleep", 230, "Thread.sleep and JVM periodic tasks"),
            of("exit_group", 231, "the JVM exiting (SIGTERM, or the front end gone)"),
            of("epoll_wait", 232, "queue workers and the message loop waiting for kicks"),
            of("epoll_ctl", 233, "adding kick and stop eventfds to a worker's epoll set"),
            of("openat", 257, "the JVM's /proc reads; per-command opens named in their lists"),
            of("newfstatat", 262, "fstat(3) of glibc 2.33+ on an open fd"),
            of("set_robust_list", 273, "glibc thread start"),
            of("eventfd2", 290, "a queue's stop eventfd, made when the queue starts"),
            of("epoll_create1", 291, "a queue worker's epoll set, made when the queue starts"),
            of("statx", 332, "the JDK's Files.exists and file attributes; GETATTR, LOOKUP"),
            of("rseq", 334, "glibc thread start (restartable sequences)"),
            of("clone3", 435, "JVM thread creation (GC, JIT, queue workers, shutdown hooks)"));

    /** Reading and writing the data of files the daemon already holds open (a shared tree's files, a disk image). */
    static final List<AllowedSyscall> FILE_DATA = List.of(
            of("pwrite64", 18, "WRITE of one buffer; the block back end's single-segment writes"),
            of("fcntl", 72, "POSIX (OFD) locks with --posix-locks; F_GETFL/F_SETFL"),
            of("fsync", 74, "FSYNC/FSYNCDIR; VIRTIO_BLK_T_FLUSH"),
            of("fdatasync", 75, "FSYNC with datasync; VIRTIO_BLK_T_FLUSH"),
            of("ftruncate", 77, "SETATTR size on an open file; sizing the vhost-user inflight memfd"),
            of("fallocate", 285, "FALLOCATE; VIRTIO_BLK_T_DISCARD and WRITE_ZEROES"),
            of("preadv", 295, "READ into guest memory; VIRTIO_BLK_T_IN"),
            of("pwritev", 296, "WRITE from guest memory; VIRTIO_BLK_T_OUT"));

    /** The passthrough file system's operations on the shared tree (virtiofsd and fuse). */
    static final List<AllowedSyscall> FILE_TREE = List.of(
            of("flock", 73, "FLOCK (BSD locks)"),
            of("fchmod", 91, "SETATTR mode on an open file"),
            of("setgroups", 116, "one thread's supplementary group around CREATE/MKNOD/MKDIR (FUSE_CREATE_SUPP_GROUP)"),
            of("setfsuid", 122, "creating files as the requesting uid (per thread)"),
            of("setfsgid", 123, "creating files as the requesting gid (per thread)"),
            of("fstatfs", 138, "STATFS; checking an inode's file system"),
            of("setxattr", 188, "SETXATTR"),
            of("getxattr", 191, "GETXATTR; security.capability for killpriv"),
            of("listxattr", 194, "LISTXATTR"),
            of("removexattr", 197, "REMOVEXATTR; killpriv dropping security.capability"),
            of("fremovexattr", 199, "REMOVEXATTR on an open file"),
            of("getdents64", 217, "READDIR/READDIRPLUS"),
            of("mkdirat", 258, "MKDIR"),
            of("mknodat", 259, "MKNOD (FIFOs, sockets and, as root, the devices the guest asks for)"),
            of("fchownat", 260, "SETATTR uid/gid"),
            of("unlinkat", 263, "UNLINK/RMDIR"),
            of("renameat", 264, "RENAME (glibc's renameat2 with no flags)"),
            of("linkat", 265, "LINK; turning an O_TMPFILE into a name"),
            of("symlinkat", 266, "SYMLINK"),
            of("readlinkat", 267, "READLINK; resolving /proc/self/fd links"),
            of("fchmodat", 268, "SETATTR mode by path"),
            of("utimensat", 280, "SETATTR times"),
            of("name_to_handle_at", 303, "LOOKUP: an inode's file handle (--inode-file-handles)"),
            of("open_by_handle_at", 304, "opening an inode by its file handle"),
            of("syncfs", 306, "SYNCFS"),
            of("renameat2", 316, "RENAME with RENAME_NOREPLACE/EXCHANGE/WHITEOUT"),
            of("copy_file_range", 326, "COPY_FILE_RANGE"),
            of("openat2", 437, "every path lookup, confined by RESOLVE_BENEATH"));

    /** A vhost-user back end's connection (virtiofsd). */
    static final List<AllowedSyscall> VHOST_USER = List.of(
            of("sendmsg", 46, "vhost-user replies"),
            of("recvmsg", 47, "vhost-user messages and their fds (memory regions, kick/call eventfds)"),
            of("shutdown", 48, "stopping: shutting the listening and the connected socket"),
            of("accept4", 288, "accepting the front end (again after it reconnects)"),
            of("memfd_create", 319, "VHOST_USER_GET_INFLIGHT_FD: the inflight region the front end keeps"));

    /** The /dev/fuse transport (fuse). */
    static final List<AllowedSyscall> FUSE_DEVICE = List.of(
            withArgument("ioctl", 16, 1, ioctls(FuseH.FUSE_DEV_IOC_BACKING_OPEN, FuseH.FUSE_DEV_IOC_BACKING_CLOSE),
                    "--passthrough: registering an opened file with the kernel, and dropping it"),
            of("writev", 20, "a reply to /dev/fuse: header and payload in one write"),
            of("rmdir", 84, "--demo: removing its temporary tree at exit"),
            of("umount2", 166, "SIGTERM: unmounting its own mount point"));

    /** A VDUSE device and its in-flight log (vduse-blk). */
    static final List<AllowedSyscall> VDUSE = List.of(
            withArgument("ioctl", 16, 1, ioctls(VduseH.VDUSE_IOTLB_GET_FD, VduseH.VDUSE_DEV_GET_FEATURES,
                    VduseH.VDUSE_VQ_GET_INFO, VduseH.VDUSE_VQ_SETUP_KICKFD, VduseH.VDUSE_VQ_INJECT_IRQ,
                    VduseH.VDUSE_SET_API_VERSION, VduseH.VDUSE_DESTROY_DEV), "the device's requests while serving "
                    + "(IOTLB, queue set-up, interrupts), and destroying it at a clean SIGTERM (API version first)"),
            of("msync", 26, "flushing the in-flight log's mapping"),
            of("rename", 82, "putting a new in-flight log in place atomically (at DRIVER_OK)"));

    /** The calls of {@code jvirtiod virtiofsd} once it serves. */
    public static List<AllowedSyscall> virtiofsd() {
        return concat(JVM, FILE_DATA, FILE_TREE, VHOST_USER);
    }

    /** The calls of {@code jvirtiod fuse} once it serves. */
    public static List<AllowedSyscall> fuse() {
        return concat(JVM, FILE_DATA, FILE_TREE, FUSE_DEVICE);
    }

    /** The calls of {@code jvirtiod vduse-blk} once it serves. */
    public static List<AllowedSyscall> vduseBlk() {
        return concat(JVM, FILE_DATA, VDUSE);
    }

    /** ioctl request numbers as the filter compares them: their low 32 bits (the kernel's unsigned int cmd). */
    private static List<Integer> ioctls(long... requests) {
        List<Integer> values = new ArrayList<>();
        for (long r : requests) {
            if (r >>> 32 != 0) throw new IllegalArgumentException("ioctl request 0x" + Long.toHexString(r));
            values.add((int) r);
        }
        return values;
    }

    @SafeVarargs
    private static List<AllowedSyscall> concat(List<AllowedSyscall>... groups) {
        List<AllowedSyscall> all = new ArrayList<>();
        for (List<AllowedSyscall> g : groups) all.addAll(g);
        return List.copyOf(all);
    }
}
