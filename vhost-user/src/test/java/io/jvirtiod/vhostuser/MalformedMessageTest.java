package io.jvirtiod.vhostuser;

import io.jvirtiod.vhostuser.Attack.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static io.jvirtiod.binding.vhost.VhostUserH.VHOST_USER_GET_FEATURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a front-end can break the protocol ({@link Attacks}' {@link Transport#FRONT_END} attacks) closes its
 * connection with the reason logged, and the daemon goes on accepting: each attack sends its bad messages on a
 * fresh connection, sees the socket closed, checks the reason, then proves a new front-end is served. Each
 * fails within 20 s: a back-end that accepts the bad message (or whose server thread died) would leave it
 * blocked in a read.
 */
class MalformedMessageTest extends WithVhostUserFs {
    static Stream<Attack> attacks() {
        return Attacks.over(Transport.FRONT_END);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theConnectionIsClosedWithTheReasonAndTheNextFrontEndIsServed(Attack attack) {
        String reason = attack.expected().closeReason();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FakeFrontEnd fe = fx.connect()) {
                attack.message().send(fx, fe);
                assertTrue(fe.closedByBackEnd(), "the back-end closed the connection");
            }
            for (int i = 0; i < 500 && fx.closeReasons.isEmpty(); i++) Thread.sleep(10);
            assertEquals(1, fx.closeReasons.size(), "one connection ended: " + fx.closeReasons);
            assertTrue(fx.closeReasons.get(0).contains(reason), "reason '" + fx.closeReasons.get(0) + "' names: "
                    + reason);
            try (FakeFrontEnd next = fx.connect()) {
                assertTrue(next.getU64(VHOST_USER_GET_FEATURES) != 0, "a new front-end is served");
            }
            assertEquals(2, fx.server.connections());
        });
    }
}
