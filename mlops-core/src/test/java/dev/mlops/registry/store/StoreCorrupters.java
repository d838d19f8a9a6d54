package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.tck.BlobCorrupter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/** The corruption hooks of core's stores, for the compatibility kit and the registry's verify tests. */
public final class StoreCorrupters {
    private StoreCorrupters() {
    }

    /** A hook that damages {@code blobs}' content behind its back, when it is one of core's stores. */
    public static Optional<BlobCorrupter> of(BlobStore blobs) {
        if (blobs instanceof InMemoryStore mem) {
            return Optional.of(mem::replaceBytes);
        }
        if (blobs instanceof FileStore file) {
            // overwrite the blob's file in place (no rename, no lock), as disk rot would, keeping its mtime
            return Optional.of((digest, replacement) -> {
                try {
                    Path p = file.blobPath(digest);
                    FileTime mtime = Files.getLastModifiedTime(p);
                    Files.write(p, replacement, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    Files.setLastModifiedTime(p, mtime);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return Optional.empty();
    }
}
