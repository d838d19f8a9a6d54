package dev.mlops.registry.spi;

import java.util.Optional;

/**
 * Small documents (opaque bytes; usually JSON) in named collections, each with a revision.
 *
 * <p>The two conditional writes, {@link #createIfAbsent} and {@link #compareAndSet}, are the whole concurrency
 * contract: each is atomic and linearizable per key across every thread and process that uses the same store, so
 * of many writers racing with the same expected revision exactly one succeeds. The registry builds every multi-writer
 * guarantee from them. A reader sees either the old or the new document, never a torn one.
 *
 * <p>Names are checked with {@link Names} before anything touches storage. Documents may be empty but at most
 * {@link #MAX_DOCUMENT_SIZE} bytes. Implementations are thread-safe.
 */
public interface RecordStore extends AutoCloseable {

    /** Largest document a store must accept: 16 MiB. */
    int MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;

    /**
     * The document check every store makes before writing: not null, at most {@link #MAX_DOCUMENT_SIZE} bytes.
     * For implementers; returns {@code document}.
     */
    static byte[] checkDocument(byte[] document) {
        java.util.Objects.requireNonNull(document, "document");
        if (document.length > MAX_DOCUMENT_SIZE) {
            throw new IllegalArgumentException("A record document is at most " + MAX_DOCUMENT_SIZE + " bytes, found "
                    + document.length + ". Store large content as a blob and reference its digest.");
        }
        return document;
    }

    /** The record, or empty when absent. */
    Optional<VersionedRecord> get(String collection, String key);

    /**
     * Creates the record with revision 1 if no record has that key. Not applied (with the current revision) when it
     * exists.
     */
    WriteResult createIfAbsent(String collection, String key, byte[] document);

    /**
     * Replaces the document if the current revision equals {@code expectedRevision}; the new revision is
     * {@code expectedRevision + 1}. Not applied (with the current revision, 0 when absent) otherwise.
     */
    WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document);

    /**
     * Deletes the record if its current revision equals {@code expectedRevision}. Returns whether it was deleted.
     * A later create of the same key starts again at revision 1.
     */
    boolean delete(String collection, String key, long expectedRevision);

    /**
     * Lists the keys of {@code collection} that start with {@code prefix} ("" for all), in ascending
     * {@link String#compareTo} order, at most {@code limit} (1-10000) per page, starting after {@code pageToken}
     * ({@code null} for the first page). Keys created or deleted while paging may or may not appear; no key present
     * throughout is skipped or repeated.
     */
    Page<String> list(String collection, String prefix, String pageToken, int limit);

    /** Releases resources; further calls fail with {@link StoreUnavailableException}. Idempotent. */
    @Override
    default void close() {
    }
}
