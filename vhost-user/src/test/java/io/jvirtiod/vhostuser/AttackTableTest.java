package io.jvirtiod.vhostuser;

import io.jvirtiod.vhostuser.Attack.Transport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/security.md's attack table is the catalog ({@link Attacks}) rendered, so the two cannot drift: this test
 * renders it into target/attack-table.md and fails when the document does not contain it verbatim.
 */
class AttackTableTest {
    private static final Map<Transport, String> WHERE = Map.of(Transport.MOUNT, "/dev/fuse mount",
            Transport.CHAIN, "virtio-fs chains", Transport.FRONT_END, "vhost-user messages");
    private static final Map<Transport, String> TEST = Map.of(Transport.MOUNT, "MountedAttackTest",
            Transport.CHAIN, "ChainAttackTest", Transport.FRONT_END, "MalformedMessageTest");

    static String table() {
        StringBuilder b = new StringBuilder("| category | attack: threat | transports | expected answer | tests |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Attack a : Attacks.all()) {
            b.append("| ").append(a.category().name().toLowerCase().replace('_', ' '))
                    .append(" | `").append(a.name()).append("`: ").append(a.threat().replace("|", "\\|"))
                    .append(" | ").append(a.transports().stream().sorted().map(WHERE::get)
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(a.expected().text())
                    .append(" | ").append(a.transports().stream().sorted().map(TEST::get)
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        return b.toString();
    }

    @Test
    void theSecurityDocumentListsEveryAttackOfTheCatalogAsItIs() throws Exception {
        String table = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/attack-table.md"), table);
        String doc = Files.readString(Path.of("../docs/security.md"));
        assertTrue(doc.contains(table), "docs/security.md's attack table differs from the catalog; the rendered "
                + "table is in vhost-user/target/attack-table.md");
    }
}
