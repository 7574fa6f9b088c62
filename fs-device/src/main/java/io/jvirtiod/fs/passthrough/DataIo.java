package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.fs.protocol.CopyFileRangeIn;
import io.jvirtiod.fs.protocol.ReadIn;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * File data: READ, WRITE, FSYNC, FALLOCATE, LSEEK and COPY_FILE_RANGE on open files, straight between the
 * transport's buffers and the host fd, and SYNCFS.
 */
final class DataIo {
    private final InodeFds fds;
    private final OpenFileTable files;
    private final RemappedCapability capability;

    DataIo(InodeFds fds, RemappedCapability capability) {
        this.fds = fds;
        this.files = fds.files;
        this.capability = capability;
    }

    /** READ: preadv straight into the transport's buffers. */
    int read(ReadIn in, ReadSink dst) {
        if (dst.count() == 0) return 0;
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            return (int) FileIo.preadvRaw(f.fd, dst.iovecs(), dst.count(), in.offset());
        } finally {
            files.release(f);
        }
    }

    /**
     * WRITE: pwritev straight from the transport's buffers (on an O_APPEND fd Linux appends whatever the
     * offset). With FUSE_WRITE_KILL_SUIDGID the set-id bits are cleared first, as the kernel would for a
     * writer without CAP_FSETID. A renamed security.capability is dropped, as the kernel drops the real one.
     */
    int write(WriteIn in, WriteSource src) {
        if (src.count() == 0) return 0;
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            if (in.killSuidgid()) {
                int r = Attributes.killSuidgid(f.fd, Fds.procFdPath(Scratch.get().procPath, f.fd), StatH.S_IFREG);
                if (r < 0) return r;
            }
            int r = capability.dropFrom(f.fd);
            if (r < 0) return r;
            return (int) FileIo.pwritevRaw(f.fd, src.iovecs(), src.count(), in.offset());
        } finally {
            files.release(f);
        }
    }

    /** FSYNC and FSYNCDIR. */
    int fsync(long fh, boolean datasync) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return datasync ? FileData.fdatasyncRaw(f.fd) : FileData.fsyncRaw(f.fd);
        } finally {
            files.release(f);
        }
    }

    int fallocate(long fh, long offset, long length, int mode) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.fallocateRaw(f.fd, mode, offset, length);
        } finally {
            files.release(f);
        }
    }

    /** LSEEK: SEEK_DATA / SEEK_HOLE on the host file (the kernel handles SET/CUR/END itself). */
    long lseek(long fh, long offset, int whence) {
        if (whence < SeekH.SEEK_SET || whence > SeekH.SEEK_HOLE) return -Errno.EINVAL;
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.lseekRaw(f.fd, offset, whence);
        } finally {
            files.release(f);
        }
    }

    /** COPY_FILE_RANGE between two open files, server-side (reflinks where the host file system has them). */
    long copyFileRange(CopyFileRangeIn in) {
        if (in.flags() != 0) return -Errno.EINVAL;
        OpenFile src = files.acquire(in.fhIn());
        if (src == null) return -Errno.EBADF;
        OpenFile dst = files.acquire(in.fhOut());
        if (dst == null) {
            files.release(src);
            return -Errno.EBADF;
        }
        try {
            Scratch s = Scratch.get();
            s.offIn.set(JAVA_LONG, 0, in.offIn());
            s.offOut.set(JAVA_LONG, 0, in.offOut());
            return FileData.copyFileRangeRaw(src.fd, s.offIn, dst.fd, s.offOut, in.len(), 0);
        } finally {
            files.release(src);
            files.release(dst);
        }
    }

    /** SYNCFS: syncfs(2) on the file system holding the node (a directory, else the shared directory). */
    int syncfs(long nodeid) {
        InodeTable inodes = fds.inodes;
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = fds.openInode(i.type == StatH.S_IFDIR ? i : inodes.root(), FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (fd < 0) return fd;
            int r = FileData.syncfsRaw(fd);
            FileIo.closeRaw(fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }
}
