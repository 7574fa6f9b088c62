package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct sockaddr_un} (sys/un.h): a UNIX socket's file-system address, as bind and connect take it. */
public final class SockaddrUn {
    private SockaddrUn() {}

    /** Bytes of sun_path. */
    public static final int PATH_BYTES = 108;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),                                    // AF_UNIX
            MemoryLayout.sequenceLayout(PATH_BYTES, JAVA_BYTE).withName("sun_path") // NUL-terminated path
    ).withName("struct sockaddr_un");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SUN_FAMILY = LAYOUT.byteOffset(groupElement("sun_family"));
    public static final long OFFSET_SUN_PATH = LAYOUT.byteOffset(groupElement("sun_path"));

    /**
     * Fills {@code s} with AF_UNIX and {@code path}, NUL-terminated; returns the address length to pass to bind or
     * connect. A path that does not fit with its NUL, or that contains NUL, is refused rather than truncated (a
     * truncated path would bind or reach a different socket).
     */
    public static int set(MemorySegment s, String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length >= PATH_BYTES || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("UNIX socket path \"" + path + "\" must be 1.." + (PATH_BYTES - 1)
                    + " bytes without NUL, is " + b.length);
        }
        s.asSlice(0, SIZE).fill((byte) 0);
        s.set(JAVA_SHORT, OFFSET_SUN_FAMILY, (short) SocketH.AF_UNIX);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, OFFSET_SUN_PATH, b.length);
        return (int) (OFFSET_SUN_PATH + b.length + 1);
    }
}
