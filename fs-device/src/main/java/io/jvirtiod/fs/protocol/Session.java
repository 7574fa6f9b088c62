package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;

/**
 * What INIT settled for the rest of the connection: the protocol minor both sides speak and the flags and
 * limits in effect. Immutable; the dispatcher publishes it once INIT is answered.
 *
 * @param minor    min(kernel minor, 45)
 * @param flags    flags in effect (offered and wanted), bits 32..63 as in FUSE_SECURITY_CTX and later
 * @param maxWrite largest WRITE payload the kernel will send
 * @param maxPages pages per request
 */
public record Session(int minor, long flags, int maxWrite, int maxPages, int maxReadahead, int timeGran,
                      int maxStackDepth) {

    public boolean enabled(long flag) {
        return (flags & flag) == flag;
    }

    /** True if SETXATTR carries the 16-byte fuse_setxattr_in (else the 8-byte 7.32 form). */
    public boolean extendedSetxattr() {
        return enabled(FuseH.FUSE_SETXATTR_EXT);
    }

    public int maxRead() {
        return maxPages * FuseOptions.PAGE_SIZE;
    }
}
