package io.jvirtiod.vhostuser;

import io.jvirtiod.fs.fuse.FuseMount;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The attack suite as a local process sends it: each {@link Attacks} entry the host kernel lets through to the
 * daemon, as system calls on a real /dev/fuse mount of the passthrough file system ({@link MountedAttacker}).
 * The mount is made as jvirtiod's fuse command makes it ({@link FuseMountOptions#defaults}).
 */
class MountedAttackTest extends AttackDriver {
    /** As jvirtiod mounts: default_permissions (the kernel checks the mode bits), allow_other, nosuid, nodev. */
    private static final FuseMountOptions OPTIONS = FuseMountOptions.defaults();

    static Stream<Attack> attacks() {
        return Attacks.over(Attack.Transport.MOUNT);
    }

    @Override
    void send(Attack attack, AttackScene scene, PassthroughConfig config) throws Exception {
        FuseMount.require();
        Path mnt = Files.createDirectory(work.resolve("mnt"));
        PassthroughFs fs = new PassthroughFs(config);
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
