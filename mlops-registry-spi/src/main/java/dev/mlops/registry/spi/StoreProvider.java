package dev.mlops.registry.spi;

import java.util.Set;

/**
 * A store plugin, found with {@link java.util.ServiceLoader} by URI scheme (like a JDBC driver). Register an
 * implementation in {@code META-INF/services/dev.mlops.registry.spi.StoreProvider}. Implementations are stateless
 * or thread-safe; {@link Stores} may call them from any thread.
 */
public interface StoreProvider {

    /** The URI schemes this provider opens, lower case, e.g. {@code file}, {@code mem}, {@code jdbc}. */
    Set<String> schemes();

    /**
     * Opens the records half for {@code uri}, or throws {@link UnsupportedOperationException} when this provider
     * stores blobs only.
     */
    RecordStore openRecords(StoreUri uri);

    /**
     * Opens the blobs half for {@code uri}, or throws {@link UnsupportedOperationException} when this provider
     * stores records only.
     */
    BlobStore openBlobs(StoreUri uri);

    /**
     * Opens both halves on one backend. The default opens each half separately; providers whose halves share
     * resources (one directory, one connection pool) override it.
     */
    default Store open(StoreUri uri) {
        return Store.of(openRecords(uri), openBlobs(uri), uri.redacted());
    }
}
