/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtio constants that jvirtiod uses and that Debian's linux-libc-dev 6.1 headers predate (the running kernel
 * and the virtio 1.3 spec have them). Each is defined only where the system header lacks it; when a newer
 * header defines it, that definition is used and the ABI probe checks the Java value against it.
 */
#ifndef JVIRTIOD_VIRTIO_EXT_H
#define JVIRTIOD_VIRTIO_EXT_H

#include <linux/virtio_config.h>

/* virtio 1.3 §6: the driver sends extra data in its available buffer notifications. */
#ifndef VIRTIO_F_NOTIFICATION_DATA
#define VIRTIO_F_NOTIFICATION_DATA 38
#endif

/* virtio 1.3 §6: the driver uses the device-provided data in notifications. */
#ifndef VIRTIO_F_NOTIF_CONFIG_DATA
#define VIRTIO_F_NOTIF_CONFIG_DATA 39
#endif

/* virtio 1.3 §6: the device exposes an administration virtqueue. */
#ifndef VIRTIO_F_ADMIN_VQ
#define VIRTIO_F_ADMIN_VQ 41
#endif

#endif /* JVIRTIOD_VIRTIO_EXT_H */
