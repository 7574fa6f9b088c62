package io.jvirtiod.vhostuser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Test base: a fresh {@link VhostUserFsFixture} (server, device, guest RAM) per test, torn down after it. */
@Timeout(60)
abstract class WithVhostUserFs {
    @TempDir
    Path dir;
    @TempDir
    Path shared;
    VhostUserFsFixture fx;

    @BeforeEach
    void startServer() {
        fx = new VhostUserFsFixture(dir, shared);
    }

    @AfterEach
    void stopServer() throws Exception {
        fx.close();
    }
}
