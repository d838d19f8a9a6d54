package dev.mlops.registry;

import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.maintenance.VerifyReport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@link Maintenance} over the verifier, the garbage collector and the archives. Thread-safe. */
final class MaintenanceView implements Maintenance {
    private final Verifier verifier;
    private final GarbageCollector gc;
    private final Archives archives;

    MaintenanceView(Verifier verifier, GarbageCollector gc, Archives archives) {
        this.verifier = verifier;
        this.gc = gc;
        this.archives = archives;
    }

    @Override
    public GcReport gc(boolean dryRun) {
        return gc.gc(dryRun);
    }

    @Override
    public VerifyReport verify() {
        return verifier.verify();
    }

    @Override
    public void exportVersion(String model, int number, OutputStream out) {
        archives.exportVersion(model, number, out);
    }

    @Override
    public void exportVersion(String model, int number, Path file) {
        // a temporary file beside it, renamed on success: a failed export leaves a previous archive untouched
        dev.mlops.registry.io.AtomicOutput.write(file, out -> exportVersion(model, number, out));
    }

    @Override
    public ModelVersion importVersion(Path archive, String actor) {
        return archives.importVersion(archive, Registry.actorOrDefault(actor));
    }
}
