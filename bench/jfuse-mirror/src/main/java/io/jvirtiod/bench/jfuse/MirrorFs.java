package io.jvirtiod.bench.jfuse;

import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Errno;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.cryptomator.jfuse.api.TimeSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mirror of one directory on jfuse (libfuse3's high-level path API through FFM): the Java FUSE library peer that
 * bench/fs-bench.sh measures beside bindfs and jvirtiod. Written the way a jfuse user would: java.nio.file for
 * metadata, a FileChannel per open file for data, libfuse's multi-threaded loop.
 *
 * <p>Usage: {@code java -cp ... io.jvirtiod.bench.jfuse.MirrorFs SOURCE MOUNTPOINT} (runs until SIGTERM).
 */
public final class MirrorFs implements FuseOperations {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Errno errno;
    private final FileStore store;
    private final Map<Long, FileChannel> open = new ConcurrentHashMap<>();
    private final AtomicLong nextFh = new AtomicLong(1);

    MirrorFs(Path root, Errno errno) throws IOException {
        this.root = root;
        this.errno = errno;
        this.store = Files.getFileStore(root);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MirrorFs SOURCE MOUNTPOINT");
            System.exit(2);
        }
        var builder = Fuse.builder();
        // Debian ships libfuse3.so.3 without the unversioned dev symlink jfuse looks for.
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libfuse3.so.3");
        if (Files.exists(lib)) builder.setLibraryPath(lib.toString());
        Fuse fuse = builder.build(new MirrorFs(Path.of(args[0]).toAbsolutePath(), builder.errno()));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fuse.close();
            } catch (Exception e) {
                System.err.println("unmount: " + e);
            }
            done.countDown();
        }));
        fuse.mount("jfuse-mirror", Path.of(args[1]), "-odefault_permissions");
        System.out.println("jfuse mirror of " + args[0] + " mounted on " + args[1]);
        done.await();
    }

    private Path resolve(String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    private int fail(IOException e) {
        if (e instanceof NoSuchFileException) return -errno.enoent();
        if (e instanceof FileAlreadyExistsException) return -errno.eexist();
        if (e instanceof AccessDeniedException) return -errno.eacces();
        if (e instanceof DirectoryNotEmptyException) return -errno.enotempty();
        if (e instanceof NotDirectoryException) return -errno.enotdir();
        return -errno.eio();
    }

    @Override
    public Errno errno() {
        return errno;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return EnumSet.of(Operation.INIT, Operation.DESTROY, Operation.GET_ATTR, Operation.READLINK, Operation.MKDIR,
                Operation.UNLINK, Operation.RMDIR, Operation.SYMLINK, Operation.RENAME,
                Operation.CHMOD, Operation.CHOWN, Operation.TRUNCATE, Operation.OPEN, Operation.READ, Operation.WRITE,
                Operation.STATFS, Operation.FLUSH, Operation.RELEASE, Operation.FSYNC, Operation.OPEN_DIR,
                Operation.READ_DIR, Operation.RELEASE_DIR, Operation.CREATE, Operation.UTIMENS);
    }

    @Override
    public void init(FuseConnInfo conn, FuseConfig cfg) {
        conn.setWant(conn.want() | (conn.capable() & FuseConnInfo.FUSE_CAP_BIG_WRITES));
        conn.setMaxWrite(1 << 20);
        conn.setMaxBackground(16);
        conn.setCongestionThreshold(12);
    }

    @Override
    public int getattr(String path, Stat stat, FileInfo fi) {
        try {
            Map<String, Object> a = Files.readAttributes(resolve(path), "unix:mode,nlink,uid,gid,size,lastAccessTime,"
                    + "lastModifiedTime,ctime", NOFOLLOW);
            stat.setMode((Integer) a.get("mode"));
            stat.setNLink(((Integer) a.get("nlink")).shortValue());
            stat.setUid((Integer) a.get("uid"));
            stat.setGid((Integer) a.get("gid"));
            stat.setSize((Long) a.get("size"));
            stat.aTime().set(((FileTime) a.get("lastAccessTime")).toInstant());
            stat.mTime().set(((FileTime) a.get("lastModifiedTime")).toInstant());
            stat.cTime().set(((FileTime) a.get("ctime")).toInstant());
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int readlink(String path, ByteBuffer buf, long len) {
        try {
            byte[] t = Files.readSymbolicLink(resolve(path)).toString().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(t.length, len - 1);
            buf.put(t, 0, n).put((byte) 0);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int mkdir(String path, int mode) {
        try {
            Files.createDirectory(resolve(path));
            Files.setPosixFilePermissions(resolve(path), org.cryptomator.jfuse.api.FileModes.toPermissions(mode));
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int unlink(String path) {
        try {
            Files.delete(resolve(path));
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int rmdir(String path) {
        return unlink(path);
    }

    @Override
    public int symlink(String target, String linkname) {
        try {
            Files.createSymbolicLink(resolve(linkname), Path.of(target));
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int rename(String from, String to, int flags) {
        try {
            Files.move(resolve(from), resolve(to), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int chmod(String path, int mode, FileInfo fi) {
        try {
            Files.setAttribute(resolve(path), "unix:mode", mode & 07777);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int chown(String path, int uid, int gid, FileInfo fi) {
        try {
            if (uid != -1) Files.setAttribute(resolve(path), "unix:uid", uid, NOFOLLOW);
            if (gid != -1) Files.setAttribute(resolve(path), "unix:gid", gid, NOFOLLOW);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int truncate(String path, long size, FileInfo fi) {
        FileChannel fc = fi == null ? null : open.get(fi.getFh());
        try {
            if (fc != null) {
                fc.truncate(size);
                if (size > fc.size()) fc.write(ByteBuffer.allocate(1), size - 1);
                return 0;
            }
            try (FileChannel c = FileChannel.open(resolve(path), StandardOpenOption.WRITE)) {
                c.truncate(size);
                if (size > c.size()) c.write(ByteBuffer.allocate(1), size - 1);
            }
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    private int openChannel(Path p, Set<StandardOpenOption> options, FileInfo fi) {
        try {
            FileChannel fc = FileChannel.open(p, options);
            long fh = nextFh.getAndIncrement();
            open.put(fh, fc);
            fi.setFh(fh);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int open(String path, FileInfo fi) {
        return openChannel(resolve(path), fi.getOpenFlags(), fi);
    }

    @Override
    public int create(String path, int mode, FileInfo fi) {
        Set<StandardOpenOption> o = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        o.addAll(fi.getOpenFlags());
        int r = openChannel(resolve(path), o, fi);
        if (r == 0) {
            try {
                Files.setPosixFilePermissions(resolve(path), PosixFilePermissions.fromString(
                        PosixFilePermissions.toString(org.cryptomator.jfuse.api.FileModes.toPermissions(mode))));
            } catch (IOException e) {
                return fail(e);
            }
        }
        return r;
    }

    @Override
    public int read(String path, ByteBuffer buf, long size, long offset, FileInfo fi) {
        FileChannel fc = open.get(fi.getFh());
        if (fc == null) return -errno.ebadf();
        try {
            int total = 0;
            while (buf.hasRemaining()) {
                int n = fc.read(buf, offset + total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int write(String path, ByteBuffer buf, long size, long offset, FileInfo fi) {
        FileChannel fc = open.get(fi.getFh());
        if (fc == null) return -errno.ebadf();
        try {
            int total = 0;
            while (buf.hasRemaining()) total += fc.write(buf, offset + total);
            return total;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int statfs(String path, Statvfs s) {
        try {
            long bsize = 4096;
            s.setBsize(bsize);
            s.setFrsize(bsize);
            s.setBlocks(store.getTotalSpace() / bsize);
            s.setBfree(store.getUnallocatedSpace() / bsize);
            s.setBavail(store.getUsableSpace() / bsize);
            s.setNameMax(255);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int flush(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int release(String path, FileInfo fi) {
        FileChannel fc = open.remove(fi.getFh());
        if (fc == null) return -errno.ebadf();
        try {
            fc.close();
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int fsync(String path, int datasync, FileInfo fi) {
        FileChannel fc = open.get(fi.getFh());
        if (fc == null) return -errno.ebadf();
        try {
            fc.force(datasync == 0);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int opendir(String path, FileInfo fi) {
        return Files.isDirectory(resolve(path), NOFOLLOW) ? 0 : -errno.enotdir();
    }

    @Override
    public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        try (var ds = Files.newDirectoryStream(resolve(path))) {
            filler.fill(".");
            filler.fill("..");
            for (Path child : ds) filler.fill(child.getFileName().toString());
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public int releasedir(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int utimens(String path, TimeSpec atime, TimeSpec mtime, FileInfo fi) {
        try {
            Files.getFileAttributeView(resolve(path), BasicFileAttributeView.class, NOFOLLOW).setTimes(
                    mtime.getOptional().map(FileTime::from).orElse(null),
                    atime.getOptional().map(FileTime::from).orElse(null), null);
            return 0;
        } catch (IOException e) {
            return fail(e);
        }
    }

    @Override
    public void destroy() {
        open.values().forEach(c -> {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing at unmount: nothing left to tell
            }
        });
    }
}
