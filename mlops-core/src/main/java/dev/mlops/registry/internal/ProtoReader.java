package dev.mlops.registry.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming reader of the protobuf wire format: tags, varints, length-delimited fields, and skipping of
 * everything else without buffering it (a 100 MB initializer is skipped, not read into memory). Not thread-safe.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private final InputStream in;
    private long position;

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
        if (len > 16 * 1024 * 1024) {
            throw new IOException("Implausible protobuf string of " + len + " bytes at byte " + position);
        }
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
            case START_GROUP -> {
                while (true) {
                    long tag = readTag(parentEnd);
                    if (tag < 0) {
                        throw new IOException("Malformed protobuf: unterminated group");
                    }
                    if ((tag & 7) == END_GROUP) {
                        break;
                    }
                    skip((int) (tag & 7), parentEnd);
                }
            }
            default -> throw new IOException("Malformed protobuf: unknown wire type " + wireType + " at byte " + position
                    + " (is this an ONNX file?)");
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
