package io.jvirtiod.sandbox;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static io.jvirtiod.sandbox.Capability.*;

/**
 * The one table of the capabilities each command keeps inside the namespace sandbox; all others leave the
 * bounding set, so not even an exec could bring them back. The stage script is told this set, and the daemon
 * checks once inside that its CapEff and CapBnd are exactly it.
 */
public final class KeptCapabilities {
    private KeptCapabilities() {}

    /**
     * {@code jvirtiod virtiofsd}: virtiofsd's own set (file ownership and modes on the guest's behalf: CHOWN,
     * DAC_OVERRIDE, FOWNER, FSETID; the caller's credentials: SETGID, SETUID; MKNOD; SETFCAP for
     * security.capability), and DAC_READ_SEARCH, which open_by_handle_at(2) needs for file handles. The open file
     * limit is raised before the sandbox, so SYS_RESOURCE is not kept.
     */
    public static final Set<Capability> VIRTIOFSD = Collections.unmodifiableSet(EnumSet.of(CHOWN, DAC_OVERRIDE,
            DAC_READ_SEARCH, FOWNER, FSETID, SETGID, SETUID, MKNOD, SETFCAP));

    /**
     * {@code jvirtiod fuse}: the same passthrough file system as virtiofsd, so its set. The mount is made before
     * the sandbox, and neither reading nor writing /dev/fuse nor FUSE_DEV_IOC_CLONE needs a capability, so
     * SYS_ADMIN is not kept (and so not --passthrough, whose FUSE_DEV_IOC_BACKING_OPEN needs it).
     */
    public static final Set<Capability> FUSE = VIRTIOFSD;

    /**
     * {@code jvirtiod vduse-blk}: /dev/vduse/control and /dev/vduse/NAME are guarded by their modes, not by a
     * capability, so only DAC_OVERRIDE is kept: root's access to a backing image or log directory it does not own.
     */
    public static final Set<Capability> VDUSE_BLK = Collections.unmodifiableSet(EnumSet.of(DAC_OVERRIDE));
}
