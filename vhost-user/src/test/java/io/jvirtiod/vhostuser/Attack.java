package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.fs.passthrough.PassthroughConfig;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One named threat of the attack suite ({@link Attacks}), with the answer the daemon must give, defined once and
 * sent by every driver whose transport can express it: {@link MountedAttackTest} (a process on a real /dev/fuse
 * mount) and {@link ChainAttackTest} (a guest kernel's hand-made virtio-fs descriptor chains over vhost-user)
 * run {@link Script}s and check the same three things: the answer, nothing changed in the canary directory
 * beside the share ({@link AttackScene}), and the daemon still answers a benign request;
 * {@link MalformedMessageTest} sends {@link BadMessage}s and checks that the connection is closed with the
 * reason and the next front end is served.
 *
 * @param name       short id, the test's display name and the row of docs/security.md's table
 * @param category   the class of threat (issue 18 item 7)
 * @param threat     what the attacker tries, in a sentence
 * @param expected   the answer the attack must get
 * @param transports where it can be sent
 * @param config     the file system's configuration under attack (a limit, an xattr map), from the default
 * @param steps      the attack itself
 */
record Attack(String name, Category category, String threat, Answer expected, Set<Transport> transports,
              UnaryOperator<PassthroughConfig> config, Steps steps) {

    /** The classes of threat of issue 18 item 7. */
    enum Category {
        SPECIAL_FILES, ESCAPES, CREDENTIALS, XATTR, LOCKS, LENGTHS, ORDER, FORGET, DEEP_TREES, RING, VHOST_USER
    }

    /** How an attack reaches the daemon. */
    enum Transport {
        /** System calls of a local process on a /dev/fuse mount: only what the host kernel lets through. */
        MOUNT,
        /** FUSE requests a guest kernel writes itself into virtio-fs descriptor chains (vhost-user). */
        CHAIN,
        /** Messages of the vhost-user front end on its socket: the memory table and rings it describes. */
        FRONT_END;

        static final Set<Transport> BOTH = EnumSet.of(MOUNT, CHAIN);
        static final Set<Transport> CHAIN_ONLY = EnumSet.of(CHAIN);
        static final Set<Transport> MOUNT_ONLY = EnumSet.of(MOUNT);
    }

    /**
     * The answer an attack must get: an errno, 0 when the request is served (the script then checks it was
     * confined, e.g. that a set-group-id bit is gone), or the connection closed with a reason naming
     * {@code closeReason}.
     */
    record Answer(int result, String text, String closeReason) {
        static Answer errno(int errno, String how) {
            return new Answer(-errno, Errno.name(errno) + how, null);
        }

        static Answer errno(int errno) {
            return errno(errno, "");
        }

        static Answer served(String how) {
            return new Answer(0, "served, " + how, null);
        }

        static Answer closed(String reason) {
            return new Answer(0, "connection closed: \"" + reason + "\"", reason);
        }
    }

    /** What an attack does: a {@link Script} of file operations or a {@link BadMessage}. */
    sealed interface Steps permits Script, BadMessage {}

    /** File operations against one transport; returns the answer it got (0 or -errno). */
    @FunctionalInterface
    non-sealed interface Script extends Steps {
        int run(Attacker a) throws Exception;
    }

    /** Messages a front end sends on a fresh connection to {@code fx}'s back end. */
    @FunctionalInterface
    non-sealed interface BadMessage extends Steps {
        void send(VhostUserFsFixture fx, FakeFrontEnd fe) throws Exception;
    }

    BadMessage message() {
        return (BadMessage) steps;
    }

    /**
     * Runs the attack through {@code a} and checks it: the expected answer, nothing changed outside the share,
     * and a benign request (GETATTR of {@link AttackScene#PROBE} as root) still answered on the same transport.
     */
    void prove(Attacker a, AttackScene scene) throws Exception {
        int got = ((Script) steps).run(a);
        assertEquals(expected.result(), got, () -> name + " (" + threat + ") must get " + expected.text() + ", got "
                + (got < 0 ? Errno.name(-got) : got));
        scene.assertNothingOutsideChanged();
        int probe = a.as(0, 0).stat(AttackScene.PROBE);
        assertEquals(StatH.S_IFREG, probe & StatH.S_IFMT, () -> "a benign request after " + name + " got " + probe);
    }

    @Override
    public String toString() {
        return name;
    }
}
