package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FdPassingTest {

    private final Arena arena = Arena.ofConfined();
    private int[] pair;
    private final int[] files = {-1, -1, -1};

    @BeforeEach
    void open() {
        pair = UnixSocket.socketpair(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        for (int i = 0; i < files.length; i++) {
            files[i] = MemFd.create("fdpassing-" + i, MemFdH.MFD_CLOEXEC);
            writeLong(files[i], 1000 + i);
        }
    }

    @AfterEach
    void close() {
        for (int fd : pair) FileIo.closeRaw(fd);
        for (int fd : files) FileIo.closeRaw(fd);
        arena.close();
    }

    private void writeLong(int fd, long v) {
        MemorySegment b = arena.allocate(JAVA_LONG);
        b.set(JAVA_LONG, 0, v);
        FileIo.pwrite(fd, b, 0);
    }

    private long readLong(int fd) {
        MemorySegment b = arena.allocate(JAVA_LONG);
        assertEquals(8, FileIo.pread(fd, b, 0));
        return b.get(JAVA_LONG, 0);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void bytesAndTwoFdsArriveAndTheFdsReferToTheSameFiles() {
        FdPassing sender = new FdPassing(8);
        FdPassing receiver = new FdPassing(8);
        MemorySegment out = arena.allocateFrom("hello");
        assertEquals(out.byteSize(), sender.send(pair[0], out, files, 2));

        MemorySegment in = arena.allocate(64);
        assertEquals(out.byteSize(), receiver.receive(pair[1], in));
        assertEquals("hello", in.getString(0));
        assertEquals(2, receiver.fdCount());
        for (int i = 0; i < 2; i++) {
            int got = receiver.fd(i);
            assertNotEquals(files[i], got, "a passed fd is a new descriptor");
            assertEquals(1000 + i, readLong(got), "fd " + i + " reads what the sender's file holds");
            writeLong(got, 2000 + i);
            assertEquals(2000 + i, readLong(files[i]), "and writes through it reach the sender's file");
        }
        receiver.closeReceived();
        assertEquals(0, receiver.fdCount());
    }

    @Test
    void aMessageWithoutFdsHasNone() {
        FdPassing channel = new FdPassing(2);
        MemorySegment out = arena.allocateFrom("x");
        channel.send(pair[0], out, new int[0], 0);
        MemorySegment in = arena.allocate(8);
        assertEquals(2, channel.receive(pair[1], in));
        assertEquals(0, channel.fdCount());
    }

    @Test
    void moreFdsThanTheControlBufferHoldsAreReportedAndClosed() throws IOException {
        FdPassing sender = new FdPassing(3);
        FdPassing receiver = new FdPassing(1);
        MemorySegment out = arena.allocateFrom("fds");
        sender.send(pair[0], out, files, 3);

        long before = openFds();
        assertEquals(FdPassing.TRUNCATED, receiver.receiveRaw(pair[1], arena.allocate(16), 0));
        assertEquals(0, receiver.fdCount(), "a truncated message hands out no fds");
        assertEquals(before, openFds(), "every fd that arrived was closed");
    }

    @Test
    void moreFdsThanAcceptedButFittingThePaddingAreStillRefused() throws IOException {
        // CMSG_SPACE(4) is 24 bytes, which holds two fds without MSG_CTRUNC: the second must not slip through
        FdPassing sender = new FdPassing(2);
        FdPassing receiver = new FdPassing(1);
        sender.send(pair[0], arena.allocateFrom("two"), files, 2);

        long before = openFds();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> receiver.receive(pair[1], arena.allocate(16)));
        assertEquals(before, openFds(), "both fds were closed: " + e.getMessage());
    }

    @Test
    void theEndOfTheStreamReadsZero() {
        FdPassing channel = new FdPassing(1);
        FileIo.close(pair[0]);
        pair[0] = -1;
        assertEquals(0, channel.receive(pair[1], arena.allocate(8)));
    }

    @Test
    void sendingToAClosedPeerNamesEPIPEWithoutASignal() {
        FdPassing channel = new FdPassing(1);
        FileIo.close(pair[1]);
        pair[1] = -1;
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> channel.send(pair[0], arena.allocateFrom("lost"), new int[0], 0));
        assertEquals(Errno.EPIPE, e.errno());
    }

    @Test
    void sendingMoreFdsThanTheChannelTakesIsRefusedBeforeTheCall() {
        FdPassing channel = new FdPassing(1);
        assertThrows(IllegalArgumentException.class, () -> channel.sendRaw(pair[0], arena.allocate(1, 1), files, 2));
    }
}
