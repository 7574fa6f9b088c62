package io.jvirtiod.mock;

import io.jvirtiod.binding.fuse.FuseExtHeader;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseInitIn;
import io.jvirtiod.binding.fuse.FuseSuppGroups;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.jvirtiod.binding.virtio.VirtioEndian.U16;
import static io.jvirtiod.binding.virtio.VirtioEndian.U32;
import static io.jvirtiod.binding.virtio.VirtioEndian.U64;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Builds FUSE request bytes by hand, as the kernel lays them out (little-endian, in-header first, then the
 * arguments, then the extensions), and can lie in the header's len and total_extlen as a malicious guest could.
 * Why here: the FUSE decoder (fs-device), the virtio-fs queue server and the vhost-user back-end are all fed
 * requests built the same way. A header alone ({@code request(op).build()} with no arguments) is the first
 * descriptor of a chain in the one-descriptor-per-part layout of Linux's virtio_fs driver.
 */
public final class FuseRequest {
    private final ByteArrayOutputStream args = new ByteArrayOutputStream();
    private final ByteArrayOutputStream ext = new ByteArrayOutputStream();
    private final int opcode;
    private long unique = 42;
    private long nodeid = FuseH.FUSE_ROOT_ID;
    private int uid = 1000;
    private int gid = 1001;
    private int pid = 4242;
    private Long lenOverride;
    private Integer extlenOverride;

    private FuseRequest(int opcode) {
        this.opcode = opcode;
    }

    public static FuseRequest request(int opcode) {
        return new FuseRequest(opcode);
    }

    public FuseRequest unique(long u) {
        unique = u;
        return this;
    }

    public FuseRequest nodeid(long n) {
        nodeid = n;
        return this;
    }

    public FuseRequest caller(int uid, int gid, int pid) {
        this.uid = uid;
        this.gid = gid;
        this.pid = pid;
        return this;
    }

    public FuseRequest u32(int v) {
        args.writeBytes(le(4).putInt(v).array());
        return this;
    }

    public FuseRequest u64(long v) {
        args.writeBytes(le(8).putLong(v).array());
        return this;
    }

    public FuseRequest zeros(int n) {
        args.writeBytes(new byte[n]);
        return this;
    }

    /** A name and its NUL. */
    public FuseRequest name(String s) {
        args.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        args.write(0);
        return this;
    }

    public FuseRequest bytes(byte[] b) {
        args.writeBytes(b);
        return this;
    }

    /** A FUSE_EXT_GROUPS extension with these gids (padded to 8 bytes). */
    public FuseRequest groups(int... gids) {
        int size = (int) ((FuseExtHeader.SIZE + FuseSuppGroups.SIZE + 4L * gids.length + 7) & ~7);
        MemorySegment e = MemorySegment.ofArray(new byte[size]);
        e.set(U32, FuseExtHeader.OFFSET_SIZE, size);
        e.set(U32, FuseExtHeader.OFFSET_TYPE, FuseH.FUSE_EXT_GROUPS);
        e.set(U32, FuseExtHeader.SIZE + FuseSuppGroups.OFFSET_NR_GROUPS, gids.length);
        for (int i = 0; i < gids.length; i++) e.set(U32, FuseExtHeader.SIZE + FuseSuppGroups.SIZE + 4L * i, gids[i]);
        ext.writeBytes(e.toArray(JAVA_BYTE));
        return this;
    }

    public FuseRequest rawExtension(byte[] b) {
        ext.writeBytes(b);
        return this;
    }

    /** The header's len, whatever the request carries. */
    public FuseRequest len(long v) {
        lenOverride = v;
        return this;
    }

    /** The header's total_extlen (in 8-byte units), whatever the request carries. */
    public FuseRequest extlen(int units) {
        extlenOverride = units;
        return this;
    }

    public byte[] build() {
        byte[] a = args.toByteArray();
        byte[] e = ext.toByteArray();
        int total = (int) FuseInHeader.SIZE + a.length + e.length;
        byte[] out = new byte[total];
        MemorySegment h = MemorySegment.ofArray(out);
        h.set(U32, FuseInHeader.OFFSET_LEN, lenOverride != null ? (int) (long) lenOverride : total);
        h.set(U32, FuseInHeader.OFFSET_OPCODE, opcode);
        h.set(U64, FuseInHeader.OFFSET_UNIQUE, unique);
        h.set(U64, FuseInHeader.OFFSET_NODEID, nodeid);
        h.set(U32, FuseInHeader.OFFSET_UID, uid);
        h.set(U32, FuseInHeader.OFFSET_GID, gid);
        h.set(U32, FuseInHeader.OFFSET_PID, pid);
        h.set(U16, FuseInHeader.OFFSET_TOTAL_EXTLEN, (short) (extlenOverride != null ? extlenOverride : e.length / 8));
        System.arraycopy(a, 0, out, (int) FuseInHeader.SIZE, a.length);
        System.arraycopy(e, 0, out, (int) FuseInHeader.SIZE + a.length, e.length);
        return out;
    }

    /** The request copied into native memory of exactly its size. */
    public MemorySegment segment(Arena arena) {
        byte[] b = build();
        MemorySegment s = arena.allocate(Math.max(b.length, 1), 8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, 0, b.length);
        return s;
    }

    /** A little-endian buffer of {@code n} bytes, for hand-made arguments and extensions. */
    public static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An INIT request as kernel 6.18 sends it (7.45, flags 0x73fffffb, flags2 0x5fd). */
    public static FuseRequest init6_18() {
        return init(45, 0x73fffffb, 0x5fd);
    }

    public static FuseRequest init(int minor, int flags, int flags2) {
        return request(FuseH.FUSE_INIT).unique(2).nodeid(0).bytes(initIn(minor, 128 * 1024, flags, flags2));
    }

    /** A {@code struct fuse_init_in} of protocol 7.{@code minor} offering {@code flags} and {@code flags2}. */
    public static byte[] initIn(int minor, int maxReadahead, int flags, int flags2) {
        MemorySegment in = MemorySegment.ofArray(new byte[(int) FuseInitIn.SIZE]);
        in.set(U32, FuseInitIn.OFFSET_MAJOR, FuseH.FUSE_KERNEL_VERSION);
        in.set(U32, FuseInitIn.OFFSET_MINOR, minor);
        in.set(U32, FuseInitIn.OFFSET_MAX_READAHEAD, maxReadahead);
        in.set(U32, FuseInitIn.OFFSET_FLAGS, flags);
        in.set(U32, FuseInitIn.OFFSET_FLAGS2, flags2);
        return in.toArray(JAVA_BYTE);
    }
}
