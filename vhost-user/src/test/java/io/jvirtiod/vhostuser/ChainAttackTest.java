package io.jvirtiod.vhostuser;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The attack suite as a malicious guest kernel sends it: each {@link Attacks} entry a guest can express, as
 * hand-made FUSE requests in virtio-fs descriptor chains on a split ring, served by a vhost-user back end and the
 * virtio-fs device over a real shared directory ({@link ChainAttacker}). Root: attacks plant root-owned files
 * and switch callers.
 */
@Timeout(60)
class ChainAttackTest {
    @TempDir
    Path tmp;
    @TempDir
    Path socketDir;

    static Stream<Attack> attacks() {
        return Attacks.over(Attack.Transport.CHAIN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theAttackGetsItsAnswerChangesNothingOutsideTheShareAndTheQueueStillAnswers(Attack attack) throws Exception {
        Require.root();
        AttackScene scene = new AttackScene(tmp);
        try (VhostUserFsFixture fx = new VhostUserFsFixture(socketDir,
                attack.config().apply(PassthroughConfig.of(scene.share)));
             ChainAttacker guest = new ChainAttacker(fx, scene.share)) {
            attack.prove(guest, scene);
        }
    }
}
