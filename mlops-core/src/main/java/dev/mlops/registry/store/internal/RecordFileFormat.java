package dev.mlops.registry.store.internal;

import dev.mlops.registry.spi.CorruptedContentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of one record file of the file store: a one-line ASCII header, then the document exactly as given.
 *
 * <pre>
 * mlops-record 1 &lt;revision&gt; &lt;document length&gt; &lt;CRC-32C of the document, 8 hex digits&gt;\n
 * &lt;document bytes&gt;
 * </pre>
 * The header carries the format version ({@code 1}); length and checksum detect damage done behind the store's back
 * (a record is never torn by the store itself: it is replaced by an atomic rename). Stateless and thread-safe.
 */
public final class RecordFileFormat {
    /** The first word of every record file. */
    public static final String MAGIC = "mlops-record";
    /** The format version this library writes; it reads this one and older. */
    public static final int VERSION = 1;

    private RecordFileFormat() {
    }

    /** A decoded record file. */
    public record Decoded(long revision, byte[] document) {
    }

    /** Encodes {@code document} at {@code revision}. */
    public static byte[] encode(long revision, byte[] document) {
        CRC32C crc = new CRC32C();
        crc.update(document);
        byte[] header = (MAGIC + ' ' + VERSION + ' ' + revision + ' ' + document.length + ' '
                + String.format("%08x", crc.getValue()) + '\n').getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + document.length);
        System.arraycopy(document, 0, out, header.length, document.length);
        return out;
    }

    /**
     * Decodes a record file's bytes.
     *
     * @throws CorruptedContentException when the header is malformed, or length or checksum do not match
     */
    public static Decoded decode(byte[] file, String where) {
        int nl = -1;
        for (int i = 0; i < Math.min(file.length, 128); i++) {
            if (file[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw corrupted(where, "no header line");
        }
        String[] h = new String(file, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (h.length != 5 || !h[0].equals(MAGIC)) {
            throw corrupted(where, "header is not '" + MAGIC + " <version> <revision> <length> <crc32c>'");
        }
        long revision;
        int length;
        long crcValue;
        try {
            int version = Integer.parseInt(h[1]);
            if (version > VERSION) {
                throw new CorruptedContentException("Record file " + where + " has format version " + version
                        + " but this library reads up to " + VERSION + ". Upgrade mlops to read it.");
            }
            revision = Long.parseLong(h[2]);
            length = Integer.parseInt(h[3]);
            crcValue = Long.parseLong(h[4], 16);
        } catch (NumberFormatException e) {
            throw corrupted(where, "header has a malformed number");
        }
        if (revision < 1) {
            throw corrupted(where, "revision " + revision + " is below 1");
        }
        if (file.length - nl - 1 != length) {
            throw corrupted(where, "expected a document of " + length + " bytes, found " + (file.length - nl - 1));
        }
        CRC32C crc = new CRC32C();
        crc.update(file, nl + 1, length);
        if (crc.getValue() != crcValue) {
            throw corrupted(where, "document checksum does not match");
        }
        return new Decoded(revision, Arrays.copyOfRange(file, nl + 1, file.length));
    }

    private static CorruptedContentException corrupted(String where, String why) {
        return new CorruptedContentException("Record file " + where + " is damaged (" + why + "). It was changed "
                + "outside mlops; restore it from a backup or delete it to drop the record.");
    }
}
