package io.jvirtiod.binding.fuse;

import io.jvirtiod.binding.sys.IoctlH;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * Constants of the FUSE kernel protocol (linux/fuse.h up to 7.45 through jvirtiod/fuse_ext.h), so that the
 * FUSE decoder, encoder and transports name every opcode, flag and ioctl as the kernel does. Every UPPER_CASE
 * field is the C macro or enum constant of the same name, checked by the ABI probe, as are the struct layouts
 * in {@link #C_STRUCTS} (one class per {@code struct fuse_*} in this package).
 *
 * <p>Flags that live in bits 32..63 of the INIT flags (FUSE_SECURITY_CTX and later) are {@code long}s; the
 * INIT exchange carries them shifted down 32 bits in {@code flags2} (FUSE_INIT_EXT).
 */
public final class FuseH {
    private FuseH() {}

    public static final List<String> C_INCLUDES = List.of("stdio.h", "sys/xattr.h", "linux/ioctl.h",
            "linux/fuse.h", "jvirtiod/fuse_ext.h");

    public static final List<MemoryLayout> C_STRUCTS = List.of(
            FuseAttr.LAYOUT, FuseKstatfs.LAYOUT, FuseFileLock.LAYOUT, FuseEntryOut.LAYOUT, FuseForgetIn.LAYOUT,
            FuseForgetOne.LAYOUT, FuseBatchForgetIn.LAYOUT, FuseGetattrIn.LAYOUT, FuseAttrOut.LAYOUT,
            FuseMknodIn.LAYOUT, FuseMkdirIn.LAYOUT, FuseRenameIn.LAYOUT, FuseRename2In.LAYOUT, FuseLinkIn.LAYOUT,
            FuseSetattrIn.LAYOUT, FuseOpenIn.LAYOUT, FuseCreateIn.LAYOUT, FuseOpenOut.LAYOUT, FuseReleaseIn.LAYOUT,
            FuseFlushIn.LAYOUT, FuseReadIn.LAYOUT, FuseWriteIn.LAYOUT, FuseWriteOut.LAYOUT, FuseStatfsOut.LAYOUT,
            FuseFsyncIn.LAYOUT, FuseSetxattrIn.LAYOUT, FuseGetxattrIn.LAYOUT, FuseGetxattrOut.LAYOUT,
            FuseLkIn.LAYOUT, FuseLkOut.LAYOUT, FuseAccessIn.LAYOUT, FuseInitIn.LAYOUT, FuseInitOut.LAYOUT,
            FuseInterruptIn.LAYOUT, FuseInHeader.LAYOUT, FuseOutHeader.LAYOUT, FuseDirent.LAYOUT,
            FuseDirentplus.LAYOUT, FuseNotifyInvalInodeOut.LAYOUT, FuseNotifyInvalEntryOut.LAYOUT,
            FuseNotifyDeleteOut.LAYOUT, FuseNotifyStoreOut.LAYOUT, FuseNotifyRetrieveOut.LAYOUT,
            FuseNotifyRetrieveIn.LAYOUT, FuseNotifyPruneOut.LAYOUT, FuseFallocateIn.LAYOUT, FuseLseekIn.LAYOUT,
            FuseLseekOut.LAYOUT, FuseUringEntInOut.LAYOUT, FuseUringReqHeader.LAYOUT, FuseUringCmdReq.LAYOUT,
            FuseCopyFileRangeIn.LAYOUT, FuseCopyFileRangeOut.LAYOUT,
            FuseSetupmappingIn.LAYOUT, FuseRemovemappingIn.LAYOUT, FuseRemovemappingOne.LAYOUT,
            FuseSyncfsIn.LAYOUT, FuseSecctx.LAYOUT, FuseSecctxHeader.LAYOUT, FuseExtHeader.LAYOUT,
            FuseSuppGroups.LAYOUT, FusePollIn.LAYOUT, FusePollOut.LAYOUT, FuseBackingMap.LAYOUT,
            FuseSxTime.LAYOUT, FuseStatx.LAYOUT, FuseStatxIn.LAYOUT, FuseStatxOut.LAYOUT);

    // ---- versions ----------------------------------------------------------------------------------------

    public static final int FUSE_KERNEL_VERSION = 7;
    public static final long FUSE_ROOT_ID = 1;
    /** Smallest read buffer the kernel accepts on /dev/fuse. */
    public static final int FUSE_MIN_READ_BUFFER = 8192;
    public static final int FUSE_COMPAT_ENTRY_OUT_SIZE = 120;
    public static final int FUSE_COMPAT_ATTR_OUT_SIZE = 96;
    public static final int FUSE_COMPAT_MKNOD_IN_SIZE = 8;
    public static final int FUSE_COMPAT_WRITE_IN_SIZE = 24;
    public static final int FUSE_COMPAT_STATFS_SIZE = 48;
    public static final int FUSE_COMPAT_SETXATTR_IN_SIZE = 8;
    public static final int FUSE_COMPAT_INIT_OUT_SIZE = 8;
    public static final int FUSE_COMPAT_22_INIT_OUT_SIZE = 24;
    /** Offset of the name in a fuse_dirent / fuse_direntplus record. */
    public static final long FUSE_NAME_OFFSET = 24;
    public static final long FUSE_NAME_OFFSET_DIRENTPLUS = 152;

    // ---- opcodes (enum fuse_opcode) ------------------------------------------------------------------------

    public static final int FUSE_LOOKUP = 1;
    public static final int FUSE_FORGET = 2;
    public static final int FUSE_GETATTR = 3;
    public static final int FUSE_SETATTR = 4;
    public static final int FUSE_READLINK = 5;
    public static final int FUSE_SYMLINK = 6;
    public static final int FUSE_MKNOD = 8;
    public static final int FUSE_MKDIR = 9;
    public static final int FUSE_UNLINK = 10;
    public static final int FUSE_RMDIR = 11;
    public static final int FUSE_RENAME = 12;
    public static final int FUSE_LINK = 13;
    public static final int FUSE_OPEN = 14;
    public static final int FUSE_READ = 15;
    public static final int FUSE_WRITE = 16;
    public static final int FUSE_STATFS = 17;
    public static final int FUSE_RELEASE = 18;
    public static final int FUSE_FSYNC = 20;
    public static final int FUSE_SETXATTR = 21;
    public static final int FUSE_GETXATTR = 22;
    public static final int FUSE_LISTXATTR = 23;
    public static final int FUSE_REMOVEXATTR = 24;
    public static final int FUSE_FLUSH = 25;
    public static final int FUSE_INIT = 26;
    public static final int FUSE_OPENDIR = 27;
    public static final int FUSE_READDIR = 28;
    public static final int FUSE_RELEASEDIR = 29;
    public static final int FUSE_FSYNCDIR = 30;
    public static final int FUSE_GETLK = 31;
    public static final int FUSE_SETLK = 32;
    public static final int FUSE_SETLKW = 33;
    public static final int FUSE_ACCESS = 34;
    public static final int FUSE_CREATE = 35;
    public static final int FUSE_INTERRUPT = 36;
    public static final int FUSE_BMAP = 37;
    public static final int FUSE_DESTROY = 38;
    public static final int FUSE_IOCTL = 39;
    public static final int FUSE_POLL = 40;
    public static final int FUSE_NOTIFY_REPLY = 41;
    public static final int FUSE_BATCH_FORGET = 42;
    public static final int FUSE_FALLOCATE = 43;
    public static final int FUSE_READDIRPLUS = 44;
    public static final int FUSE_RENAME2 = 45;
    public static final int FUSE_LSEEK = 46;
    public static final int FUSE_COPY_FILE_RANGE = 47;
    public static final int FUSE_SETUPMAPPING = 48;
    public static final int FUSE_REMOVEMAPPING = 49;
    public static final int FUSE_SYNCFS = 50;
    public static final int FUSE_TMPFILE = 51;
    public static final int FUSE_STATX = 52;
    public static final int FUSE_COPY_FILE_RANGE_64 = 53;
    public static final int CUSE_INIT = 4096;
    public static final int CUSE_INIT_BSWAP_RESERVED = 1048576;
    public static final int FUSE_INIT_BSWAP_RESERVED = 436207616;

    // ---- notification codes (enum fuse_notify_code) --------------------------------------------------------

    public static final int FUSE_NOTIFY_POLL = 1;
    public static final int FUSE_NOTIFY_INVAL_INODE = 2;
    public static final int FUSE_NOTIFY_INVAL_ENTRY = 3;
    public static final int FUSE_NOTIFY_STORE = 4;
    public static final int FUSE_NOTIFY_RETRIEVE = 5;
    public static final int FUSE_NOTIFY_DELETE = 6;
    public static final int FUSE_NOTIFY_RESEND = 7;
    public static final int FUSE_NOTIFY_INC_EPOCH = 8;
    public static final int FUSE_NOTIFY_PRUNE = 9;
    /** Bit 63 of fuse_in_header.unique: the kernel resent this request after FUSE_NOTIFY_RESEND (7.40). */
    public static final long FUSE_UNIQUE_RESEND = 1L << 63;

    // ---- INIT flags (bits 0..31 in flags, 32..63 in flags2) ------------------------------------------------

    public static final int FUSE_ASYNC_READ = 1;
    public static final int FUSE_POSIX_LOCKS = 1 << 1;
    public static final int FUSE_FILE_OPS = 1 << 2;
    public static final int FUSE_ATOMIC_O_TRUNC = 1 << 3;
    public static final int FUSE_EXPORT_SUPPORT = 1 << 4;
    public static final int FUSE_BIG_WRITES = 1 << 5;
    public static final int FUSE_DONT_MASK = 1 << 6;
    public static final int FUSE_SPLICE_WRITE = 1 << 7;
    public static final int FUSE_SPLICE_MOVE = 1 << 8;
    public static final int FUSE_SPLICE_READ = 1 << 9;
    public static final int FUSE_FLOCK_LOCKS = 1 << 10;
    public static final int FUSE_HAS_IOCTL_DIR = 1 << 11;
    public static final int FUSE_AUTO_INVAL_DATA = 1 << 12;
    public static final int FUSE_DO_READDIRPLUS = 1 << 13;
    public static final int FUSE_READDIRPLUS_AUTO = 1 << 14;
    public static final int FUSE_ASYNC_DIO = 1 << 15;
    public static final int FUSE_WRITEBACK_CACHE = 1 << 16;
    public static final int FUSE_NO_OPEN_SUPPORT = 1 << 17;
    public static final int FUSE_PARALLEL_DIROPS = 1 << 18;
    public static final int FUSE_HANDLE_KILLPRIV = 1 << 19;
    public static final int FUSE_POSIX_ACL = 1 << 20;
    public static final int FUSE_ABORT_ERROR = 1 << 21;
    public static final int FUSE_MAX_PAGES = 1 << 22;
    public static final int FUSE_CACHE_SYMLINKS = 1 << 23;
    public static final int FUSE_NO_OPENDIR_SUPPORT = 1 << 24;
    public static final int FUSE_EXPLICIT_INVAL_DATA = 1 << 25;
    public static final int FUSE_MAP_ALIGNMENT = 1 << 26;
    public static final int FUSE_SUBMOUNTS = 1 << 27;
    public static final int FUSE_HANDLE_KILLPRIV_V2 = 1 << 28;
    public static final int FUSE_SETXATTR_EXT = 1 << 29;
    public static final int FUSE_INIT_EXT = 1 << 30;
    public static final int FUSE_INIT_RESERVED = 1 << 31;
    public static final long FUSE_SECURITY_CTX = 1L << 32;
    public static final long FUSE_HAS_INODE_DAX = 1L << 33;
    public static final long FUSE_CREATE_SUPP_GROUP = 1L << 34;
    public static final long FUSE_HAS_EXPIRE_ONLY = 1L << 35;
    public static final long FUSE_DIRECT_IO_ALLOW_MMAP = 1L << 36;
    public static final long FUSE_PASSTHROUGH = 1L << 37;
    public static final long FUSE_NO_EXPORT_SUPPORT = 1L << 38;
    public static final long FUSE_HAS_RESEND = 1L << 39;
    public static final long FUSE_ALLOW_IDMAP = 1L << 40;
    public static final long FUSE_OVER_IO_URING = 1L << 41;
    public static final long FUSE_REQUEST_TIMEOUT = 1L << 42;
    public static final int FUSE_URING_IN_OUT_HEADER_SZ = 128;
    public static final int FUSE_URING_OP_IN_OUT_SZ = 128;
    /** IORING_OP_URING_CMD codes on /dev/fuse (enum fuse_uring_cmd). */
    public static final int FUSE_IO_URING_CMD_REGISTER = 1;
    public static final int FUSE_IO_URING_CMD_COMMIT_AND_FETCH = 2;
    public static final int CUSE_UNRESTRICTED_IOCTL = 1;

    // ---- setattr valid bits --------------------------------------------------------------------------------

    public static final int FATTR_MODE = 1;
    public static final int FATTR_UID = 1 << 1;
    public static final int FATTR_GID = 1 << 2;
    public static final int FATTR_SIZE = 1 << 3;
    public static final int FATTR_ATIME = 1 << 4;
    public static final int FATTR_MTIME = 1 << 5;
    public static final int FATTR_FH = 1 << 6;
    public static final int FATTR_ATIME_NOW = 1 << 7;
    public static final int FATTR_MTIME_NOW = 1 << 8;
    public static final int FATTR_LOCKOWNER = 1 << 9;
    public static final int FATTR_CTIME = 1 << 10;
    public static final int FATTR_KILL_SUIDGID = 1 << 11;

    // ---- open reply flags ----------------------------------------------------------------------------------

    public static final int FOPEN_DIRECT_IO = 1;
    public static final int FOPEN_KEEP_CACHE = 1 << 1;
    public static final int FOPEN_NONSEEKABLE = 1 << 2;
    public static final int FOPEN_CACHE_DIR = 1 << 3;
    public static final int FOPEN_STREAM = 1 << 4;
    public static final int FOPEN_NOFLUSH = 1 << 5;
    public static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    public static final int FOPEN_PASSTHROUGH = 1 << 7;

    // ---- per-request flags ---------------------------------------------------------------------------------

    public static final int FUSE_RELEASE_FLUSH = 1;
    public static final int FUSE_RELEASE_FLOCK_UNLOCK = 1 << 1;
    public static final int FUSE_GETATTR_FH = 1;
    public static final int FUSE_LK_FLOCK = 1;
    public static final int FUSE_WRITE_CACHE = 1;
    public static final int FUSE_WRITE_LOCKOWNER = 1 << 1;
    public static final int FUSE_WRITE_KILL_SUIDGID = 1 << 2;
    public static final int FUSE_WRITE_KILL_PRIV = FUSE_WRITE_KILL_SUIDGID;
    public static final int FUSE_READ_LOCKOWNER = 1 << 1;
    public static final int FUSE_IOCTL_COMPAT = 1;
    public static final int FUSE_IOCTL_UNRESTRICTED = 1 << 1;
    public static final int FUSE_IOCTL_RETRY = 1 << 2;
    public static final int FUSE_IOCTL_32BIT = 1 << 3;
    public static final int FUSE_IOCTL_DIR = 1 << 4;
    public static final int FUSE_IOCTL_COMPAT_X32 = 1 << 5;
    public static final int FUSE_IOCTL_MAX_IOV = 256;
    public static final int FUSE_POLL_SCHEDULE_NOTIFY = 1;
    public static final int FUSE_FSYNC_FDATASYNC = 1;
    public static final int FUSE_ATTR_SUBMOUNT = 1;
    public static final int FUSE_ATTR_DAX = 1 << 1;
    public static final int FUSE_OPEN_KILL_SUIDGID = 1;
    public static final int FUSE_SETXATTR_ACL_KILL_SGID = 1;
    public static final int FUSE_EXPIRE_ONLY = 1;
    public static final long FUSE_SETUPMAPPING_FLAG_WRITE = 1;
    public static final long FUSE_SETUPMAPPING_FLAG_READ = 1 << 1;

    // ---- request extensions (enum fuse_ext_type) ------------------------------------------------------------

    public static final int FUSE_MAX_NR_SECCTX = 31;
    public static final int FUSE_EXT_GROUPS = 32;

    // ---- flags the protocol passes through from other headers ----------------------------------------------

    /** renameat2(2) flags carried by RENAME2 (glibc's stdio.h with _GNU_SOURCE, as linux/fs.h). */
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 1 << 1;
    public static final int RENAME_WHITEOUT = 1 << 2;
    /** setxattr(2) flags carried by SETXATTR (sys/xattr.h). */
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    // ---- /dev/fuse ioctls ----------------------------------------------------------------------------------

    public static final int FUSE_DEV_IOC_MAGIC = 229;
    /** Attaches a freshly opened /dev/fuse fd to the session of the fd passed as argument (per-worker queues). */
    public static final long FUSE_DEV_IOC_CLONE = IoctlH.ior(FUSE_DEV_IOC_MAGIC, 0, 4);
    /** Registers a backing fd for FOPEN_PASSTHROUGH; returns its backing_id (7.40). */
    public static final long FUSE_DEV_IOC_BACKING_OPEN = IoctlH.iow(FUSE_DEV_IOC_MAGIC, 1, FuseBackingMap.SIZE);
    /** Releases a backing_id (7.40). */
    public static final long FUSE_DEV_IOC_BACKING_CLOSE = IoctlH.iow(FUSE_DEV_IOC_MAGIC, 2, 4);
}
