package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreProvider;
import dev.mlops.registry.spi.StoreUri;

import java.util.Set;

/**
 * Opens {@code file:} stores (see {@link FileStore}): {@code file:/abs/dir}, {@code file:///abs/dir},
 * {@code file:relative/dir} and {@code file:./relative/dir}. Found by {@link java.util.ServiceLoader}; stateless and
 * thread-safe.
 */
public final class FileStoreProvider implements StoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public RecordStore openRecords(StoreUri uri) {
        return FileStore.open(uri.toPath());
    }

    @Override
    public BlobStore openBlobs(StoreUri uri) {
        return FileStore.open(uri.toPath());
    }

    @Override
    public Store open(StoreUri uri) {
        FileStore store = FileStore.open(uri.toPath());
        return Store.of(store, store, uri.redacted());
    }
}
