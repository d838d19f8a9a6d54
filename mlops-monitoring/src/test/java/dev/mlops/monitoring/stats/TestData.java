package dev.mlops.monitoring.stats;

import dev.mlops.monitoring.Table;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/** Real data sets copied from the shared fixtures into test resources. */
final class TestData {
    static final Table MACRO = load("macrodata.csv");
    static final Table CO2 = load("co2.csv");
    static final Table IRIS = load("iris.csv");

    private TestData() {
    }

    static Table load(String name) {
        try {
            return Table.readCsv(Path.of(TestData.class.getResource("/data/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** macrodata column for years in [from, to). */
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

    static double[] co2(int from, int to) {
        return Arrays.copyOfRange(CO2.numbers("co2"), from, to);
    }

    static double[] irisSepalWidth(int species) {
        double[] t = IRIS.numbers("target");
        double[] v = IRIS.numbers("sepal width (cm)");
        double[] out = new double[v.length];
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (t[i] == species) {
                out[n++] = v[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
