package dev.mlops.registry;

import dev.mlops.registry.spi.RegistryException;

import java.nio.file.Path;

/**
 * Imports the archive named by {@code args[0]} into an in-memory registry, in a child JVM (see
 * {@link HostileArchiveMemoryTest}). Prints one line and exits 0 (imported), 2 (refused) or 3 (anything else).
 */
public final class ArchiveImportWorker {
    private ArchiveImportWorker() {
    }

    public static void main(String[] args) {
        try (Registry r = Registry.inMemory()) {
            ModelVersion v = r.maintenance().importVersion(Path.of(args[0]), "worker");
            System.out.println("imported " + v.id());
            System.exit(0);
        } catch (RegistryException e) {
            System.out.println("refused " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            System.out.println("failed " + t);
            System.exit(3);
        }
    }
}
