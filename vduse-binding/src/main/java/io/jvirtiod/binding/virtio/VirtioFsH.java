package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * linux/virtio_fs.h (virtio 1.2 §5.11): the file system device's id, config space and shared-memory region id.
 * The installed header has no feature bits (VIRTIO_FS_F_NOTIFICATION is in the spec only), so none are bound.
 */
public final class VirtioFsH {
    private VirtioFsH() {}

    public static final List<String> C_INCLUDES = List.of("linux/virtio_ids.h", "linux/virtio_fs.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(VirtioFsConfig.LAYOUT);

    /** virtio device id of a file system device (virtio 1.2 §5). */
    public static final int VIRTIO_ID_FS = 26;

    /** virtio_pci_shm_cap id of the DAX cache window. */
    public static final int VIRTIO_FS_SHMCAP_ID_CACHE = 0;
}
