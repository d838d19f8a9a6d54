package dev.mlops.registry.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record as stored: its key, its document (opaque bytes, usually UTF-8 JSON) and its revision. Revisions start at
 * 1 on create and grow by one with every successful compare-and-set. Immutable and thread-safe (the document array
 * is copied in and out).
 */
public final class VersionedRecord {
    private final String key;
    private final byte[] document;
    private final long revision;

    public VersionedRecord(String key, byte[] document, long revision) {
        this.key = Objects.requireNonNull(key, "key");
        this.document = Objects.requireNonNull(document, "document").clone();
        if (revision < 1) {
            throw new IllegalArgumentException("A stored record's revision is >= 1, found " + revision);
        }
        this.revision = revision;
    }

    public String key() {
        return key;
    }

    /** A copy of the document bytes. */
    public byte[] document() {
        return document.clone();
    }

    /** The document decoded as UTF-8. */
    public String documentAsString() {
        return new String(document, java.nio.charset.StandardCharsets.UTF_8);
    }

    public long revision() {
        return revision;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedRecord r && r.revision == revision && r.key.equals(key)
                && Arrays.equals(r.document, document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, revision, Arrays.hashCode(document));
    }

    @Override
    public String toString() {
        return "VersionedRecord[" + key + " rev " + revision + ", " + document.length + " bytes]";
    }
}
