package io.jvirtiod.vhostuser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.FdPassing;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.UnixSocket;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.vhost.VhostUserHeader;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.virtiofs.VirtioFsDevice;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the vhost-user message parser and back-end state machine: the input is a sequence
 * of frames (one byte whose low nibble is how many descriptors go with the message, memfds if bit 4 is set, else
 * eventfds; a 2-byte little-endian length; that many wire bytes) sent by a front-end over a socketpair to
 * {@link VhostUserServer#serve} on a virtio-fs device. The connection must end within 1 s of the front-end's
 * end of stream (if not, a second run must: the first run of a path also loads its classes), closed as the
 * front-end closed or for a protocol reason, never on an internal error; and every byte the back-end sent before
 * closing must be whole replies: version 1 with the reply flag, a size no larger than the largest payload.
 * Regression mode (every {@code ./mvnw verify}) replays the committed corpus; {@code bench/fuzz.sh} runs a campaign.
 */
class VhostUserMessageFuzzTest {
    private static final int MAX_FRAMES = 32;
    private static final int MAX_FRAME = VhostUserMessage.HEADER + VhostUserMessage.MAX_PAYLOAD + 16;
    private static final long GUEST_RAM = 8 << 20;
    /**
     * A hang: an input over this twice (the first run of a path also loads and instruments its classes).
     */
    private static final Duration HANG = Duration.ofSeconds(1);
    /** Where a run is abandoned. */
    private static final Duration STUCK = Duration.ofSeconds(10);
    private static final Path SHARED = tempDir();
    private static final PassthroughFs FS = new PassthroughFs(PassthroughConfig.of(SHARED));
    private static final VhostUserServer SERVER = new VhostUserServer(-1, VhostUserFsFixture.vhostUserDevice(
            new VirtioFsDevice("fuzz", VhostUserFsFixture.REQUEST_QUEUES, FS, FuseOptions.defaults())), "fuzz", null);

    @FuzzTest(maxDuration = "60s")
    void messageSequencesAreAnsweredOrCloseTheConnection(byte[] input) throws InterruptedException {
        if (serve(input).compareTo(HANG) > 0) {
            Duration again = serve(input);
            assertTrue(again.compareTo(HANG) <= 0,
                    () -> "the back-end ended " + again + " after the front-end, twice over " + HANG);
        }
    }

    /** Serves one input on a fresh connection and checks it; returns how long the back-end took to end it. */
    private static Duration serve(byte[] input) throws InterruptedException {
        int[] pair = UnixSocket.socketpair(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        int frontEnd = pair[0];
        AtomicReference<String> reason = new AtomicReference<>();
        Thread backEnd = Thread.ofPlatform().name("vhost-user-fuzz").daemon()
                .start(() -> reason.set(SERVER.serve(pair[1])));
        try (Arena arena = Arena.ofConfined()) {
            send(frontEnd, input, arena);
            UnixSocket.shutdownRaw(frontEnd, SocketH.SHUT_WR);
            long start = System.nanoTime();
            backEnd.join(STUCK);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (backEnd.isAlive()) {
                UnixSocket.shutdownRaw(frontEnd, SocketH.SHUT_RDWR);
                backEnd.join(STUCK);
                throw new AssertionError("the back-end still served " + STUCK + " after the front-end's end of stream");
            }
            assertNotNull(reason.get(), "serve returned why the connection ended");
            assertFalse(reason.get().startsWith("internal error"), reason.get());
            assertWholeReplies(frontEnd, arena);
            return took;
        } finally {
            FileIo.closeRaw(frontEnd);
        }
    }

    /** Sends each frame with its descriptors; the back-end may close early, so a failed send ends the input. */
    private static void send(int sock, byte[] input, Arena arena) {
        FdPassing passing = new FdPassing(16);
        ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment wire = arena.allocate(MAX_FRAME);
        int[] fds = new int[16];
        for (int i = 0; i < MAX_FRAMES && in.remaining() >= 3; i++) {
            int spec = in.get();
            int n = Math.min(in.getShort() & 0xffff, Math.min(in.remaining(), MAX_FRAME));
            MemorySegment.copy(input, in.position(), wire, JAVA_BYTE, 0, n);
            in.position(in.position() + n);
            int nfds = Math.min(spec & 0xf, VhostUserChannel.MAX_FDS + 1);
            for (int f = 0; f < nfds; f++) {
                fds[f] = (spec & 0x10) != 0 ? guestRam() : EventFd.create(0, EventFdH.EFD_CLOEXEC);
            }
            long sent = n == 0 ? 0 : passing.sendRaw(sock, wire.asSlice(0, n), fds, nfds);
            for (int f = 0; f < nfds; f++) FileIo.closeRaw(fds[f]); // the message holds its own references
            if (sent < 0) return;
        }
    }

    private static int guestRam() {
        int fd = MemFd.create("fuzz-ram", MemFdH.MFD_CLOEXEC);
        MemFd.ftruncate(fd, GUEST_RAM);
        return fd;
    }

    /** Reads what the back-end sent until its end of stream: only whole, well-formed replies. */
    private static void assertWholeReplies(int sock, Arena arena) {
        FdPassing passing = new FdPassing(16);
        MemorySegment buf = arena.allocate(MAX_FRAME);
        long have = 0;
        while (true) {
            long r = passing.receiveRaw(sock, buf.asSlice(have), 0);
            passing.closeReceived();
            if (r == -Errno.ECONNRESET) return; // closed with requests unread: Linux drops what was in flight
            assertTrue(r >= 0, "reading the replies: " + r);
            have += r;
            while (have >= VhostUserMessage.HEADER) {
                int flags = VhostUserHeader.flags(buf);
                int size = VhostUserHeader.size(buf);
                assertTrue(flags == (VhostUserH.VHOST_USER_VERSION | VhostUserH.VHOST_USER_REPLY_MASK),
                        () -> "reply flags 0x" + Integer.toHexString(flags));
                assertTrue(size >= 0 && size <= VhostUserMessage.MAX_PAYLOAD, () -> "reply size " + size);
                long whole = VhostUserMessage.HEADER + size;
                if (have < whole) break;
                MemorySegment.copy(buf, whole, buf, 0, have - whole);
                have -= whole;
            }
            if (r == 0) {
                assertTrue(have == 0, "the back-end ended inside a reply, " + have + " bytes of it sent");
                return;
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vhost-user-fuzz");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @AfterAll
    static void closeDevice() throws IOException {
        FS.close();
        Files.delete(SHARED);
    }
}
