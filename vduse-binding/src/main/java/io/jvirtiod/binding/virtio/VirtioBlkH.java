package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * linux/virtio_blk.h (virtio 1.2 §5.2): the block device's id, feature bits (bit numbers), request types and
 * the status byte the device writes as the last byte of every request.
 */
public final class VirtioBlkH {
    private VirtioBlkH() {}

    public static final List<String> C_INCLUDES = List.of("linux/virtio_ids.h", "linux/virtio_blk.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(VirtioBlkGeometry.LAYOUT, VirtioBlkConfig.LAYOUT,
            VirtioBlkOuthdr.LAYOUT, VirtioBlkDiscardWriteZeroes.LAYOUT);

    /** virtio device id of a block device (virtio 1.2 §5). */
    public static final int VIRTIO_ID_BLOCK = 2;

    // ---- feature bits (virtio 1.2 §5.2.3) ----
    public static final int VIRTIO_BLK_F_SIZE_MAX = 1;
    public static final int VIRTIO_BLK_F_SEG_MAX = 2;
    public static final int VIRTIO_BLK_F_GEOMETRY = 4;
    public static final int VIRTIO_BLK_F_RO = 5;
    public static final int VIRTIO_BLK_F_BLK_SIZE = 6;
    public static final int VIRTIO_BLK_F_TOPOLOGY = 10;
    public static final int VIRTIO_BLK_F_MQ = 12;
    public static final int VIRTIO_BLK_F_DISCARD = 13;
    public static final int VIRTIO_BLK_F_WRITE_ZEROES = 14;
    public static final int VIRTIO_BLK_F_SECURE_ERASE = 16;
    /** Legacy. */
    public static final int VIRTIO_BLK_F_BARRIER = 0;
    /** Legacy. */
    public static final int VIRTIO_BLK_F_SCSI = 7;
    /** FLUSH command supported (still offered by modern devices; legacy interface name). */
    public static final int VIRTIO_BLK_F_FLUSH = 9;
    public static final int VIRTIO_BLK_F_CONFIG_WCE = 11;
    /** Old name of VIRTIO_BLK_F_FLUSH. */
    public static final int VIRTIO_BLK_F_WCE = 9;

    /** Bytes of the serial a GET_ID request returns (not NUL-terminated when full). */
    public static final int VIRTIO_BLK_ID_BYTES = 20;

    // ---- request types (virtio 1.2 §5.2.6) ----
    public static final int VIRTIO_BLK_T_IN = 0;
    public static final int VIRTIO_BLK_T_OUT = 1;
    /** Legacy. */
    public static final int VIRTIO_BLK_T_SCSI_CMD = 2;
    public static final int VIRTIO_BLK_T_FLUSH = 4;
    public static final int VIRTIO_BLK_T_GET_ID = 8;
    public static final int VIRTIO_BLK_T_DISCARD = 11;
    public static final int VIRTIO_BLK_T_WRITE_ZEROES = 13;
    public static final int VIRTIO_BLK_T_SECURE_ERASE = 14;
    /** Legacy flag bit of the type. */
    public static final int VIRTIO_BLK_T_BARRIER = 0x80000000;

    /** virtio_blk_discard_write_zeroes.flags: the device may deallocate the zeroed range. */
    public static final int VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP = 0x00000001;

    // ---- status byte (virtio 1.2 §5.2.6) ----
    public static final int VIRTIO_BLK_S_OK = 0;
    public static final int VIRTIO_BLK_S_IOERR = 1;
    public static final int VIRTIO_BLK_S_UNSUPP = 2;

}
