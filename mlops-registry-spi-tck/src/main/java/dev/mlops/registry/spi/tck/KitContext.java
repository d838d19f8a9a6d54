package dev.mlops.registry.spi.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the kit hands the factory method {@link StoreCompatibilityKit#openStore(KitContext)}: the clock the store must
 * use for last-used marks, and a fresh temporary directory (created on first use, deleted by the kit when the store is
 * closed) for stores that keep files. One context per opened store. Thread-safe.
 */
public final class KitContext implements AutoCloseable {
    private final KitClock clock = new KitClock();
    private Path directory; // guarded by this

    KitContext() {
    }

    /** The clock the store must use for last-used marks; the kit advances it. */
    public KitClock clock() {
        return clock;
    }

    /** A new empty directory for this store only; the kit deletes it afterwards. */
    public synchronized Path temporaryDirectory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("mlops-kit-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    @Override
    public synchronized void close() {
        if (directory == null) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the kit's temporary directory " + directory, e);
        }
        directory = null;
    }
}
