package dev.mlops.registry.s3;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreProvider;
import dev.mlops.registry.spi.StoreUri;

import java.util.Set;

/**
 * Opens {@code s3://bucket/prefix?...} URIs as the blob half of a store for {@link dev.mlops.registry.spi.Stores}
 * (see {@link S3BlobStore#open(String)} for the parameters); registered through {@code META-INF/services}. S3 keeps
 * blobs only: pair it with a record store, e.g.
 * {@code Stores.open("jdbc:postgresql://db/mlops", "s3://bucket/models")}. Stateless and thread-safe.
 */
public final class S3StoreProvider implements StoreProvider {

    /** Public for {@link java.util.ServiceLoader}. */
    public S3StoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    /** Always refuses: records need conditional writes, which the fleet setup keeps in PostgreSQL. */
    @Override
    public RecordStore openRecords(StoreUri uri) {
        throw new UnsupportedOperationException("'" + uri.redacted() + "' stores blobs only. Keep records in a "
                + "database and blobs in S3: Stores.open(\"jdbc:postgresql://db/mlops\", \"" + uri.redacted() + "\")");
    }

    @Override
    public BlobStore openBlobs(StoreUri uri) {
        return S3BlobStore.open(uri.unredacted());
    }

    @Override
    public Store open(StoreUri uri) {
        return Store.of(openRecords(uri), openBlobs(uri), uri.redacted());
    }
}
