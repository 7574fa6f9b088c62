package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseNotifyDeleteOut;
import io.jvirtiod.binding.fuse.FuseNotifyInvalEntryOut;
import io.jvirtiod.binding.fuse.FuseNotifyInvalInodeOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Encodes unsolicited notifications: an out-header with unique 0 and the notify code in the error field,
 * then the notification's struct and, for entries, the name and its NUL (fs/fuse/dev.c checks that exact
 * size). Each method writes at offset 0 of {@code buf} and returns the total length.
 */
public final class NotifyEncoder {
    private NotifyEncoder() {}

    /** Longest name a notification may carry (fs/fuse: FUSE_NAME_MAX). */
    public static final int MAX_NAME = 1024;

    public static int invalInode(MemorySegment buf, long nodeid, long offset, long length) {
        int len = (int) (FuseOutHeader.SIZE + FuseNotifyInvalInodeOut.SIZE);
        header(buf, len, FuseH.FUSE_NOTIFY_INVAL_INODE);
        long o = FuseOutHeader.SIZE;
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyInvalInodeOut.OFFSET_INO, nodeid);
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyInvalInodeOut.OFFSET_OFF, offset);
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyInvalInodeOut.OFFSET_LEN, length);
        return len;
    }

    public static int invalEntry(MemorySegment buf, long parent, byte[] name, boolean expireOnly) {
        checkName(name);
        int len = (int) (FuseOutHeader.SIZE + FuseNotifyInvalEntryOut.SIZE + name.length + 1);
        header(buf, len, FuseH.FUSE_NOTIFY_INVAL_ENTRY);
        long o = FuseOutHeader.SIZE;
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyInvalEntryOut.OFFSET_PARENT, parent);
        buf.set(JAVA_INT_UNALIGNED, o + FuseNotifyInvalEntryOut.OFFSET_NAMELEN, name.length);
        buf.set(JAVA_INT_UNALIGNED, o + FuseNotifyInvalEntryOut.OFFSET_FLAGS, expireOnly ? FuseH.FUSE_EXPIRE_ONLY : 0);
        name(buf, o + FuseNotifyInvalEntryOut.SIZE, name);
        return len;
    }

    public static int delete(MemorySegment buf, long parent, long child, byte[] name) {
        checkName(name);
        int len = (int) (FuseOutHeader.SIZE + FuseNotifyDeleteOut.SIZE + name.length + 1);
        header(buf, len, FuseH.FUSE_NOTIFY_DELETE);
        long o = FuseOutHeader.SIZE;
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyDeleteOut.OFFSET_PARENT, parent);
        buf.set(JAVA_LONG_UNALIGNED, o + FuseNotifyDeleteOut.OFFSET_CHILD, child);
        buf.set(JAVA_INT_UNALIGNED, o + FuseNotifyDeleteOut.OFFSET_NAMELEN, name.length);
        buf.set(JAVA_INT_UNALIGNED, o + FuseNotifyDeleteOut.OFFSET_PADDING, 0);
        name(buf, o + FuseNotifyDeleteOut.SIZE, name);
        return len;
    }

    public static int resend(MemorySegment buf) {
        int len = (int) FuseOutHeader.SIZE;
        header(buf, len, FuseH.FUSE_NOTIFY_RESEND);
        return len;
    }

    private static void checkName(byte[] name) {
        if (name.length == 0 || name.length > MAX_NAME) {
            throw new IllegalArgumentException("a notified name has 1.." + MAX_NAME + " bytes, not " + name.length);
        }
        for (byte b : name) {
            if (b == 0 || b == '/') throw new IllegalArgumentException("a notified name is one path component");
        }
    }

    private static void header(MemorySegment buf, int len, int code) {
        if (buf.byteSize() < len) throw new IllegalArgumentException(len + "-byte notification, " + buf.byteSize()
                + "-byte buffer");
        buf.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_LEN, len);
        buf.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_ERROR, code);
        buf.set(JAVA_LONG_UNALIGNED, FuseOutHeader.OFFSET_UNIQUE, 0L);
    }

    private static void name(MemorySegment buf, long at, byte[] name) {
        MemorySegment.copy(name, 0, buf, JAVA_BYTE, at, name.length);
        buf.set(JAVA_BYTE, at + name.length, (byte) 0);
    }
}
