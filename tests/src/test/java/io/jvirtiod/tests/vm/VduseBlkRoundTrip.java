package io.jvirtiod.tests.vm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A VDUSE block peer proved end to end in the guest (tests/vm/vduse-selftest.sh): the peer serves an image as
 * /dev/vduse/NAME, the guest attaches it through vdpa and virtio_vdpa, and data must round-trip between the
 * image and /dev/vdX both ways. qemu-storage-daemon is the reference peer; jvirtiod's vduse-blk plugs in here.
 */
public final class VduseBlkRoundTrip {
    /** Printed by the selftest when both checksums matched. */
    public static final String OK = "VDUSE-BLK ROUND TRIP OK";

    /** qemu-storage-daemon's vduse-blk export; a peer command sees $IMG (image) and $VDUSE_NAME (device). */
    public static final String QEMU_STORAGE_DAEMON = "exec qemu-storage-daemon"
            + " --blockdev driver=file,node-name=disk,filename=\"$IMG\""
            + " --export type=vduse-blk,id=exp,node-name=disk,name=\"$VDUSE_NAME\",writable=on";

    private VduseBlkRoundTrip() {}

    /** Boots a guest and runs the selftest with {@code peerCommand} (run by bash in the guest). */
    public static GuestResult run(String peerCommand, Duration timeout) {
        return Guest.run("bash " + Guest.vmDir().resolve("vduse-selftest.sh"), timeout,
                Map.of("VDUSE_BLK_PEER", peerCommand), List.of());
    }
}
