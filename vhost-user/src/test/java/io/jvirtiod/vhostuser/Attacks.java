package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseBatchForgetIn;
import io.jvirtiod.binding.fuse.FuseCreateIn;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseExtHeader;
import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseForgetIn;
import io.jvirtiod.binding.fuse.FuseForgetOne;
import io.jvirtiod.binding.fuse.FuseGetattrIn;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseLkOut;
import io.jvirtiod.binding.fuse.FuseMkdirIn;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseSuppGroups;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.fuse.FuseWriteOut;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserMemoryRegion;
import io.jvirtiod.binding.vhost.VhostUserPayload;
import io.jvirtiod.binding.vhost.VhostUserVringAddr;
import io.jvirtiod.binding.vhost.VhostUserVringState;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.mock.FuseRequest;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.vhostuser.Attack.Answer;
import io.jvirtiod.vhostuser.Attack.Category;
import io.jvirtiod.vhostuser.Attack.Script;
import io.jvirtiod.vhostuser.Attack.Transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.jvirtiod.binding.sys.Errno.*;
import static io.jvirtiod.binding.sys.FcntlH.O_NONBLOCK;
import static io.jvirtiod.binding.sys.FcntlH.O_RDONLY;
import static io.jvirtiod.binding.sys.FcntlH.O_RDWR;
import static io.jvirtiod.binding.sys.FcntlH.O_TRUNC;
import static io.jvirtiod.binding.sys.FcntlH.O_WRONLY;
import static io.jvirtiod.binding.sys.StatH.*;
import static io.jvirtiod.binding.vhost.VhostUserH.*;
import static io.jvirtiod.vhostuser.Attack.Answer.errno;
import static io.jvirtiod.vhostuser.Attack.Answer.served;
import static io.jvirtiod.vhostuser.Attack.Category.*;
import static io.jvirtiod.vhostuser.Attack.Transport.BOTH;
import static io.jvirtiod.vhostuser.Attack.Transport.CHAIN_ONLY;
import static io.jvirtiod.vhostuser.Attack.Transport.MOUNT_ONLY;
import static io.jvirtiod.vhostuser.ChainAttacker.name;
import static io.jvirtiod.vhostuser.ChainAttacker.struct;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack suite's catalog, its one source of truth: every attack of issue 18 item 7, each a named threat
 * with the answer it must get and the transports that can carry it. {@link MountedAttackTest},
 * {@link ChainAttackTest} and {@link MalformedMessageTest} send each one they can express; docs/security.md's
 * table lists them ({@link AttackTableTest}).
 */
final class Attacks {
    private Attacks() {}

    /** An unprivileged user of the guest or of the mount, and another one. */
    static final int USER = 1000;
    static final int OTHER = 1001;
    /** /dev/random (1:8) and /dev/loop0 (7:0) as FUSE and mknod(2) encode a device number (new_encode_dev). */
    static final int RANDOM = 1 << 8 | 8;
    static final int LOOP0 = 7 << 8;

    private static final List<Attack> ALL = new ArrayList<>();

    static Stream<Attack> over(Transport transport) {
        return ALL.stream().filter(a -> a.transports().contains(transport));
    }

    static List<Attack> all() {
        return List.copyOf(ALL);
    }

    private static void attack(String name, Category category, String threat, Answer expected, Set<Transport> over,
                               Script script) {
        attack(name, category, threat, expected, over, UnaryOperator.identity(), script);
    }

    private static void attack(String name, Category category, String threat, Answer expected, Set<Transport> over,
                               UnaryOperator<PassthroughConfig> config, Script script) {
        if (ALL.stream().anyMatch(a -> a.name().equals(name))) throw new IllegalStateException("two " + name);
        ALL.add(new Attack(name, category, threat, expected, over, config, script));
    }

    /** A malformed vhost-user message: the connection must be closed with a reason naming {@code reason}. */
    private static void message(String name, String threat, String reason, Attack.BadMessage send) {
        if (ALL.stream().anyMatch(a -> a.name().equals(name))) throw new IllegalStateException("two " + name);
        ALL.add(new Attack(name, VHOST_USER, threat, Answer.closed(reason), EnumSet.of(Transport.FRONT_END),
                UnaryOperator.identity(), send));
    }

    // ---- the host's root prepares the share (as another container or the host itself would) ----

    /** A file {@code content} of {@code perms} (ls -l style) owned by {@code uid}:{@code gid}. */
    static Path plant(Attacker a, String path, String perms, int uid, int gid) throws IOException {
        Path p = a.share().resolve(path);
        Files.createDirectories(p.getParent());
        if (perms.startsWith("d")) {
            Files.createDirectory(p);
        } else {
            Files.writeString(p, "host file " + path);
        }
        own(p, perms.substring(1), uid, gid);
        return p;
    }

    /** chown then chmod, with set-id and sticky bits ("rwsrwxrwx", "rwxrwsrwt"). */
    private static void own(Path p, String perms, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:mode", mode(perms));
    }

    private static int mode(String perms) {
        int m = 0;
        for (int i = 0; i < 9; i++) {
            char c = perms.charAt(i);
            if (c != '-' && c != 'S' && c != 'T') m |= 1 << (8 - i);
            if (c == 's' || c == 'S') m |= i == 2 ? S_ISUID : S_ISGID;
            if (c == 't' || c == 'T') m |= S_ISVTX;
        }
        return m;
    }

