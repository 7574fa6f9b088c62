package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One io_uring instance with 128-byte SQEs, driven by a single thread: io_uring_setup(2), the three mappings
 * (SQ ring, CQ ring, SQE array), filling SQEs, io_uring_enter(2) to submit and wait, and reading completions.
 * It exists for FUSE over io_uring, whose commands to /dev/fuse need IORING_SETUP_SQE128; the ring is set up
 * SINGLE_ISSUER and DEFER_TASKRUN so that the kernel's work for a completion runs in this thread when it waits,
 * not as an interrupt while it serves a request.
 *
 * <p>Indices follow the io_uring ABI: the daemon owns the SQ tail and the CQ head and publishes them with release
 * stores; it reads the kernel's SQ head and CQ tail with acquire loads. Not thread-safe.
 */
public final class IoUring implements AutoCloseable {
    /** x86-64 syscall numbers (asm/unistd_64.h); glibc 2.36 wraps neither. */
    private static final long SYS_IO_URING_SETUP = 425;
    private static final long SYS_IO_URING_ENTER = 426;

    private static final MethodHandle SYSCALL_SETUP = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_POINTER), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL_ENTER = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int fd;
    private final MemorySegment ring;     // SQ and CQ ring in one mapping (IORING_FEAT_SINGLE_MMAP)
    private final MemorySegment sqes;
    private final MemorySegment[] sqeViews; // one view per SQE, made once: handing out an SQE allocates nothing
    private final long sqHead, sqTail, sqArray, cqHead, cqTail, cqes;
    private final int sqMask, sqEntries, cqMask;
    private int sqLocalTail;
    private int toSubmit;

    private IoUring(int fd, MemorySegment params) {
        this.fd = fd;
        long so = IoUringParams.OFFSET_SQ_OFF, co = IoUringParams.OFFSET_CQ_OFF;
        int sqN = params.get(JAVA_INT, IoUringParams.OFFSET_SQ_ENTRIES);
        int cqN = params.get(JAVA_INT, IoUringParams.OFFSET_CQ_ENTRIES);
        int features = params.get(JAVA_INT, IoUringParams.OFFSET_FEATURES);
        if ((features & IoUringH.IORING_FEAT_SINGLE_MMAP) == 0 || (features & IoUringH.IORING_FEAT_NODROP) == 0) {
            throw new ErrnoException("io_uring_setup: kernel lacks IORING_FEAT_SINGLE_MMAP/NODROP (features 0x"
                    + Integer.toHexString(features) + ")", Errno.EOPNOTSUPP);
        }
        long sqSize = Integer.toUnsignedLong(params.get(JAVA_INT, so + IoUringParams.SQ_ARRAY)) + 4L * sqN;
        long cqSize = Integer.toUnsignedLong(params.get(JAVA_INT, co + IoUringParams.CQ_CQES)) + IoUringCqe.SIZE * cqN;
        MemorySegment ring = Mman.mmap(Math.max(sqSize, cqSize), MmanH.PROT_READ | MmanH.PROT_WRITE,
                MmanH.MAP_SHARED | MmanH.MAP_POPULATE, fd, IoUringH.IORING_OFF_SQ_RING);
        MemorySegment sqeArray;
        try {
            sqeArray = Mman.mmap(IoUringSqe.SIZE128 * sqN, MmanH.PROT_READ | MmanH.PROT_WRITE,
                    MmanH.MAP_SHARED | MmanH.MAP_POPULATE, fd, IoUringH.IORING_OFF_SQES);
        } catch (RuntimeException e) {
            Mman.munmap(ring);
            throw e;
        }
        this.ring = ring;
        this.sqes = sqeArray;
        this.sqeViews = new MemorySegment[sqN];
        for (int i = 0; i < sqN; i++) sqeViews[i] = sqeArray.asSlice(i * IoUringSqe.SIZE128, IoUringSqe.SIZE128);
        this.sqHead = Integer.toUnsignedLong(params.get(JAVA_INT, so + IoUringParams.SQ_HEAD));
        this.sqTail = Integer.toUnsignedLong(params.get(JAVA_INT, so + IoUringParams.SQ_TAIL));
        this.sqArray = Integer.toUnsignedLong(params.get(JAVA_INT, so + IoUringParams.SQ_ARRAY));
        this.sqMask = ring.get(JAVA_INT, Integer.toUnsignedLong(params.get(JAVA_INT, so + IoUringParams.SQ_RING_MASK)));
        this.sqEntries = sqN;
        this.cqHead = Integer.toUnsignedLong(params.get(JAVA_INT, co + IoUringParams.CQ_HEAD));
        this.cqTail = Integer.toUnsignedLong(params.get(JAVA_INT, co + IoUringParams.CQ_TAIL));
        this.cqes = Integer.toUnsignedLong(params.get(JAVA_INT, co + IoUringParams.CQ_CQES));
        this.cqMask = ring.get(JAVA_INT, Integer.toUnsignedLong(params.get(JAVA_INT, co + IoUringParams.CQ_RING_MASK)));
        this.sqLocalTail = (int) INT.getAcquire(ring, sqTail);
        // the SQ index array maps slot i to SQE i once and for all
        for (int i = 0; i < sqN; i++) ring.set(JAVA_INT, sqArray + 4L * i, i);
    }

    /**
     * Sets up a ring of {@code entries} 128-byte SQEs (a power of two) and {@code cqEntries} CQEs, single issuer
     * with deferred task work; must be called on the thread that will use it.
     *
     * @throws ErrnoException with the errno of io_uring_setup (ENOSYS without io_uring, EPERM when
     *                        kernel.io_uring_disabled forbids it, EINVAL when the kernel is older than 6.1)
     */
    public static IoUring setup(int entries, int cqEntries) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(IoUringParams.LAYOUT);
            p.set(JAVA_INT, IoUringParams.OFFSET_CQ_ENTRIES, cqEntries);
            p.set(JAVA_INT, IoUringParams.OFFSET_FLAGS, IoUringH.IORING_SETUP_SQE128 | IoUringH.IORING_SETUP_CQSIZE
                    | IoUringH.IORING_SETUP_SINGLE_ISSUER | IoUringH.IORING_SETUP_DEFER_TASKRUN);
            MemorySegment cap = Native.capture();
            long r;
            try {
                r = (long) SYSCALL_SETUP.invokeExact(cap, SYS_IO_URING_SETUP, entries, p);
            } catch (Throwable t) {
                throw Native.unexpected(t);
            }
            if (r < 0) throw new ErrnoException("io_uring_setup(" + entries + ", SQE128|SINGLE_ISSUER|DEFER_TASKRUN)",
                    Native.errno(cap));
            int fd = (int) r;
            try {
                return new IoUring(fd, p);
            } catch (RuntimeException e) {
                FileIo.closeRaw(fd);
                throw e;
            }
        }
    }

    /** SQ slots. */
    public int entries() {
        return sqEntries;
    }

    /**
     * The next free SQE, zeroed, or null when every slot waits for the kernel (call {@link #submitAndWait}
     * first). The SQE is queued for the next submit.
     */
    public MemorySegment nextSqe() {
        int head = (int) INT.getAcquire(ring, sqHead);
        if (sqLocalTail - head >= sqEntries) return null;
        MemorySegment sqe = sqeViews[sqLocalTail & sqMask];
        sqe.fill((byte) 0);
        sqLocalTail++;
        toSubmit++;
        return sqe;
    }

    /** Fills {@code sqe} as an IORING_OP_URING_CMD to {@code fd}; the caller writes the command bytes at {@link IoUringSqe#OFFSET_CMD}. */
    public static void prepUringCmd(MemorySegment sqe, int fd, int cmdOp, long addr, int len, long userData) {
        sqe.set(JAVA_BYTE, IoUringSqe.OFFSET_OPCODE, (byte) IoUringH.IORING_OP_URING_CMD);
        sqe.set(JAVA_INT, IoUringSqe.OFFSET_FD, fd);
        sqe.set(JAVA_INT, IoUringSqe.OFFSET_CMD_OP, cmdOp);
        sqe.set(JAVA_LONG, IoUringSqe.OFFSET_ADDR, addr);
        sqe.set(JAVA_INT, IoUringSqe.OFFSET_LEN, len);
        sqe.set(JAVA_LONG, IoUringSqe.OFFSET_USER_DATA, userData);
    }

    /** Fills {@code sqe} as an IORING_OP_NOP, which completes at once with result 0 (a ring checks itself with it). */
    public static void prepNop(MemorySegment sqe, long userData) {
        sqe.set(JAVA_BYTE, IoUringSqe.OFFSET_OPCODE, (byte) IoUringH.IORING_OP_NOP);
        sqe.set(JAVA_LONG, IoUringSqe.OFFSET_USER_DATA, userData);
    }

    /**
     * Publishes the queued SQEs and waits until at least {@code minComplete} completions are ready; returns the
     * number of SQEs the kernel took, or -errno (-EINTR when a signal interrupted the wait: call again).
     */
    public int submitAndWait(int minComplete) {
        INT.setRelease(ring, sqTail, sqLocalTail);
        int n = toSubmit;
        MemorySegment cap = Native.capture();
        long r;
        try {
            r = (long) SYSCALL_ENTER.invokeExact(cap, SYS_IO_URING_ENTER, fd, n, minComplete,
                    minComplete > 0 ? IoUringH.IORING_ENTER_GETEVENTS : 0, MemorySegment.NULL, 0L);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r < 0) return -Native.errno(cap);
        toSubmit -= (int) r;
        return (int) r;
    }

    /** Completions ready to be read with {@link #cqeUserData}/{@link #cqeRes} from index 0 up. */
    public int ready() {
        int tail = (int) INT.getAcquire(ring, cqTail);
        int head = ring.get(JAVA_INT, cqHead);
        return tail - head;
    }

    /** The user_data of the {@code i}-th ready completion. */
    public long cqeUserData(int i) {
        return ring.get(JAVA_LONG, cqeAt(i) + IoUringCqe.OFFSET_USER_DATA);
    }

    /** The result of the {@code i}-th ready completion (-errno on failure). */
    public int cqeRes(int i) {
        return ring.get(JAVA_INT, cqeAt(i) + IoUringCqe.OFFSET_RES);
    }

    /** Hands the first {@code n} ready completions back to the kernel. */
    public void advance(int n) {
        int head = ring.get(JAVA_INT, cqHead);
        INT.setRelease(ring, cqHead, head + n);
    }

    private long cqeAt(int i) {
        int head = ring.get(JAVA_INT, cqHead);
        return cqes + (long) ((head + i) & cqMask) * IoUringCqe.SIZE;
    }

    public int fd() {
        return fd;
    }

    /** Unmaps the rings and closes the ring fd; the kernel cancels commands still pending. */
    @Override
    public void close() {
        Mman.munmap(sqes);
        Mman.munmap(ring);
        FileIo.closeRaw(fd);
    }
}
