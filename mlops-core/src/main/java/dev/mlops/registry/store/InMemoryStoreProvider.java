package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreProvider;
import dev.mlops.registry.spi.StoreUri;

import java.util.Set;

/**
 * Opens {@code mem:name} stores (see {@link InMemoryStore}). Found by {@link java.util.ServiceLoader}; stateless and
 * thread-safe.
 */
public final class InMemoryStoreProvider implements StoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public RecordStore openRecords(StoreUri uri) {
        return InMemoryStore.named(uri.schemeSpecificPart());
    }

    @Override
    public BlobStore openBlobs(StoreUri uri) {
        return InMemoryStore.named(uri.schemeSpecificPart());
    }

    @Override
    public Store open(StoreUri uri) {
        return InMemoryStore.named(uri.schemeSpecificPart()).asStore();
    }
}
