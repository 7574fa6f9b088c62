package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.vhost.VhostUserConfig;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.vhost.VhostUserHeader;
import io.jvirtiod.binding.vhost.VhostUserInflight;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserMemoryRegion;
import io.jvirtiod.binding.vhost.VhostUserPayload;
import io.jvirtiod.binding.vhost.VhostUserVringAddr;
import io.jvirtiod.binding.vhost.VhostUserVringState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.vhost.VhostUserH.*;

/**
 * One vhost-user message (header then payload) in a preallocated buffer large enough for any valid message, so
 * receiving and replying allocate nothing. A flyweight: a connection owns one for requests and one for replies.
 *
 * <p>{@link #checkPayloadSize} holds every request this back-end serves to the payload size vhost-user.rst
 * gives it, so no handler ever reads a payload byte the front-end did not send.
 */
public final class VhostUserMessage {
    static final int HEADER = (int) VhostUserHeader.SIZE;
    static final int MAX_PAYLOAD = (int) VhostUserPayload.SIZE;
    /** Bytes of a SET_MEM_TABLE payload before the regions (nregions and padding). */
    static final int MEMORY_HEADER = (int) VhostUserMemory.OFFSET_REGIONS;
    /** Bytes of a GET/SET_CONFIG payload before the config bytes (offset, size, flags). */
    static final int CONFIG_HEADER = (int) VhostUserConfig.OFFSET_REGION;

    private static final long BAD_REGIONS = -2;
    private static final long BAD_CONFIG_SIZE = -3;

    private final MemorySegment buffer;
    private final MemorySegment header;
    private final MemorySegment payload;

    public VhostUserMessage(Arena arena) {
        buffer = arena.allocate(HEADER + MAX_PAYLOAD, 8);
        header = buffer.asSlice(0, HEADER);
        payload = buffer.asSlice(HEADER, MAX_PAYLOAD);
    }

    /** Header and payload, for the socket calls. */
    MemorySegment buffer() {
        return buffer;
    }

    MemorySegment header() {
        return header;
    }

    /** The whole payload area; only {@link #size()} bytes of it came from the peer. */
    public MemorySegment payload() {
        return payload;
    }

    public int request() {
        return VhostUserHeader.request(header);
    }

    public int flags() {
        return VhostUserHeader.flags(header);
    }

    /** Payload bytes, as the header says (checked against the buffer by the channel before any payload is read). */
    public int size() {
        return VhostUserHeader.size(header);
    }

    /** "Need reply" (flags bit 3): with REPLY_ACK the front-end wants a u64 status for a request without reply. */
    public boolean needsReply() {
        return (flags() & VHOST_USER_NEED_REPLY_MASK) != 0;
    }

    public long u64() {
        return VhostUserPayload.u64(payload);
    }

    /** Makes this a reply to {@code request} with {@code size} payload bytes (to be filled by the caller). */
    void reply(int request, int size) {
        VhostUserHeader.request(header, request);
        VhostUserHeader.flags(header, VhostUserH.flags(true));
        VhostUserHeader.size(header, size);
    }

    /** Header plus payload bytes on the wire. */
    int wireLength() {
        return HEADER + size();
    }

    /**
     * The reason this request's payload size is wrong for its type, or null if it is right. vhost-user.rst gives
     * each request one payload ("Front-end message types"); variable ones are checked against their own count.
     */
    String checkPayloadSize() {
        int size = size();
        int request = request();
        long want = switch (request) {
            case VHOST_USER_GET_FEATURES, VHOST_USER_SET_OWNER, VHOST_USER_RESET_OWNER, VHOST_USER_GET_PROTOCOL_FEATURES,
                 VHOST_USER_GET_QUEUE_NUM, VHOST_USER_RESET_DEVICE -> 0;           // "Message payload: N/A"
            case VHOST_USER_SET_FEATURES, VHOST_USER_SET_PROTOCOL_FEATURES, VHOST_USER_SET_VRING_KICK,
                 VHOST_USER_SET_VRING_CALL, VHOST_USER_SET_VRING_ERR -> 8;         // "A single 64-bit integer"
            case VHOST_USER_SET_VRING_NUM, VHOST_USER_SET_VRING_BASE, VHOST_USER_GET_VRING_BASE,
                 VHOST_USER_SET_VRING_ENABLE -> VhostUserVringState.SIZE;          // "vring state description"
            case VHOST_USER_SET_VRING_ADDR -> VhostUserVringAddr.SIZE;            // "vring address description"
            case VHOST_USER_GET_INFLIGHT_FD, VHOST_USER_SET_INFLIGHT_FD -> VhostUserInflight.SIZE; // "inflight description"
            case VHOST_USER_SET_MEM_TABLE -> {                                      // "multiple memory regions description"
                if (size < MEMORY_HEADER) yield MEMORY_HEADER;
                int n = VhostUserMemory.nregions(payload);
                yield n < 1 || n > VHOST_MEMORY_BASELINE_NREGIONS ? BAD_REGIONS
                        : MEMORY_HEADER + (long) n * VhostUserMemoryRegion.SIZE;
            }
            case VHOST_USER_GET_CONFIG, VHOST_USER_SET_CONFIG -> {                  // "virtio device config space"
                if (size < CONFIG_HEADER) yield CONFIG_HEADER;
                int n = VhostUserConfig.size(payload);
                yield n < 0 || n > VHOST_USER_MAX_CONFIG_SIZE ? BAD_CONFIG_SIZE : CONFIG_HEADER + (long) n;
            }
            default -> -1;
        };
        if (want == BAD_REGIONS) {
            return "SET_MEM_TABLE with " + Integer.toUnsignedString(VhostUserMemory.nregions(payload)) + " regions (1.."
                    + VHOST_MEMORY_BASELINE_NREGIONS + " without CONFIGURE_MEM_SLOTS)";
        }
        if (want == BAD_CONFIG_SIZE) {
            return requestName(request) + " of " + Integer.toUnsignedString(VhostUserConfig.size(payload))
                    + " config bytes (at most " + VHOST_USER_MAX_CONFIG_SIZE + ")";
        }
        if (want < 0) return null; // unknown or unsupported requests are refused by the back-end, not here
        return size == want ? null : requestName(request) + " with a payload of " + Integer.toUnsignedString(size)
                + " bytes, expected " + want + " (vhost-user.rst, \"Front-end message types\")";
    }
}
