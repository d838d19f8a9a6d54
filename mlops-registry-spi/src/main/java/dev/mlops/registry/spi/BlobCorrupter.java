package dev.mlops.registry.spi;

/**
 * A test hook a store may offer (see {@link BlobStore#corrupter()}): it overwrites a stored blob's bytes behind the
 * store's back, as disk rot or a careless operator would, so tests can prove corruption is detected.
 * Never used outside tests. Thread-safe when the store is.
 */
@FunctionalInterface
public interface BlobCorrupter {
    /** Replaces the stored bytes of {@code digest} with {@code replacement}, without updating any index. */
    void corrupt(Digest digest, byte[] replacement);
}
