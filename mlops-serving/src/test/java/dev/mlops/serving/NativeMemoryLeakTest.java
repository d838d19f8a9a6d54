package dev.mlops.serving;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 000 predictions leave the resident set flat: every input tensor, result, sequence child and pooled buffer is
 * closed. Each case runs in a child JVM with a fixed 128 MB heap so that Java heap resizing does not move the resident
 * set (in the test JVM it swings by tens of megabytes either way); a leak of even one small tensor per call would add
 * well over the bound.
 */
class NativeMemoryLeakTest {
    private static final int CALLS = 100_000;
    /** Allowed growth over 100 000 calls: 80 bytes a call. Measured flat within about 2 MB. */
    private static final long BOUND_KB = 8 * 1024;

    @ParameterizedTest(name = "{0}, reuseBuffers={1}")
    @CsvSource({"iris_logreg_zipmap, true", "iris_logreg_zipmap, false", "diabetes_linear, true", "multi_io, false"})
    void aHundredThousandPredictionsDoNotGrowTheResidentSet(String fixture, boolean reuse) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xms128m", "-Xmx128m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), LeakProbe.class.getName(), fixture,
                Boolean.toString(reuse), Integer.toString(CALLS)))
                .redirectErrorStream(true).start();
        String line = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                all.append(l).append('\n');
                if (l.startsWith("RSS ")) {
                    line = l;
                }
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(all.toString()).isZero();
        assertThat(line).as(all.toString()).isNotNull();
        String[] f = line.split(" ");
        long before = Long.parseLong(f[1]);
        long after = Long.parseLong(f[2]);
        assertThat(after - before).as("RSS growth in kB over %d calls of %s (%s)", CALLS, fixture, line)
                .isLessThan(BOUND_KB);
        assertThat(Integer.parseInt(f[4])).as("pooled buffer sets alive").isLessThanOrEqualTo(reuse ? 1 : 0);
    }
}
