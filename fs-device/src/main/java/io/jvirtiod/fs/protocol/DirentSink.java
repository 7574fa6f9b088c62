package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseDirent;
import io.jvirtiod.binding.fuse.FuseDirentplus;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseH;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The body of a READDIR or READDIRPLUS reply being built: 8-byte aligned {@code fuse_dirent} (or
 * {@code fuse_direntplus}) records, never more than the size the kernel asked for.
 *
 * <p>Each record's {@code off} is the cookie the kernel passes back as the next READDIR's offset to continue
 * after that entry. For READDIRPLUS, a file system checks {@link #fitsPlus} before looking an entry up, so it
 * never counts a lookup for an entry that then does not fit (the kernel would never FORGET it).
 */
public final class DirentSink {
    /** Longest name the kernel accepts in a dirent (fs/fuse/readdir.c: FUSE_NAME_MAX). */
    public static final int MAX_NAME = 1024;

    private final EntryOut entry = new EntryOut();
    private MemorySegment s = MemorySegment.NULL;
    private long start;
    private long pos;
    private long limit;
    private boolean plus;

    /** Starts an empty body of at most {@code capacity} bytes at {@code offset} of {@code segment}. */
    public DirentSink wrap(MemorySegment segment, long offset, long capacity, boolean plus) {
        if (offset < 0 || capacity < 0 || offset > segment.byteSize() - capacity) {
            throw new IllegalArgumentException("dirent body [" + offset + ", +" + capacity + ") is outside a "
                    + segment.byteSize() + "-byte reply buffer");
        }
        this.s = segment;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + capacity;
        this.plus = plus;
        return this;
    }

    /** True for READDIRPLUS. */
    public boolean isPlus() {
        return plus;
    }

    /** Bytes of records so far. */
    public long length() {
        return pos - start;
    }

    private static long recordSize(long fixed, int nameLen) {
        return (fixed + nameLen + 7) & ~7L;
    }

    /** True if a READDIR record with a {@code nameLen}-byte name still fits. */
    public boolean fits(int nameLen) {
        return pos + recordSize(FuseH.FUSE_NAME_OFFSET, nameLen) <= limit;
    }

    /** True if a READDIRPLUS record with a {@code nameLen}-byte name still fits. */
    public boolean fitsPlus(int nameLen) {
        return pos + recordSize(FuseH.FUSE_NAME_OFFSET_DIRENTPLUS, nameLen) <= limit;
    }

    /**
     * Appends a READDIR record; false (and nothing written) if it does not fit.
     *
     * @param ino     inode number shown to the caller
     * @param off     cookie of the next entry
     * @param type    DT_* type (S_IFMT >> 12)
     */
    public boolean add(long ino, long off, int type, MemorySegment name, long nameOffset, int nameLen) {
        if (plus) throw new IllegalStateException("this is a READDIRPLUS reply: use addPlus");
        checkName(nameLen);
        if (!fits(nameLen)) return false;
        pos = record(pos, ino, off, type, name, nameOffset, nameLen);
        return true;
    }

    /** {@link #add} with a Java string name (allocates: for tests and synthetic entries). */
    public boolean add(long ino, long off, int type, String name) {
        MemorySegment b = MemorySegment.ofArray(name.getBytes(StandardCharsets.UTF_8));
        return add(ino, off, type, b, 0, (int) b.byteSize());
    }

    /**
     * Appends a READDIRPLUS record and returns its entry to fill (nodeid 0 leaves the entry unlooked-up, as
     * for "." and ".."), or null if it does not fit. The returned flyweight is valid until the next call.
     */
    public EntryOut addPlus(long ino, long off, int type, MemorySegment name, long nameOffset, int nameLen) {
        if (!plus) throw new IllegalStateException("this is a READDIR reply: use add");
        checkName(nameLen);
        if (!fitsPlus(nameLen)) return null;
        long at = pos;
        for (long i = at; i < at + FuseEntryOut.SIZE; i += 8) s.set(JAVA_LONG_UNALIGNED, i, 0L);
        entry.wrap(s, at + FuseDirentplus.OFFSET_ENTRY_OUT);
        pos = record(at + FuseDirentplus.OFFSET_DIRENT, ino, off, type, name, nameOffset, nameLen);
        return entry;
    }

    public EntryOut addPlus(long ino, long off, int type, String name) {
        MemorySegment b = MemorySegment.ofArray(name.getBytes(StandardCharsets.UTF_8));
        return addPlus(ino, off, type, b, 0, (int) b.byteSize());
    }

    private static void checkName(int nameLen) {
        if (nameLen <= 0 || nameLen > MAX_NAME) {
            throw new IllegalArgumentException("a dirent name has 1.." + MAX_NAME + " bytes, not " + nameLen);
        }
    }

    private long record(long at, long ino, long off, int type, MemorySegment name, long nameOffset, int nameLen) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseDirent.OFFSET_INO, ino);
        s.set(JAVA_LONG_UNALIGNED, at + FuseDirent.OFFSET_OFF, off);
        s.set(JAVA_INT_UNALIGNED, at + FuseDirent.OFFSET_NAMELEN, nameLen);
        s.set(JAVA_INT_UNALIGNED, at + FuseDirent.OFFSET_TYPE, type);
        long n = at + FuseH.FUSE_NAME_OFFSET;
        MemorySegment.copy(name, nameOffset, s, n, nameLen);
        long end = (n + nameLen + 7) & ~7L;
        for (long i = n + nameLen; i < end; i++) s.set(JAVA_BYTE, i, (byte) 0);
        return end;
    }
}
