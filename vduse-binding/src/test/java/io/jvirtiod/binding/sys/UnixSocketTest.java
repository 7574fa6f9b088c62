package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnixSocketTest {

    @TempDir
    Path dir;

    @Test
    void aListeningSocketAcceptsAConnectionAndKnowsThePeer() {
        String path = dir.resolve("s.sock").toString();
        int server = UnixSocket.socket(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        int client = -1;
        int conn = -1;
        try (Arena arena = Arena.ofConfined()) {
            UnixSocket.bind(server, path);
            UnixSocket.listen(server, 1);
            client = UnixSocket.socket(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
            UnixSocket.connect(client, path);
            conn = UnixSocket.accept4(server, SocketH.SOCK_CLOEXEC);

            MemorySegment cred = arena.allocate(Ucred.LAYOUT);
            UnixSocket.peerCredentials(conn, cred);
            assertEquals(ProcessHandle.current().pid(), Ucred.pid(cred), "the peer is this very process");

            FileIo.write(client, arena.allocateFrom("ping"));
            MemorySegment in = arena.allocate(5);
            assertEquals(5, FileIo.read(conn, in));
            assertEquals("ping", in.getString(0));
        } finally {
            for (int fd : new int[] {conn, client, server}) if (fd >= 0) FileIo.close(fd);
        }
    }

    @Test
    void connectingWhereNobodyListensNamesTheErrno() {
        int s = UnixSocket.socket(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> UnixSocket.connect(s, dir.resolve("none").toString()));
            assertEquals(Errno.ENOENT, e.errno());
            assertEquals("connect(" + s + ", \"" + dir.resolve("none") + "\")", e.call());
        } finally {
            FileIo.close(s);
        }
    }

    @Test
    void aPathThatDoesNotFitSunPathIsRefusedNotTruncated() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SockaddrUn.LAYOUT);
            assertEquals(SockaddrUn.OFFSET_SUN_PATH + 108, SockaddrUn.set(addr, "a".repeat(107)));
            assertThrows(IllegalArgumentException.class, () -> SockaddrUn.set(addr, "a".repeat(108)));
            assertThrows(IllegalArgumentException.class, () -> SockaddrUn.set(addr, "a\0b"));
        }
    }
}
