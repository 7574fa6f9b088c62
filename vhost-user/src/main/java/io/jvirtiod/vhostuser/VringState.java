package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.FileIo;

/**
 * What the front-end told the back-end about one vring (vhost-user.rst "Ring states"): size, ring addresses
 * (guest-physical, translated from the front-end's user addresses), base index, kick/call/err eventfds, whether
 * it is enabled and started, and the worker serving it while it runs. Touched only by the connection thread.
 */
final class VringState {
    final int index;
    int num;
    boolean addressed;
    long desc;
    long avail;
    long used;
    int base;
    int kickFd = -1;
    boolean kickPolled; // SET_VRING_KICK with VHOST_USER_VRING_NOFD_MASK: started without a kick fd
    int callFd = -1;
    int errFd = -1;
    boolean enabled;
    boolean started;
    VringWorker worker;

    VringState(int index) {
        this.index = index;
    }

    /** Replaces an eventfd field's value, closing the old descriptor. */
    static int replace(int old, int fd) {
        if (old >= 0 && old != fd) FileIo.closeRaw(old);
        return fd;
    }

    /** Forgets everything (RESET_DEVICE, disconnect); the worker must have been stopped. */
    void reset() {
        kickFd = replace(kickFd, -1);
        callFd = replace(callFd, -1);
        errFd = replace(errFd, -1);
        num = 0;
        addressed = false;
        desc = avail = used = 0;
        base = 0;
        kickPolled = false;
        enabled = false;
        started = false;
    }
}
