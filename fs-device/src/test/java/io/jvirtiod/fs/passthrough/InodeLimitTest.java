package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --inode-limit}: past N inodes held by the kernel, whatever would add one more is answered ENFILE. */
class InodeLimitTest {
    @TempDir
    Path share;
    PassthroughFs fs;
    Guest g;

    @AfterEach
    void tearDown() {
        if (g != null) g.close();
        if (fs != null) fs.close();
    }

    @Test
    void pastTheLimitLookupsAndCreatesAreAnsweredENFILEUntilTheKernelForgets() throws Exception {
        for (String n : new String[] {"a", "b", "c"}) Files.writeString(share.resolve(n), n);
        fs = new PassthroughFs(PassthroughConfig.of(share).withInodeLimit(3)); // the root and two more
        g = new Guest(fs);
        long a = g.lookup(1, "a");
        assertTrue(g.lookup(1, "b") > 1);
        assertEquals(3, fs.inodes().size());
        assertEquals(-Errno.ENFILE, g.lookup(1, "c"));
        assertEquals(a, g.lookup(1, "a"), "an inode already held is still found");
        assertEquals(-Errno.ENFILE, g.create(1, "new", FcntlH.O_RDWR, 0644));
        assertEquals(-Errno.ENFILE, g.mkdir(1, "dir", 0755));
        assertEquals(-Errno.ENFILE, g.symlink(1, "link", "a"));
        assertFalse(Files.exists(share.resolve("new")), "refused before anything was made on the host");
        assertFalse(Files.exists(share.resolve("dir")));
        assertEquals(3, fs.inodes().size(), "the table did not grow");
        g.fs.forget(g.ctx, a, 2);
        assertTrue(g.lookup(1, "c") > 1, "a forgotten inode makes room");
    }

    @Test
    void theLimitIsUnboundedByDefaultAndAtLeastTheRoot() {
        assertEquals(PassthroughConfig.UNLIMITED_INODES, PassthroughConfig.of(share).inodeLimit());
        assertThrows(IllegalArgumentException.class, () -> PassthroughConfig.of(share).withInodeLimit(0));
    }
}
