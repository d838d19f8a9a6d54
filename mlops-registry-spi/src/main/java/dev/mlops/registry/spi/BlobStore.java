package dev.mlops.registry.spi;

import java.io.InputStream;
import java.util.Optional;

/**
 * Content-addressed blob storage: the key of a blob is the SHA-256 of its bytes.
 *
 * <p>Promises every implementation keeps (the compatibility kit checks each):
 * <ul>
 *   <li>{@link #put(InputStream)} streams: it hashes while writing and holds a constant amount of memory whatever the
 *       size, and makes the blob visible only once its bytes are complete and durable (never a visible blob whose
 *       bytes do not match its digest).</li>
 *   <li>A put of content that already exists stores nothing new but refreshes the blob's
 *       {@link BlobInfo#lastUsed() last-used mark}; garbage collection relies on it.</li>
 *   <li>{@link #get} returns a stream that verifies the digest as it is read and throws
 *       {@link CorruptedContentException} at the end (or as soon as the length is wrong) when the bytes do not match.
 *       {@link VerifyingInputStream} does this for implementers.</li>
 *   <li>{@link #list} returns every blob once, in ascending digest order, page by page.</li>
 * </ul>
 * Implementations are thread-safe and may be shared by any number of threads.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Stores the content of {@code in} (read to its end; not closed) and returns its digest and size.
     */
    BlobInfo put(InputStream in);

    /**
     * Stores the content of {@code in}, whose digest the caller already knows, and verifies it: when the content does
     * not hash to {@code expected}, nothing is stored and {@link CorruptedContentException} is thrown. A store may
     * skip reading {@code in} when it already has {@code expected} (then it only refreshes the last-used mark).
     */
    BlobInfo put(InputStream in, Digest expected);

    /**
     * Opens the blob for reading. The stream verifies the digest while it is read.
     *
     * @throws NotFoundException when there is no such blob
     */
    InputStream get(Digest digest);

    /** Whether the blob exists. */
    boolean exists(Digest digest);

    /** The blob's size and last-used mark, or empty when it does not exist. */
    Optional<BlobInfo> stat(Digest digest);

    /**
     * Deletes the blob (garbage collection is the only caller in mlops). Returns whether it existed.
     */
    boolean delete(Digest digest);

    /**
     * Lists blobs in ascending digest order, at most {@code limit} per page (1-10000), starting after the position
     * that {@code pageToken} names ({@code null} for the first page).
     */
    Page<BlobInfo> list(String pageToken, int limit);

    /** Releases resources; further calls fail with {@link StoreUnavailableException}. Idempotent. */
    @Override
    default void close() {
    }
}
