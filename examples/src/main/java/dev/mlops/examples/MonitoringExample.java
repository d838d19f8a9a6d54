package dev.mlops.examples;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.monitoring.checks.ColumnType;
import dev.mlops.registry.Registry;

import java.nio.file.Path;
import java.util.Set;

/**
 * The README's monitoring snippets, compiled and runnable: profile, monitor, alert, data checks. {@link #main} runs
 * them on the customer CSV files shipped in this module (or on two files given as arguments: training, today).
 */
public final class MonitoringExample {
    private MonitoringExample() {
    }

    public static void main(String[] args) {
        Path train = args.length > 1 ? Path.of(args[0]) : Fixtures.path("customers_train.csv");
        Path today = args.length > 1 ? Path.of(args[1]) : Fixtures.path("customers_today.csv");
        run(train, today);
    }

    /** Stores a profile beside model version 3 of "fraud" and reads it back. */
    public static ReferenceProfile storeBesideModel(Registry registry, ReferenceProfile profile) {
        profile.attachTo(registry, "fraud", 3);
        return ReferenceProfile.fromRegistry(registry, "fraud", 3).orElseThrow();
    }

    /** Runs the snippets on a CSV file of training data and one of current data. */
    public static void run(Path trainCsv, Path todayCsv) {
        // 1. Build a reference profile from training data and keep it as JSON (or as a registry attachment).
        Table train = Table.readCsv(trainCsv);
        ReferenceProfile profile = ReferenceProfile.fromTable(train, Set.of("city"), Set.of("score"));
        String json = profile.toJson();

        // 2. Monitor a stream: windows of 10 000 rows, an alert when a feature drifted.
        DriftMonitor monitor = DriftMonitor.builder(ReferenceProfile.fromJson(json))
                .countWindow(10_000)
                .listener(new DriftListener() {
                    @Override
                    public void onAlert(DriftResult result) {
                        System.out.println("drift in " + result.driftedFeatures() + "\n" + result.toJson());
                    }
                })
                .build();
        monitor.observe(java.util.Map.of("age", 42, "city", "Lyon", "score", 0.87)); // from any thread

        // 3. Run data checks on today's file, as a gate.
        CheckReport report = CheckSuite.builder()
                .columnPresent("age")
                .type("age", ColumnType.INTEGER)
                .range("age", 0, 120)
                .allowedValues("city", Set.of("Lyon", "Paris", "Nantes"))
                .maxMissingShare("age", 0.01)
                .rowCount(1, 10_000_000)
                .build()
                .run(todayCsv);
        System.out.print(report.toText()); // one PASS/FAIL line per check, then "5 of 6 checks passed (83.3%)"
        if (!report.passed()) {
            throw new IllegalStateException(report.failedCount() + " data checks failed");
        }
        monitor.close();
    }
}
