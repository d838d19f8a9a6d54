package dev.mlops.registry.store;

import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.tck.BlobCorrupter;
import dev.mlops.registry.spi.tck.KitContext;
import dev.mlops.registry.spi.tck.StoreCompatibilityKit;

import java.util.Optional;

/** Runs the compatibility kit against the {@code file:} store, exactly as a plugin author would. */
class FileStoreCompatibilityTest extends StoreCompatibilityKit {
    @Override
    protected Store openStore(KitContext context) {
        return FileStore.builder(context.temporaryDirectory()).clock(context.clock()).build().asStore();
    }

    @Override
    protected long largeBlobSize() {
        return 128L << 20;
    }

    @Override
    protected Optional<BlobCorrupter> corrupter() {
        return StoreCorrupters.of(blobs()); // overwrites a blob's file in place, as disk rot would
    }
}
