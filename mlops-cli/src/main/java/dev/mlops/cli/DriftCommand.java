package dev.mlops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mlops drift}: compares two CSV files feature by feature. Not thread-safe; one instance per invocation. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Compare a current CSV file with a reference CSV file, feature by feature: PSI (10 bins at the"
                + " reference deciles, proportions floored at 1e-4), KS statistic and p-value (as scipy ks_2samp,"
                + " method='auto'), Wasserstein-1 and its normalised variant, Jensen-Shannon distance (base 2);"
                + " for categorical features PSI, JS and a chi-square test over the union of categories.",
                "A feature drifts when the test's p-value < 0.05 AND PSI >= 0.1. Exit code 1 when any feature"
                        + " drifted, 0 otherwise, 2 on bad input."},
        footer = {"", "Example:", "  bin/mlops drift --reference train.csv --current today.csv --categorical city --json"})
final class DriftCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = "--reference", required = true, paramLabel = "REF.csv", description = "Reference (training) data.")
    Path reference;

    @Option(names = "--current", required = true, paramLabel = "CUR.csv", description = "Current data.")
    Path current;

    @Option(names = "--columns", split = ",", paramLabel = "COL",
            description = "Columns to compare; each must be in both files (default: every column; a column in only one"
                    + " file is an error unless --allow-missing-columns).")
    List<String> columns;

    @Option(names = "--categorical", split = ",", paramLabel = "COL",
            description = "Columns to treat as categorical (a column that does not parse as numbers is categorical anyway).")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--allow-missing-columns",
            description = "Without --columns, compare the columns the files share and only report those present in one"
                    + " file (by default such a column is an error).")
    boolean allowMissingColumns;

    @Option(names = "--json", description = "Machine-readable output on stdout.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFiles.requireTextFile("--reference", reference, "a CSV file with a header row");
        InputFiles.requireTextFile("--current", current, "a CSV file with a header row");
        Table ref = Table.readCsv(reference);
        Table cur = Table.readCsv(current);
        boolean allColumns = columns == null || columns.isEmpty();
        String refIndex = allColumns ? indexColumn(ref) : null;
        String curIndex = allColumns ? indexColumn(cur) : null;
        List<String> refColumns = without(ref.columns(), refIndex);
        List<String> curColumns = without(cur.columns(), curIndex);
        List<String> onlyReference = new ArrayList<>();
        List<String> onlyCurrent = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        if (allColumns) {
            for (String c : refColumns) {
                if (curColumns.contains(c)) {
                    cols.add(c);
                } else {
                    onlyReference.add(c);
                }
            }
            for (String c : curColumns) {
                if (!refColumns.contains(c)) {
                    onlyCurrent.add(c);
                }
            }
            if (!allowMissingColumns && (!onlyReference.isEmpty() || !onlyCurrent.isEmpty())) {
                throw new IllegalArgumentException("the files do not have the same columns: "
                        + (onlyReference.isEmpty() ? "" : "only in " + reference + ": " + onlyReference
                        + (onlyCurrent.isEmpty() ? "" : "; "))
                        + (onlyCurrent.isEmpty() ? "" : "only in " + current + ": " + onlyCurrent)
                        + ". Name the columns to compare with --columns, or pass --allow-missing-columns to compare"
                        + " the " + cols.size() + " shared column(s) and report the others");
            }
            if (cols.isEmpty()) {
                throw new IllegalArgumentException(reference + " and " + current + " have no column in common;"
                        + " reference columns are " + ref.columns() + ", current columns " + cur.columns());
            }
        } else {
            for (String c : new LinkedHashSet<>(columns)) {
                if (!ref.has(c)) {
                    throw new IllegalArgumentException("column '" + c + "' is not in " + reference + "; its columns are "
                            + ref.columns());
                }
                if (!cur.has(c)) {
                    throw new IllegalArgumentException("column '" + c + "' is not in " + current + "; its columns are "
                            + cur.columns());
                }
                cols.add(c);
            }
        }
        for (String c : categorical) {
            if (!cols.contains(c)) {
                throw new IllegalArgumentException("--categorical names '" + c + "', which is not compared; compared"
                        + " columns are " + cols);
            }
        }
        Set<String> cats = new LinkedHashSet<>(categorical);
        ReferenceProfile.Builder b = ReferenceProfile.builder().exactLimit(Math.max(1, ref.rowCount()));
        Map<String, String[]> curCols = new LinkedHashMap<>();
        for (String c : cols) {
            double[] rn = cats.contains(c) ? null : ref.numbers(c);
            double[] cn = cats.contains(c) ? null : cur.numbers(c);
            if (rn != null && cn != null) {
                b.numeric(c, rn);
            } else {
                cats.add(c);
                b.categorical(c, trimmed(ref.text(c)));
            }
            curCols.put(c, cats.contains(c) ? trimmed(cur.text(c)) : cur.text(c));
        }
        DriftResult r = DriftAnalysis.compare(b.build(), Table.of(curCols));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("reference", reference.toString());
            doc.put("current", current.toString());
            doc.put("reference_rows", ref.rowCount());
            doc.put("current_rows", cur.rowCount());
            doc.put("drifted", r.drifted());
            List<Map<String, String>> skipped = new ArrayList<>();
            if (refIndex != null) {
                skipped.add(skippedColumn(reference, refIndex));
            }
            if (curIndex != null) {
                skipped.add(skippedColumn(current, curIndex));
            }
            doc.put("skipped_columns", skipped);
            doc.put("only_in_reference", onlyReference);
            doc.put("only_in_current", onlyCurrent);
            doc.put("drifted_features", r.driftedFeatures());
            doc.put("rule", "numeric: ks_pvalue < 0.05 and psi >= 0.1; categorical: chi2_pvalue < 0.05 and psi >= 0.1");
            doc.put("features", r.features());
            out.println(JSON.writeValueAsString(doc));
        } else {
            out.printf(Locale.ROOT, "%-24s %-11s %8s %8s %10s %10s %8s %8s %s%n", "feature", "kind", "psi", "ks",
                    "ks_p/chi2_p", "wasserst.", "js", "missing", "drifted");
            for (FeatureDrift f : r.features()) {
                Double p = "numeric".equals(f.kind()) ? f.ksPValue() : f.chi2PValue();
                out.printf(Locale.ROOT, "%-24s %-11s %8s %8s %10s %10s %8s %8s %s%n", f.name(), f.kind(), n(f.psi()),
                        n(f.ksStatistic()), n(p), n(f.wasserstein()), n(f.jsDistance()),
                        f.missingReference() + "/" + f.missingCurrent(), f.drifted() ? "DRIFT" : "-");
            }
            if (refIndex != null) {
                out.println("Skipped the unnamed first column of " + reference + " ('" + refIndex + "'): " + INDEX_REASON + ".");
            }
            if (curIndex != null) {
                out.println("Skipped the unnamed first column of " + current + " ('" + curIndex + "'): " + INDEX_REASON + ".");
            }
            if (!onlyReference.isEmpty()) {
                out.println("Not compared, only in " + reference + ": " + String.join(", ", onlyReference));
            }
            if (!onlyCurrent.isEmpty()) {
                out.println("Not compared, only in " + current + ": " + String.join(", ", onlyCurrent));
            }
            out.println(r.driftedFeatures().isEmpty() ? "No drift." : "Drifted: " + String.join(", ", r.driftedFeatures()));
        }
        out.flush();
        return r.drifted() ? MlopsCli.EXIT_FINDINGS : 0;
    }

    private static final String INDEX_REASON = "a row index, not a feature";

    /**
     * The first column when its header is empty or pandas' {@code Unnamed: 0} (what {@code DataFrame.to_csv} writes
     * for the index), else {@code null}.
     */
    static String indexColumn(Table t) {
        String first = t.columns().isEmpty() ? null : t.columns().get(0);
        return first != null && (first.isBlank() || first.matches("Unnamed: ?0")) && t.columns().size() > 1 ? first : null;
    }

    private static Map<String, String> skippedColumn(Path file, String column) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("column", column);
        m.put("reason", INDEX_REASON);
        return m;
    }

    private static List<String> without(List<String> columns, String skip) {
        List<String> out = new ArrayList<>(columns);
        if (skip != null) {
            out.remove(skip);
        }
        return out;
    }

    private static String[] trimmed(String[] v) {
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == null || Table.isMissing(v[i]) ? null : v[i].strip();
        }
        return out;
    }

    private static String n(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }
}
