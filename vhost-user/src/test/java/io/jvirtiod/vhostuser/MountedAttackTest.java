package io.jvirtiod.vhostuser;

import io.jvirtiod.fs.fuse.FuseMount;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The attack suite as a local process sends it: each {@link Attacks} entry the host kernel lets through to the
 * daemon, as system calls on a real /dev/fuse mount of the passthrough file system ({@link MountedAttacker}).
 * The mount is made as jvirtiod's fuse command makes it ({@link FuseMountOptions#defaults}).
 */
@Timeout(60)
class MountedAttackTest {
    /** As jvirtiod mounts: default_permissions (the kernel checks the mode bits), allow_other, nosuid, nodev. */
    private static final FuseMountOptions OPTIONS = FuseMountOptions.defaults();

    @TempDir
    Path tmp;
    @TempDir
    Path mounts;

    static Stream<Attack> attacks() {
        return Attacks.over(Attack.Transport.MOUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theAttackGetsItsAnswerChangesNothingOutsideTheShareAndTheMountStillAnswers(Attack attack)
            throws Exception {
        FuseMount.require();
        AttackScene scene = new AttackScene(tmp);
        Path mnt = Files.createDirectory(mounts.resolve("mnt"));
        PassthroughFs fs = new PassthroughFs(attack.config().apply(PassthroughConfig.of(scene.share)));
        try (FuseMount mount = FuseMount.mount(fs, mnt, OPTIONS)) {
            MountedAttacker process = new MountedAttacker(scene.share, mount.path());
            try {
                attack.prove(process, scene);
            } finally {
                process.close();
            }
        } finally {
            fs.close();
        }
    }
}
