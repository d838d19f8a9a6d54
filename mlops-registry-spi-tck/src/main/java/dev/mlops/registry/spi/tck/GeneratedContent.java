package dev.mlops.registry.spi.tck;

import java.io.InputStream;

/**
 * A stream of {@code size} pseudo-random bytes generated on the fly from a seed, so the kit can put blobs far larger
 * than the heap without holding them. The same size and seed always give the same bytes. Not thread-safe.
 */
public final class GeneratedContent extends InputStream {
    private final long size;
    private long position;
    private long state;

    /** {@code size} bytes from {@code seed}. */
    public GeneratedContent(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, found " + size);
        }
        this.size = size;
        this.state = seed ^ 0x9E3779B97F4A7C15L;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            if (((position + i) & 7) == 0) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
            }
            b[off + i] = (byte) (state >>> (((position + i) & 7) * 8));
        }
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
