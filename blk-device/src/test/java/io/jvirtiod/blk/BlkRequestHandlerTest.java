package io.jvirtiod.blk;

import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.blk.TestDriver.Buf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlkRequestHandlerTest {
    private static final int SECTORS = 2048; // 1 MiB image
    private static final byte OK = VirtioBlkH.VIRTIO_BLK_S_OK;
    private static final byte IOERR = VirtioBlkH.VIRTIO_BLK_S_IOERR;
    private static final byte UNSUPP = VirtioBlkH.VIRTIO_BLK_S_UNSUPP;

    @TempDir Path dir;
    private Path image;
    private FileBackend backend;
    private BlkRequestHandler handler;
    private TestDriver driver;
    private final Random random = new Random(42);

    @BeforeEach
    void setUp() throws Exception {
        image = dir.resolve("disk.img");
        byte[] init = new byte[SECTORS * 512];
        random.nextBytes(init);
        Files.write(image, init);
        open(false);
        driver = new TestDriver(4 << 20);
    }

    private void open(boolean readOnly) {
        if (backend != null) backend.close();
        backend = FileBackend.open(image.toString(), readOnly, false);
        handler = new BlkRequestHandler(BlkConfig.forBackend(backend, 1, 128, "jvirtiod-test"), backend);
    }

    @AfterEach
    void tearDown() {
        backend.close();
        driver.close();
    }

    static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    static byte[] segment(long sector, int sectors, int flags) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sector).putInt(sectors).putInt(flags).array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] fileRange(long offset, int n) throws Exception {
        return Arrays.copyOfRange(Files.readAllBytes(image), (int) offset, (int) offset + n);
    }

    /** Serves one chain and returns its status byte, checking the used length. */
    private byte serve(int expectedUsed, Buf... bufs) throws Exception {
        Buf[] placed = driver.submit(bufs);
        int used = driver.serve(handler);
        assertEquals(expectedUsed, used, "used length");
        assertTrue(driver.noOverrun(placed), "the device wrote past a buffer");
        return driver.lastByte(placed[placed.length - 1]);
    }

    @Test
    void aWriteLandsInTheFileAndAReadReturnsIt() throws Exception {
        byte[] data = random(8192);
        assertEquals(OK, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, 10)), Buf.out(data), Buf.in(1)));
        assertArrayEquals(data, fileRange(10 * 512, 8192));

        Buf[] placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_IN, 10)), Buf.in(4096), Buf.in(4096), Buf.in(1));
        assertEquals(8193, driver.serve(handler));
        assertEquals(OK, driver.lastByte(placed[3]));
        assertArrayEquals(data, concat(driver.bytes(placed[1]), driver.bytes(placed[2])));
    }

    @Test
    void headerDataAndStatusMaySharedescriptors() throws Exception {
        byte[] data = random(1024);
        // header and data in one readable descriptor (virtio 1.2 §2.6.4, framing is independent of descriptors)
        assertEquals(OK, serve(1, Buf.out(concat(header(VirtioBlkH.VIRTIO_BLK_T_OUT, 3), data)), Buf.in(1)));
        assertArrayEquals(data, fileRange(3 * 512, 1024));
        // data and status in one writable descriptor
        Buf[] placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_IN, 3)), Buf.in(1025));
        assertEquals(1025, driver.serve(handler));
        byte[] got = driver.bytes(placed[1]);
        assertArrayEquals(data, Arrays.copyOf(got, 1024));
        assertEquals(OK, got[1024]);
    }

    @Test
    void aReadPastTheCapacityGetsIoerrAndWritesNoData() throws Exception {
        Buf[] placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_IN, SECTORS - 1)), Buf.in(1024), Buf.in(1));
        assertEquals(1, driver.serve(handler));
        assertEquals(IOERR, driver.lastByte(placed[2]));
        byte[] untouched = new byte[1024];
        Arrays.fill(untouched, (byte) 0x5a);
        assertArrayEquals(untouched, driver.bytes(placed[1]));
        assertEquals(1, handler.stats().outOfRange);
    }

    @Test
    void aSectorNearTheTopOfTheU64RangeDoesNotWrapIntoTheDisk() throws Exception {
        byte[] before = Files.readAllBytes(image);
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, -1L)), Buf.out(random(512)), Buf.in(1)));
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, Long.MAX_VALUE / 256)), Buf.out(random(512)), Buf.in(1)));
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, SECTORS)), Buf.out(random(512)), Buf.in(1)));
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void theLastSectorIsReadable() throws Exception {
        Buf[] placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_IN, SECTORS - 1)), Buf.in(512), Buf.in(1));
        assertEquals(513, driver.serve(handler));
        assertEquals(OK, driver.lastByte(placed[2]));
        assertArrayEquals(fileRange((SECTORS - 1) * 512L, 512), driver.bytes(placed[1]));
    }

    @Test
    void dataThatIsNotWholeSectorsGetsIoerr() throws Exception {
        byte[] before = Files.readAllBytes(image);
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, 0)), Buf.out(random(100)), Buf.in(1)));
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_IN, 0)), Buf.in(700), Buf.in(1)));
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void aWriteToAReadOnlyDeviceGetsIoerrAndLeavesTheFileAlone() throws Exception {
        open(true);
        byte[] before = Files.readAllBytes(image);
        assertEquals(IOERR, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, 0)), Buf.out(random(512)), Buf.in(1)));
        assertEquals(UNSUPP, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_WRITE_ZEROES, 0)), Buf.out(segment(0, 8, 0)), Buf.in(1)));
        assertArrayEquals(before, Files.readAllBytes(image));
        assertEquals(1, handler.stats().readOnlyWrites);
    }

    @Test
    void anUnknownRequestTypeGetsUnsupp() throws Exception {
        assertEquals(UNSUPP, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_SCSI_CMD, 0)), Buf.in(1)));
        assertEquals(UNSUPP, serve(1, Buf.out(header(0x7fff_0000, 0)), Buf.in(1)));
        assertEquals(UNSUPP, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_SECURE_ERASE, 0)), Buf.in(1)));
    }

    @Test
    void aHeaderShorterThan16BytesGetsIoerr() throws Exception {
        assertEquals(IOERR, serve(1, Buf.out(new byte[8]), Buf.in(1)));
        assertEquals(1, handler.stats().malformed);
    }

    @Test
    void aChainWithNoRoomForTheStatusIsCompletedWithNothingWritten() throws Exception {
        byte[] before = Files.readAllBytes(image);
        driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_OUT, 0)), Buf.out(random(512)));
        assertEquals(0, driver.serve(handler));
        assertArrayEquals(before, Files.readAllBytes(image));
        assertEquals(1, handler.stats().malformed);
    }

    @Test
    void getIdReturnsTheSerialNulPaddedAndFitsAShortBuffer() throws Exception {
        Buf[] placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_GET_ID, 0)), Buf.in(20), Buf.in(1));
        assertEquals(21, driver.serve(handler));
        assertEquals(OK, driver.lastByte(placed[2]));
        assertArrayEquals(Arrays.copyOf("jvirtiod-test".getBytes(), 20), driver.bytes(placed[1]));

        placed = driver.submit(Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_GET_ID, 0)), Buf.in(5));
        assertEquals(5, driver.serve(handler));
        byte[] got = driver.bytes(placed[1]);
        assertEquals("jvir", new String(got, 0, 4));
        assertEquals(OK, got[4]);
    }

    @Test
    void flushSucceeds() throws Exception {
        assertEquals(OK, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_FLUSH, 0)), Buf.in(1)));
        assertEquals(1, handler.stats().flushes);
    }

    @Test
    void writeZeroesZeroesTheRangeWithOrWithoutUnmap() throws Exception {
        assertEquals(OK, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_WRITE_ZEROES, 0)), Buf.out(segment(8, 16, 0)), Buf.in(1)));
        assertArrayEquals(new byte[16 * 512], fileRange(8 * 512, 16 * 512));
        assertEquals(OK, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_WRITE_ZEROES, 0)),
                Buf.out(segment(64, 8, VirtioBlkH.VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP)), Buf.in(1)));
        assertArrayEquals(new byte[8 * 512], fileRange(64 * 512, 8 * 512));
        byte[] neighbour = fileRange(72 * 512, 512);
        assertTrue(!Arrays.equals(new byte[512], neighbour), "the sector after the range was zeroed too");
        assertEquals(2, handler.stats().writeZeroes);
    }

    @Test
    void discardSucceedsAndKeepsTheFileSize() throws Exception {
        assertEquals(OK, serve(1, Buf.out(header(VirtioBlkH.VIRTIO_BLK_T_DISCARD, 0)), Buf.out(segment(0, 8, 0)), Buf.in(1)));
        assertEquals(SECTORS * 512L, Files.size(image));
    }

    @Test
    void badDiscardAndWriteZeroesRequestsGetTheSpecsStatus() throws Exception {
        byte[] before = Files.readAllBytes(image);
        int dz = VirtioBlkH.VIRTIO_BLK_T_DISCARD;
        int wz = VirtioBlkH.VIRTIO_BLK_T_WRITE_ZEROES;
        // §5.2.6.2: unmap on a discard, or an unknown flag: UNSUPP
        assertEquals(UNSUPP, serve(1, Buf.out(header(dz, 0)), Buf.out(segment(0, 8, VirtioBlkH.VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP)), Buf.in(1)));
        assertEquals(UNSUPP, serve(1, Buf.out(header(wz, 0)), Buf.out(segment(0, 8, 2)), Buf.in(1)));
        // more segments than max_write_zeroes_seg (1)
        assertEquals(UNSUPP, serve(1, Buf.out(header(wz, 0)), Buf.out(concat(segment(0, 8, 0), segment(16, 8, 0))), Buf.in(1)));
        // out of range, and a payload that is not whole segments
        assertEquals(IOERR, serve(1, Buf.out(header(wz, 0)), Buf.out(segment(SECTORS - 4, 8, 0)), Buf.in(1)));
        assertEquals(IOERR, serve(1, Buf.out(header(wz, 0)), Buf.out(new byte[10]), Buf.in(1)));
        assertEquals(IOERR, serve(1, Buf.out(header(dz, 0)), Buf.in(1)));
        assertArrayEquals(before, Files.readAllBytes(image));
    }
}
