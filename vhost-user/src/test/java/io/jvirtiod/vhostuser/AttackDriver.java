package io.jvirtiod.vhostuser;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

/**
 * Test base of the attack suite's file-system drivers: each {@link Attack} its subclass's static
 * {@code attacks()} lists is run on a fresh {@link AttackScene}, against a daemon configured as the attack asks,
 * over the subclass's transport ({@link #send}).
 */
@Timeout(60)
abstract class AttackDriver {
    @TempDir
    Path tmp;
    /** For the transport's own files (a socket, a mount point), apart from the scene. */
    @TempDir
    Path work;

    /** Serves {@code config} over this transport and {@link Attack#prove}s {@code attack} through it. */
    abstract void send(Attack attack, AttackScene scene, PassthroughConfig config) throws Exception;

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theAttackGetsItsAnswerChangesNothingOutsideTheShareAndTheDaemonStillAnswers(Attack attack) throws Exception {
        AttackScene scene = new AttackScene(tmp);
        send(attack, scene, attack.config().apply(PassthroughConfig.of(scene.share)));
    }
}
