package io.jvirtiod.vhostuser;

/**
 * A front-end broke the vhost-user protocol (QEMU docs/interop/vhost-user.rst): a malformed message, a bad fd
 * count, an unknown request, state it had no right to ask for. The back-end closes the connection with this
 * message logged, and keeps listening for the next front-end; the daemon itself is never at risk. Carries no stack
 * trace: it describes the peer's mistake, not ours.
 */
public final class VhostUserProtocolException extends Exception {
    public VhostUserProtocolException(String message) {
        super(message, null, false, false);
    }
}
