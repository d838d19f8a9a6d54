package dev.mlops.monitoring;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/** Test data from src/test/resources/data. */
final class MonitoringTestData {
    static final Table MACRO = load("macrodata.csv");

    private MonitoringTestData() {
    }

    static Path path(String name) {
        try {
            return Path.of(MonitoringTestData.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Table load(String name) {
        return Table.readCsv(path(name));
    }

    static double[] macro(String column, double from, double to) {
        double[] year = MACRO.numbers("year");
        double[] v = MACRO.numbers(column);
        double[] out = new double[v.length];
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (year[i] >= from && year[i] < to) {
                out[n++] = v[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
