package dev.mlops.registry.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The files of one data set version, and the one way to pick "the" data file of it: {@link #single(String...)}
 * (e.g. the single {@code .csv} file) or {@link #file(String)} by path. Get it with
 * {@code DatasetFiles.of(name, number, registry.datasets().files(name, number))}. Immutable and thread-safe.
 *
 * @param dataset the data set name
 * @param number  the version number
 * @param all     every file of the version, in manifest order
 */
public record DatasetFiles(String dataset, int number, List<DatasetFile> all) {
    public DatasetFiles {
        Objects.requireNonNull(dataset, "dataset");
        all = List.copyOf(all);
    }

    /** The files of version {@code number} of data set {@code dataset}. */
    public static DatasetFiles of(String dataset, int number, List<DatasetFile> files) {
        return new DatasetFiles(dataset, number, files);
    }

    /** {@code dataset:number}. */
    public String id() {
        return dataset + ":" + number;
    }

    /**
     * The files whose path ends with one of {@code suffixes} ignoring case (e.g. {@code ".csv"}), in manifest order;
     * every file when none is given.
     */
    public List<DatasetFile> withSuffix(String... suffixes) {
        if (suffixes.length == 0) {
            return all;
        }
        List<DatasetFile> out = new ArrayList<>();
        for (DatasetFile f : all) {
            String p = f.path().toLowerCase(Locale.ROOT);
            for (String s : suffixes) {
                if (p.endsWith(s.toLowerCase(Locale.ROOT))) {
                    out.add(f);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The one file whose path ends with one of {@code suffixes} (any file when none is given).
     *
     * @throws IllegalArgumentException when there are none or several, naming their count and paths
     */
    public DatasetFile single(String... suffixes) {
        return single(List.of(suffixes), found -> new IllegalArgumentException("data set " + id() + " holds "
                + found.size() + " " + kind(suffixes) + " " + found.stream().map(DatasetFile::path).toList()
                + "; expected exactly one: name the file to read by its path"));
    }

    /**
     * The one file whose path ends with one of {@code suffixes} (any file when empty); otherwise the exception
     * {@code otherwise} makes from the matching files (none or several).
     */
    public <X extends RuntimeException> DatasetFile single(List<String> suffixes,
                                                           Function<List<DatasetFile>, X> otherwise) {
        Objects.requireNonNull(otherwise, "otherwise");
        List<DatasetFile> found = withSuffix(suffixes.toArray(new String[0]));
        if (found.size() != 1) {
            throw otherwise.apply(found);
        }
        return found.get(0);
    }

    /**
     * The file at {@code path} (relative, '/'-separated).
     *
     * @throws IllegalArgumentException when the version has no such file, naming the files it has
     */
    public DatasetFile file(String path) {
        Objects.requireNonNull(path, "path");
        for (DatasetFile f : all) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        throw new IllegalArgumentException("data set " + id() + " has no file '" + path + "'; its files are "
                + all.stream().map(DatasetFile::path).toList());
    }

    private static String kind(String[] suffixes) {
        if (suffixes.length == 0) {
            return "files";
        }
        List<String> names = new ArrayList<>();
        for (String s : suffixes) {
            names.add((s.startsWith(".") ? s.substring(1) : s).toUpperCase(Locale.ROOT));
        }
        return String.join("/", names) + " files";
    }
}
