package dev.mlops.registry.store;

import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.tck.KitContext;
import dev.mlops.registry.spi.tck.StoreCompatibilityKit;

/** Runs the compatibility kit against the {@code mem:} store, exactly as a plugin author would. */
class InMemoryStoreCompatibilityTest extends StoreCompatibilityKit {
    @Override
    protected java.util.Optional<dev.mlops.registry.spi.tck.BlobCorrupter> corrupter() {
        return StoreCorrupters.of(blobs());
    }

    @Override
    protected Store openStore(KitContext context) {
        return InMemoryStore.create(context.clock()).asStore();
    }
}
