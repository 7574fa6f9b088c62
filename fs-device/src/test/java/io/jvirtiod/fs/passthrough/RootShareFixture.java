package io.jvirtiod.fs.passthrough;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * An empty share served by a {@link PassthroughFs} with the default options to a {@link Guest}, for tests that
 * need the daemon to be root (device nodes, other users' files, switching credentials); they skip otherwise.
 */
abstract class RootShareFixture {
    @TempDir
    Path share;
    PassthroughFs fs;
    Guest g;

    /** Runs before the file system starts (as root). */
    void beforeStart() {
    }

    @BeforeEach
    final void start() {
        Require.root();
        beforeStart();
        fs = new PassthroughFs(PassthroughConfig.of(share));
        g = new Guest(fs);
    }

    @AfterEach
    final void stop() {
        if (g != null) g.close();
        if (fs != null) fs.close();
    }
}
