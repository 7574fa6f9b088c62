package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.fs.Context;

/**
 * The caller's credentials on the host (virtiofsd's credentials.rs): operations that create files switch the
 * calling thread's fsuid/fsgid to the caller's, so ownership comes out right, and only on that thread. An
 * unprivileged daemon cannot switch and creates everything as itself.
 */
final class Credentials {
    /** True if the daemon runs as root (euid 0), so it may switch fsuid/fsgid. */
    final boolean root = Creds.geteuid() == 0;

    /** Switches this thread's fsuid/fsgid to the caller's (only when the daemon is root). */
    boolean become(Context ctx) {
        if (!root || (ctx.uid() == 0 && ctx.gid() == 0)) return false;
        Creds.setfsgid(ctx.gid());
        Creds.setfsuid(ctx.uid());
        return true;
    }

    /** Switches back to root after {@link #become} returned {@code switched}. */
    static void unbecome(boolean switched) {
        if (!switched) return;
        Creds.setfsuid(0);
        Creds.setfsgid(0);
    }
}
