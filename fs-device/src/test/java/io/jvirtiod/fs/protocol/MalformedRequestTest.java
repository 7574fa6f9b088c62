package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.mock.FuseRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;

import static io.jvirtiod.mock.FuseRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of malformed request gets an error reply (or, for requests the kernel expects no answer to,
 * nothing) and never reaches the file system.
 */
class MalformedRequestTest extends DispatcherTestBase {

    @BeforeEach
    void initialize() {
        initialized();
    }

    void assertRejected(int outcome, int errno) {
        assertEquals(FuseDispatcher.REJECTED, outcome, () -> "outcome for " + ex.lastRejection());
        assertEquals(1, channel.count());
        assertEquals(-errno, channel.lastError());
        assertEquals(16, channel.lastLen());
        assertTrue(fs.calls.isEmpty(), () -> "reached the file system: " + fs.calls);
    }

    /** Opcode and the size of its fixed argument. */
    static Stream<Arguments> fixedArguments() {
        return Stream.of(
                Arguments.of(FuseH.FUSE_GETATTR, 16), Arguments.of(FuseH.FUSE_SETATTR, 88),
                Arguments.of(FuseH.FUSE_MKNOD, 16), Arguments.of(FuseH.FUSE_MKDIR, 8),
                Arguments.of(FuseH.FUSE_RENAME, 8), Arguments.of(FuseH.FUSE_RENAME2, 16),
                Arguments.of(FuseH.FUSE_LINK, 8), Arguments.of(FuseH.FUSE_OPEN, 8),
                Arguments.of(FuseH.FUSE_OPENDIR, 8), Arguments.of(FuseH.FUSE_READ, 40),
                Arguments.of(FuseH.FUSE_WRITE, 40), Arguments.of(FuseH.FUSE_RELEASE, 24),
                Arguments.of(FuseH.FUSE_RELEASEDIR, 24), Arguments.of(FuseH.FUSE_FSYNC, 16),
                Arguments.of(FuseH.FUSE_FSYNCDIR, 16), Arguments.of(FuseH.FUSE_SETXATTR, 16),
                Arguments.of(FuseH.FUSE_GETXATTR, 8), Arguments.of(FuseH.FUSE_LISTXATTR, 8),
                Arguments.of(FuseH.FUSE_FLUSH, 24), Arguments.of(FuseH.FUSE_READDIR, 40),
                Arguments.of(FuseH.FUSE_READDIRPLUS, 40), Arguments.of(FuseH.FUSE_GETLK, 48),
                Arguments.of(FuseH.FUSE_SETLK, 48), Arguments.of(FuseH.FUSE_SETLKW, 48),
                Arguments.of(FuseH.FUSE_ACCESS, 8), Arguments.of(FuseH.FUSE_CREATE, 16),
                Arguments.of(FuseH.FUSE_INTERRUPT, 8), Arguments.of(FuseH.FUSE_FALLOCATE, 32),
                Arguments.of(FuseH.FUSE_LSEEK, 24), Arguments.of(FuseH.FUSE_COPY_FILE_RANGE, 56),
                Arguments.of(FuseH.FUSE_COPY_FILE_RANGE_64, 56), Arguments.of(FuseH.FUSE_SETUPMAPPING, 40),
                Arguments.of(FuseH.FUSE_REMOVEMAPPING, 4), Arguments.of(FuseH.FUSE_SYNCFS, 8),
                Arguments.of(FuseH.FUSE_TMPFILE, 16), Arguments.of(FuseH.FUSE_STATX, 24));
    }

    @ParameterizedTest(name = "opcode {0} with {1}-1 bytes of argument")
    @MethodSource("fixedArguments")
    void aFixedArgumentOneByteShortIsAnsweredEINVAL(int opcode, int size) {
        assertRejected(send(request(opcode).zeros(size - 1).build(), -1), Errno.EINVAL);
    }

    @Test
    void aShortForgetIsDroppedWithoutReply() {
        assertEquals(FuseDispatcher.DROPPED, send(request(FuseH.FUSE_FORGET).zeros(7).build(), -1));
        assertEquals(0, channel.count());
        assertTrue(fs.calls.isEmpty());
    }

