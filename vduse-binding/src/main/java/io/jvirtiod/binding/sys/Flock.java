package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct flock} (fcntl.h, x86-64): the byte-range lock of fcntl F_OFD_GETLK/SETLK/SETLKW. */
public final class Flock {
    private Flock() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_type"),    // F_RDLCK, F_WRLCK or F_UNLCK
            JAVA_SHORT.withName("l_whence"),  // SEEK_SET/CUR/END for l_start
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("l_start"),    // first byte
            JAVA_LONG.withName("l_len"),      // length, 0 = to end of file
            JAVA_INT.withName("l_pid"),       // owner pid (-1 for OFD locks in GETLK answers), must be 0 in
            MemoryLayout.paddingLayout(4)
    ).withName("struct flock");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_L_TYPE = LAYOUT.byteOffset(groupElement("l_type"));
    public static final long OFFSET_L_WHENCE = LAYOUT.byteOffset(groupElement("l_whence"));
    public static final long OFFSET_L_START = LAYOUT.byteOffset(groupElement("l_start"));
    public static final long OFFSET_L_LEN = LAYOUT.byteOffset(groupElement("l_len"));
    public static final long OFFSET_L_PID = LAYOUT.byteOffset(groupElement("l_pid"));

    /** Fills a lock request; OFD locks need l_pid 0. */
    public static void set(MemorySegment f, int type, int whence, long start, long len) {
        f.set(JAVA_SHORT, OFFSET_L_TYPE, (short) type);
        f.set(JAVA_SHORT, OFFSET_L_WHENCE, (short) whence);
        f.set(JAVA_LONG, OFFSET_L_START, start);
        f.set(JAVA_LONG, OFFSET_L_LEN, len);
        f.set(JAVA_INT, OFFSET_L_PID, 0);
    }

    public static int type(MemorySegment f) { return f.get(JAVA_SHORT, OFFSET_L_TYPE); }
    public static long start(MemorySegment f) { return f.get(JAVA_LONG, OFFSET_L_START); }
    public static long len(MemorySegment f) { return f.get(JAVA_LONG, OFFSET_L_LEN); }
    public static int pid(MemorySegment f) { return f.get(JAVA_INT, OFFSET_L_PID); }
}
