package dev.mlops.monitoring.checks;

import dev.mlops.monitoring.Table;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A list of data checks run together: column presence and types, value ranges, allowed categories, missing-value
 * share, uniqueness, row-count bounds and custom row predicates. Build it fluently ({@link #builder()}) or from a
 * {@link Schema}; run it on a CSV file, a {@link Table} or rows; the {@link CheckReport} gives each check's outcome and
 * the percentage passed. A check on a column the data lacks fails with a message saying so (it never throws).
 *
 * <p>Immutable and thread-safe (custom predicates must be thread-safe for concurrent runs).
 */
public final class CheckSuite {
    private static final Logger LOG = LoggerFactory.getLogger(CheckSuite.class);
    private static final int EXAMPLES = 5;

    private final List<Check> checks;

    private CheckSuite(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The names of the checks, in order. */
    public List<String> checkNames() {
        return checks.stream().map(c -> c.name).toList();
    }

    /** Runs on a CSV file read in {@link dev.mlops.registry.dataset.CsvDialect#standard()} (header row; missing cells as it defines). */
    public CheckReport run(Path csv) {
        return run(Table.readCsv(csv), csv.toString());
    }

    /**
     * Runs on the CSV file of a registry data set version (a data set of exactly one {@code .csv} file; for a
     * directory data set name the file with {@link #run(dev.mlops.registry.Registry, String, int, String)}). The bytes
     * are read from the store and verified against their digest.
     *
     * @throws IllegalArgumentException if the version does not hold exactly one CSV file
     */
    public CheckReport run(dev.mlops.registry.Registry registry, String dataset, int version) {
        return run(registry, dataset, version, files(registry, dataset, version).single(".csv").path());
    }

    /**
     * Runs on one CSV file (its path inside the data set) of a registry data set version.
     *
     * @throws IllegalArgumentException if the version has no file at {@code path}
     */
    public CheckReport run(dev.mlops.registry.Registry registry, String dataset, int version, String path) {
        DatasetFile file = files(registry, dataset, version).file(path);
        String source = dataset + " v" + version + ":" + path;
        return run(Table.readCsv(registry.openBlob(file.digest()), source), source);
    }

    private static DatasetFiles files(dev.mlops.registry.Registry registry, String dataset, int version) {
        return DatasetFiles.of(dataset, version, registry.datasets().files(dataset, version));
    }

    /** Runs on a table. */
    public CheckReport run(Table table) {
        return run(table, "table");
    }

    /** Runs on rows (maps of column name to value; absent or null = missing; columns are the union of keys). */
    public CheckReport runRows(List<? extends Map<String, ?>> rows) {
        LinkedHashSet<String> cols = new LinkedHashSet<>();
        rows.forEach(r -> cols.addAll(r.keySet()));
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String c : cols) {
            String[] v = new String[rows.size()];
            for (int i = 0; i < v.length; i++) {
                Object o = rows.get(i).get(c);
                v[i] = o == null ? null : o.toString();
            }
            m.put(c, v);
        }
        return run(Table.of(m), "rows");
    }

    private CheckReport run(Table table, String source) {
        List<CheckResult> out = new ArrayList<>(checks.size());
        for (Check c : checks) {
            CheckResult r;
            try {
                r = c.body.apply(table);
            } catch (RuntimeException e) {
                LOG.warn("data check {} failed to run", c.name, e);
                r = new CheckResult(c.name, c.column, false, 0, List.of(), "the check itself failed: " + e);
            }
            out.add(r);
        }
        return CheckReport.of(source, table.rowCount(), out);
    }

    private record Check(String name, String column, Function<Table, CheckResult> body) {
    }

    /** Collects offending rows and examples. */
    private static final class Offenders {
        long count;
        final List<String> examples = new ArrayList<>();

        void add(int row, String value) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add("row " + (row + 1) + ": " + (value == null ? "<missing>" : "\"" + value + "\""));
            }
        }
    }

    private static boolean missing(String cell) {
        return Table.isMissing(cell);
    }

    /** Builds a suite. Not thread-safe. */
    public static final class Builder {
        private final List<Check> checks = new ArrayList<>();

        private Builder() {
        }

        private Builder add(String name, String column, Function<Table, CheckResult> body) {
            checks.add(new Check(name, column, body));
            return this;
        }

        private static CheckResult absent(String name, String column, Table t) {
            return new CheckResult(name, column, false, t.rowCount(), List.of(),
                    "column '" + column + "' is missing; the data has " + t.columns());
        }

        private static CheckResult result(String name, String column, Offenders o, String what) {
            return new CheckResult(name, column, o.count == 0, o.count, o.examples,
                    o.count == 0 ? "ok" : o.count + " " + what);
        }

        /** The column must exist. */
        public Builder columnPresent(String column) {
            Objects.requireNonNull(column, "column");
            String name = "column_present(" + column + ")";
            return add(name, column, t -> t.has(column)
                    ? new CheckResult(name, column, true, 0, List.of(), "ok")
                    : absent(name, column, t));
        }

        /** Every non-missing cell of the column must have the type. */
        public Builder type(String column, ColumnType type) {
            Objects.requireNonNull(type, "type");
            String name = "type(" + column + ", " + type.jsonName() + ")";
            return add(name, column, t -> {
                if (!t.has(column)) {
                    return absent(name, column, t);
                }
                Offenders o = new Offenders();
                String[] v = t.text(column);
                for (int i = 0; i < v.length; i++) {
                    if (!missing(v[i]) && !type.accepts(v[i])) {
                        o.add(i, v[i]);
                    }
                }
                return result(name, column, o, "values are not of type " + type.jsonName());
            });
        }

        /**
         * Every numeric cell must lie in {@code [min, max]} (use infinities for one-sided bounds); missing and
         * non-numeric cells are left to the missing-share and type checks.
         */
        public Builder range(String column, double min, double max) {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("range needs min <= max, found [" + min + ", " + max + "]");
            }
            String name = "range(" + column + ", " + fmt(min) + ", " + fmt(max) + ")";
            return add(name, column, t -> {
                if (!t.has(column)) {
                    return absent(name, column, t);
                }
                Offenders o = new Offenders();
                String[] v = t.text(column);
                for (int i = 0; i < v.length; i++) {
                    double x = Table.parseNumber(v[i]);
                    if (!Double.isNaN(x) && (x < min || x > max)) {
                        o.add(i, v[i]);
                    }
                }
                return result(name, column, o, "values outside [" + fmt(min) + ", " + fmt(max) + "]");
            });
        }

        /** Every non-missing cell (trimmed) must be one of {@code allowed}. */
        public Builder allowedValues(String column, Set<String> allowed) {
            Set<String> a = Set.copyOf(allowed);
            String name = "allowed_values(" + column + ", " + a.size() + " values)";
            return add(name, column, t -> {
                if (!t.has(column)) {
                    return absent(name, column, t);
                }
                Offenders o = new Offenders();
                String[] v = t.text(column);
                for (int i = 0; i < v.length; i++) {
                    if (!missing(v[i]) && !a.contains(v[i].strip())) {
                        o.add(i, v[i]);
                    }
                }
                return result(name, column, o, "values not among the allowed categories");
            });
        }

        /** At most this share (0–1) of the column's cells may be missing. */
        public Builder maxMissingShare(String column, double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("share must be in [0, 1], found " + share);
            }
            String name = "max_missing_share(" + column + ", " + fmt(share) + ")";
            return add(name, column, t -> {
                if (!t.has(column)) {
                    return absent(name, column, t);
                }
                Offenders o = new Offenders();
                String[] v = t.text(column);
                for (int i = 0; i < v.length; i++) {
                    if (missing(v[i])) {
                        o.add(i, v[i]);
                    }
                }
                double actual = v.length == 0 ? 0 : (double) o.count / v.length;
                boolean ok = actual <= share;
                return new CheckResult(name, column, ok, o.count, ok ? List.of() : o.examples,
                        String.format(Locale.ROOT, "%d of %d missing (%.4f, limit %s)", o.count, v.length, actual,
                                fmt(share)));
            });
        }

        /** Non-missing cells must be unique; every repeat is an offending row. */
        public Builder unique(String column) {
            String name = "unique(" + column + ")";
            return add(name, column, t -> {
                if (!t.has(column)) {
                    return absent(name, column, t);
                }
                Offenders o = new Offenders();
                Set<String> seen = new HashSet<>();
                String[] v = t.text(column);
                for (int i = 0; i < v.length; i++) {
                    if (!missing(v[i]) && !seen.add(v[i].strip())) {
                        o.add(i, v[i]);
                    }
                }
                return result(name, column, o, "duplicate values");
            });
        }

        /** The row count must lie in {@code [min, max]}. */
        public Builder rowCount(long min, long max) {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("row count bounds need 0 <= min <= max, found [" + min + ", "
                        + max + "]");
            }
            String name = "row_count(" + min + ", " + (max == Long.MAX_VALUE ? "inf" : max) + ")";
            return add(name, null, t -> {
                long n = t.rowCount();
                long off = n < min ? min - n : n > max ? n - max : 0;
                return new CheckResult(name, null, off == 0, off, List.of(), off == 0 ? "ok"
                        : n + " rows, expected between " + min + " and " + (max == Long.MAX_VALUE ? "inf" : max));
            });
        }

        /** A custom condition every row must satisfy. */
        public Builder custom(String name, RowPredicate predicate) {
            Objects.requireNonNull(predicate, "predicate");
            String n = "custom(" + name + ")";
            return add(n, null, t -> {
                Offenders o = new Offenders();
                RowView view = new RowView(t);
                String firstError = null;
                for (int i = 0; i < t.rowCount(); i++) {
                    view.row = i;
                    boolean ok;
                    try {
                        ok = predicate.test(view);
                    } catch (RuntimeException e) {
                        ok = false;
                        if (firstError == null) {
                            firstError = e.toString();
                        }
                    }
                    if (!ok) {
                        o.add(i, null);
                        o.examples.replaceAll(s -> s.replace(": <missing>", ""));
                    }
                }
                CheckResult r = result(n, null, o, "rows fail the condition");
                if (firstError != null) {
                    r = new CheckResult(r.name(), null, false, r.offendingCount(), r.examples(),
                            r.message() + " (the predicate threw " + firstError + ")");
                }
                return r;
            });
        }

        /** Builds the suite. */
        public CheckSuite build() {
            return new CheckSuite(checks);
        }
    }

    private static final class RowView implements RowPredicate.Row {
        private final Table table;
        int row;

        RowView(Table table) {
            this.table = table;
        }

        @Override
        public int index() {
            return row;
        }

        @Override
        public String text(String column) {
            return table.cell(column, row);
        }

        @Override
        public double number(String column) {
            return Table.parseNumber(table.cell(column, row));
        }
    }

    static String fmt(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