    @Test
    void anInLenLargerThanTheBytesReceivedIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).name("hello").len(4096).build(), -1), Errno.EINVAL);
    }

    @Test
    void anInLenSmallerThanTheBytesReceivedIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).name("hello").len(41).build(), -1), Errno.EINVAL);
    }

    @Test
    void anInLenAboveTwoGigabytesIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).name("hello").len(0xffff_fff0L).build(), -1), Errno.EINVAL);
    }

    @Test
    void aRequestShorterThanTheInHeaderIsAnsweredEIO() {
        byte[] b = request(FuseH.FUSE_GETATTR).build();
        assertRejected(send(b, 20), Errno.EIO);
    }

    @Test
    void aRequestTooShortToCarryAUniqueIsDropped() {
        assertEquals(FuseDispatcher.DROPPED, send(new byte[]{1, 2, 3}, -1));
        assertEquals(FuseDispatcher.DROPPED, send(new byte[0], -1));
        assertEquals(0, channel.count());
    }

    @Test
    void aNameWithoutNulIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).bytes("hello".getBytes()).build(), -1), Errno.EINVAL);
    }

    @Test
    void anEmptyNameIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).name("").build(), -1), Errno.EINVAL);
    }

    @Test
    void aNameWithASlashIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_LOOKUP).name("../../etc/passwd").build(), -1), Errno.EINVAL);
        channel.replies.clear();
        assertRejected(send(request(FuseH.FUSE_MKDIR).u32(0755).u32(0).name("a/b").build(), -1), Errno.EINVAL);
        channel.replies.clear();
        assertRejected(send(request(FuseH.FUSE_RENAME).u64(1).name("a").name("x/y").build(), -1), Errno.EINVAL);
    }

    @Test
    void bytesAfterTheNameAreAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_UNLINK).name("a").zeros(3).build(), -1), Errno.EINVAL);
    }

    @Test
    void aRenameWithOneNameIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_RENAME).u64(1).name("only").build(), -1), Errno.EINVAL);
    }

    @Test
    void aSymlinkWithoutTargetTerminatorIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_SYMLINK).name("l").bytes("tgt".getBytes()).build(), -1), Errno.EINVAL);
    }

    @Test
    void aRemovemappingCountThatLiesIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_REMOVEMAPPING).u32(1000).zeros(16).build(), -1), Errno.EINVAL);
    }

    @Test
    void aCopyFileRangeLongerThanItsReplyCanSayIsAnsweredEINVAL() {
        assertRejected(send(request(FuseH.FUSE_COPY_FILE_RANGE).u64(1).u64(0).u64(2).u64(3).u64(0)
                .u64(1L << 33).u64(0).build(), -1), Errno.EINVAL);
    }

    @Test
    void aMalformedExtensionIsAnsweredEINVAL() {
        byte[] zeroSize = FuseRequest.le(8).putInt(0).putInt(5).array();
        assertRejected(send(request(FuseH.FUSE_MKDIR).u32(0755).u32(0).name("d").rawExtension(zeroSize).build(), -1),
                Errno.EINVAL);
        channel.replies.clear();
        byte[] groupsOverrun = FuseRequest.le(16).putInt(16).putInt(FuseH.FUSE_EXT_GROUPS).putInt(9).putInt(1)
                .array();
        assertRejected(send(request(FuseH.FUSE_MKDIR).u32(0755).u32(0).name("d").rawExtension(groupsOverrun)
                .build(), -1), Errno.EINVAL);
    }

    @Test
    void anExternalPayloadOnAnythingButWriteIsAnsweredEINVAL() {
        byte[] b = request(FuseH.FUSE_LOOKUP).name("x").len(42 + 4).build();
        MemorySegment s = arena.allocate(b.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, 0, b.length);
        ex.writeSource().clear();
        ex.writeSource().add(arena.allocate(4), 0, 4);
        assertRejected(dispatcher.handle(ex, s, b.length, 4), Errno.EINVAL);
    }

    @Test
    void rejectionsAreCounted() {
        send(request(FuseH.FUSE_LOOKUP).name("").build(), -1);
        send(request(999).build(), -1);
        assertEquals(2, dispatcher.rejectedCount());
    }
}
