package dev.mlops.registry;

import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.ConflictException;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The registry's whole-store operations: garbage collection, verification and export/import of model versions.
 * Obtain it from {@link Registry#maintenance()}.
 *
 * <pre>{@code
 * VerifyReport report = registry.maintenance().verify();
 * GcReport gc = registry.maintenance().gc(true); // dry run: only report
 * }</pre>
 * Thread-safe.
 */
public interface Maintenance {
    /**
     * Deletes blobs no live record references and that were last put more than the grace period ago; archived
     * versions' bytes count as unreferenced once the archive retention has passed. With {@code dryRun}, only reports.
     */
    GcReport gc(boolean dryRun);

    /**
     * Checks the whole store like {@code git fsck}: re-hashes every blob, parses every record, checks that every
     * reference resolves, that version numbers are 1..n and that every alias history chain verifies. Changes nothing.
     */
    VerifyReport verify();

    /** Writes version {@code number} of {@code model} (artifact, metadata, lineage records) as one portable archive. */
    void exportVersion(String model, int number, OutputStream out);

    /** Writes version {@code number} of {@code model} as an archive file (written to a temporary file, then renamed). */
    void exportVersion(String model, int number, Path file);

    /**
     * Imports an archive written by {@link #exportVersion}: verifies every digest, registers the version with the next
     * number of the target model and records its origin. Importing the same archive twice is refused.
     *
     * @throws ConflictException when this archive was already imported
     */
    ModelVersion importVersion(Path archive, String actor);
}
