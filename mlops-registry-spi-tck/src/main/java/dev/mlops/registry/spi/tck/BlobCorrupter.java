package dev.mlops.registry.spi.tck;

import dev.mlops.registry.spi.Digest;

/**
 * A test hook a kit subclass may supply (see {@link StoreCompatibilityKit#corrupter()}): it overwrites a stored
 * blob's bytes behind the store's back, as disk rot or a careless operator would, so the kit can prove corruption is
 * detected. It lives in the kit, never in a production store. Thread-safe when the store is.
 */
@FunctionalInterface
public interface BlobCorrupter {
    /** Replaces the stored bytes of {@code digest} with {@code replacement}, without updating any index. */
    void corrupt(Digest digest, byte[] replacement);
}
