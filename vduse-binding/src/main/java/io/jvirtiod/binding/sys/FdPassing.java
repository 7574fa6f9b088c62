package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Sends and receives bytes with file descriptors over a UNIX socket (SCM_RIGHTS), as vhost-user passes memory
 * region fds, eventfds and the in-flight memfd. One instance owns preallocated msghdr, iovec and control buffers,
 * so a message allocates nothing; it is not thread-safe (one per connection).
 *
 * <p>Receiving trusts nothing the peer controls: the control data is walked inside the control buffer only
 * (whatever msg_controllen says), every header length is checked before it is used, and when the kernel reports
 * MSG_CTRUNC (or a message carries more fds than this instance accepts) every fd that did arrive is closed and
 * the message is reported as {@link #TRUNCATED}, so no descriptor leaks and no half-set of fds is acted on.
 */
public final class FdPassing {

    /** What {@link #receiveRaw} returns when descriptors (or datagram bytes) were cut off; no errno has this value. */
    public static final long TRUNCATED = Long.MIN_VALUE;

    /** The kernel's limit of descriptors in one SCM_RIGHTS message (SCM_MAX_FD). */
    public static final int SCM_MAX_FD = 253;

    private static final long FD_BYTES = JAVA_INT.byteSize();

    private final int maxFds;
    private final MemorySegment msg;
    private final MemorySegment iov;
    private final MemorySegment control;
    private final int[] fds;
    private int fdCount;
    private int dropped;

    /** Buffers for messages of up to {@code maxFds} descriptors (1..SCM_MAX_FD). */
    public FdPassing(int maxFds) {
        if (maxFds < 1 || maxFds > SCM_MAX_FD) {
            throw new IllegalArgumentException("maxFds " + maxFds + " is not in 1.." + SCM_MAX_FD);
        }
        this.maxFds = maxFds;
        Arena arena = Arena.ofAuto();
        this.msg = arena.allocate(MsgHdr.LAYOUT);
        this.iov = arena.allocate(Iovec.LAYOUT);
        this.control = arena.allocate(CmsgHdr.space(maxFds * FD_BYTES), JAVA_LONG.byteSize());
        this.fds = new int[maxFds];
    }

    // ---- sending -------------------------------------------------------------------------------------

    /** Sends {@code data} with the first {@code nfds} of {@code fdsToSend}; returns bytes sent or -errno. */
    public long sendRaw(int sock, MemorySegment data, int[] fdsToSend, int nfds) {
        Iovec.set(iov, 0, data);
        return sendRaw(sock, iov, 1, fdsToSend, nfds);
    }

    /**
     * Sends the {@code iovCount} buffers of {@code iovArray} with {@code nfds} descriptors, without SIGPIPE;
     * returns bytes sent or -errno. On a stream socket a short send carried the descriptors with its first byte:
     * send the rest without them.
     */
    public long sendRaw(int sock, MemorySegment iovArray, int iovCount, int[] fdsToSend, int nfds) {
        Iovec.checkArray(iovArray, iovCount);
        if (nfds < 0 || nfds > maxFds || nfds > fdsToSend.length) {
            throw new IllegalArgumentException("cannot send " + nfds + " fds (this channel takes at most " + maxFds + ")");
        }
        msg.fill((byte) 0);
        MsgHdr.msg_iov(msg, iovArray);
        MsgHdr.msg_iovlen(msg, iovCount);
        if (nfds > 0) {
            long space = CmsgHdr.space(nfds * FD_BYTES);
            control.asSlice(0, space).fill((byte) 0);
            CmsgHdr.cmsg_len(control, CmsgHdr.len(nfds * FD_BYTES));
            CmsgHdr.cmsg_level(control, SocketH.SOL_SOCKET);
            CmsgHdr.cmsg_type(control, SocketH.SCM_RIGHTS);
            for (int i = 0; i < nfds; i++) {
                control.set(JAVA_INT, CmsgHdr.dataOffset() + i * FD_BYTES, fdsToSend[i]);
            }
            MsgHdr.msg_control(msg, control);
            MsgHdr.msg_controllen(msg, space);
        }
        return UnixSocket.sendmsgRaw(sock, msg, SocketH.MSG_NOSIGNAL);
    }

    public long send(int sock, MemorySegment data, int[] fdsToSend, int nfds) {
        long r = sendRaw(sock, data, fdsToSend, nfds);
        if (r < 0) throw new ErrnoException("sendmsg(" + sock + ", " + data.byteSize() + " bytes, " + nfds + " fds)", (int) -r);
        return r;
    }

    // ---- receiving -----------------------------------------------------------------------------------

    /** Receives into {@code data}; see {@link #receiveRaw(int, MemorySegment, int, int)}. */
    public long receiveRaw(int sock, MemorySegment data, int flags) {
        Iovec.set(iov, 0, data);
        return receiveRaw(sock, iov, 1, flags);
    }

    /**
     * Receives into the {@code iovCount} buffers of {@code iovArray} with MSG_CMSG_CLOEXEC added to {@code flags}.
     * Returns the bytes received (0 at end of stream) with the descriptors that came along in {@link #fd(int)}
     * (caller owns them), -errno, or {@link #TRUNCATED} when MSG_CTRUNC/MSG_TRUNC was reported or more than
     * maxFds descriptors arrived; then every received descriptor has been closed and {@link #fdCount()} is 0.
     */
    public long receiveRaw(int sock, MemorySegment iovArray, int iovCount, int flags) {
        Iovec.checkArray(iovArray, iovCount);
        fdCount = 0;
        dropped = 0;
        msg.fill((byte) 0);
        MsgHdr.msg_iov(msg, iovArray);
        MsgHdr.msg_iovlen(msg, iovCount);
        MsgHdr.msg_control(msg, control);
        MsgHdr.msg_controllen(msg, control.byteSize());
        long r = UnixSocket.recvmsgRaw(sock, msg, flags | SocketH.MSG_CMSG_CLOEXEC);
        if (r < 0) return r;
        collectFds(Math.min(MsgHdr.msg_controllen(msg), control.byteSize()));
        if ((MsgHdr.msg_flags(msg) & (SocketH.MSG_CTRUNC | SocketH.MSG_TRUNC)) != 0 || dropped > 0) {
            dropped += fdCount;
            closeReceived();
            return TRUNCATED;
        }
        return r;
    }

    /** As {@link #receiveRaw(int, MemorySegment, int)}, throwing on an errno or a truncated message. */
    public long receive(int sock, MemorySegment data) {
        long r = receiveRaw(sock, data, 0);
        if (r == TRUNCATED) {
            throw new IllegalStateException("recvmsg(" + sock + "): message truncated (MSG_CTRUNC/MSG_TRUNC or more than "
                    + maxFds + " fds); closed the " + dropped + " fds that arrived");
        }
        if (r < 0) throw new ErrnoException("recvmsg(" + sock + ", " + data.byteSize() + " bytes)", (int) -r);
        return r;
    }

    /** Descriptors received with the last message. */
    public int fdCount() {
        return fdCount;
    }

    /** Descriptor {@code i} of the last message; the caller owns it and must close it. */
    public int fd(int i) {
        if (i < 0 || i >= fdCount) throw new IndexOutOfBoundsException("fd " + i + " of " + fdCount + " received");
        return fds[i];
    }

    /** Closes every descriptor of the last message (for a message that is rejected). */
    public void closeReceived() {
        for (int i = 0; i < fdCount; i++) FileIo.closeRaw(fds[i]);
        fdCount = 0;
    }

    /**
     * Walks the control data as CMSG_FIRSTHDR/CMSG_NXTHDR do, within {@code length} bytes of the buffer, keeping
     * up to maxFds descriptors and closing (counting as dropped) any beyond.
     */
    private void collectFds(long length) {
        long at = 0;
        while (length - at >= CmsgHdr.SIZE) {
            long len = control.get(JAVA_LONG, at + CmsgHdr.OFFSET_CMSG_LEN);
            if (len < CmsgHdr.len(0) || len > length - at) return;   // malformed: not trusted past here
            if (control.get(JAVA_INT, at + CmsgHdr.OFFSET_CMSG_LEVEL) == SocketH.SOL_SOCKET
                    && control.get(JAVA_INT, at + CmsgHdr.OFFSET_CMSG_TYPE) == SocketH.SCM_RIGHTS) {
                long n = (len - CmsgHdr.len(0)) / FD_BYTES;
                for (long i = 0; i < n; i++) {
                    int fd = control.get(JAVA_INT, at + CmsgHdr.dataOffset() + i * FD_BYTES);
                    if (fdCount < maxFds) {
                        fds[fdCount++] = fd;
                    } else {
                        FileIo.closeRaw(fd);
                        dropped++;
                    }
                }
            }
            at += CmsgHdr.align(len);
        }
    }
}
