package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.fs.Context;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The caller's credentials on the host (virtiofsd's credentials.rs): operations that create files switch the
 * calling thread's fsuid/fsgid to the caller's, so ownership and the kernel's permission and set-group-id checks
 * come out as the caller's, and only on that thread. An unprivileged daemon cannot switch and creates everything
 * as itself.
 *
 * <p>Exactly the caller's: the daemon's own supplementary groups (root's usually include group 0) would count as
 * the caller's in those checks, so a file created by uid 1000 in a set-group-id directory of group 0 would keep
 * its S_ISGID (CVE-2022-0358, QEMU's "virtiofsd: Drop membership of all supplementary groups"). They are dropped
 * from every thread when the file system starts; the one group FUSE_CREATE_SUPP_GROUP sends with a create (the
 * parent directory's, when the caller is a member) is the thread's only supplementary group for that create.
 */
final class Credentials {
    /**
     * Most supplementary groups one request may carry: the kernel sends one (fs/fuse/dir.c
     * get_create_supp_group), so more are refused rather than copied.
     */
    static final int MAX_GROUPS = 32;
    /** {@link #become} switched fsuid/fsgid. */
    static final int SWITCHED = 1;
    /** {@link #become} set the request's supplementary groups on this thread. */
    static final int GROUPS = 2;

    /** True if the daemon runs as root (euid 0), so it may switch fsuid/fsgid and groups. */
    final boolean root = Creds.geteuid() == 0;

    /** Drops the supplementary groups of every thread of the process, when root (who alone can). */
    Credentials() {
        if (root) dropSupplementaryGroups();
    }

    /**
     * setgroups(0) through glibc, which applies it to every thread (the raw system call would change only this
     * one); threads created later inherit the empty list from their creator, so transport workers started after
     * the file system have none either. A daemon in no group need not call it (as virtiofsd), so a root
     * without CAP_SETGID still starts; one in some group that cannot leave them does not start.
     */
    static void dropSupplementaryGroups() {
        if (Creds.getgroupsRaw(0, MemorySegment.NULL) == 0) return;
        int r = Creds.setgroupsAllThreadsRaw(0, MemorySegment.NULL);
        if (r < 0) throw new ErrnoException("setgroups(0) dropping the daemon's supplementary groups", -r);
    }

    /**
     * Switches this thread to the caller's fsuid/fsgid and to the supplementary groups the request carries
     * (only when the daemon is root and the caller is not). Returns the state for {@link #unbecome} (0 when
     * nothing changed), or -EINVAL for more than {@link #MAX_GROUPS} groups, or the -errno of setgroups.
     */
    int become(Context ctx) {
        if (!root || (ctx.uid() == 0 && ctx.gid() == 0)) return 0;
        int state = SWITCHED;
        int n = ctx.supplementaryGroupCount();
        if (n > MAX_GROUPS) return -Errno.EINVAL;
        if (n > 0) {
            // set before the fsuid switch, as virtiofsd does (setgroups needs CAP_SETGID, which setfsuid keeps)
            MemorySegment gids = Scratch.get().groups;
            for (int i = 0; i < n; i++) gids.setAtIndex(JAVA_INT, i, ctx.supplementaryGroup(i));
            int r = Creds.setgroupsRaw(n, gids);
            if (r < 0) return r;
            state |= GROUPS;
        }
        Creds.setfsgid(ctx.gid());
        Creds.setfsuid(ctx.uid());
        return state;
    }

    /** Switches back to root, with no supplementary groups, after {@link #become} returned {@code state}. */
    static void unbecome(int state) {
        if ((state & SWITCHED) == 0) return;
        Creds.setfsuid(0);
        Creds.setfsgid(0);
        if ((state & GROUPS) != 0) {
            int r = Creds.setgroupsRaw(0, MemorySegment.NULL);
            // root keeps CAP_SETGID, so this cannot fail; were it to, a thread left in the group must not go unseen
            if (r < 0) throw new ErrnoException("setgroups(0) after a create with a supplementary group", -r);
        }
    }
}
