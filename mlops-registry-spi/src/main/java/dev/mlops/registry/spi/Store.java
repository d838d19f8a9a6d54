package dev.mlops.registry.spi;

import java.util.Objects;

/**
 * A pair of stores the registry uses: one for records, one for blobs. They may be one backend (a directory) or two
 * (records in a database, blobs in an object store). Closing the pair closes both (each once, even when they are the
 * same object). Thread-safe when its parts are.
 */
public final class Store implements AutoCloseable {
    private final RecordStore records;
    private final BlobStore blobs;
    private final String description;

    private Store(RecordStore records, BlobStore blobs, String description) {
        this.records = Objects.requireNonNull(records, "records");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** Pairs a record store and a blob store passed in by hand. {@code description} is used in messages. */
    public static Store of(RecordStore records, BlobStore blobs, String description) {
        return new Store(records, blobs, description);
    }

    public RecordStore records() {
        return records;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Where the store is, for messages (credentials removed). */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        try {
            records.close();
        } catch (Exception e) {
            first = e instanceof RuntimeException re ? re : new StoreUnavailableException("Closing " + description + " failed", e);
        }
        if (blobs != (Object) records) {
            try {
                blobs.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new StoreUnavailableException("Closing " + description + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "Store[" + description + "]";
    }
}
