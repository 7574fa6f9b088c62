package io.jvirtiod.binding;

import io.jvirtiod.binding.sys.EpollH;
import io.jvirtiod.binding.sys.IoUringH;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.BlockDevH;
import io.jvirtiod.binding.sys.DirentH;
import io.jvirtiod.binding.sys.FallocH;
import io.jvirtiod.binding.sys.FileHandleH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.ResourceH;
import io.jvirtiod.binding.sys.SeccompH;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.StatfsH;
import io.jvirtiod.binding.sys.XattrH;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.IoctlH;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.MountH;
import io.jvirtiod.binding.sys.UioH;
import io.jvirtiod.binding.vduse.VduseH;
import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostTypesH;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.binding.virtio.VirtioConfigH;
import io.jvirtiod.binding.virtio.VirtioFsH;
import io.jvirtiod.binding.virtio.VirtioRingH;
import io.jvirtiod.binding.vhost.VhostInflightH;


import java.util.List;

/**
 * Every header binding class, so the ABI probe can check all of them by machine.
 *
 * <p>A header binding class follows one convention: {@code public static final List<String> C_INCLUDES} names
 * the C headers it mirrors; optional {@code public static final List<MemoryLayout> C_STRUCTS} lists struct
 * layouts named as C spells their type ("struct vduse_dev_config") with members named as the C fields; and
 * every public static final integral field whose name is UPPER_CASE is the C macro or enum constant of that
 * exact name. A class added to the bindings and not listed here is not checked, so add it here.
 */
public final class BoundHeaders {
    private BoundHeaders() {}

    public static final List<Class<?>> ALL = List.of(
            Errno.class,
            FcntlH.class,
            FuseH.class,
            IoctlH.class,
            MmanH.class,
            MountH.class,
            UioH.class,
            EventFdH.class,
            EpollH.class,
            IoUringH.class,
            MemFdH.class,
            SocketH.class,
            VduseH.class,
            VirtioConfigH.class,
            VirtioBlkH.class,
            VirtioFsH.class,
            VhostTypesH.class,
            VhostUserH.class,
            MountH.class,
            VhostInflightH.class,
            VirtioRingH.class,
            UioH.class,
            DirentH.class,
            FallocH.class,
            FileHandleH.class,
            Fds.class,
            LockH.class,
            RenameH.class,
            SeekH.class,
            StatH.class,
            StatfsH.class,
            XattrH.class,
            VhostInflightH.class,
            BlockDevH.class,
            ResourceH.class,
            SeccompH.class
    );
}
