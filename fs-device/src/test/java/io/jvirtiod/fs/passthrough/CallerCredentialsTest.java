package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.StatH;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files are created with exactly the caller's credentials: the daemon's own supplementary groups (root started
 * from a login shell is in group 0) never count as the caller's (CVE-2022-0358), and the one group the kernel
 * sends with FUSE_CREATE_SUPP_GROUP counts for that create only.
 */
class CallerCredentialsTest extends RootShareFixture {
    private static final int USER = 1000;
    private static final int TEAM = 4242;

    /** The daemon as root usually starts a member of group 0 (and here of TEAM too), on every thread. */
    @Override
    void beforeStart() {
        setGroupsOfEveryThread(0, TEAM);
    }

    private static void setGroupsOfEveryThread(int... gids) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = a.allocateFrom(JAVA_INT, gids);
            assertEquals(0, Creds.setgroupsAllThreadsRaw(gids.length, list), "setgroups");
        }
        assertEquals(joined(gids), groupsLine(Path.of("/proc/thread-self/status")), "the test's groups are set");
    }

    private static String joined(int... gids) {
        StringBuilder b = new StringBuilder();
        for (int gid : gids) b.append(b.isEmpty() ? "" : " ").append(gid);
        return b.toString();
    }

    /** The Groups: line of a /proc status file, trimmed; null if the task is gone. */
    private static String groupsLine(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Groups:")) return line.substring("Groups:".length()).trim();
            }
            throw new AssertionError("no Groups: line in " + status);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int hostMode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static int hostGid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:gid");
    }

    @Test
    void noThreadKeepsASupplementaryGroupOnceTheFileSystemStarts() throws Exception {
        fs.close();
        setGroupsOfEveryThread(0, TEAM);
        CountDownLatch done = new CountDownLatch(1);
        List<String> early = new CopyOnWriteArrayList<>();
        List<String> late = new CopyOnWriteArrayList<>();
        // a worker started before the file system, and one started after it
        Thread before = Thread.ofPlatform().start(() -> recordGroupsThenWait(early, done));
        while (early.isEmpty()) Thread.onSpinWait();
        fs = new PassthroughFs(PassthroughConfig.of(share));
        Thread after = Thread.ofPlatform().start(() -> recordGroupsThenWait(late, done));
        while (late.isEmpty()) Thread.onSpinWait();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            List<String> withGroups = new ArrayList<>();
            for (Path task : tasks.toList()) {
                String groups = groupsLine(task.resolve("status"));
                if (groups != null && !groups.isEmpty()) withGroups.add("task " + task.getFileName() + ": " + groups);
            }
            assertEquals(List.of(), withGroups, "threads still in supplementary groups");
        } finally {
            done.countDown();
            before.join();
            after.join();
        }
        assertEquals(List.of("0 " + TEAM), early, "the early worker started in the groups");
        assertEquals(List.of(""), late, "a thread started after the file system has no supplementary groups");
    }

    private static void recordGroupsThenWait(List<String> into, CountDownLatch done) {
        into.add(groupsLine(Path.of("/proc/thread-self/status")));
        await(done);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSetgidFileCreatedByANonMemberInARootGroupSetgidDirectoryLosesSgid() throws Exception {
        // CVE-2022-0358: uid 1000 (not in group 0) creates with mode 02755 in a 03777 root:0 directory
        Path dir = Files.createDirectory(share.resolve("sgid"));
        Files.setAttribute(dir, "unix:mode", 03777);
        assertEquals(03777, hostMode(dir));
        long d = g.lookup(1, "sgid");
        g.as(USER, USER);
        assertTrue(g.create(d, "created", FcntlH.O_WRONLY | FcntlH.O_CREAT, StatH.S_IFREG | 02755) >= 0, "CREATE");
        assertEquals(0, fs.mknod(g.ctx, d, g.name("made"), StatH.S_IFREG | 02755, 0, 0, g.entry()), "MKNOD");
        for (String name : List.of("created", "made")) {
            Path p = share.resolve("sgid").resolve(name);
            assertEquals(0, hostGid(p), name + " takes the directory's group");
            assertEquals(0755, hostMode(p), name + " must not be set-group-id for a group its creator is not in");
        }
        // the control: a member of group 0 keeps the bit
        g.as(USER, 0);
        assertTrue(g.create(d, "member", FcntlH.O_WRONLY | FcntlH.O_CREAT, StatH.S_IFREG | 02755) >= 0);
        assertEquals(02755, hostMode(share.resolve("sgid/member")), "the group's member keeps S_ISGID");
    }

    /** A request carrying the FUSE_EXT_GROUPS extension with the single group {@code gid}. */
    private void withSupplementaryGroup(int gid) {
        MemorySegment ext = g.arena.allocate(JAVA_INT);
        ext.set(JAVA_INT, 0, gid);
        g.ctx.supplementaryGroups(ext, 0, 1);
    }

    @Test
    void theSupplementaryGroupSentWithACreateCountsForThatCreateOnly() throws Exception {
        Path dir = Files.createDirectory(share.resolve("team"));
        Files.setAttribute(dir, "unix:gid", TEAM);
        Files.setAttribute(dir, "unix:mode", 0770);
        long d = g.lookup(1, "team");
        g.as(USER, USER);
        assertEquals(-Errno.EACCES, g.create(d, "f", FcntlH.O_WRONLY | FcntlH.O_CREAT, StatH.S_IFREG | 0644),
                "without the group the directory is not the caller's to write");
        assertEquals(-Errno.EACCES, g.mkdir(d, "sub", 0755));

        withSupplementaryGroup(TEAM);
        assertTrue(g.create(d, "f", FcntlH.O_WRONLY | FcntlH.O_CREAT, StatH.S_IFREG | 0644) >= 0,
                "CREATE as a member of the directory's group");
        assertEquals("", groupsLine(Path.of("/proc/thread-self/status")), "the group is dropped after the create");
        withSupplementaryGroup(TEAM);
        assertTrue(g.mkdir(d, "sub", 0755) > 0, "MKDIR as a member");
        withSupplementaryGroup(TEAM);
        assertTrue(g.symlink(d, "link", "f") > 0, "SYMLINK as a member");
        assertEquals(USER, (int) Files.getAttribute(share.resolve("team/f"), "unix:uid"));
        assertEquals(USER, hostGid(share.resolve("team/f")), "the group is not the file's: fsgid is");
        assertEquals("", groupsLine(Path.of("/proc/thread-self/status")));

        g.as(USER, USER); // the next request carries no group
        assertEquals(-Errno.EACCES, g.create(d, "g", FcntlH.O_WRONLY | FcntlH.O_CREAT, StatH.S_IFREG | 0644));
    }

    @Test
    void moreSupplementaryGroupsThanAnyKernelSendsAreRefused() {
        g.as(USER, USER);
        MemorySegment many = g.arena.allocate(JAVA_INT, Credentials.MAX_GROUPS + 1);
        g.ctx.supplementaryGroups(many, 0, Credentials.MAX_GROUPS + 1);
        assertEquals(-Errno.EINVAL, g.mkdir(1, "x", 0755));
        assertEquals("", groupsLine(Path.of("/proc/thread-self/status")));
    }
}
