package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct file_handle} (fcntl.h): an opaque, persistent name of an inode that name_to_handle_at(2) returns
 * and open_by_handle_at(2) reopens. The passthrough file system keeps handles instead of one open fd per inode.
 * The C struct ends in the flexible array {@code f_handle[]}; the layout covers the fixed header and
 * {@link #OFFSET_F_HANDLE} is where the handle bytes start (at most {@link #MAX_HANDLE_SZ}).
 */
public final class FileHandle {
    private FileHandle() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("handle_bytes"),  // in: capacity of f_handle; out: bytes used
            JAVA_INT.withName("handle_type")    // file-system specific handle type
    ).withName("struct file_handle");

    /** Largest handle the kernel returns ({@link FileHandleH#MAX_HANDLE_SZ}). */
    public static final int MAX_HANDLE_SZ = FileHandleH.MAX_HANDLE_SZ;

    public static final long OFFSET_HANDLE_BYTES = LAYOUT.byteOffset(groupElement("handle_bytes"));
    public static final long OFFSET_HANDLE_TYPE = LAYOUT.byteOffset(groupElement("handle_type"));
    /** The flexible array member f_handle starts right after the fixed header. */
    public static final long OFFSET_F_HANDLE = LAYOUT.byteSize();
    /** Size of a buffer that holds any handle. */
    public static final long MAX_SIZE = OFFSET_F_HANDLE + MAX_HANDLE_SZ;

    public static int handleBytes(MemorySegment h) { return h.get(JAVA_INT, OFFSET_HANDLE_BYTES); }
    public static int handleType(MemorySegment h) { return h.get(JAVA_INT, OFFSET_HANDLE_TYPE); }
    public static void handleBytes(MemorySegment h, int n) { h.set(JAVA_INT, OFFSET_HANDLE_BYTES, n); }

    /** The whole used part of a filled handle: header plus handle_bytes bytes. */
    public static long usedSize(MemorySegment h) { return OFFSET_F_HANDLE + handleBytes(h); }
}
