package io.jvirtiod.vhostuser;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.testsupport.Require;

import java.util.stream.Stream;

/**
 * The attack suite as a malicious guest kernel sends it: each {@link Attacks} entry a guest can express, as
 * hand-made FUSE requests in virtio-fs descriptor chains on a split ring, served by a vhost-user back end and the
 * virtio-fs device over a real shared directory ({@link ChainAttacker}). Root: attacks plant root-owned files
 * and switch callers.
 */
class ChainAttackTest extends AttackDriver {
    static Stream<Attack> attacks() {
        return Attacks.over(Attack.Transport.CHAIN);
    }

    @Override
    void send(Attack attack, AttackScene scene, PassthroughConfig config) throws Exception {
        Require.root();
        try (VhostUserFsFixture fx = new VhostUserFsFixture(work, config);
             ChainAttacker guest = new ChainAttacker(fx, scene.share)) {
            attack.prove(guest, scene);
        }
    }
}
