package dev.mlops.examples;

import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.monitoring.report.HtmlDriftReport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes an HTML drift report for the breast-cancer data: the even rows are the reference, the odd rows (with "mean
 * radius" and "mean area" measured 15 % larger, as by a recalibrated instrument) the current window:
 * the README's report snippet, verbatim. Argument: the output file (default: {@code drift-report.html} in a new
 * temporary directory; the path is printed).
 */
public final class DriftReportExample {
    private DriftReportExample() {
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0])
                : Files.createTempDirectory("mlops-drift-report").resolve("drift-report.html");
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Table all;
        try (InputStream in = DriftReportExample.class.getResourceAsStream("fixtures/breast_cancer.csv")) {
            all = Table.readCsv(new String(in.readAllBytes(), StandardCharsets.UTF_8), "breast_cancer.csv");
        }
        Table train = rows(all, 0, 1.0);
        Table today = rows(all, 1, 1.15);
        // README: begin
        ReferenceProfile profile = ReferenceProfile.fromTable(train, Set.of("target"), Set.of());
        DriftResult result = DriftAnalysis.compare(profile, today);
        CheckReport checks = CheckSuite.builder().range("mean radius", 5, 25).allowedValues("target", Set.of("0", "1"))
                .maxMissingShare("mean area", 0.01).build().run(today);
        HtmlDriftReport.builder(profile, result).title("Breast cancer classifier: today vs training")
                .checks(checks).build().writeTo(out);   // one self-contained file: open it in any browser
        // README: end
        System.out.println("drifted: " + result.driftedFeatures() + "\nwrote " + out.toAbsolutePath());
    }

    /** The even ({@code parity} 0) or odd rows, with the two size columns multiplied by {@code scale}. */
    static Table rows(Table t, int parity, double scale) {
        Map<String, String[]> cols = new LinkedHashMap<>();
        for (String c : t.columns()) {
            String[] all = t.text(c);
            String[] v = new String[(all.length - parity + 1) / 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = all[2 * i + parity];
            }
            if (scale != 1.0 && (c.equals("mean radius") || c.equals("mean area"))) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.toString(Double.parseDouble(v[i]) * scale);
                }
            }
            cols.put(c, v);
        }
        return Table.of(cols);
    }
}
