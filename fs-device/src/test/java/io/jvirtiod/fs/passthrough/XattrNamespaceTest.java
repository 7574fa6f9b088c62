package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guest's xattr names as the host file sees them. The daemon is root, so a guest's trusted.* or security.*
 * name passed through would mean to the host what it means to a root process of the host (overlayfs redirects,
 * SELinux labels): by default they are refused and hidden; with virtiofsd's remap recipe they live under
 * user.virtiofs. on the host, the guest seeing its own names.
 */
class XattrNamespaceTest {
    @TempDir
    Path share;
    private final Arena arena = Arena.ofShared();
    private PassthroughFs fs;
    private Guest g;
    private long node;

    /** Serves the share with {@code config} and looks up a fresh file "f" in it. */
    private void serve(PassthroughConfig config) throws Exception {
        Require.root();
        Files.writeString(share.resolve("f"), "content");
        fs = new PassthroughFs(config);
        g = new Guest(fs);
        node = g.lookup(1, "f");
        assertTrue(node > 0, "LOOKUP f");
    }

    @AfterEach
    void stop() {
        if (g != null) g.close();
        if (fs != null) fs.close();
        arena.close();
    }

    private int set(String name, String value) {
        return fs.setxattr(g.ctx, node, g.name(name), g.arena.allocateFrom(value), 0, value.length(), 0, 0);
    }

    /** The guest's GETXATTR: the value, or "errno N". */
    private String get(String name) {
        MemorySegment buf = g.arena.allocate(256);
        int n = fs.getxattr(g.ctx, node, g.name(name), new ByteSink().wrap(buf, 0, 256));
        return n < 0 ? "errno " + -n : new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** The guest's LISTXATTR. */
    private List<String> guestNames() {
        MemorySegment buf = g.arena.allocate(4096);
        int n = fs.listxattr(g.ctx, node, new ByteSink().wrap(buf, 0, 4096));
        assertTrue(n >= 0, "LISTXATTR: " + n);
        return names(buf, n);
    }

    /** The host file's names, as listxattr(2) lists them. */
    private List<String> hostNames() {
        MemorySegment buf = arena.allocate(4096);
        long n = Xattr.listxattrRaw(arena.allocateFrom(share.resolve("f").toString()), buf);
        assertTrue(n >= 0, "listxattr: " + n);
        return names(buf, (int) n);
    }

    private int hostSet(String name, String value) {
        return Xattr.setxattrRaw(arena.allocateFrom(share.resolve("f").toString()), arena.allocateFrom(name),
                arena.allocateFrom(value).asSlice(0, value.length()), 0);
    }

    private static List<String> names(MemorySegment buf, int n) {
        List<String> out = new ArrayList<>();
        for (int at = 0; at < n; ) {
            String s = buf.getString(at);
            out.add(s);
            at += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return out;
    }

    @Test
    void trustedAndSecurityNamesOfTheGuestAreRefusedByDefaultAndNeverReachTheHost() throws Exception {
        serve(PassthroughConfig.of(share));
        assertEquals(-Errno.EPERM, set("trusted.overlay.redirect", "/elsewhere"));
        assertEquals(-Errno.EPERM, set("security.selinux", "system_u:object_r:shadow_t:s0"));
        assertEquals(-Errno.EOPNOTSUPP, set("system.posix_acl_access", "junk"), "ACLs are not negotiated");
        assertEquals(List.of(), hostNames(), "nothing landed on the host file");
        assertEquals("errno " + Errno.ENODATA, get("trusted.overlay.redirect"), "a refused name reads as absent");
        assertEquals(-Errno.EPERM, fs.removexattr(g.ctx, node, g.name("trusted.overlay.redirect")));
        assertEquals(0, set("user.k", "v"), "user.* passes");
        assertEquals(List.of("user.k"), hostNames());
    }

    @Test
    void theHostsTrustedAndSecurityNamesAreHiddenFromTheGuestByDefault() throws Exception {
        serve(PassthroughConfig.of(share));
        assertEquals(0, hostSet("trusted.overlay.opaque", "y"));
        assertEquals(0, hostSet("user.k", "v"));
        assertEquals(List.of("user.k"), guestNames());
        assertEquals("errno " + Errno.ENODATA, get("trusted.overlay.opaque"));
    }

    @Test
    void theRemapRecipeStoresTrustedUnderUserVirtiofsAndTheGuestReadsItBack() throws Exception {
        serve(PassthroughConfig.of(share).withXattrMap(XattrMap.parse("/map/trusted./user.virtiofs./")));
        assertEquals(0, hostSet("trusted.host", "h"));
        assertEquals(0, set("trusted.overlay.redirect", "/elsewhere"));
        assertEquals(List.of("trusted.host", "user.virtiofs.trusted.overlay.redirect"),
                hostNames().stream().sorted().toList(), "landed in the user namespace");
        assertEquals("/elsewhere", get("trusted.overlay.redirect"));
        assertEquals(List.of("trusted.overlay.redirect"), guestNames(), "the host's own trusted.host is hidden");
        assertEquals(-Errno.EPERM, set("user.virtiofs.trusted.x", "v"), "no way around the prefix");
        assertEquals(0, fs.removexattr(g.ctx, node, g.name("trusted.overlay.redirect")));
        assertEquals(List.of("trusted.host"), hostNames());
    }

    @Test
    void aRenamedSecurityCapabilityIsDroppedOnWriteTruncateChownAndTruncatingOpenAsTheKernelDropsTheRealOne()
            throws Exception {
        serve(PassthroughConfig.of(share).withXattrMap(XattrMap.parse(":map::user.virtiofs.:")));
        String stored = "user.virtiofs.security.capability";
        long fh = g.openFile(node, FcntlH.O_WRONLY);
        assertTrue(fh >= 0, "OPEN: " + fh);

        assertEquals(0, set("security.capability", "caps"));
        assertEquals(List.of(stored), hostNames());
        assertEquals(2, g.write(fh, 0, "ab"));
        assertEquals(List.of(), hostNames(), "WRITE dropped it");

        assertEquals(0, set("security.capability", "caps"));
        assertEquals(0, g.setattr(node, FuseH.FATTR_SIZE, in -> in.set(JAVA_LONG, FuseSetattrIn.OFFSET_SIZE, 1)));
        assertEquals(List.of(), hostNames(), "a truncating SETATTR dropped it");

        assertEquals(0, set("security.capability", "caps"));
        assertEquals(0, g.setattr(node, FuseH.FATTR_UID, in -> in.set(JAVA_INT, FuseSetattrIn.OFFSET_UID, 0)));
        assertEquals(List.of(), hostNames(), "a chown dropped it");

        assertEquals(0, set("security.capability", "caps"));
        assertTrue(g.openFile(node, FcntlH.O_WRONLY | FcntlH.O_TRUNC) >= 0);
        assertEquals(List.of(), hostNames(), "an O_TRUNC OPEN dropped it");

        assertEquals(0, set("security.capability", "caps"));
        assertEquals(0, set("user.other", "v"));
        assertTrue(g.openFile(node, FcntlH.O_RDONLY) >= 0);
        assertEquals(List.of("user.virtiofs.security.capability", "user.virtiofs.user.other"),
                hostNames().stream().sorted().toList(), "a plain OPEN keeps it, and the other names stay");
    }
}
