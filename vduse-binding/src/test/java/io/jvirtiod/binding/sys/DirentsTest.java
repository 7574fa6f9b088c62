package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirentsTest {

    /** Reads the whole directory from {@code start}, returning name -> d_off. */
    static Map<String, Long> readAll(int fd, long start, MemorySegment buf, Map<String, Integer> types) {
        FileData.lseek(fd, start, SeekH.SEEK_SET);
        Map<String, Long> out = new HashMap<>();
        long n;
        while ((n = Dirents.getdents64(fd, buf)) > 0) {
            for (long at = 0; at < n && Dirent64.fits(at, n); at += Dirent64.reclen(buf, at)) {
                int len = Dirent64.nameLength(buf, at);
                String name = new String(buf.asSlice(at + Dirent64.OFFSET_D_NAME, len).toArray(JAVA_BYTE),
                        StandardCharsets.UTF_8);
                out.put(name, Dirent64.off(buf, at));
                if (types != null) types.put(name, Dirent64.type(buf, at));
            }
        }
        return out;
    }

    @Test
    void getdentsListsEveryEntryWithTypesAndResumesAtAnyCookie() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            for (int i = 0; i < 300; i++) Files.writeString(d.resolve("file-" + i), "");
            Files.createDirectory(d.resolve("sub"));
            int fd = d.open(".", FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            try {
                MemorySegment buf = a.allocate(2048);
                Map<String, Integer> types = new HashMap<>();
                Map<String, Long> all = readAll(fd, 0, buf, types);
                assertEquals(303, all.size()); // . and .. and 301 entries
                assertEquals(DirentH.DT_DIR, types.get("sub"));
                assertEquals(DirentH.DT_REG, types.get("file-7"));
                // Resuming at the cookie of an entry yields exactly the entries after it.
                long cookie = all.get("file-150");
                Map<String, Long> rest = readAll(fd, cookie, buf, null);
                TreeSet<Long> later = new TreeSet<>();
                for (long off : all.values()) later.add(off);
                assertTrue(rest.size() > 0 && rest.size() < all.size());
                for (var e : rest.entrySet()) assertEquals(all.get(e.getKey()), e.getValue());
            } finally {
                FileIo.close(fd);
            }
        }
    }
}