    static int hostMode(Attacker a, String path) throws IOException {
        return (int) Files.getAttribute(a.share().resolve(path), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /** {@code answer}, once the host file at {@code path} is checked to have lost {@code bit} (a set-id bit). */
    private static int lost(Attacker a, String path, int bit, int answer) throws IOException {
        assertEquals(0, hostMode(a, path) & bit, (bit == S_ISUID ? "S_ISUID" : "S_ISGID") + " kept on " + path);
        return answer;
    }

    /** Opens {@code path} as the attack's caller and writes to it; the write's answer. */
    private static int openAndWrite(Attacker a, String path) throws InterruptedException {
        long h = a.open(path, O_WRONLY);
        if (h < 0) return (int) h;
        long w = a.write(h, "x".getBytes());
        a.close(h);
        return w < 0 ? (int) w : 0;
    }

    /** 0 if {@code r} is not an error, else {@code r}: the answer of a call that returns a count or handle. */
    private static int answer(long r) {
        return r < 0 ? (int) r : 0;
    }

    /** MKNOD as root, then OPEN: the answer of the open (or of the mknod, if it failed). */
    private static int mknodThenOpen(Attacker a, String name, int type, int rdev, int flags)
            throws InterruptedException {
        int r = a.mknod(name, type | 0666, rdev);
        return r < 0 ? r : answer(a.open(name, flags));
    }

    /** MKNOD as root, then CREATE without O_EXCL over it. */
    private static int mknodThenCreate(Attacker a, String name, int type, int rdev, int flags)
            throws InterruptedException {
        int r = a.mknod(name, type | 0666, rdev);
        return r < 0 ? r : answer(a.create(name, flags, 0644));
    }

    /** MKNOD as root, then a SETATTR of its size (truncate by node id: only a guest kernel can send it). */
    private static int mknodThenTruncate(Attacker a, String name, int type, int rdev) throws InterruptedException {
        int r = a.mknod(name, type | 0666, rdev);
        ChainAttacker c = a.chain();
        return r < 0 ? r : c.setattr(c.node(name), FuseH.FATTR_SIZE,
                s -> s.set(JAVA_LONG_UNALIGNED, FuseSetattrIn.OFFSET_SIZE, 0L));
    }

    static {
        specialFiles();
        escapes();
        credentials();
        xattrs();
        locks();
        lengths();
        order();
        forgets();
        deepTrees();
        ring();
        vhostUserMessages();
    }

    private static void specialFiles() {
        attack("mknod-char-device-as-user", SPECIAL_FILES, "an unprivileged caller makes /dev/random's 1:8",
                errno(EPERM), BOTH, a -> a.as(USER, USER).mknod("random", S_IFCHR | 0666, RANDOM));
        attack("mknod-block-device-as-user", SPECIAL_FILES, "an unprivileged caller makes loop0's 7:0",
                errno(EPERM), BOTH, a -> a.as(USER, USER).mknod("loop0", S_IFBLK | 0666, LOOP0));
        attack("open-char-device-1-8", SPECIAL_FILES, "root MKNODs 1:8, then OPENs it to read the host's "
                + "/dev/random (CVE-2020-35517 class)", errno(EBADF), CHAIN_ONLY,
                a -> mknodThenOpen(a, "random", S_IFCHR, RANDOM, O_RDONLY));
        attack("open-block-device-7-0", SPECIAL_FILES, "root MKNODs 7:0, then OPENs it O_RDWR for raw access to "
                + "a host disk", errno(EBADF), CHAIN_ONLY, a -> mknodThenOpen(a, "loop0", S_IFBLK, LOOP0, O_RDWR));
        attack("open-char-device-1-8-on-the-mount", SPECIAL_FILES, "root makes 1:8 on the mount, then opens it "
                + "to read the host's /dev/random (the same attack through the host kernel)",
                errno(EACCES, ": the mount is nodev"), MOUNT_ONLY,
                a -> mknodThenOpen(a, "random", S_IFCHR, RANDOM, O_RDONLY));
        attack("open-block-device-7-0-on-the-mount", SPECIAL_FILES, "root makes 7:0 on the mount, then opens it "
                + "O_RDWR for raw access to a host disk", errno(EACCES, ": the mount is nodev"), MOUNT_ONLY,
                a -> mknodThenOpen(a, "loop0", S_IFBLK, LOOP0, O_RDWR));
        attack("open-fifo", SPECIAL_FILES, "OPEN of a FIFO, which would block the queue's thread for a writer",
                errno(EBADF, " at once"), CHAIN_ONLY, a -> mknodThenOpen(a, "fifo", S_IFIFO, 0, O_RDONLY));
        attack("open-fifo-nonblocking", SPECIAL_FILES, "OPEN of a FIFO with O_NONBLOCK", errno(EBADF),
                CHAIN_ONLY, a -> mknodThenOpen(a, "fifo", S_IFIFO, 0, O_RDONLY | O_NONBLOCK));
        attack("open-socket", SPECIAL_FILES, "OPEN of a socket node", errno(EBADF), CHAIN_ONLY,
                a -> mknodThenOpen(a, "sock", S_IFSOCK, 0, O_RDWR));
        attack("create-over-fifo", SPECIAL_FILES, "CREATE without O_EXCL of an existing FIFO", errno(EBADF),
                CHAIN_ONLY, a -> mknodThenCreate(a, "fifo", S_IFIFO, 0, O_RDWR));
        attack("create-over-char-device", SPECIAL_FILES, "CREATE O_TRUNC without O_EXCL of an existing 1:8",
                errno(EBADF), CHAIN_ONLY, a -> mknodThenCreate(a, "random", S_IFCHR, RANDOM, O_WRONLY | O_TRUNC));
        attack("create-over-block-device", SPECIAL_FILES, "CREATE without O_EXCL of an existing 7:0", errno(EBADF),
                CHAIN_ONLY, a -> mknodThenCreate(a, "loop0", S_IFBLK, LOOP0, O_RDWR));
        attack("truncate-fifo", SPECIAL_FILES, "SETATTR of the size of a FIFO", errno(EINVAL), CHAIN_ONLY,
                a -> mknodThenTruncate(a, "fifo", S_IFIFO, 0));
        attack("truncate-block-device", SPECIAL_FILES, "SETATTR of the size of a 7:0 node", errno(EINVAL),
                CHAIN_ONLY, a -> mknodThenTruncate(a, "loop0", S_IFBLK, LOOP0));
    }

    private static void escapes() {
        attack("lookup-dotdot", ESCAPES, "LOOKUP \"..\" in the root, to climb out of the share", errno(EINVAL),
                CHAIN_ONLY, a -> (int) a.chain().lookup(FuseH.FUSE_ROOT_ID, ".."));
        attack("lookup-dot", ESCAPES, "LOOKUP \".\", a second node id for a directory", errno(EINVAL),
                CHAIN_ONLY, a -> (int) a.chain().lookup(FuseH.FUSE_ROOT_ID, "."));
        attack("create-name-with-slashes", ESCAPES, "CREATE \"../canary/pwned\", a path as one name",
                errno(EINVAL), CHAIN_ONLY, a -> rawCreate(a.chain(), FuseH.FUSE_ROOT_ID, "../canary/pwned"));
        attack("mkdir-absolute-name", ESCAPES, "MKDIR \"/tmp/pwned\"", errno(EINVAL), CHAIN_ONLY,
                a -> a.chain().call(FuseH.FUSE_MKDIR, FuseH.FUSE_ROOT_ID,
                        new byte[][] {new byte[(int) FuseMkdirIn.SIZE], name("/tmp/pwned")}, ENTRY_OUT));
        attack("name-longer-than-name-max", ESCAPES, "LOOKUP of a 256-byte name", errno(ENAMETOOLONG),
                CHAIN_ONLY, a -> (int) a.chain().lookup(FuseH.FUSE_ROOT_ID, "x".repeat(256)));
        attack("open-absolute-symlink-out", ESCAPES, "OPEN of a planted symlink to the canary's secret",
                errno(ELOOP), CHAIN_ONLY, a -> answer(a.open("to-secret", O_RDONLY)));
        attack("lookup-through-relative-symlink", ESCAPES, "LOOKUP \"secret\" in a symlink to ../canary",
                errno(ENOTDIR), CHAIN_ONLY, a -> (int) a.chain().lookup(a.chain().node("to-canary"), "secret"));
        attack("lookup-through-magic-link", ESCAPES, "LOOKUP \"etc\" in a symlink to /proc/self/root",
                errno(ENOTDIR), CHAIN_ONLY, a -> (int) a.chain().lookup(a.chain().node("magic"), "etc"));
        attack("create-in-symlink-to-root", ESCAPES, "CREATE in the node of a symlink to /", errno(ENOTDIR),
                CHAIN_ONLY, a -> rawCreate(a.chain(), a.chain().node("to-root"), "pwned"));
        attack("hard-link-of-symlink-out", ESCAPES, "LINK of a symlink to the secret, hoping for the secret",
                served("the link is a second symlink"), BOTH, a -> {
                    int r = a.link("to-secret", "hard");
                    assertTrue(Files.isSymbolicLink(a.share().resolve("hard")), "a link of the symlink itself");
                    return r;
                });
        attack("xattr-on-symlink-out", ESCAPES, "SETXATTR user.x on the node of a symlink to the secret",
                errno(EPERM), CHAIN_ONLY, a -> a.setxattr("to-secret", "user.x", "pwned"));
        attack("chmod-through-symlink-out", ESCAPES, "SETATTR of the mode on the node of a symlink to the secret",
                errno(EOPNOTSUPP), CHAIN_ONLY, a -> a.chain().setattr(a.chain().node("to-secret"), FuseH.FATTR_MODE,
                s -> s.set(JAVA_INT_UNALIGNED, FuseSetattrIn.OFFSET_MODE, 0666)));
        attack("truncate-through-symlink-out", ESCAPES, "SETATTR of the size on the node of a symlink to the "
                + "secret", errno(EINVAL), CHAIN_ONLY, a -> a.chain().setattr(a.chain().node("to-secret"),
                FuseH.FATTR_SIZE, s -> s.set(JAVA_LONG_UNALIGNED, FuseSetattrIn.OFFSET_SIZE, 0L)));
        attack("directory-swapped-for-symlink", ESCAPES, "LOOKUP a directory, the host swaps it for a symlink "
                + "to the canary, then CREATE in the node id", served("inside the moved directory"), CHAIN_ONLY,
                a -> {
                    plant(a, "d", "drwxrwxrwx", 0, 0);
                    Files.createSymbolicLink(a.share().resolve("flip"), a.share().resolveSibling("canary"));
                    long d = a.chain().node("d");
                    exchange(a.share().resolve("d"), a.share().resolve("flip"));
                    int r = rawCreate(a.chain(), d, "pwned");
                    assertTrue(Files.isRegularFile(a.share().resolve("flip/pwned"), LinkOption.NOFOLLOW_LINKS));
                    return r;
                });
        attack("rename-race-dir-and-symlink", ESCAPES, "CREATE in a directory while the host keeps swapping it "
                + "with a symlink to the canary", served("never outside"), CHAIN_ONLY, Attacks::renameRace);
        attack("forged-node-ids", ESCAPES, "GETATTR of node ids never handed out (0, 2, 999, -1, max)",
                errno(ESTALE), CHAIN_ONLY, a -> {
                    int r = 0;
                    for (long node : new long[] {0, 2, 999, -1, Long.MAX_VALUE}) {
                        r = getattr(a.chain(), node);
                        if (r != -ESTALE) return r;
                    }
                    return r;
                });
        attack("node-id-equal-to-host-inode", ESCAPES, "GETATTR of the secret's host inode number as a node id",
                errno(ESTALE), CHAIN_ONLY, a -> getattr(a.chain(),
                        (long) Files.getAttribute(a.share().resolveSibling("canary/secret"), "unix:ino")));
        attack("file-handle-of-another-file-system", ESCAPES, "open_by_handle_at of a FUSE file handle whose node "
                + "id is the host inode number of the canary's secret (as chains: node-id-equal-to-host-inode)",
                errno(ESTALE), MOUNT_ONLY,
                a -> a.openByHandle((long) Files.getAttribute(a.share().resolveSibling("canary/secret"), "unix:ino")));
        attack("forged-file-handles", ESCAPES, "READ with file handles never handed out (0..5, 100, -1)",
                errno(EBADF), CHAIN_ONLY, a -> {
                    int r = 0;
                    for (long fh : new long[] {0, 1, 2, 3, 4, 5, 100, -1}) {
                        r = rawRead(a.chain(), a.chain().node(AttackScene.PROBE), fh);
                        if (r != -EBADF) return r;
                    }
                    return r;
                });
        attack("file-handle-equal-to-a-daemon-fd", ESCAPES, "WRITE with fh = an fd the daemon's process holds on "
                + "the canary's secret", errno(EBADF), CHAIN_ONLY, a -> {
                    int fd = FileIo.openat(FcntlH.AT_FDCWD, a.share().resolveSibling("canary/secret").toString(),
                            O_RDWR, 0);
                    try {
                        return rawWrite(a.chain(), a.chain().node(AttackScene.PROBE), fd);
                    } finally {
                        FileIo.closeRaw(fd);
                    }
                });
    }

    private static int rawCreate(ChainAttacker c, long parent, String name) throws InterruptedException {
        return c.call(FuseH.FUSE_CREATE, parent, new byte[][] {struct(FuseCreateIn.SIZE, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_FLAGS, O_RDWR | FcntlH.O_CREAT);
            s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_MODE, 0644);
        }), name(name)}, ENTRY_OUT, OPEN_OUT);
    }

    /** Sizes of FUSE structs the raw requests below lay out. */
    private static final int IN_HEADER = (int) FuseInHeader.SIZE;
    private static final int OUT_HEADER = (int) FuseOutHeader.SIZE;
    private static final int ENTRY_OUT = (int) FuseEntryOut.SIZE;
    private static final int OPEN_OUT = (int) FuseOpenOut.SIZE;
    private static final int ATTR_OUT = (int) FuseAttrOut.SIZE;
    private static final int WRITE_OUT = (int) FuseWriteOut.SIZE;

    private static byte[] getattrIn() {
        return new byte[(int) FuseGetattrIn.SIZE];
    }

    private static byte[] readIn(long fh, int size) {
        return struct(FuseReadIn.SIZE, s -> {
            s.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, fh);
            s.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, size);
        });
    }

    private static byte[] writeIn(long fh, int size) {
        return struct(FuseWriteIn.SIZE, s -> {
            s.set(JAVA_LONG_UNALIGNED, FuseWriteIn.OFFSET_FH, fh);
            s.set(JAVA_INT_UNALIGNED, FuseWriteIn.OFFSET_SIZE, size);
        });
    }

    static int getattr(ChainAttacker c, long node) throws InterruptedException {
        return c.call(FuseH.FUSE_GETATTR, node, new byte[][] {getattrIn()}, ATTR_OUT);
    }

    private static int rawRead(ChainAttacker c, long node, long fh) throws InterruptedException {
        return c.call(FuseH.FUSE_READ, node, new byte[][] {readIn(fh, 16)}, 16);
    }

    private static int rawWrite(ChainAttacker c, long node, long fh) throws InterruptedException {
        return c.call(FuseH.FUSE_WRITE, node, new byte[][] {writeIn(fh, 6), "pwned!".getBytes()}, WRITE_OUT);
    }

    /** renameat2(RENAME_EXCHANGE) on the host. */
    static void exchange(Path x, Path y) {
        try (Arena arena = Arena.ofConfined()) {
            int r = PathOps.renameat2Raw(FcntlH.AT_FDCWD, arena.allocateFrom(x.toString()), FcntlH.AT_FDCWD,
                    arena.allocateFrom(y.toString()), RenameH.RENAME_EXCHANGE);
            assertEquals(0, r, "exchange " + x + " and " + y);
        }
    }

    private static int renameRace(Attacker a) throws Exception {
        plant(a, "d", "drwxrwxrwx", 0, 0);
        Files.createSymbolicLink(a.share().resolve("flip"), a.share().resolveSibling("canary"));
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (!Thread.currentThread().isInterrupted()) exchange(a.share().resolve("d"), a.share().resolve("flip"));
        });
        try {
            for (int i = 0; i < 300; i++) {
                long d = a.chain().lookup(FuseH.FUSE_ROOT_ID, "d");
                if (d > 0) rawCreate(a.chain(), d, "pwned" + i % 5);
            }
        } finally {
            swapper.interrupt();
            swapper.join();
        }
        return 0;
    }

    /**
     * Credentials: a creation runs with the caller's fsuid/fsgid and no other group, over both transports. The
     * other permission checks are the kernel's over a mount (default_permissions, as jvirtiod mounts); over
     * virtio-fs the guest kernel makes them, and a hostile one may claim uid 0 in any request, as with virtiofsd:
     * within the share it is root, so those are {@link Transport#MOUNT_ONLY}.
     */
    private static void credentials() {
        attack("setgid-directory-cve-2022-0358", CREDENTIALS, "a user creates a 02755 file in a 03777 root:0 "
                + "directory to get group 0's set-group-id", served("without S_ISGID"), BOTH, a -> {
                    plant(a, "sgid", "drwxrwsrwt", 0, 0);
                    long h = a.as(USER, USER).create("sgid/f", O_RDWR, 02755);
                    return h < 0 ? (int) h : lost(a, "sgid/f", S_ISGID, a.close(h));
                });
        attack("new-names-owned-by-the-caller", CREDENTIALS, "a user's CREATE, MKDIR and SYMLINK, hoping for "
                + "root-owned files", served("each owned by the caller"), BOTH, a -> {
                    a.as(USER, USER);
                    int r = answer(a.create("new-file", O_RDWR, 0644)) | a.mkdir("new-dir", 0755)
                            | a.symlink("new-file", "new-link");
                    for (String name : List.of("new-file", "new-dir", "new-link")) {
                        Path p = a.share().resolve(name);
                        assertEquals(USER, Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS), name);
                        assertEquals(USER, Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS), name);
                    }
                    return r;
                });
        attack("create-in-root-directory", CREDENTIALS, "a user creates in a root 0755 directory", errno(EACCES),
                BOTH, a -> {
                    plant(a, "root-dir", "drwxr-xr-x", 0, 0);
                    return answer(a.as(USER, USER).create("root-dir/pwned", O_RDWR, 0644));
                });
        attack("setuid-kept-on-write", CREDENTIALS, "another user writes into a world-writable 04777 file, "
                + "hoping to plant code that runs as its owner", served("S_ISUID cleared"), BOTH, a -> {
                    plant(a, "suid", "-rwsrwxrwx", USER, USER);
                    return lost(a, "suid", S_ISUID, openAndWrite(a.as(OTHER, OTHER), "suid"));
                });
        attack("setuid-kept-on-truncate", CREDENTIALS, "another user truncates a world-writable 04777 file",
                served("S_ISUID cleared"), BOTH, a -> {
                    plant(a, "suid", "-rwsrwxrwx", USER, USER);
                    long h = a.as(OTHER, OTHER).open("suid", O_WRONLY);
                    if (h < 0) return (int) h;
                    int r = a.truncate(h, 0);
                    a.close(h);
                    return lost(a, "suid", S_ISUID, r);
                });
        attack("setuid-kept-on-open-with-trunc", CREDENTIALS, "another user opens a world-writable 04777 file "
                + "O_TRUNC", served("S_ISUID cleared"), BOTH, a -> {
                    plant(a, "suid", "-rwsrwxrwx", USER, USER);
                    long h = a.as(OTHER, OTHER).open("suid", O_WRONLY | O_TRUNC);
                    return h < 0 ? (int) h : lost(a, "suid", S_ISUID, a.close(h));
                });
        attack("setgid-kept-on-write", CREDENTIALS, "another user writes into a world-writable 02777 file of "
                + "a group it is not in", served("S_ISGID cleared"), BOTH, a -> {
                    plant(a, "sgid-file", "-rwxrwsrwx", USER, USER);
                    return lost(a, "sgid-file", S_ISGID, openAndWrite(a.as(OTHER, OTHER), "sgid-file"));
                });
        attack("file-capability-kept-on-write", CREDENTIALS, "another user writes into a world-writable file "
                + "that carries security.capability, hoping to plant code that runs with it",
                served("security.capability dropped"), BOTH, a -> {
                    Path p = plant(a, "capable", "-rwxrwxrwx", USER, USER);
                    setFileCapability(p);
                    int r = openAndWrite(a.as(OTHER, OTHER), "capable");
                    assertEquals(List.of(), AttackScene.xattrNames(p), "security.capability kept");
                    return r;
                });
        attack("chown-to-root-by-user", CREDENTIALS, "a user gives its own file to root", errno(EPERM), MOUNT_ONLY,
                a -> {
                    plant(a, "mine", "-rw-r--r--", USER, USER);
                    return a.as(USER, USER).chown("mine", 0, 0);
                });
        attack("chgrp-to-foreign-group", CREDENTIALS, "a user moves its file into group 0, not its own",
                errno(EPERM), MOUNT_ONLY, a -> {
                    plant(a, "mine", "-rw-r--r--", USER, USER);
                    return a.as(USER, USER).chown("mine", USER, 0);
                });
        attack("write-root-owned-file", CREDENTIALS, "a user opens a root 0644 file for writing", errno(EACCES),
                MOUNT_ONLY, a -> {
                    plant(a, "root-file", "-rw-r--r--", 0, 0);
                    return openAndWrite(a.as(USER, USER), "root-file");
                });
        attack("read-root-only-file", CREDENTIALS, "a user opens a root 0600 file", errno(EACCES), MOUNT_ONLY,
                a -> {
                    plant(a, "root-secret", "-rw-------", 0, 0);
                    return answer(a.as(USER, USER).open("root-secret", O_RDONLY));
                });
        attack("unlink-in-sticky-directory", CREDENTIALS, "a user unlinks another user's file in a 01777 "
                + "directory", errno(EPERM), MOUNT_ONLY, a -> {
                    plant(a, "tmp", "drwxrwxrwt", 0, 0);
                    plant(a, "tmp/victim", "-rw-rw-rw-", USER, USER);
                    return a.as(OTHER, OTHER).unlink("tmp/victim");
                });
        attack("chmod-setgid-of-foreign-group", CREDENTIALS, "a user sets S_ISGID on its file of group 0",
                served("without S_ISGID"), MOUNT_ONLY, a -> {
                    plant(a, "mine", "-rw-r--r--", USER, 0);
                    return lost(a, "mine", S_ISGID, a.as(USER, USER).chmod("mine", 02755));
                });
        attack("chmod-foreign-file", CREDENTIALS, "a user makes a root file world-writable", errno(EPERM),
                MOUNT_ONLY, a -> {
                    plant(a, "root-file", "-rw-r--r--", 0, 0);
                    return a.as(USER, USER).chmod("root-file", 0777);
                });
        attack("set-mtime-of-foreign-file", CREDENTIALS, "a user sets an explicit mtime on a root file",
                errno(EPERM), MOUNT_ONLY, a -> {
                    plant(a, "root-file", "-rw-rw-rw-", 0, 0);
                    return a.as(USER, USER).setMtime("root-file", 0);
                });
    }

    private static final String XATTR_FILE = "x";

    /** The names on the host file the xattr attacks aim at. */
    private static List<String> hostXattrs(Attacker a) {
        return AttackScene.xattrNames(a.share().resolve(XATTR_FILE));
    }

    private static void xattrs() {
        attack("set-trusted-overlay-redirect", XATTR, "SETXATTR trusted.overlay.redirect, which the host's "
                + "overlayfs would follow", errno(EPERM), BOTH, a -> {
                    plant(a, XATTR_FILE, "-rw-r--r--", 0, 0);
                    int r = a.setxattr(XATTR_FILE, "trusted.overlay.redirect", "/etc");
                    assertEquals(List.of(), hostXattrs(a));
                    return r;
                });
        attack("set-security-selinux", XATTR, "SETXATTR security.selinux, a host label", errno(EPERM), BOTH, a -> {
            plant(a, XATTR_FILE, "-rw-r--r--", 0, 0);
            int r = a.setxattr(XATTR_FILE, "security.selinux", "system_u:object_r:shadow_t:s0");
            assertEquals(List.of(), hostXattrs(a));
            return r;
        });
        attack("posix-acl-without-acls", XATTR, "SETXATTR system.posix_acl_access while ACLs are not negotiated",
                errno(EOPNOTSUPP), CHAIN_ONLY, a -> {
                    plant(a, XATTR_FILE, "-rw-r--r--", 0, 0);
                    int r = a.setxattr(XATTR_FILE, "system.posix_acl_access", "junk");
                    assertEquals(List.of(), hostXattrs(a));
                    return r;
                });
        attack("read-host-trusted-xattr", XATTR, "GETXATTR and LISTXATTR of the host's own trusted.* name",
                errno(ENODATA, ", and the name is not listed"), BOTH, a -> {
                    setHostXattr(plant(a, XATTR_FILE, "-rw-r--r--", 0, 0), "trusted.overlay.opaque");
                    assertFalse(a.listxattr(XATTR_FILE).contains("trusted.overlay.opaque"), "listed");
                    return answer(a.getxattr(XATTR_FILE, "trusted.overlay.opaque"));
                });
        attack("remove-host-trusted-xattr", XATTR, "REMOVEXATTR of the host's own trusted.* name", errno(EPERM),
                BOTH, a -> {
                    setHostXattr(plant(a, XATTR_FILE, "-rw-r--r--", 0, 0), "trusted.overlay.opaque");
                    int r = a.removexattr(XATTR_FILE, "trusted.overlay.opaque");
                    assertEquals(List.of("trusted.overlay.opaque"), hostXattrs(a));
                    return r;
                });
        attack("forge-a-remapped-name", XATTR, "with trusted.* mapped under user.virtiofs., SETXATTR "
                + "user.virtiofs.trusted.x directly, to forge a mapped name", errno(EPERM), BOTH,
                c -> c.withXattrMap(XattrMap.parse("/map/trusted./user.virtiofs./")), a -> {
                    plant(a, XATTR_FILE, "-rw-r--r--", 0, 0);
                    int r = a.setxattr(XATTR_FILE, "user.virtiofs.trusted.x", "v");
                    assertEquals(List.of(), hostXattrs(a));
                    return r;
                });
    }

    /** A version 2 security.capability granting CAP_NET_BIND_SERVICE (struct vfs_cap_data), set by the host. */
    private static void setFileCapability(Path p) {
        try (Arena arena = Arena.ofConfined()) {
            var cap = arena.allocate(20);
            cap.set(JAVA_INT_UNALIGNED, 0, 0x02000000); // VFS_CAP_REVISION_2
            cap.set(JAVA_INT_UNALIGNED, 4, 1 << 10);    // permitted: CAP_NET_BIND_SERVICE
            assertEquals(0, Xattr.setxattrRaw(arena.allocateFrom(p.toString()),
                    arena.allocateFrom("security.capability"), cap, 0), "host setxattr security.capability");
        }
    }

    private static void setHostXattr(Path p, String name) {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, Xattr.setxattrRaw(arena.allocateFrom(p.toString()),
                    arena.allocateFrom(name), arena.allocateFrom("y"), 0), "host setxattr " + name);
        }
    }

    private static void locks() {
        for (int op : new int[] {FuseH.FUSE_SETLKW, FuseH.FUSE_SETLK, FuseH.FUSE_GETLK}) {
            for (int lkFlags : new int[] {0, FuseH.FUSE_LK_FLOCK}) {
                String opName = op == FuseH.FUSE_SETLKW ? "setlkw" : op == FuseH.FUSE_SETLK ? "setlk" : "getlk";
                attack(opName + (lkFlags == 0 ? "-posix" : "-flock") + "-not-negotiated", LOCKS,
                        opName.toUpperCase() + (lkFlags == 0 ? "" : " with FUSE_LK_FLOCK") + " on a lock the host "
                                + "holds, locks not negotiated: a wait would wedge the queue",
                        errno(ENOSYS, " at once"), CHAIN_ONLY, c -> c.withPosixLocks(false).withFlockLocks(false),
                        a -> lockHeldByHost(a, op, lkFlags));
            }
        }
        attack("lock-waits-on-every-worker", LOCKS, "with --posix-locks, one read-lock SETLKW per worker (4) on "
                + "a file the host write-locks, so that no worker is left for other requests",
                errno(EDEADLK, " for the 4th while 3 wait; other requests answered; the 3 get the lock once free"),
                MOUNT_ONLY,
                c -> c.withPosixLocks(true), Attacks::lockWaitsOnEveryWorker);
    }

    /**
     * Four read-lock waits on a file the host write-locks, then a GETATTR while they wait; the waiters are
     * joined and their files closed whatever happens, so a failure leaves no request behind in the mount.
     */
    private static int lockWaitsOnEveryWorker(Attacker a) throws Exception {
        Path p = plant(a, "locked", "-rw-rw-rw-", 0, 0);
        long[] handles = new long[4];
        for (int i = 0; i < handles.length; i++) handles[i] = a.open("locked", O_RDWR);
        var answers = new LinkedBlockingQueue<Integer>();
        List<Thread> waiters = new ArrayList<>();
        Integer first;
        int probe = -EIO;
        try {
            try (var host = FileChannel.open(p, StandardOpenOption.WRITE);
                 var held = host.lock()) {
                for (long h : handles) {
                    waiters.add(Thread.ofPlatform().daemon().start(() -> {
                        try {
                            answers.add(a.readLockWait(h));
                        } catch (InterruptedException e) {
                            answers.add(-EINTR);
                        }
                    }));
                }
                first = answers.poll(5, TimeUnit.SECONDS);
                if (first != null) probe = a.stat(AttackScene.PROBE); // a worker must be free for it
            }
        } finally {
            for (Thread t : waiters) t.join(10_000);
            for (long h : handles) a.close(h);
        }
        assertTrue(first != null, "no SETLKW answered while the host held the lock: every worker waits");
        assertEquals(S_IFREG, probe & S_IFMT, "a request answered while 3 SETLKW wait");
        assertEquals(List.of(0, 0, 0), List.copyOf(answers), "the waiters got the lock once it was free");
        return first;
    }

    private static int lockHeldByHost(Attacker a, int op, int lkFlags) throws Exception {
        Path p = plant(a, "locked", "-rw-rw-rw-", 0, 0);
        try (var host = FileChannel.open(p, StandardOpenOption.WRITE);
             var held = host.lock()) {
            long h = a.open("locked", O_RDWR);
            long[] ids = a.chain().opened(h);
            return a.chain().call(op, ids[0], new byte[][] {struct(FuseLkIn.SIZE, l -> {
                l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_FH, ids[1]);
                l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_OWNER, 7);
                l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_TYPE, 1); // F_WRLCK
                l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_END, Long.MAX_VALUE);
                l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK_FLAGS, lkFlags);
            })}, (int) FuseLkOut.SIZE);
        }
    }

    /** A GETATTR of the root whose in-header says {@code len}, with {@code arg} as its argument. */
    private static int getattrWithLength(ChainAttacker c, int len, byte[] arg) throws InterruptedException {
        return c.callRaw(FuseH.FUSE_GETATTR, new byte[][] {c.header(FuseH.FUSE_GETATTR, FuseH.FUSE_ROOT_ID, len),
                arg}, ATTR_OUT);
    }

    private static void lengths() {
        attack("header-len-past-the-chain", LENGTHS, "an in-header whose len is 4096 bytes more than the chain "
                + "carries", errno(EINVAL), CHAIN_ONLY, a -> getattrWithLength(a.chain(),
                IN_HEADER + (int) FuseGetattrIn.SIZE + 4096, getattrIn()));
        attack("header-len-shorter-than-the-header", LENGTHS, "an in-header whose len (8) is less than the header",
                errno(EINVAL), CHAIN_ONLY, a -> getattrWithLength(a.chain(), 8, getattrIn()));
        attack("argument-shorter-than-its-struct", LENGTHS, "GETATTR with 4 bytes of its 16-byte argument",
                errno(EINVAL), CHAIN_ONLY, a -> getattrWithLength(a.chain(), IN_HEADER + 4, new byte[4]));
        attack("name-without-its-nul", LENGTHS, "LOOKUP of a name that runs to the end of the request without a "
                + "NUL", errno(EINVAL), CHAIN_ONLY, a -> a.chain().call(FuseH.FUSE_LOOKUP, FuseH.FUSE_ROOT_ID,
                new byte[][] {AttackScene.PROBE.getBytes()}, (int) FuseEntryOut.SIZE));
        attack("write-size-past-its-payload", LENGTHS, "WRITE whose size says 1 MiB with 6 bytes of payload",
                errno(EINVAL), CHAIN_ONLY, a -> {
                    long h = a.open(AttackScene.PROBE, O_RDWR);
                    long[] ids = a.chain().opened(h);
                    return a.chain().call(FuseH.FUSE_WRITE, ids[0], new byte[][] {writeIn(ids[1], 1 << 20),
                            "pwned!".getBytes()}, WRITE_OUT);
                });
        attack("read-size-past-its-buffers", LENGTHS, "READ of 1 GiB into a 16-byte buffer", errno(EINVAL),
                CHAIN_ONLY, a -> {
                    long h = a.open(AttackScene.PROBE, O_RDONLY);
                    long[] ids = a.chain().opened(h);
                    return a.chain().call(FuseH.FUSE_READ, ids[0], new byte[][] {readIn(ids[1], 1 << 30)}, 16);
                });
        attack("reply-buffer-too-small", LENGTHS, "GETATTR with 8 bytes for its 104-byte reply",
                served("cut to the buffers, nothing written past them"), CHAIN_ONLY, a -> {
                    int r = a.chain().call(FuseH.FUSE_GETATTR, FuseH.FUSE_ROOT_ID, new byte[][] {getattrIn()}, 8);
                    assertTrue(a.chain().fuse().usedLength <= OUT_HEADER + 8, "used " + a.chain().fuse().usedLength);
                    return r;
                });
        attack("extension-length-past-the-request", LENGTHS, "an in-header whose total_extlen claims 800 bytes of "
                + "extensions that are not there", errno(EINVAL), CHAIN_ONLY, a -> a.chain().callRaw(
                FuseH.FUSE_GETATTR, new byte[][] {FuseRequest.request(FuseH.FUSE_GETATTR).unique(77).extlen(100)
                        .bytes(getattrIn()).build()}, ATTR_OUT));
        attack("supplementary-groups-count-lies", LENGTHS, "CREATE with a FUSE_EXT_GROUPS extension claiming a "
                + "million groups", errno(EINVAL), CHAIN_ONLY, a -> {
                    byte[] ext = struct(FuseExtHeader.SIZE + FuseSuppGroups.SIZE + 4, e -> {
                        e.set(JAVA_INT_UNALIGNED, FuseExtHeader.OFFSET_SIZE, (int) e.byteSize());
                        e.set(JAVA_INT_UNALIGNED, FuseExtHeader.OFFSET_TYPE, FuseH.FUSE_EXT_GROUPS);
                        e.set(JAVA_INT_UNALIGNED, FuseExtHeader.SIZE + FuseSuppGroups.OFFSET_NR_GROUPS, 1_000_000);
                    });
                    byte[] request = FuseRequest.request(FuseH.FUSE_CREATE).unique(78).caller(USER, USER, 1)
                            .bytes(struct(FuseCreateIn.SIZE, s -> s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_MODE,
                                    0644)))
                            .name("grouped").rawExtension(ext).build();
                    return a.chain().callRaw(FuseH.FUSE_CREATE, new byte[][] {request}, ENTRY_OUT, OPEN_OUT);
                });
        attack("unknown-opcode", LENGTHS, "opcode 9999", errno(ENOSYS), CHAIN_ONLY,
                a -> a.chain().call(9999, FuseH.FUSE_ROOT_ID, new byte[][] {new byte[64]}, 64));
        attack("reply-over-its-own-request", LENGTHS, "GETATTR whose reply buffer is the memory of its own "
                + "in-header and argument", served("the reply written over it"), CHAIN_ONLY,
                Attacks::replyOverRequest);
    }

    private static int replyOverRequest(Attacker a) throws InterruptedException {
        ChainAttacker c = a.chain();
        SplitDriver ring = c.ring();
        ring.resetBuffers();
        long at = ring.allocate(256);
        byte[] header = c.header(FuseH.FUSE_GETATTR, FuseH.FUSE_ROOT_ID, IN_HEADER + (int) FuseGetattrIn.SIZE);
        MemorySegment.copy(MemorySegment.ofArray(header), 0, ring.ram(), at, IN_HEADER);
        ring.submit(new long[] {at, at + IN_HEADER, at}, new int[] {IN_HEADER, (int) FuseGetattrIn.SIZE,
                OUT_HEADER + ATTR_OUT}, 2);
        EventFd.signal(c.kickFd());
        ring.awaitUsed(Duration.ofSeconds(10));
        return ring.ram().get(JAVA_INT_UNALIGNED, at + FuseOutHeader.OFFSET_ERROR);
    }

    private static void order() {
        attack("release-twice", ORDER, "RELEASE of the same file handle twice", errno(EBADF), CHAIN_ONLY, a -> {
            long h = a.open(AttackScene.PROBE, O_RDONLY);
            assertEquals(0, a.close(h), "the first RELEASE");
            return a.close(h);
        });
        attack("write-after-release", ORDER, "WRITE through a released file handle", errno(EBADF), CHAIN_ONLY,
                a -> {
                    long h = a.open(AttackScene.PROBE, O_RDWR);
                    a.close(h);
                    return answer(a.write(h, "pwned".getBytes()));
                });
        attack("read-before-open", ORDER, "READ with the file handle an OPEN would return next, before it",
                errno(EBADF), CHAIN_ONLY, a -> {
                    long h = a.open(AttackScene.PROBE, O_RDONLY);
                    long[] ids = a.chain().opened(h);
                    return rawRead(a.chain(), ids[0], ids[1] + 1);
                });
        attack("init-twice", ORDER, "a second INIT in the middle of a session, to renegotiate", errno(EIO),
                CHAIN_ONLY, a -> a.chain().call(FuseH.FUSE_INIT, 0, new byte[][] {FuseRequest.initIn(41, 131072,
                        ChainAttacker.OFFERED, 0)}, 64));
        attack("opendir-handle-used-for-read", ORDER, "READ through a handle OPENDIR returned",
                errno(EISDIR, ": the handle stays the directory's"),
                CHAIN_ONLY, a -> {
                    int r = a.chain().call(FuseH.FUSE_OPENDIR, FuseH.FUSE_ROOT_ID,
                            new byte[][] {new byte[(int) FuseOpenIn.SIZE]}, OPEN_OUT);
                    if (r < 0) return r;
                    long fh = a.chain().reply(0, OPEN_OUT).get(JAVA_LONG_UNALIGNED, FuseOpenOut.OFFSET_FH);
                    return rawRead(a.chain(), FuseH.FUSE_ROOT_ID, fh);
                });
    }

    private static byte[] forgetIn(long nlookup) {
        return struct(FuseForgetIn.SIZE, s -> s.set(JAVA_LONG_UNALIGNED, FuseForgetIn.OFFSET_NLOOKUP, nlookup));
    }

    private static void forgets() {
        attack("forget-storm-of-forged-ids", FORGET, "2000 FORGETs of random node ids and counts", served(
                "nothing answered, nothing lost"), CHAIN_ONLY, a -> {
                    var random = new Random(18);
                    for (int i = 0; i < 2000; i++) {
                        a.chain().call(FuseH.FUSE_FORGET, random.nextLong(),
                                new byte[][] {forgetIn(random.nextLong())});
                    }
                    return getattr(a.chain(), FuseH.FUSE_ROOT_ID);
                });
        attack("batch-forget-count-lies", FORGET, "BATCH_FORGET whose count says a million with one entry",
                served("nothing answered, nothing lost"), CHAIN_ONLY, a -> {
                    long probe = a.chain().node(AttackScene.PROBE);
                    a.chain().call(FuseH.FUSE_BATCH_FORGET, 0, new byte[][] {struct(FuseBatchForgetIn.SIZE,
                            s -> s.set(JAVA_INT_UNALIGNED, FuseBatchForgetIn.OFFSET_COUNT, 1_000_000)),
                            struct(FuseForgetOne.SIZE, s -> {
                                s.set(JAVA_LONG_UNALIGNED, FuseForgetOne.OFFSET_NODEID, probe);
                                s.set(JAVA_LONG_UNALIGNED, FuseForgetOne.OFFSET_NLOOKUP, 1);
                            })});
                    return getattr(a.chain(), FuseH.FUSE_ROOT_ID);
                });
        attack("forget-live-node-with-huge-count", FORGET, "FORGET of a looked-up file with nlookup 2^63-1",
                errno(ESTALE, " for the node id, the file intact"), CHAIN_ONLY, a -> {
                    plant(a, "victim", "-rw-r--r--", 0, 0);
                    long node = a.chain().node("victim");
                    a.chain().call(FuseH.FUSE_FORGET, node, new byte[][] {forgetIn(Long.MAX_VALUE)});
                    assertTrue(Files.exists(a.share().resolve("victim")));
                    return getattr(a.chain(), node);
                });
        attack("forget-the-root", FORGET, "FORGET of the root with a billion lookups", served("the root stays"),
                CHAIN_ONLY, a -> {
                    a.chain().call(FuseH.FUSE_FORGET, FuseH.FUSE_ROOT_ID, new byte[][] {forgetIn(1_000_000_000L)});
                    return getattr(a.chain(), FuseH.FUSE_ROOT_ID);
                });
    }

    private static void deepTrees() {
        attack("deep-directory-tree", DEEP_TREES, "MKDIR 100 levels deep, then GETATTR the deepest",
                served("as a directory"), BOTH, a -> {
                    String path = "d";
                    for (int i = 0; i < 100; i++, path += "/d") {
                        int r = a.mkdir(path, 0755);
                        if (r < 0) return r;
                    }
                    return (a.stat(path.substring(0, path.length() - 2)) & S_IFMT) == S_IFDIR ? 0 : -EIO;
                });
        attack("inode-flood-past-the-limit", DEEP_TREES, "LOOKUP of 64 names past --inode-limit 32, to grow the "
                + "daemon's heap", errno(ENFILE), BOTH, c -> c.withInodeLimit(32), a -> {
                    a.stat(AttackScene.PROBE);
                    for (int i = 0; i < 64; i++) Files.writeString(a.share().resolve("f" + i), "");
                    for (int i = 0; i < 64; i++) {
                        int r = a.stat("f" + i);
                        if (r < 0) return r;
                    }
                    return 0;
                });
    }

    /** Chains the device used since used->idx was {@code before}. */
    private static int used(SplitDriver ring, int before) {
        return (ring.ring().usedIdx() - before) & 0xffff;
    }

    private static void ring() {
        attack("guest-never-consumes-replies", RING, "every descriptor of the ring in requests whose replies the "
                + "guest does not reap until all are used", served("every chain completed"), CHAIN_ONLY, a -> {
                    SplitDriver ring = a.chain().ring();
                    ring.resetBuffers();
                    int chains = ring.size() / 2;
                    int before = ring.ring().usedIdx();
                    for (int i = 0; i < chains; i++) {
                        byte[] request = FuseRequest.request(FuseH.FUSE_GETATTR).unique(1000 + i).bytes(getattrIn())
                                .build();
                        ring.submit(new byte[][] {request}, new long[] {ring.allocate(OUT_HEADER + ATTR_OUT)},
                                new int[] {OUT_HEADER + ATTR_OUT});
                    }
                    EventFd.signal(a.chain().kickFd());
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (used(ring, before) != chains && System.nanoTime() < deadline) Thread.sleep(1);
                    assertEquals(chains, used(ring, before), "chains completed while the guest reaped none");
                    for (int i = 0; i < chains; i++) ring.awaitUsed(Duration.ofSeconds(1));
                    return 0;
                });
        attack("kicks-without-buffers", RING, "a thousand kicks with no chain available", served("nothing used"),
                CHAIN_ONLY, a -> {
                    for (int i = 0; i < 1000; i++) EventFd.signal(a.chain().kickFd());
                    Thread.sleep(50);
                    assertEquals(-1, a.chain().ring().pollUsed(), "a chain used that was never made available");
                    return 0;
                });
        attack("chain-without-reply-buffers", RING, "LOOKUP in a chain with no device-writable buffer at all",
                served("completed with 0 bytes"), CHAIN_ONLY, a -> {
                    SplitDriver ring = a.chain().ring();
                    ring.resetBuffers();
                    ring.submit(new byte[][] {a.chain().header(FuseH.FUSE_LOOKUP, FuseH.FUSE_ROOT_ID,
                            IN_HEADER + AttackScene.PROBE.length() + 1),
                            name(AttackScene.PROBE)}, new long[0], new int[0]);
                    EventFd.signal(a.chain().kickFd());
                    return ring.awaitUsed(Duration.ofSeconds(10))[1];
                });
    }
    private static void vhostUserMessages() {
        message("payload-shorter-than-its-request", "SET_FEATURES with 4 of its 8 payload bytes",
                "SET_FEATURES with a payload of 4 bytes, expected 8", (fx, fe) -> fe.send(VHOST_USER_SET_FEATURES, 4));
        message("payload-longer-than-its-request", "SET_OWNER with an 8-byte payload",
                "SET_OWNER with a payload of 8 bytes, expected 0", (fx, fe) -> fe.send(VHOST_USER_SET_OWNER, 8));
        message("size-field-past-the-largest-payload", "a header announcing 100000 payload bytes",
                "announces a payload of 100000 bytes",
                (fx, fe) -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION, 100000, 0));
        message("negative-size-field", "a header announcing 2^32-1 payload bytes",
                "announces a payload of 4294967295 bytes",
                (fx, fe) -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION, -1, 0));
        message("connection-ends-inside-a-payload", "3 of 8 payload bytes, then end of stream",
                "connection closed inside a message's payload (3 of 8 bytes)", (fx, fe) -> {
                    fe.sendRaw(VHOST_USER_SET_FEATURES, VHOST_USER_VERSION, 8, 3);
                    fe.shutdownWrite();
                });
        message("wrong-version", "a header of protocol version 2", "version must be 1",
                (fx, fe) -> fe.sendRaw(VHOST_USER_GET_FEATURES, 2, 0, 0));
        message("reply-flag-on-a-request", "a request with the reply flag set", "has the reply flag set",
                (fx, fe) -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION | VHOST_USER_REPLY_MASK, 0, 0));
        message("unknown-request", "request 200", "request 200 is not supported", (fx, fe) -> fe.send(200, 0));
        message("request-of-a-feature-not-offered", "SET_LOG_BASE, whose feature was never offered",
                "SET_LOG_BASE is not supported", (fx, fe) -> fe.setU64(VHOST_USER_SET_LOG_BASE, 0));
        message("feature-bits-not-offered", "SET_FEATURES with bit 34, never offered", "that were not offered",
                (fx, fe) -> fe.setU64(VHOST_USER_SET_FEATURES, 1L << 34));
        message("ring-enabled-without-protocol-features", "SET_VRING_ENABLE before protocol features",
                "SET_VRING_ENABLE without VHOST_USER_F_PROTOCOL_FEATURES", (fx, fe) -> {
                    VhostUserVringState.index(fe.payload(), 0);
                    VhostUserVringState.num(fe.payload(), 1);
                    fe.send(VHOST_USER_SET_VRING_ENABLE, 8);
                });
        message("nine-memory-regions", "SET_MEM_TABLE with 9 regions", "SET_MEM_TABLE with 9 regions", (fx, fe) -> {
            VhostUserMemory.nregions(fe.payload(), 9);
            fe.send(VHOST_USER_SET_MEM_TABLE, VhostUserMessage.MEMORY_HEADER + 8 * 32);
        });
        message("memory-table-without-its-fds", "SET_MEM_TABLE of 2 regions with 1 fd",
                "SET_MEM_TABLE came with 1 file descriptors, expected 2",
                (fx, fe) -> fe.send(VHOST_USER_SET_MEM_TABLE, fx.memTablePayload(fe), fx.memfd));
        message("more-fds-than-any-message-carries", "SET_VRING_CALL with 9 fds", "more than 8 file descriptors",
                (fx, fe) -> {
                    int e = EventFd.create(0, 0);
                    try {
                        VhostUserPayload.u64(fe.payload(), 0);
                        fe.send(VHOST_USER_SET_VRING_CALL, 8, e, e, e, e, e, e, e, e, e);
                    } finally {
                        FileIo.closeRaw(e);
                    }
                });
        message("kick-without-its-fd", "SET_VRING_KICK without an fd",
                "SET_VRING_KICK came with 0 file descriptors, expected 1",
                (fx, fe) -> fe.setU64(VHOST_USER_SET_VRING_KICK, 0));
        message("overlapping-regions", "two regions whose front-end addresses overlap", "overlaps another region",
                (fx, fe) -> {
                    int size = fx.memTablePayload(fe);
                    VhostUserMemoryRegion.userspace_addr(VhostUserMemory.regions(fe.payload(), 1),
                            VhostUserFsFixture.USER0 + 4096);
                    fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
                });
        message("region-size-past-any-file", "a region of 2^63-1 bytes", "size and offset must be positive and fit "
                + "a file", (fx, fe) -> {
                    int size = fx.memTablePayload(fe);
                    VhostUserMemoryRegion.memory_size(VhostUserMemory.regions(fe.payload(), 1), Long.MAX_VALUE);
                    fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
                });
        message("1-mib-memfd-announced-as-16", "a 1 MiB memfd announced as a 16 MiB region (issue 18: SIGBUS "
                + "later)", "SET_MEM_TABLE region 0 (guest 0x0, size 0x1000000, user 0x7f0000000000, mmap_offset "
                + "0x0): mmap_offset 0x0 + size 0x1000000 runs past the end of its fd, a file of 0x100000 bytes",
                (fx, fe) -> {
                    int small = MemFd.create("small-guest-ram", MemFdH.MFD_CLOEXEC);
                    try {
                        MemFd.ftruncate(small, 1 << 20);
                        VhostUserFsFixture.negotiate(fe);
                        var p = fe.payload();
                        VhostUserMemory.nregions(p, 1);
                        var r = VhostUserMemory.regions(p, 0);
                        VhostUserMemoryRegion.guest_phys_addr(r, 0);
                        VhostUserMemoryRegion.memory_size(r, 16 << 20);
                        VhostUserMemoryRegion.userspace_addr(r, VhostUserFsFixture.USER0);
                        VhostUserMemoryRegion.mmap_offset(r, 0);
                        fe.send(VHOST_USER_SET_MEM_TABLE, VhostUserMessage.MEMORY_HEADER
                                + (int) VhostUserMemoryRegion.SIZE, small);
                    } finally {
                        FileIo.closeRaw(small);
                    }
                });
        message("region-offset-past-its-file", "a region whose mmap_offset pushes it past the end of the memfd",
                "runs past the end of its fd, a file of 0x800000 bytes", (fx, fe) -> {
                    int size = fx.memTablePayload(fe);
                    VhostUserMemoryRegion.mmap_offset(VhostUserMemory.regions(fe.payload(), 1),
                            VhostUserFsFixture.REGION_SIZE + 4096);
                    fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
                });
        message("guest-memory-shrunk-after-the-table", "the front end truncates the memfd once the table is "
                + "mapped; the used ring then faults at SET_VRING_ENABLE", "internal error: java.lang.InternalError",
                (fx, fe) -> {
                    int ram = MemFd.create("shrinking-guest-ram", MemFdH.MFD_CLOEXEC);
                    try {
                        MemFd.ftruncate(ram, 2 * VhostUserFsFixture.REGION_SIZE);
                        VhostUserFsFixture.negotiate(fe);
                        assertEquals(0, fe.sendAcked(VHOST_USER_SET_MEM_TABLE, fx.memTablePayload(fe), ram, ram));
                        MemFd.ftruncate(ram, 0);
                        int[] fds = fx.startRing(fe, 1, fx.driver(0));
                        FileIo.closeRaw(fds[0]);
                        FileIo.closeRaw(fds[1]);
                    } finally {
                        FileIo.closeRaw(ram);
                    }
                });
        message("vring-index-past-the-queues", "SET_VRING_NUM of vring 99", "for vring 99",
                (fx, fe) -> VhostUserFsFixture.state(fe, VHOST_USER_SET_VRING_NUM, 99, 256));
        message("queue-size-not-a-power-of-2", "SET_VRING_NUM 1000", "a power of 2",
                (fx, fe) -> VhostUserFsFixture.state(fe, VHOST_USER_SET_VRING_NUM, 1, 1000));
        message("ring-outside-the-memory-table", "a descriptor table at a front-end address in no region",
                "descriptor table at front-end address 0x12340000 is in no region", (fx, fe) -> {
                    VhostUserFsFixture.negotiate(fe);
                    fx.setMemTable(fe);
                    VhostUserVringAddr.index(fe.payload(), 1);
                    VhostUserVringAddr.flags(fe.payload(), 0);
                    VhostUserVringAddr.desc_user_addr(fe.payload(), 0x1234_0000L);
                    VhostUserVringAddr.avail_user_addr(fe.payload(), VhostUserFsFixture.USER1);
                    VhostUserVringAddr.used_user_addr(fe.payload(), VhostUserFsFixture.USER1 + 8192);
                    fe.send(VHOST_USER_SET_VRING_ADDR, (int) VhostUserVringAddr.SIZE);
                });
    }
}
