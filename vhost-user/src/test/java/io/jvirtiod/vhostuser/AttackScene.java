package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Xattr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ground an attack is run on, the same for every driver: a world-writable shared directory holding a benign
 * file ({@link #PROBE}), and beside it a canary directory (a root-only secret, a subdirectory, planted symlinks
 * into it from the share) whose every byte, mode, owner and xattr is recorded before the attack and compared
 * after it, together with the names beside the share: nothing outside the share may change.
 */
final class AttackScene {
    /** A file in the share that a benign request after each attack must still reach. */
    static final String PROBE = "probe";
    static final String SECRET = "do not touch";

    final Path share;
    final Path canary;
    private final Path beside;
    private final Map<String, String> before;

    AttackScene(Path tmp) throws IOException {
        beside = tmp;
        share = Files.createDirectory(tmp.resolve("share"));
        Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(share.resolve(PROBE), "benign");
        canary = Files.createDirectory(tmp.resolve("canary"));
        Path secret = Files.writeString(canary.resolve("secret"), SECRET);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectory(canary.resolve("sub"));
        Files.createSymbolicLink(share.resolve("to-secret"), secret);
        Files.createSymbolicLink(share.resolve("to-canary"), Path.of("../canary"));
        Files.createSymbolicLink(share.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(share.resolve("magic"), Path.of("/proc/self/root"));
        before = snapshot();
    }

    /** Fails if anything in the canary directory, or the set of names beside the share, changed. */
    void assertNothingOutsideChanged() {
        assertEquals(before, snapshot(), "the canary directory beside the share changed");
    }

    /** Every path in the canary directory with its type, mode, owner, size, content and xattr names. */
    private Map<String, String> snapshot() {
        Map<String, String> s = new TreeMap<>();
        try (Stream<Path> names = Files.list(beside); Stream<Path> all = Files.walk(canary)) {
            s.put("names beside the share", names.map(p -> p.getFileName().toString()).sorted().toList().toString());
            for (Path p : all.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "";
                s.put(canary.relativize(p).toString(), Integer.toOctalString((int) a.get("mode")) + " " + a.get("uid")
                        + ":" + a.get("gid") + " " + a.get("size") + " '" + content + "' " + xattrNames(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The xattr names of {@code p} as listxattr(2) lists them (following a final symlink), [] on an error. */
    static List<String> xattrNames(Path p) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = Xattr.listxattrRaw(a.allocateFrom(p.toString()), buf);
            List<String> names = new ArrayList<>();
            for (int i = 0, start = 0; i < n; i++) {
                if (buf.get(JAVA_BYTE, i) == 0) {
                    names.add(new String(buf.asSlice(start, i - start).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return names;
        }
    }
}
