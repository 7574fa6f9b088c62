package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.fs.InitConfig;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FUSE_HANDLE_KILLPRIV_V2 (include/uapi/linux/fuse.h): the kernel leaves clearing set-user-id and set-group-id to
 * the server, and says when with FUSE_OPEN_KILL_SUIDGID (an O_TRUNC open or create), FUSE_WRITE_KILL_SUIDGID and
 * FATTR_KILL_SUIDGID (truncate, chown). The daemon works as root, whose own truncate and write keep the bits, so
 * it must clear them itself: set-user-id always, set-group-id when group-executable. Unasked, they stay.
 */
class KillSuidgidTest extends RootShareFixture {
    /** A host file with content and {@code mode}; returns its node id. */
    private long file(String name, int mode) throws IOException {
        Path p = Files.writeString(share.resolve(name), "content");
        Files.setAttribute(p, "unix:mode", mode);
        assertEquals(mode, mode(name));
        long node = g.lookup(1, name);
        assertTrue(node > 0, "LOOKUP " + name);
        return node;
    }

    private int mode(String name) throws IOException {
        return (int) Files.getAttribute(share.resolve(name), "unix:mode") & 07777;
    }

    private int createTruncating(String name, int openFlags) {
        return fs.create(g.ctx, 1, g.name(name), FcntlH.O_WRONLY | FcntlH.O_CREAT | FcntlH.O_TRUNC, 0644, 0,
                openFlags, g.entry(), g.open());
    }

    @Test
    void anOTruncCreateOfAnExistingFileKillsSuidgidWhenAsked() throws Exception {
        file("asked", 06755);
        file("unasked", 06755);
        assertEquals(0, createTruncating("asked", FuseH.FUSE_OPEN_KILL_SUIDGID), "CREATE O_TRUNC of asked");
        assertEquals(0L, Files.size(share.resolve("asked")), "truncated");
        assertEquals(0755, mode("asked"), "FUSE_OPEN_KILL_SUIDGID cleared both bits");
        assertEquals(0, createTruncating("unasked", 0), "CREATE O_TRUNC of unasked");
        assertEquals(06755, mode("unasked"), "a caller with CAP_FSETID keeps them (the kernel does not ask)");
        assertEquals(0, createTruncating("new", FuseH.FUSE_OPEN_KILL_SUIDGID));
        assertEquals(0644, mode("new"), "a file the CREATE made keeps its mode");
    }

    @Test
    void anOTruncOpenKillsSuidgidWhenAsked() throws Exception {
        long node = file("f", 06755);
        assertEquals(0, fs.open(g.ctx, node, FcntlH.O_WRONLY | FcntlH.O_TRUNC, FuseH.FUSE_OPEN_KILL_SUIDGID,
                g.open()));
        assertEquals(0755, mode("f"));
    }

    private int write(long fh, int writeFlags) {
        MemorySegment in = g.arena.allocate(FuseWriteIn.LAYOUT);
        in.set(JAVA_LONG, FuseWriteIn.OFFSET_FH, fh);
        in.set(JAVA_INT, FuseWriteIn.OFFSET_SIZE, 1);
        in.set(JAVA_INT, FuseWriteIn.OFFSET_WRITE_FLAGS, writeFlags);
        WriteSource src = new WriteSource(g.arena, 1);
        src.add(g.arena.allocate(1), 0, 1);
        return fs.write(g.ctx, 0, new WriteIn().wrap(in, 0), src);
    }

    @Test
    void aWriteKillsSuidAndGroupExecutableSgidWhenAsked() throws Exception {
        long both = g.openFile(file("both", 06755), FcntlH.O_WRONLY);
        long noGroupExec = g.openFile(file("noGroupExec", 06745), FcntlH.O_WRONLY);
        long unasked = g.openFile(file("unasked", 06755), FcntlH.O_WRONLY);
        assertEquals(1, write(both, FuseH.FUSE_WRITE_KILL_SUIDGID));
        assertEquals(0755, mode("both"));
        assertEquals(1, write(noGroupExec, FuseH.FUSE_WRITE_KILL_SUIDGID));
        assertEquals(02745, mode("noGroupExec"), "set-group-id without group execute marks mandatory locking");
        assertEquals(1, write(unasked, 0));
        assertEquals(06755, mode("unasked"));
    }

    private int setattr(long node, int valid) {
        return g.setattr(node, valid, in -> {
            in.set(JAVA_LONG, FuseSetattrIn.OFFSET_SIZE, 1);
            in.set(JAVA_INT, FuseSetattrIn.OFFSET_UID, 1000);
            in.set(JAVA_INT, FuseSetattrIn.OFFSET_GID, 1000);
        });
    }

    @Test
    void aTruncateKillsSuidgidWhenAsked() throws Exception {
        assertEquals(0, setattr(file("asked", 06755), FuseH.FATTR_SIZE | FuseH.FATTR_KILL_SUIDGID));
        assertEquals(1L, Files.size(share.resolve("asked")));
        assertEquals(0755, mode("asked"));
        assertEquals(0, setattr(file("unasked", 06755), FuseH.FATTR_SIZE));
        assertEquals(06755, mode("unasked"));
    }

    /** The host's own chown clears the bits as well (fs/open.c chown_common), so this pins the outcome. */
    @Test
    void aChownKillsSuidgidWhenAsked() throws Exception {
        assertEquals(0, setattr(file("f", 06755), FuseH.FATTR_UID | FuseH.FATTR_GID | FuseH.FATTR_KILL_SUIDGID));
        assertEquals(1000, (int) Files.getAttribute(share.resolve("f"), "unix:uid"));
        assertEquals(0755, mode("f"));
    }

    /** INIT as a kernel offering every flag; returns what the file system agreed to. */
    private static InitConfig initOfferingAll(PassthroughFs fs, Guest g) {
        InitConfig init = new InitConfig(7, 45, -1L, 0, 0L, 1 << 20, 256, 64, 48, 1, null, null);
        assertEquals(0, fs.init(g.ctx, init));
        return init;
    }

    @Test
    void killprivV2IsOfferedByDefaultAndNotWhenSwitchedOff() {
        InitConfig on = initOfferingAll(fs, g);
        assertTrue(on.enabled(FuseH.FUSE_HANDLE_KILLPRIV_V2));
        assertTrue(on.enabled(FuseH.FUSE_CREATE_SUPP_GROUP));
        try (PassthroughFs off = new PassthroughFs(PassthroughConfig.of(share).withKillprivV2(false));
             Guest og = new Guest(off)) {
            InitConfig agreed = initOfferingAll(off, og);
            assertFalse(agreed.enabled(FuseH.FUSE_HANDLE_KILLPRIV_V2),
                    "--no-killpriv-v2: the kernel kills the bits itself (SETATTR of the mode)");
            assertFalse(agreed.enabled(FuseH.FUSE_HANDLE_KILLPRIV), "nor the old protocol");
            assertTrue(agreed.enabled(FuseH.FUSE_CREATE_SUPP_GROUP));
        }
    }
}
