package io.jvirtiod.fs.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.mock.FuseRequest;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the FUSE decoder and dispatcher over a real {@link PassthroughFs} on a fresh
 * temporary share, with a canary directory beside it. The input is a sequence of frames (a 2-byte little-endian
 * length, then that many request bytes) served after a 6.18 INIT. After every request: exactly one well-formed
 * reply (out-header len equal to the bytes sent, error in [-4095, 0], the request's unique) or none for the
 * no-reply outcomes; nothing caught by the dispatcher's last-resort handler; the whole input served within 1 s (if not,
 * a second run must be: the first run of a path also loads its classes).
 * After the input: the canary's file (content, mtime, mode, owner, xattrs) and the entries beside the share and in
 * the canary directory are unchanged.
 * Regression mode (every {@code ./mvnw verify}) replays the committed corpus; {@code bench/fuzz.sh} runs a campaign.
 */
class FuseRequestFuzzTest {
    private static final int MAX_FRAMES = 16;
    /**
     * A hang: an input over this twice (the first run of a path also loads and instruments its classes).
     */
    private static final Duration HANG = Duration.ofSeconds(1);
    /** Where a run is abandoned. */
    private static final Duration STUCK = Duration.ofSeconds(10);
    private static final Path ROOT = tempRoot();
    /** Records what the dispatcher's last-resort handler logs; held strongly so JUL keeps its handler. */
    private static final Logger PROTOCOL_LOG = Logger.getLogger("io.jvirtiod.fs.protocol");
    private static final List<String> SEVERE = new ArrayList<>();
    private static int inputs;

    static {
        PROTOCOL_LOG.addHandler(new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    SEVERE.add(r.getMessage() + (r.getThrown() == null ? "" : ": " + r.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @FuzzTest(maxDuration = "60s")
    void requestSequencesGetOneWellFormedReplyAndStayInTheShare(byte[] input) throws IOException {
        if (serve(input).compareTo(HANG) > 0) {
            Duration again = serve(input);
            assertTrue(again.compareTo(HANG) <= 0, () -> "the requests took " + again + ", twice over " + HANG);
        }
    }

    /** Serves one input on a fresh share and checks it; returns how long its requests took. */
    private static Duration serve(byte[] input) throws IOException {
        Path dir = Files.createDirectory(ROOT.resolve(Integer.toString(inputs++)));
        try {
            Path share = Files.createDirectory(dir.resolve("share"));
            Path canary = Files.createDirectory(dir.resolve("canary"));
            Path secret = Files.writeString(canary.resolve("secret"), "do not touch");
            xattrs(secret).write("user.canary", ByteBuffer.wrap(new byte[] {42}));
            Files.writeString(share.resolve("f"), "hello");
            Files.createDirectory(share.resolve("d"));
            Files.createSymbolicLink(share.resolve("up"), Path.of("../canary"));
            Files.createSymbolicLink(share.resolve("abs"), secret);
            String before = snapshot(canary);
            Duration took;
            try (PassthroughFs fs = new PassthroughFs(PassthroughConfig.of(share)); Arena arena = Arena.ofShared()) {
                CapturingChannel channel = new CapturingChannel();
                FuseDispatcher dispatcher = new FuseDispatcher(fs, FuseOptions.defaults(), null);
                Exchange ex = dispatcher.newExchange(arena, channel);
                serve(dispatcher, ex, arena, channel, FuseRequest.init6_18().build());
                long start = System.nanoTime();
                assertTimeoutPreemptively(STUCK, () -> {
                    ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < MAX_FRAMES && in.remaining() >= 2; i++) {
                        byte[] request = new byte[Math.min(in.getShort() & 0xffff, in.remaining())];
                        in.get(request);
                        serve(dispatcher, ex, arena, channel, request);
                    }
                }, "one input's requests hung");
                took = Duration.ofNanos(System.nanoTime() - start);
            }
            assertEquals(before, snapshot(canary), "the canary beside the share changed");
            return took;
        } finally {
            delete(dir);
        }
    }

    /** Serves one request and checks its outcome and reply. */
    private static void serve(FuseDispatcher d, Exchange ex, Arena arena, CapturingChannel channel, byte[] request) {
        MemorySegment s = arena.allocate(Math.max(request.length, 1), 8);
        MemorySegment.copy(MemorySegment.ofArray(request), 0, s, 0, request.length);
        int before = channel.count();
        SEVERE.clear();
        int outcome = d.handle(ex, s, request.length);
        assertTrue(SEVERE.isEmpty(), () -> "the dispatcher caught an exception: " + SEVERE);
        int replies = channel.count() - before;
        if (outcome == FuseDispatcher.NO_REPLY || outcome == FuseDispatcher.DROPPED) {
            assertEquals(0, replies, "outcome " + outcome + " sent a reply");
            return;
        }
        assertTrue(outcome == FuseDispatcher.REPLIED || outcome == FuseDispatcher.REJECTED, "outcome " + outcome);
        assertEquals(1, replies, "replies to one request");
        ByteBuffer reply = ByteBuffer.wrap(channel.last()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(reply.capacity(), reply.getInt(0), "out-header len against the bytes sent");
        int error = reply.getInt(4);
        assertTrue(error <= 0 && error >= -4095, () -> "error " + error);
        assertEquals(ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getLong(8), reply.getLong(8),
                "the reply's unique");
        if (error != 0) assertEquals(16, reply.capacity(), "an error reply carries only the header");
        channel.replies.clear();
    }

    /** The entries beside the share and in the canary directory, and the canary file's content, mtime and xattrs. */
    private static String snapshot(Path canary) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path d : new Path[] {canary.getParent(), canary}) {
            try (Stream<Path> entries = Files.list(d)) {
                entries.sorted().forEach(p -> b.append(p.getFileName()).append('\n'));
            }
        }
        Path secret = canary.resolve("secret");
        b.append(Files.readString(secret)).append(Files.getLastModifiedTime(secret, LinkOption.NOFOLLOW_LINKS))
                .append(Files.getAttribute(secret, "unix:mode")).append(Files.getAttribute(secret, "unix:uid"));
        for (String name : xattrs(secret).list()) {
            ByteBuffer v = ByteBuffer.allocate(xattrs(secret).size(name));
            xattrs(secret).read(name, v);
            b.append(name).append('=').append(new String(v.array(), StandardCharsets.ISO_8859_1));
        }
        return b.toString();
    }

    private static UserDefinedFileAttributeView xattrs(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("fuse-fuzz");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @AfterAll
    static void removeRoot() throws IOException {
        delete(ROOT);
    }
}
