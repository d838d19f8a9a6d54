package dev.mlops.serving.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a CSV byte stream into chunks of whole lines, reading it in large blocks: no per-line objects, no decoding.
 * Lines end at {@code \n} (a {@code \r} before it is dropped); a UTF-8 byte-order mark at the start is skipped; blank
 * lines are skipped (but counted, so line numbers match the file). Splitting UTF-8 on the byte {@code \n} is safe: no
 * multi-byte character contains it. Not thread-safe (one reader thread).
 */
public final class CsvChunkReader {
    /**
     * Row {@code r} is {@code data[start[r], end[r])}, file line {@code line[r]}; {@code data} may hold other bytes too
     * (it is the reader's block buffer, never written again once a chunk holds it). Read-only for its users, so
     * it is safe to hand to another thread (the pipeline's queues publish it safely).
     */
    public record Chunk(long sequence, byte[] data, int rows, int[] start, int[] end, int[] line, long endOffset) {
    }

    private final InputStream in;
    private final int chunkRows;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long consumed;
    private int lineNo;
    private long sequence;
    /** Whether a chunk handed out holds {@link #buf} (then it is never written again). */
    private boolean shared;

    /** Reads {@code in} (not closed by this reader) in chunks of at most {@code chunkRows} non-blank lines. */
    public CsvChunkReader(InputStream in, int chunkRows) {
        this.in = in;
        this.chunkRows = chunkRows;
        this.buf = new byte[1 << 20];
    }

    /** The first line (line 1) without its line end and without a byte-order mark, or null for an empty stream. */
    public byte[] header() throws IOException {
        while (limit - pos < 3 && !eof) {
            compactAndFill();
        }
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
            consumed += 3;
        }
        if (pos == limit && eof) {
            return null;
        }
        int scan = pos;
        int nl;
        while ((nl = indexOfNewline(scan)) < 0 && !eof) {
            scan -= compactAndFill();
        }
        int end = nl < 0 ? limit : nl;
        int next = nl < 0 ? limit : nl + 1;
        int stop = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
        byte[] header = Arrays.copyOfRange(buf, pos, stop);
        consumed += next - pos;
        pos = next;
        lineNo = 1;
        return header;
    }

    /** Bytes consumed so far (including the byte-order mark, line ends and blank lines). */
    public long consumed() {
        return consumed;
    }

    /** The next chunk (at most {@code chunkRows} rows, at least one), or null at the end of the stream. */
    public Chunk next() throws IOException {
        int[] start = new int[Math.min(chunkRows, 4096)];
        int[] end = new int[start.length];
        int[] line = new int[start.length];
        int rows = 0;
        int scan = pos;
        while (rows < chunkRows) {
            int nl = indexOfNewline(scan);
            if (nl < 0 && !eof) {
                scan -= compactAndFill(); // start/end are relative to pos, which moves with the bytes
                continue;
            }
            if (nl < 0) {
                if (scan == limit) {
                    break;
                }
                nl = limit; // the last line has no line end
            }
            lineNo++;
            int e = nl > scan && buf[nl - 1] == '\r' ? nl - 1 : nl;
            if (e > scan) {
                if (rows == start.length) {
                    int n = (int) Math.min((long) rows * 2, chunkRows);
                    start = Arrays.copyOf(start, n);
                    end = Arrays.copyOf(end, n);
                    line = Arrays.copyOf(line, n);
                }
                start[rows] = scan - pos;
                end[rows] = e - pos;
                line[rows] = lineNo;
                rows++;
            }
            scan = Math.min(nl + 1, limit);
        }
        if (rows == 0) {
            consumed += scan - pos;
            pos = scan;
            return null;
        }
        // the chunk keeps the buffer itself (no copy); the reader moves on to a new buffer at the next refill
        if (pos != 0) {
            for (int r = 0; r < rows; r++) {
                start[r] += pos;
                end[r] += pos;
            }
        }
        shared = true;
        consumed += scan - pos;
        pos = scan;
        return new Chunk(sequence++, buf, rows, start, end, line, consumed);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The index of the first {@code \n} in {@code buf[from, limit)}, or -1; looks at 8 bytes per step. */
    private int indexOfNewline(int from) {
        byte[] b = buf;
        int i = from;
        for (int n = limit - 8; i <= n; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a \n byte becomes 0
            long zero = (x - ONES) & ~x & HIGHS; // the lowest flagged byte is the first zero byte (exact)
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (int n = limit; i < n; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Moves the unread bytes {@code [pos, limit)} to the start of the buffer (growing it when they fill it) and reads
     * more (at least one byte, or sets eof). Returns by how much the bytes moved (to subtract from offsets).
     */
    private int compactAndFill() throws IOException {
        int shift = pos;
        int live = limit - pos;
        if (shared) {
            // chunks handed out hold the current buffer: leave it to them, carry the unread bytes to a new one
            byte[] next = new byte[live * 2 > buf.length ? buf.length * 2 : buf.length];
            System.arraycopy(buf, pos, next, 0, live);
            buf = next;
            shared = false;
        } else if (shift > 0) {
            System.arraycopy(buf, shift, buf, 0, live);
        } else if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        limit = live;
        pos = 0;
        while (!eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                limit += n;
                break;
            }
        }
        return shift;
    }
}
