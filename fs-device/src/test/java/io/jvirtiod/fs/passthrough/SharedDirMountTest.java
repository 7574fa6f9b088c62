package io.jvirtiod.fs.passthrough;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The start-up warning's source: which of nodev and nosuid the shared directory's mount lacks. */
class SharedDirMountTest {
    private static final List<String> MOUNTINFO = List.of(
            "21 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "36 21 0:32 / /srv/share rw,nosuid,nodev,noexec,relatime shared:15 - tmpfs tmpfs rw,size=1024k",
            "37 21 0:33 / /srv/half rw,nosuid,relatime shared:16 - tmpfs tmpfs rw,nodev");

    @Test
    void aMountWithNodevAndNosuidLacksNothing() {
        assertEquals(List.of(), SharedDirMount.missingOptions(MOUNTINFO, 36));
    }

    @Test
    void aMountWithoutThemLacksBoth() {
        assertEquals(List.of("nodev", "nosuid"), SharedDirMount.missingOptions(MOUNTINFO, 21));
    }

    @Test
    void onlyThePerMountOptionsCountNotTheSuperblocks() {
        assertEquals(List.of("nodev"), SharedDirMount.missingOptions(MOUNTINFO, 37));
    }

    @Test
    void anUnlistedMountIsTakenToLackBoth() {
        assertEquals(List.of("nodev", "nosuid"), SharedDirMount.missingOptions(MOUNTINFO, 99));
    }
}
