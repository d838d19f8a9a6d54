package dev.mlops.benchmarks.monitoring;

import dev.mlops.monitoring.ReferenceProfile;

import java.util.SplittableRandom;

/** Synthetic data for the monitoring benchmarks: 20 numeric features, Gaussian with per-feature shifts. */
final class MonitoringBenchData {
    static final int FEATURES = 20;

    private MonitoringBenchData() {
    }

    static double[][] columns(int rows, long seed, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] c = new double[FEATURES][rows];
        for (int f = 0; f < FEATURES; f++) {
            for (int i = 0; i < rows; i++) {
                c[f][i] = gaussian(r) + f + shift;
            }
        }
        return c;
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static ReferenceProfile profile(int rows) {
        double[][] ref = columns(rows, 1, 0);
        ReferenceProfile.Builder b = ReferenceProfile.builder();
        for (int f = 0; f < FEATURES; f++) {
            b.numeric("f" + f, ref[f]);
        }
        return b.build();
    }

    static double[] sample(int n, long seed, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = gaussian(r) + shift;
        }
        return x;
    }
}
