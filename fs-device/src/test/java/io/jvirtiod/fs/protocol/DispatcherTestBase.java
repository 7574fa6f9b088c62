package io.jvirtiod.fs.protocol;

import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.mock.FuseRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.jvirtiod.mock.FuseRequest.init6_18;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dispatcher over a {@link RecordingFileSystem} with a capturing channel, fed hand-built requests. */
abstract class DispatcherTestBase {
    final Arena arena = Arena.ofShared();
    final CapturingChannel channel = new CapturingChannel();
    RecordingFileSystem fs;
    FuseDispatcher dispatcher;
    Exchange ex;

    @BeforeEach
    void newDispatcher() {
        fs = new RecordingFileSystem();
        use(fs, FuseOptions.defaults(), null);
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    /** Replaces the dispatcher (and its worker exchange) with one over {@code fileSystem}. */
    void use(FileSystem fileSystem, FuseOptions options, BackingFiles backing) {
        dispatcher = new FuseDispatcher(fileSystem, options, backing);
        ex = dispatcher.newExchange(arena, channel);
    }

    int send(FuseRequest r) {
        return send(r.build(), -1);
    }

    /** Serves the first {@code length} bytes of {@code b} (all of them if negative) from native memory. */
    int send(byte[] b, int length) {
        MemorySegment s = arena.allocate(Math.max(b.length, 1), 8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, 0, b.length);
        return dispatcher.handle(ex, s, length < 0 ? b.length : length);
    }

    /** Answers the 6.18 INIT and forgets the reply and the call. */
    void initialized() {
        assertEquals(FuseDispatcher.REPLIED, send(init6_18()));
        assertEquals(0, channel.lastError());
        channel.replies.clear();
        fs.calls.clear();
    }
}
