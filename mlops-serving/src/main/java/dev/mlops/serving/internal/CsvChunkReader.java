package dev.mlops.serving.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a CSV byte stream into chunks of whole records, reading it in large blocks: no per-line objects, no decoding.
 * Records follow {@link dev.mlops.registry.dataset.CsvDialect#standard()}: they end at a {@code \n} outside quotes
 * (a {@code \r} before it is dropped), so a quoted field may span lines; a UTF-8 byte-order mark at the start is
 * skipped; blank lines are skipped (but counted, so line numbers match the file). Splitting UTF-8 on the bytes
 * {@code \n} and {@code "} is safe: no multi-byte character contains them. Quotes are only counted here (a record
 * with a quote is split by the general reader, which reports malformed quoting). Not thread-safe (one reader thread).
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

    /**
     * The first record (blank lines before it skipped) without its line end and without a byte-order mark, or null
     * for an input without records.
     */
    public byte[] header() throws IOException {
        while (limit - pos < 3 && !eof) {
            compactAndFill();
        }
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
            consumed += 3;
        }
        for (;;) {
            if (pos == limit && eof) {
                return null;
            }
            int nl;
            while ((nl = recordEnd(pos)) < 0 && !eof) {
                compactAndFill();
            }
            if (nl < 0) {
                nl = limit; // the last record has no line end
            }
            int next = Math.min(nl + 1, limit);
            int stop = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
            lineNo += 1 + newlinesInRecord;
            if (stop == pos) {
                consumed += next - pos; // a blank line
                pos = next;
                continue;
            }
            byte[] header = Arrays.copyOfRange(buf, pos, stop);
            consumed += next - pos;
            pos = next;
            return header;
        }
    }

    /** The line the header ended on (1 unless blank lines or a quoted line end came first). */
    public int headerEndLine() {
        return lineNo;
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
            int nl = recordEnd(scan);
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
            int first = lineNo + 1;
            lineNo += 1 + newlinesInRecord;
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
                line[rows] = first;
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

    private static final long QUOTES = 0x2222222222222222L;

    /** The {@code \n}s inside quotes in the record {@link #recordEnd} found last. */
    private int newlinesInRecord;

    /**
     * The index of the {@code \n} that ends the record starting at {@code from} (the first one outside quotes), or -1
     * if {@code buf[from, limit)} does not hold it; sets {@link #newlinesInRecord}. At the end of the input with a
     * quote left open, -1 too (the caller then takes the rest as the record; the general reader names the error).
     */
    private int recordEnd(int from) {
        newlinesInRecord = 0;
        int i = from;
        for (;;) {
            int j = indexOfNewlineOrQuote(i);
            if (j < 0 || buf[j] == '\n') {
                return j;
            }
            // inside quotes: up to the closing quote ("" closes and reopens, which is the same)
            int k = j + 1;
            byte[] b = buf;
            while (k < limit && b[k] != '"') {
                if (b[k] == '\n') {
                    newlinesInRecord++;
                }
                k++;
            }
            if (k == limit) {
                newlinesInRecord = 0;
                return -1;
            }
            i = k + 1;
        }
    }

    /** The index of the first {@code \n} or {@code "} in {@code buf[from, limit)}, or -1; looks at 8 bytes per step. */
    private int indexOfNewlineOrQuote(int from) {
        byte[] b = buf;
        int i = from;
        for (int n = limit - 8; i <= n; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ NEWLINES; // a \n byte becomes 0
            long y = w ^ QUOTES; // a " byte becomes 0
            long zero = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS; // the lowest flagged byte is exact
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (int n = limit; i < n; i++) {
            if (b[i] == '\n' || b[i] == '"') {
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
