package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.InitConfig;
import io.jvirtiod.mock.FuseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static io.jvirtiod.mock.FuseRequest.init;
import static io.jvirtiod.mock.FuseRequest.init6_18;
import static io.jvirtiod.mock.FuseRequest.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher against hand-built requests: negotiation, decoding of each operation, and encoding. */
class FuseDispatcherTest extends DispatcherTestBase {

    // ---- INIT ---------------------------------------------------------------------------------------

    @Test
    void initWithKernel6_18AnswersMinor45AndOnlyOfferedFlags() {
        send(init6_18());
        assertEquals(0, channel.lastError());
        assertEquals(16 + 64, channel.lastLen());
        assertEquals(2, channel.lastUnique());
        ByteBuffer b = channel.body();
        assertEquals(7, b.getInt());
        assertEquals(45, b.getInt());
        assertEquals(128 * 1024, b.getInt(), "max_readahead: the kernel's, not more");
        long flags = Integer.toUnsignedLong(b.getInt());
        assertEquals(64, b.getShort());
        assertEquals(48, b.getShort());
        assertEquals(1024 * 1024, b.getInt(), "max_write");
        assertEquals(1, b.getInt(), "time_gran");
        assertEquals(256, b.getShort(), "max_pages");
        b.getShort();
        long flags2 = Integer.toUnsignedLong(b.getInt());
        long all = flags | flags2 << 32;
        long offered = 0x73fffffbL | 0x5fdL << 32;
        assertEquals(0, all & ~offered, "answered a flag the kernel did not offer");
        assertEquals(FuseOptions.DEFAULT_WANTED & offered, all);
        assertTrue((all & FuseH.FUSE_HAS_RESEND) != 0);
        assertEquals("init 7.45", fs.lastCall());
        assertEquals(45, dispatcher.session().minor());
    }

    @Test
    void initNegotiatesDownToAnOlderKernelMinor() {
        send(init(38, 0x73fffffb, 0x1));
        ByteBuffer b = channel.body();
        b.getInt();
        assertEquals(38, b.getInt());
        assertEquals(38, dispatcher.session().minor());
        assertEquals(0, channel.body().getInt(16 + 36), "max_stack_depth is not sent below 7.40");
    }

    @Test
    void initFromAKernelOlderThan7_23IsRefusedWithEPROTO() {
        assertEquals(FuseDispatcher.REJECTED, send(init(22, 0, 0)));
        assertEquals(-Errno.EPROTO, channel.lastError());
        assertNull(dispatcher.session());
    }

    @Test
    void initOfANewerMajorAnswersOurMajorOnly() {
        send(request(FuseH.FUSE_INIT).u32(8).u32(0).u32(0).u32(0));
        assertEquals(16 + 8, channel.lastLen());
        assertEquals(7, channel.body().getInt());
        assertNull(dispatcher.session(), "the kernel must retry INIT with major 7");
    }

    @Test
    void aSecondInitIsAnsweredEIO() {
        initialized();
        assertEquals(FuseDispatcher.REJECTED, send(init6_18()));
        assertEquals(-Errno.EIO, channel.lastError());
    }

    @Test
    void aRequestBeforeInitIsAnsweredEIO() {
        assertEquals(FuseDispatcher.REJECTED, send(request(FuseH.FUSE_LOOKUP).name("x")));
        assertEquals(-Errno.EIO, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void passthroughIsAnsweredOnlyWithAStackDepthAndBackingFiles() {
        BackingFiles backing = new BackingFiles() {
            public int open(int fd) {
                return 1;
            }

            public int close(int id) {
                return 0;
            }
        };
        RecordingFileSystem wantsPassthrough = new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                if (config.offers(FuseH.FUSE_PASSTHROUGH) && config.backing() != null) {
                    config.want(FuseH.FUSE_PASSTHROUGH).maxStackDepth(1);
                }
                return 0;
            }
        };
        use(wantsPassthrough, FuseOptions.defaults(), backing);
        send(init6_18());
        ByteBuffer b = channel.body();
        assertTrue((Integer.toUnsignedLong(b.getInt(16 + 32)) << 32 & FuseH.FUSE_PASSTHROUGH) != 0);
        assertEquals(1, b.getInt(16 + 36), "max_stack_depth");

        use(wantsPassthrough, FuseOptions.defaults(), null);
        send(init6_18());
        assertEquals(0, Integer.toUnsignedLong(channel.body().getInt(16 + 32)) << 32 & FuseH.FUSE_PASSTHROUGH);
    }

