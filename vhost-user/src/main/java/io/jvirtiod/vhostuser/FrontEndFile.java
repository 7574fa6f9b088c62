package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.StatH;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Checks that a file a front-end shares holds the bytes it announces. mmap(2) maps a range past the end of its
 * file without complaint, and the first access there raises SIGBUS, which the JVM turns into an InternalError
 * in whatever thread touched it (a queue worker, the connection thread): a 1 MiB memfd announced as 16 MiB would
 * map fine and fault later. So every range is checked against the file's size before it is mapped.
 */
final class FrontEndFile {
    private FrontEndFile() {}

    /**
     * Refuses {@code [offset, offset + size)} of {@code fd} unless it lies inside the file. vhost-user.rst,
     * SET_MEM_TABLE: "an array of file descriptors for each memory mapped region", and "Memory region
     * description": "mmap offset: 64-bit offset where region starts in the mapped memory"; "Inflight
     * description": "mmap offset: a 64-bit offset of this area from the start of the supplied file descriptor".
     * So the range must be in the file; only a regular file (memfd, hugetlbfs, tmpfs) has a size that says so.
     *
     * @param which names the region in the error (request, index, addresses)
     */
    static void requireCovers(String which, int fd, long offset, long size) throws VhostUserProtocolException {
        if (size <= 0 || offset < 0 || offset > Long.MAX_VALUE - size) {
            throw new VhostUserProtocolException(which + ": size and offset must be positive and fit a file");
        }
        long fileSize;
        int mode;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(Stat.LAYOUT);
            int r = FileStat.fstatRaw(fd, st);
            if (r < 0) throw new VhostUserProtocolException(which + ": fstat of its fd failed: " + Errno.name(-r));
            fileSize = Stat.size(st);
            mode = Stat.mode(st);
        }
        if (!StatH.isReg(mode)) {
            throw new VhostUserProtocolException(which + ": its fd is not a regular file (mode 0"
                    + Integer.toOctalString(mode) + "), so its size cannot be checked");
        }
        if (offset + size > fileSize) {
            throw new VhostUserProtocolException(which + ": mmap_offset 0x" + Long.toHexString(offset) + " + size 0x"
                    + Long.toHexString(size) + " runs past the end of its fd, a file of 0x"
                    + Long.toHexString(fileSize) + " bytes (accessing the rest would fault)");
        }
    }
}
