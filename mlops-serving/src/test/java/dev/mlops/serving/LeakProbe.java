package dev.mlops.serving;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a fixed-size heap by {@link NativeMemoryLeakTest}: loads a fixture, predicts a warm-up round
 * and then the measured calls, and prints the resident set (kB) before and after as {@code RSS <before> <after>}.
 * Arguments: fixture name, reuseBuffers, calls.
 */
public final class LeakProbe {
    private LeakProbe() {
    }

    public static void main(String[] args) throws Exception {
        String fixture = args[0];
        boolean reuse = Boolean.parseBoolean(args[1]);
        int calls = Integer.parseInt(args[2]);
        Inputs in;
        switch (fixture) {
            case "iris_logreg_zipmap": in = Inputs.of(Tensor.ofFloats(new float[]{5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.1f, 5.6f, 2.4f}, 2, 4)); break;
            case "multi_io": in = Inputs.of("num", Tensor.ofFloats(new float[32], 8, 4), "cat", Tensor.ofLongs(new long[8], 8, 1)); break;
            default: in = Inputs.of(Tensor.ofFloats(new float[160], 16, 10)); break;
        }
        try (LoadedModel m = Models.load(TestModels.model(fixture), ModelOptions.builder().reuseBuffers(reuse).build())) {
            for (int i = 0; i < 50_000; i++) {
                m.predict(in);
            }
            System.gc();
            long before = rssKb();
            for (int i = 0; i < calls; i++) {
                m.predict(in);
            }
            System.gc();
            long after = rssKb();
            System.out.println("RSS " + before + " " + after + " live " + m.liveBufferSets());
        }
    }

    public static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
