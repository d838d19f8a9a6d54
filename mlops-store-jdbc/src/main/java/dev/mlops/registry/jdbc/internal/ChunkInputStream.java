package dev.mlops.registry.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The raw bytes of a chunked blob, fetched one chunk at a time (a missing chunk ends the stream), so a reader holds
 * one chunk in memory and no database connection between reads. Wrap it in a verifying stream. Not thread-safe.
 */
public final class ChunkInputStream extends InputStream {
    /** Fetches chunk {@code seq}, or null when there is none. */
    @FunctionalInterface
    public interface ChunkSource {
        byte[] chunk(int seq) throws IOException;
    }

    private final ChunkSource source;
    private byte[] current = new byte[0];
    private int pos;
    private int nextSeq;
    private boolean eof;
    private boolean closed;

    public ChunkInputStream(ChunkSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        while (!eof && pos >= current.length) {
            byte[] next = source.chunk(nextSeq++);
            if (next == null) {
                eof = true;
            } else {
                current = next;
                pos = 0;
            }
        }
        return pos < current.length;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    @Override
    public void close() {
        closed = true;
        current = new byte[0];
    }
}
