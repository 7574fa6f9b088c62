package io.jvirtiod.vhostuser;

import java.nio.file.Path;
import java.util.List;

/**
 * What an attack can do, as path operations on the share (paths relative to its root, '/'-separated), each
 * returning 0 (or a count, a handle, a mode) or -errno, so one {@link Attack.Script} runs over both transports:
 * {@link MountedAttacker} makes the system calls on a /dev/fuse mount, {@link ChainAttacker} sends the FUSE
 * requests a kernel would send for them. Calls run as root until {@link #as} names another caller.
 */
interface Attacker {
    /** Later calls run as {@code uid}/{@code gid} with no supplementary groups. */
    Attacker as(int uid, int gid);

    /** The shared directory as the host sees it (the attack's setup and checks, done by the host's root). */
    Path share();

    int mknod(String path, int mode, int rdev) throws InterruptedException;

    int mkdir(String path, int mode) throws InterruptedException;

    int symlink(String target, String path) throws InterruptedException;

    /** A hard link of {@code from} (a symlink is linked itself, never followed) at {@code to}. */
    int link(String from, String to) throws InterruptedException;

    int unlink(String path) throws InterruptedException;

    /** A handle for {@link #read}, {@link #write} and {@link #close}, or -errno. */
    long open(String path, int flags) throws InterruptedException;

    /** open(2) with O_CREAT and {@code flags}: a handle, or -errno. */
    long create(String path, int flags, int mode) throws InterruptedException;

    /** Bytes read at offset 0, or -errno. */
    long read(long handle, int size) throws InterruptedException;

    /** Bytes written at offset 0, or -errno. */
    long write(long handle, byte[] data) throws InterruptedException;

    int close(long handle) throws InterruptedException;

    /** truncate(2) through a handle opened for writing (ftruncate), as the kernel sends it. */
    int truncate(long handle, long size) throws InterruptedException;

    int chown(String path, int uid, int gid) throws InterruptedException;

    int chmod(String path, int mode) throws InterruptedException;

    /** Sets the modification time to {@code seconds} (an explicit time: only the owner may). */
    int setMtime(String path, long seconds) throws InterruptedException;

    /** Waits for a read lock on the whole file through {@code handle} (fcntl F_OFD_SETLKW: its own owner). */
    int readLockWait(long handle) throws InterruptedException;

    int setxattr(String path, String name, String value) throws InterruptedException;

    /** The value's size, or -errno. */
    long getxattr(String path, String name) throws InterruptedException;

    List<String> listxattr(String path) throws InterruptedException;

    int removexattr(String path, String name) throws InterruptedException;

    /**
     * Opens node {@code nodeid} by a FUSE file handle (type FILEID_INO64_GEN, generation 0) as the kernel resolves
     * one it does not hold: a LOOKUP of "." in that node id (fs/fuse/inode.c fuse_get_dentry). 0 or -errno.
     */
    int openByHandle(long nodeid) throws InterruptedException;

    /** The mode (type and permission bits), or -errno. */
    int stat(String path) throws InterruptedException;

    /** The raw FUSE requests of a guest kernel; only the {@link Attack.Transport#CHAIN} driver has them. */
    ChainAttacker chain();
}
