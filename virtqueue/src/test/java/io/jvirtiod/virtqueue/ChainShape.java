package io.jvirtiod.virtqueue;

/** What a driver model submits: device-readable then device-writable buffer lengths, direct or indirect. */
record ChainShape(int[] readable, int[] writable, boolean indirect) {
    int descriptors() {
        return readable.length + writable.length;
    }

    long readableBytes() {
        long n = 0;
        for (int l : readable) n += l;
        return n;
    }

    long writableBytes() {
        long n = 0;
        for (int l : writable) n += l;
        return n;
    }

    @Override
    public String toString() {
        return (indirect ? "indirect" : "direct") + java.util.Arrays.toString(readable) + "+w" + java.util.Arrays.toString(writable);
    }
}
