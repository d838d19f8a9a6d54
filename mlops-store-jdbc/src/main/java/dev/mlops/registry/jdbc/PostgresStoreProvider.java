package dev.mlops.registry.jdbc;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreProvider;
import dev.mlops.registry.spi.StoreUri;

import java.util.Set;

/**
 * Opens {@code jdbc:postgresql://host[:port]/database[?params]} store URIs for
 * {@link dev.mlops.registry.spi.Stores}; registered through {@code META-INF/services}. Besides the driver's own
 * parameters ({@code user}, {@code password}, {@code ssl} …) the URI may carry {@code schema}, {@code poolSize},
 * {@code chunkSize} and {@code maxRetries} (see {@link PostgresStore}). Stateless and thread-safe.
 */
public final class PostgresStoreProvider implements StoreProvider {

    /** Public for {@link java.util.ServiceLoader}. */
    public PostgresStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("jdbc");
    }

    @Override
    public RecordStore openRecords(StoreUri uri) {
        return PostgresStore.open(uri.unredacted());
    }

    @Override
    public BlobStore openBlobs(StoreUri uri) {
        return PostgresStore.open(uri.unredacted());
    }

    /** Records and blobs in one database, sharing one connection pool. */
    @Override
    public Store open(StoreUri uri) {
        return PostgresStore.open(uri.unredacted()).asStore();
    }
}