    @Test
    void overIoUringLocksAreLeftToTheKernelSoNoQueueThreadWaitsForOne() {
        RecordingFileSystem wantsLocks = new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                config.want(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS);
                return 0;
            }
        };
        long locks = FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS;
        int uringOffered = 0x5fd | (int) (FuseH.FUSE_OVER_IO_URING >>> 32);
        use(wantsLocks, FuseOptions.defaults(), null);
        send(init(45, 0x73fffffb, uringOffered));
        long plain = answeredFlags();
        assertEquals(locks, plain & locks, "over /dev/fuse reads the file system's locks are served");
        assertEquals(0, plain & FuseH.FUSE_OVER_IO_URING, "io_uring is not wanted unless the transport asks");

        use(wantsLocks, FuseOptions.defaults().withWanted(FuseOptions.DEFAULT_WANTED | FuseH.FUSE_OVER_IO_URING), null);
        send(init(45, 0x73fffffb, uringOffered));
        long uring = answeredFlags();
        assertEquals(FuseH.FUSE_OVER_IO_URING, uring & FuseH.FUSE_OVER_IO_URING);
        assertEquals(0, uring & locks);
        assertTrue(dispatcher.session().enabled(FuseH.FUSE_OVER_IO_URING));

        use(wantsLocks, FuseOptions.defaults().withWanted(FuseOptions.DEFAULT_WANTED | FuseH.FUSE_OVER_IO_URING), null);
        send(init(45, 0x73fffffb, 0x5fd));
        assertEquals(0, answeredFlags() & FuseH.FUSE_OVER_IO_URING, "not offered (enable_uring off): not answered");
        assertEquals(locks, answeredFlags() & locks);
    }

    /** flags | flags2 << 32 of the last INIT reply. */
    private long answeredFlags() {
        ByteBuffer b = channel.body();
        return Integer.toUnsignedLong(b.getInt(16 + 12)) | Integer.toUnsignedLong(b.getInt(16 + 32)) << 32;
    }

    @Test
    void aFileSystemRefusingInitFailsTheSession() {
        dispatcher = new FuseDispatcher(new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                return -Errno.EPERM;
            }
        }, FuseOptions.defaults(), null);
        ex = dispatcher.newExchange(arena, channel);
        send(init6_18());
        assertEquals(-Errno.EPERM, channel.lastError());
        assertNull(dispatcher.session());
    }

    // ---- operations ---------------------------------------------------------------------------------

    @Test
    void lookupPassesParentNameAndCallerAndRepliesTheEntry() {
        initialized();
        assertEquals(FuseDispatcher.REPLIED, send(request(FuseH.FUSE_LOOKUP).unique(99).nodeid(1)
                .caller(5, 6, 7).name("hello")));
        assertEquals("lookup 1 hello uid=5 gid=6 pid=7", fs.lastCall());
        assertEquals("hello", ex.name.cString().getString(0), "the name is a C string in place");
        assertEquals(6, ex.name.cString().byteSize());
        assertEquals(16 + 128, channel.lastLen());
        assertEquals(99, channel.lastUnique());
        ByteBuffer b = channel.body();
        assertEquals(7, b.getLong(16), "nodeid");
        assertEquals(7, b.getLong(16 + 40), "attr.ino");
        assertEquals(0100644, b.getInt(16 + 40 + 60), "attr.mode");
    }

    @Test
    void anErrnoFromTheFileSystemIsTheReplyError() {
        initialized();
        send(request(FuseH.FUSE_LOOKUP).name("missing"));
        assertEquals(-Errno.ENOENT, channel.lastError());
        assertEquals(16, channel.lastLen());
    }

    @Test
    void aReplyCarriesNoBytesOfAnEarlierReply() {
        initialized();
        send(request(FuseH.FUSE_LOOKUP).name("hello"));
        send(request(FuseH.FUSE_SYMLINK).name("l").name("target"));
        assertEquals("symlink 1 l -> target", fs.lastCall());
        ByteBuffer b = channel.body();
        assertEquals(10, b.getLong(16));
        for (int i = 16 + 8; i < 16 + 128; i++) assertEquals(0, channel.last()[i], "byte " + i + " not cleared");
    }

    @Test
    void forgetIsServedWithoutAReply() {
        initialized();
        assertEquals(FuseDispatcher.NO_REPLY, send(request(FuseH.FUSE_FORGET).nodeid(7).u64(3)));
        assertEquals("forget 7 3", fs.lastCall());
        assertEquals(0, channel.count());
    }

    @Test
    void batchForgetForgetsEachEntryWithoutAReply() {
        initialized();
        assertEquals(FuseDispatcher.NO_REPLY, send(request(FuseH.FUSE_BATCH_FORGET).u32(2).u32(0)
                .u64(7).u64(1).u64(8).u64(2)));
        assertEquals(java.util.List.of("forget 7 1", "forget 8 2"), fs.calls);
        assertEquals(0, channel.count());
    }

    @Test
    void aBatchForgetWhoseCountOverrunsTheRequestIsDroppedUnanswered() {
        initialized();
        assertEquals(FuseDispatcher.DROPPED, send(request(FuseH.FUSE_BATCH_FORGET).u32(3).u32(0).u64(7).u64(1)));
        assertTrue(fs.calls.isEmpty());
        assertEquals(0, channel.count());
        assertTrue(ex.lastRejection().contains("count 3"), ex.lastRejection());
    }

    @Test
    void getattrRepliesAttrOut() {
        initialized();
        send(request(FuseH.FUSE_GETATTR).nodeid(5).u32(FuseH.FUSE_GETATTR_FH).u32(0).u64(33));
        assertEquals("getattr 5 flags=1 fh=33", fs.lastCall());
        assertEquals(16 + 104, channel.lastLen());
        ByteBuffer b = channel.body();
        assertEquals(2, b.getLong(16));
        assertEquals(5, b.getInt(24));
        assertEquals(5, b.getLong(32), "attr.ino");
    }

    @Test
    void readPutsFileDataAfterTheOutHeader() {
        initialized();
        send(request(FuseH.FUSE_READ).nodeid(7).u64(77).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0));
        assertEquals("read 7 fh=77 off=0 size=4096", fs.lastCall());
        assertEquals(16 + fs.fileData.length, channel.lastLen());
        byte[] data = java.util.Arrays.copyOfRange(channel.last(), 16, channel.last().length);
        assertArrayEquals(fs.fileData, data);
    }

    @Test
    void aReadLargerThanMaxPagesIsRejected() {
        initialized();
        send(request(FuseH.FUSE_READ).u64(77).u64(0).u32(2 * 1024 * 1024).u32(0).u64(0).u32(0).u32(0));
        assertEquals(-Errno.EINVAL, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void writeHandsThePayloadToTheFileSystemAndRepliesItsCount() {
        initialized();
        byte[] payload = "some bytes".getBytes(StandardCharsets.UTF_8);
        send(request(FuseH.FUSE_WRITE).nodeid(7).u64(77).u64(10).u32(payload.length).u32(0).u64(0).u32(2).u32(0)
                .bytes(payload));
        assertEquals("write 7 fh=77 off=10 size=10", fs.lastCall());
        assertArrayEquals(payload, fs.lastWrite);
        assertEquals(16 + 8, channel.lastLen());
        assertEquals(payload.length, channel.body().getInt());
    }

    @Test
    void aWriteWhoseSizeLiesAboutItsPayloadIsRejected() {
        initialized();
        send(request(FuseH.FUSE_WRITE).u64(77).u64(0).u32(100).u32(0).u64(0).u32(0).u32(0).bytes(new byte[10]));
        assertEquals(-Errno.EINVAL, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void aWritePayloadOutsideTheHeadComesFromTheTransportsWriteSource() {
        initialized();
        byte[] head = request(FuseH.FUSE_WRITE).nodeid(7).u64(77).u64(0).u32(6).u32(0).u64(0).u32(0).u32(0)
                .len(80 + 6).build();
        MemorySegment h = arena.allocate(head.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(head), 0, h, 0, head.length);
        MemorySegment guest = arena.allocate(64);
        guest.setString(0, "abc");
        guest.setString(32, "def");
        ex.writeSource().clear();
        ex.writeSource().add(guest, 0, 3);
        ex.writeSource().add(guest, 32, 3);
        assertEquals(FuseDispatcher.REPLIED, dispatcher.handle(ex, h, head.length, 6));
        assertEquals("abcdef", new String(fs.lastWrite, StandardCharsets.UTF_8));
        assertEquals(6, channel.body().getInt());
    }

    @Test
    void readdirEncodesAlignedDirents() {
        initialized();
        send(request(FuseH.FUSE_READDIR).u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0));
        ByteBuffer b = channel.body();
        // "." (24+1 -> 32), ".." (24+2 -> 32), "hello" (24+5 -> 32)
        assertEquals(16 + 96, channel.lastLen());
        assertEquals(1, b.getLong(16));
        assertEquals(1, b.getInt(16 + 16), "namelen of .");
        assertEquals('.', b.get(16 + 24));
        assertEquals(0, b.get(16 + 25), "padding is zeroed");
        assertEquals(5, b.getInt(16 + 64 + 16));
        assertEquals("hello", new String(channel.last(), 16 + 64 + 24, 5, StandardCharsets.UTF_8));
    }

    @Test
    void readdirStopsAtTheSizeTheKernelAskedFor() {
        initialized();
        send(request(FuseH.FUSE_READDIR).u64(1).u64(0).u32(40).u32(0).u64(0).u32(0).u32(0));
        assertEquals(16 + 32, channel.lastLen(), "only one 32-byte record fits in 40 bytes");
    }

    @Test
    void readdirplusEncodesEntryAndDirent() {
        initializedWanting(FuseH.FUSE_DO_READDIRPLUS);
        send(request(FuseH.FUSE_READDIRPLUS).u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0));
        assertEquals(16 + 160, channel.lastLen());
        ByteBuffer b = channel.body();
        assertEquals(7, b.getLong(16), "entry_out.nodeid");
        assertEquals(7, b.getLong(16 + 128), "dirent.ino");
        assertEquals(5, b.getInt(16 + 128 + 16));
    }

    @Test
    void readdirplusWithoutDoReaddirplusAgreedIsEnosysAndNeverReachesTheFileSystem() {
        initialized();
        send(request(FuseH.FUSE_READDIRPLUS).u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0));
        assertEquals(-Errno.ENOSYS, channel.lastError());
        assertTrue(fs.calls.isEmpty(), fs.calls.toString());
    }

    @Test
    void mkdirSeesTheSupplementaryGroupExtension() {
        initialized();
        send(request(FuseH.FUSE_MKDIR).u32(0755).u32(022).name("d").groups(33));
        assertEquals("mkdir 1 d 755 groups: 33", fs.lastCall());
    }

    @Test
    void anExtensionLongerThanTheRequestIsRejected() {
        initialized();
        byte[] ext = FuseRequest.le(8).putInt(64).putInt(FuseH.FUSE_EXT_GROUPS).array();
        send(request(FuseH.FUSE_MKDIR).u32(0755).u32(022).name("d").rawExtension(ext));
        assertEquals(-Errno.EINVAL, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void totalExtlenBeyondTheRequestIsRejected() {
        initialized();
        send(request(FuseH.FUSE_MKDIR).u32(0755).u32(022).name("d").extlen(100));
        assertEquals(-Errno.EINVAL, channel.lastError());
    }

    @Test
    void renameAndRename2CarryBothNamesAndTheFlags() {
        initialized();
        send(request(FuseH.FUSE_RENAME).nodeid(1).u64(5).name("a").name("b"));
        assertEquals("rename 1 a 5 b 0", fs.lastCall());
        send(request(FuseH.FUSE_RENAME2).nodeid(1).u64(5).u32(FuseH.RENAME_NOREPLACE).u32(0).name("a").name("c"));
        assertEquals("rename 1 a 5 c 1", fs.lastCall());
        assertEquals(0, channel.lastError());
    }

    @Test
    void linkNamesTheLinkedNodeAndTheNewParent() {
        initialized();
        send(request(FuseH.FUSE_LINK).nodeid(3).u64(7).name("again"));
        assertEquals("link 7 3 again", fs.lastCall());
    }

    @Test
    void createRepliesEntryThenOpen() {
        initialized();
        send(request(FuseH.FUSE_CREATE).u32(FuseH.XATTR_CREATE).u32(0644).u32(022).u32(0).name("new"));
        assertEquals("create 1 new 644", fs.lastCall());
        assertEquals(16 + 128 + 16, channel.lastLen());
        ByteBuffer b = channel.body();
        assertEquals(11, b.getLong(16));
        assertEquals(88, b.getLong(16 + 128), "open_out.fh");
    }

    @Test
    void tmpfileAcceptsTheSlashNameTheKernelSends() {
        initialized();
        send(request(FuseH.FUSE_TMPFILE).u32(0).u32(0600).u32(0).u32(0).name("/"));
        assertEquals("tmpfile 1", fs.lastCall());
        assertEquals(0, channel.lastError());
    }

    @Test
    void setxattrUsesTheExtendedArgumentOnceNegotiated() {
        initialized();
        send(request(FuseH.FUSE_SETXATTR).u32(3).u32(FuseH.XATTR_CREATE).u32(1).u32(0).name("user.k")
                .bytes("v!x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("setxattr 1 user.k=v!x flags=1 sx=1", fs.lastCall());
    }

    @Test
    void setxattrUsesTheCompatArgumentWithoutSetxattrExt() {
        use(fs, FuseOptions.defaults()
                .withWanted(FuseOptions.DEFAULT_WANTED & ~FuseH.FUSE_SETXATTR_EXT), null);
        initialized();
        send(request(FuseH.FUSE_SETXATTR).u32(2).u32(0).name("user.k").bytes("ab".getBytes(StandardCharsets.UTF_8)));
        assertEquals("setxattr 1 user.k=ab flags=0 sx=0", fs.lastCall());
    }

    @Test
    void aSetxattrSizeThatLiesIsRejected() {
        initialized();
        send(request(FuseH.FUSE_SETXATTR).u32(300).u32(0).u32(0).u32(0).name("user.k").bytes(new byte[3]));
        assertEquals(-Errno.EINVAL, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void getxattrOfSizeZeroAnswersTheSize() {
        initialized();
        send(request(FuseH.FUSE_GETXATTR).u32(0).u32(0).name("user.k"));
        assertEquals(16 + 8, channel.lastLen());
        assertEquals(5, channel.body().getInt());
        send(request(FuseH.FUSE_GETXATTR).u32(64).u32(0).name("user.k"));
        assertEquals(16 + 5, channel.lastLen());
        assertEquals("value", new String(channel.last(), 16, 5, StandardCharsets.UTF_8));
        send(request(FuseH.FUSE_GETXATTR).u32(2).u32(0).name("user.k"));
        assertEquals(-Errno.ERANGE, channel.lastError());
    }

    /** A recording file system that wants POSIX and flock locks at INIT, in use and initialized. */
    private void initializedWithLocks() {
        initializedWanting(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS);
    }

    /** A recording file system that wants {@code flags} at INIT, in use and initialized. */
    private void initializedWanting(long flags) {
        fs = new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                config.want(flags);
                return super.init(ctx, config);
            }
        };
        use(fs, FuseOptions.defaults(), null);
        initialized();
    }

    @Test
    void setlkwIsASleepingSetlk() {
        initializedWithLocks();
        send(request(FuseH.FUSE_SETLKW).u64(77).u64(5).u64(0).u64(99).u32(1).u32(4242).u32(0).u32(0));
        assertEquals("setlk 1 0-99 type=1 sleep=true", fs.lastCall());
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {FuseH.FUSE_GETLK, FuseH.FUSE_SETLK, FuseH.FUSE_SETLKW})
    void aPosixLockRequestWithoutPosixLocksAgreedIsAnsweredENOSYS(int opcode) {
        initialized(); // the recording file system wants no locks
        int r = send(request(opcode).u64(77).u64(5).u64(0).u64(99).u32(1).u32(4242).u32(0).u32(0));
        assertEquals(FuseDispatcher.REJECTED, r);
        assertEquals(-Errno.ENOSYS, channel.lastError());
        assertTrue(fs.calls.isEmpty(), "the file system never sees it: " + fs.calls);
        assertTrue(ex.lastRejection().contains("without FUSE_POSIX_LOCKS"), ex.lastRejection());
    }

    @Test
    void aFlockRequestNeedsFlockLocksAgreedNotJustPosixLocks() {
        fs = new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                config.want(FuseH.FUSE_POSIX_LOCKS).unwant(FuseH.FUSE_FLOCK_LOCKS);
                return super.init(ctx, config);
            }
        };
        use(fs, FuseOptions.defaults(), null);
        initialized();
        send(request(FuseH.FUSE_SETLKW).u64(77).u64(5).u64(0).u64(99).u32(1).u32(4242).u32(FuseH.FUSE_LK_FLOCK)
                .u32(0));
        assertEquals(-Errno.ENOSYS, channel.lastError());
        assertTrue(ex.lastRejection().contains("without FUSE_FLOCK_LOCKS"), ex.lastRejection());
        send(request(FuseH.FUSE_SETLK).u64(77).u64(5).u64(0).u64(99).u32(1).u32(4242).u32(0).u32(0));
        assertEquals("setlk 1 0-99 type=1 sleep=false", fs.lastCall(), "a POSIX lock is served");
    }

    @Test
    void anErrorThrownByTheFileSystemIsAnsweredEIOAndTheNextRequestIsServed() {
        fs = new RecordingFileSystem() {
            @Override
            public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
                if (nodeid == 6) throw new InternalError("a fault occurred in an unsafe memory access operation");
                return super.getattr(ctx, nodeid, getattrFlags, fh, out);
            }
        };
        use(fs, FuseOptions.defaults(), null);
        initialized();
        assertEquals(FuseDispatcher.REPLIED, send(request(FuseH.FUSE_GETATTR).unique(70).nodeid(6).u32(0).u32(0)
                .u64(0)));
        assertEquals(-Errno.EIO, channel.lastError());
        assertEquals(70, channel.lastUnique());
        send(request(FuseH.FUSE_GETATTR).unique(71).nodeid(5).u32(0).u32(0).u64(0));
        assertEquals(0, channel.lastError());
        assertEquals(71, channel.lastUnique());
    }

    @Test
    void lseekRepliesTheOffset() {
        initialized();
        send(request(FuseH.FUSE_LSEEK).u64(77).u64(5).u32(3).u32(0));
        assertEquals("lseek 77 5 3", fs.lastCall());
        assertEquals(105, channel.body().getLong());
    }

    @Test
    void statfsRepliesKstatfs() {
        initialized();
        send(request(FuseH.FUSE_STATFS));
        assertEquals(16 + 80, channel.lastLen());
        assertEquals(1000, channel.body().getLong());
        assertEquals(255, channel.body().getInt(16 + 44));
    }

    @Test
    void anOperationTheFileSystemLacksIsAnsweredENOSYS() {
        initialized();
        send(request(FuseH.FUSE_UNLINK).name("x"));
        assertEquals(-Errno.ENOSYS, channel.lastError());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 19, FuseH.FUSE_BMAP, FuseH.FUSE_IOCTL, FuseH.FUSE_POLL, 54, 999, FuseH.CUSE_INIT,
            -1})
    void anUnknownOrUnsupportedOpcodeIsAnsweredENOSYS(int opcode) {
        initialized();
        assertEquals(FuseDispatcher.REJECTED, send(request(opcode).u64(0).u64(0)));
        assertEquals(-Errno.ENOSYS, channel.lastError());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void theResendBitIsEchoed() {
        initialized();
        long unique = 1234 | FuseH.FUSE_UNIQUE_RESEND;
        send(request(FuseH.FUSE_LOOKUP).unique(unique).name("hello"));
        assertEquals(unique, channel.lastUnique());
    }

    @Test
    void destroyEndsTheSession() {
        initialized();
        send(request(FuseH.FUSE_DESTROY));
        assertEquals("destroy", fs.lastCall());
        assertEquals(0, channel.lastError());
        send(request(FuseH.FUSE_LOOKUP).name("hello"));
        assertEquals(-Errno.EIO, channel.lastError());
    }

    @Test
    void notifyReplyIsNotAnswered() {
        initialized();
        assertEquals(FuseDispatcher.NO_REPLY, send(request(FuseH.FUSE_NOTIFY_REPLY).zeros(40)));
        assertEquals(0, channel.count());
    }

    @Test
    void anExceptionInTheFileSystemIsAnsweredEIO() {
        dispatcher = new FuseDispatcher(new RecordingFileSystem() {
            @Override
            public int access(Context ctx, long nodeid, int mask) {
                throw new IllegalStateException("bug");
            }
        }, FuseOptions.defaults(), null);
        ex = dispatcher.newExchange(arena, channel);
        initialized();
        assertEquals(FuseDispatcher.REPLIED, send(request(FuseH.FUSE_ACCESS).u32(4).u32(0)));
        assertEquals(-Errno.EIO, channel.lastError());
    }

    @Test
    void aReturnValueThatIsNoErrnoIsAnsweredEIO() {
        dispatcher = new FuseDispatcher(new RecordingFileSystem() {
            @Override
            public int access(Context ctx, long nodeid, int mask) {
                return -100000;
            }
        }, FuseOptions.defaults(), null);
        ex = dispatcher.newExchange(arena, channel);
        initialized();
        send(request(FuseH.FUSE_ACCESS).u32(4).u32(0));
        assertEquals(-Errno.EIO, channel.lastError(), "the kernel rejects errors <= -512 and the caller would hang");
    }

    @Test
    void aReadReturningMoreThanAskedIsAnsweredEIO() {
        dispatcher = new FuseDispatcher(new RecordingFileSystem() {
            @Override
            public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
                return in.size() + 1;
            }
        }, FuseOptions.defaults(), null);
        ex = dispatcher.newExchange(arena, channel);
        initialized();
        send(request(FuseH.FUSE_READ).u64(1).u64(0).u32(10).u32(0).u64(0).u32(0).u32(0));
        assertEquals(-Errno.EIO, channel.lastError());
    }

    @Test
    void anInterruptForARequestInServiceMarksItAndIsNotAnswered() throws Exception {
        initialized();
        java.util.concurrent.CountDownLatch inSetlk = new java.util.concurrent.CountDownLatch(1);
        RecordingFileSystem blocking = new RecordingFileSystem() {
            @Override
            public int init(Context ctx, InitConfig config) {
                config.want(FuseH.FUSE_POSIX_LOCKS);
                return super.init(ctx, config);
            }

            @Override
            public int setlk(Context ctx, long nodeid, LockIn in, boolean sleep) {
                inSetlk.countDown();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!ctx.interrupted() && System.nanoTime() < deadline) Thread.onSpinWait();
                return ctx.interrupted() ? -Errno.EINTR : 0;
            }
        };
        dispatcher = new FuseDispatcher(blocking, FuseOptions.defaults(), null);
        Exchange worker = dispatcher.newExchange(arena, channel);
        ex = dispatcher.newExchange(arena, channel);
        send(init6_18());
        channel.replies.clear();
        byte[] lock = request(FuseH.FUSE_SETLKW).unique(500).u64(1).u64(1).u64(0).u64(0).u32(1).u32(1).u32(0)
                .u32(0).build();
        MemorySegment seg = arena.allocate(lock.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(lock), 0, seg, 0, lock.length);
        Thread t = new Thread(() -> dispatcher.handle(worker, seg, lock.length));
        t.start();
        inSetlk.await();
        assertEquals(FuseDispatcher.NO_REPLY, send(request(FuseH.FUSE_INTERRUPT).unique(501).u64(500)));
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(1, channel.count());
        assertEquals(-Errno.EINTR, channel.lastError());
        assertEquals(500, channel.lastUnique());
    }

    @Test
    void anInterruptForNoRequestInServiceIsAnsweredEAGAIN() {
        initialized();
        assertEquals(FuseDispatcher.REPLIED, send(request(FuseH.FUSE_INTERRUPT).unique(601).u64(600)));
        assertEquals(-Errno.EAGAIN, channel.lastError());
        assertEquals(601, channel.lastUnique());
    }
}
