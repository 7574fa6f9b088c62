package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds FUSE request bytes by hand, as the kernel lays them out (little-endian, in-header first). */
final class RequestBuilder {
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

    private RequestBuilder(int opcode) {
        this.opcode = opcode;
    }

    static RequestBuilder request(int opcode) {
        return new RequestBuilder(opcode);
    }

    RequestBuilder unique(long u) {
        unique = u;
        return this;
    }

    RequestBuilder nodeid(long n) {
        nodeid = n;
        return this;
    }

    RequestBuilder caller(int uid, int gid, int pid) {
        this.uid = uid;
        this.gid = gid;
        this.pid = pid;
        return this;
    }

    RequestBuilder u32(int v) {
        args.writeBytes(le(4).putInt(v).array());
        return this;
    }

    RequestBuilder u64(long v) {
        args.writeBytes(le(8).putLong(v).array());
        return this;
    }

    RequestBuilder zeros(int n) {
        args.writeBytes(new byte[n]);
        return this;
    }

    /** A name and its NUL. */
    RequestBuilder name(String s) {
        args.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        args.write(0);
        return this;
    }

    RequestBuilder bytes(byte[] b) {
        args.writeBytes(b);
        return this;
    }

    /** A FUSE_EXT_GROUPS extension with these gids (padded to 8 bytes). */
    RequestBuilder groups(int... gids) {
        int size = (8 + 4 + 4 * gids.length + 7) & ~7;
        ByteBuffer b = le(size).putInt(size).putInt(FuseH.FUSE_EXT_GROUPS).putInt(gids.length);
        for (int g : gids) b.putInt(g);
        ext.writeBytes(b.array());
        return this;
    }

    RequestBuilder rawExtension(byte[] b) {
        ext.writeBytes(b);
        return this;
    }

    RequestBuilder len(long v) {
        lenOverride = v;
        return this;
    }

    RequestBuilder extlen(int units) {
        extlenOverride = units;
        return this;
    }

    byte[] build() {
        byte[] a = args.toByteArray();
        byte[] e = ext.toByteArray();
        int total = 40 + a.length + e.length;
        ByteBuffer b = le(total);
        b.putInt(lenOverride != null ? (int) (long) lenOverride : total).putInt(opcode).putLong(unique)
                .putLong(nodeid).putInt(uid).putInt(gid).putInt(pid)
                .putShort((short) (extlenOverride != null ? extlenOverride : e.length / 8)).putShort((short) 0);
        b.put(a).put(e);
        return b.array();
    }

    /** The request copied into native memory of exactly its size. */
    MemorySegment segment(Arena arena) {
        byte[] b = build();
        MemorySegment s = arena.allocate(Math.max(b.length, 1), 8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, 0, b.length);
        return s;
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An INIT request as kernel 6.18 sends it (7.45, flags 0x73fffffb, flags2 0x5fd). */
    static RequestBuilder init6_18() {
        return init(45, 0x73fffffb, 0x5fd);
    }

    static RequestBuilder init(int minor, int flags, int flags2) {
        return request(FuseH.FUSE_INIT).unique(2).nodeid(0).u32(7).u32(minor).u32(128 * 1024).u32(flags)
                .u32(flags2).zeros(44);
    }
}
