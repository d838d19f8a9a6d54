package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetAddition;
import dev.mlops.registry.dataset.DatasetDiff;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetUsage;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registry's data sets: versioned files or directory trees with lineage (inputs, producing model version, run).
 * Obtain it from {@link Registry#datasets()}.
 *
 * <pre>{@code
 * DatasetVersion v = registry.datasets().add("patients").path(Path.of("patients.csv")).by("alice").commit();
 * List<DatasetVersion> derived = registry.datasets().derivatives("patients", v.number());
 * }</pre>
 * Thread-safe.
 */
public interface Datasets {
    /** Adds a new version of data set {@code name} from a file or directory; see {@link DatasetAddition}. */
    DatasetAddition add(String name);

    /** Adds a new version of data set {@code name} from a file or directory tree. */
    DatasetVersion add(String name, Path path);

    /** Every version of data set {@code name}, oldest first. */
    List<DatasetVersion> versions(String name);

    /**
     * Version {@code number} of data set {@code name}.
     *
     * @throws NotFoundException when it does not exist
     */
    DatasetVersion version(String name, int number);

    /** The latest version of data set {@code name}, or empty. */
    Optional<DatasetVersion> latest(String name);

    /** Every data set name. */
    List<String> names();

    /** The files of a data set version (one entry for a single file). */
    List<DatasetFile> files(String name, int number);

    /** Writes a data set version's files into {@code directory}, verifying every digest. */
    void checkout(String name, int number, Path directory);

    /** The paths added, removed and changed from version {@code from} to {@code to} of a data set. */
    DatasetDiff diff(String name, int from, int to);

    /** Archives a data set version (kept listed, number never reused, bytes collectable after the retention). */
    DatasetVersion archive(String name, int number, String actor, String reason);

    /**
     * Model versions, runs and derived data set versions that used data set version {@code name:number}. The model
     * versions and runs are found by reading every version and run record (a scan; use it for audits, not per
     * request); the derived data set versions come from an index ({@link #derivatives(String, int)}).
     */
    DatasetUsage usage(String name, int number);

    /**
     * The data set versions whose lineage names {@code name:number} as an input (direct derivations only), in key
     * order: by derived data set name, then number.
     *
     * @throws NotFoundException when the data set version does not exist
     * @see #derivatives(String, int, String, int)
     */
    List<DatasetVersion> derivatives(String name, int number);

    /**
     * One page of {@link #derivatives(String, int)}; pass the page's token to get the next. The answer comes from an
     * index written with each derived version (one listing of the input's links, then one record read per link), not
     * from a scan, so its cost follows the number of derivations, not the size of the registry. A page may hold fewer
     * than {@code limit} items while more follow (links of additions that lost a race for a number are skipped).
     *
     * @param limit 1 to {@link Page#MAX_LIMIT}
     * @throws NotFoundException when the data set version does not exist
     */
    Page<DatasetVersion> derivatives(String name, int number, String pageToken, int limit);

    /**
     * The data set versions produced by model version {@code model:version} (whose lineage names it, e.g. scored
     * outputs), in key order: by data set name, then number. Indexed like {@link #derivatives(String, int)}.
     *
     * @throws NotFoundException when the model version does not exist
     */
    List<DatasetVersion> outputsOf(String model, int version);

    /**
     * One page of {@link #outputsOf(String, int)}; pass the page's token to get the next. A page may hold fewer than
     * {@code limit} items while more follow.
     *
     * @param limit 1 to {@link Page#MAX_LIMIT}
     * @throws NotFoundException when the model version does not exist
     */
    Page<DatasetVersion> outputsOf(String model, int version, String pageToken, int limit);
}
