package io.jvirtiod.sandbox;

import java.util.Locale;
import java.util.Set;

/**
 * The Linux capabilities a sandboxed command may keep ({@link KeptCapabilities}), with their numbers
 * (linux/capability.h), so that a set can be given to setpriv by name and compared with the CapEff and CapBnd
 * masks of /proc/PID/status.
 */
public enum Capability {
    CHOWN(0), DAC_OVERRIDE(1), DAC_READ_SEARCH(2), FOWNER(3), FSETID(4), SETGID(6), SETUID(7), MKNOD(27),
    SETFCAP(31);

    /** Bit number in the kernel's capability masks. */
    public final int bit;

    Capability(int bit) {
        this.bit = bit;
    }

    /** setpriv's name: the kernel's without CAP_, in lower case. */
    public String setprivName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The /proc/PID/status mask of {@code caps}. */
    public static long mask(Set<Capability> caps) {
        long m = 0;
        for (Capability c : caps) m |= 1L << c.bit;
        return m;
    }
}
