package io.jvirtiod.tests.vm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real VDUSE in the guest with the reference peer, so later failures with jvirtiod's peer are ours. */
class VduseBlkInGuestTest {

    @Test
    void qemuStorageDaemonsVduseBlkExportRoundTripsDataThroughDevVd() {
        Guest.require();
        GuestResult r = VduseBlkRoundTrip.run(VduseBlkRoundTrip.QEMU_STORAGE_DAEMON, Duration.ofMinutes(6));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("vdpa driver virtio_vdpa, /dev/vd"), r.describe());
        assertTrue(r.output().contains(VduseBlkRoundTrip.OK), r.describe());
    }
}
