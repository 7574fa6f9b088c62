package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Sched;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.UringSwitch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole POSIX behaviour suite again with requests served over FUSE over io_uring (one pinned queue per CPU)
 * instead of /dev/fuse reads. Locks then stay in the mounting kernel. Needs root and a kernel with the fuse
 * module's enable_uring switch (6.14+).
 */
class MountedPosixOverIoUringTest extends MountedPosixTest {
    private UringSwitch uring;

    @Override
    void beforeMount() throws IOException {
        uring = UringSwitch.on();
    }

    @Override
    void afterUnmount() throws IOException {
        if (uring != null) uring.close();
    }

    @Override
    PassthroughConfig config(Path shared) {
        return PassthroughConfig.of(shared).withDirFdCache(SMALL_DIR_FD_CACHE);
    }

    @Override
    FuseMountOptions options() {
        return FuseMountOptions.defaults().withWorkers(2).withIoUring(true);
    }

    @Override
    boolean locksReachTheSharedDirectory() {
        return false;
    }

    @Test
    void requestsAreServedByOneRingQueuePerCpu() throws Exception {
        assertEquals(Sched.possibleCpus(), server.uringQueues());
        Path d = Files.createDirectory(mnt.resolve("ring"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        long before = server.uringRequests();
        int i = 0;
        // the kernel switches to the rings once every queue has registered; until then requests come over reads
        while (server.uringRequests() < before + 100 && System.nanoTime() < deadline) {
            Files.writeString(d.resolve("f" + i++), "x");
        }
        assertTrue(server.uringRequests() >= before + 100,
                "only " + (server.uringRequests() - before) + " requests came over the rings after " + i + " creates");
    }
}
