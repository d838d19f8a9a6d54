package dev.mlops.registry.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming reader of the protobuf wire format: tags, varints, length-delimited fields, and skipping of
 * everything else without buffering it (a 100 MB initializer is skipped, not read into memory). Hostile input is
 * bounded before anything is allocated: strings are capped at {@link #MAX_STRING} bytes, everything a caller keeps
 * is charged to a budget of {@link #MAX_RETAINED} bytes ({@link #retain}), groups are skipped without recursion and
 * nested at most {@link #MAX_GROUP_DEPTH} deep, and a declared length must fit its enclosing message. Not thread-safe.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    /** The longest string (a name, a symbolic dimension) read into memory. */
    public static final int MAX_STRING = 1 << 20;
    /** The most bytes (strings plus a fixed charge per object) a caller may keep from one stream. */
    public static final long MAX_RETAINED = 64L << 20;
    /** The deepest nesting of (deprecated) protobuf groups skipped. */
    public static final int MAX_GROUP_DEPTH = 64;

    private final InputStream in;
    private long position;
    private long retained;

    public ProtoReader(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    /**
     * Reads the next tag, or returns -1 at {@code end} (a message boundary) or at the end of the stream when
     * {@code end} is {@link Long#MAX_VALUE}.
     */
    public long readTag(long end) throws IOException {
        if (position >= end) {
            if (position > end) {
                throw new IOException("Malformed protobuf: a field runs past its message end at byte " + end);
            }
            return -1;
        }
        if (end == Long.MAX_VALUE) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            position++;
            return readVarintContinuing(b);
        }
        return readVarint();
    }

    public long readVarint() throws IOException {
        int b = readByte();
        return readVarintContinuing(b);
    }

    private long readVarintContinuing(int first) throws IOException {
        long result = first & 0x7f;
        int shift = 7;
        int b = first;
        while ((b & 0x80) != 0) {
            if (shift > 63) {
                throw new IOException("Malformed protobuf: varint longer than 10 bytes at byte " + position);
            }
            b = readByte();
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
        }
        return result;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Truncated protobuf: the stream ended at byte " + position + " inside a field");
        }
        position++;
        return b;
    }

    /** Reads a length prefix and returns the absolute end position of the field. */
    public long readLengthEnd(long parentEnd) throws IOException {
        long len = readVarint();
        if (len < 0 || position + len > parentEnd) {
            throw new IOException("Malformed protobuf: a field of " + len + " bytes at byte " + position
                    + " runs past its enclosing message (ends at " + parentEnd + ")");
        }
        return position + len;
    }

    public String readString(long parentEnd) throws IOException {
        long end = readLengthEnd(parentEnd);
        long len = end - position;
        if (len > MAX_STRING) {
            throw new IOException("Malformed protobuf: a string of " + len + " bytes at byte " + position
                    + " (at most " + MAX_STRING + " are read)");
        }
        retain(len, "strings");
        byte[] b = in.readNBytes((int) len);
        if (b.length != len) {
            throw new EOFException("Truncated protobuf: the stream ended inside a string at byte " + position);
        }
        position += len;
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Skips a field of {@code wireType} whose tag was just read. */
    public void skip(int wireType, long parentEnd) throws IOException {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> skipBytes(8);
            case FIXED32 -> skipBytes(4);
            case LEN -> skipTo(readLengthEnd(parentEnd));
            case START_GROUP -> skipGroup(parentEnd);
            default -> throw new IOException("Malformed protobuf: unknown wire type " + wireType + " at byte " + position
                    + " (is this an ONNX file?)");
        }
    }

    /** Skips a group whose start tag was just read, and any groups nested in it, without recursion. */
    private void skipGroup(long parentEnd) throws IOException {
        int depth = 1;
        while (depth > 0) {
            long tag = readTag(parentEnd);
            if (tag < 0) {
                throw new IOException("Malformed protobuf: unterminated group at byte " + position);
            }
            int wire = (int) (tag & 7);
            if (wire == END_GROUP) {
                depth--;
            } else if (wire == START_GROUP) {
                if (++depth > MAX_GROUP_DEPTH) {
                    throw new IOException("Malformed protobuf: groups nested more than " + MAX_GROUP_DEPTH
                            + " deep at byte " + position);
                }
            } else {
                skip(wire, parentEnd);
            }
        }
    }

    /**
     * Charges {@code bytes} that the caller keeps in memory (a string, an object it builds) to this stream's budget.
     *
     * @throws IOException "Malformed protobuf: …" when the budget of {@link #MAX_RETAINED} bytes is exceeded
     */
    public void retain(long bytes, String what) throws IOException {
        retained += bytes;
        if (retained > MAX_RETAINED) {
            throw new IOException("Malformed protobuf: the " + what + " read so far need more than " + MAX_RETAINED
                    + " bytes of memory at byte " + position + "; this is not a plausible model signature");
        }
    }

    /** Skips to the absolute position {@code end}. */
    public void skipTo(long end) throws IOException {
        skipBytes(end - position);
    }

    private void skipBytes(long n) throws IOException {
        if (n < 0) {
            throw new IOException("Malformed protobuf: negative skip at byte " + position);
        }
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new EOFException("Truncated protobuf: the stream ended while skipping " + n + " bytes at byte " + position);
        }
        position += n;
    }
}
